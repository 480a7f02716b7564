using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using OurSociety.ActivityPub.Signatures;
using OurSociety.Testing;
using OurSociety.Web.Tests.Crash;

namespace OurSociety.Web.Tests.Federation;

/// <summary>
/// Durable delivery with real processes: the node, started as its own process, is killed with SIGKILL while it
/// delivers to a slow server; started again on the same data directory it delivers everything (INTEROP §6).
/// </summary>
public sealed class CrashSafetyTests : IDisposable
{
    private const int Followers = 30;

    private readonly TempDirectory _temp = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task KilledWhileDelivering_RestartedOnTheSameData_EveryDeliveryArrives()
    {
        await using var receiver = await SlowReceiver.StartAsync(Followers);
        var port = ProgramProcess.FreePort();
        var url = $"http://127.0.0.1:{port}";
        var environment = new Dictionary<string, string>
        {
            ["OurSociety__PublicUrl"] = url,
            ["ASPNETCORE_URLS"] = url,
            ["OurSociety__Federation__AllowedPrivateOrigins__0"] = receiver.Origin,
        };

        var follows = new List<string>();
        var log = new ConcurrentQueue<string>();
        using (var first = await CrashNode.StartAsync(_temp.Path, environment, log, 1, Ct))
        {
            // Each follower follows the hub: every Follow is on disk when answered 202, and each needs an Accept back.
            using var http = new HttpClient();
            for (var i = 0; i < Followers; i++)
            {
                var follow = $"{receiver.Origin}/follows/{i}";
                using var response = await receiver.SendFollowAsync(http, $"{url}/users/hub/inbox", i, follow, $"{url}/users/hub");
                Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"{response.StatusCode}: {await response.Content.ReadAsStringAsync(Ct)}\n{CrashNode.Tail(log, 60)}");
                follows.Add(follow);
            }

            await Eventually.GetAsync(() => Task.FromResult(receiver.Answered.Count), n => n >= 3, "the first Accepts to arrive", seconds: 30);
            await first.KillAsync();   // SIGKILL: no shutdown code runs
            Assert.True(receiver.Answered.Count < Followers, "the node was killed after it had delivered everything: nothing was tested");
        }

        using var second = await CrashNode.StartAsync(_temp.Path, environment, log, 2, Ct);
        await Eventually.GetAsync(
            () => Task.FromResult(follows.Except(receiver.Answered.Keys).ToList()), missing => missing.Count == 0,
            "every Follow to be answered with an Accept after the restart", seconds: 45);
        Assert.All(receiver.Answered.Values, a => Assert.Equal("Accept", a));
    }

    /// <summary>
    /// A remote server with many followers (one key for all: the node does not mind) whose inboxes answer slowly and
    /// two at a time, so deliveries pile up. It records which Follow each Accept it received answers.
    /// </summary>
    private sealed class SlowReceiver : IAsyncDisposable
    {
        private readonly WebApplication _app;
        private readonly RSA _key = RSA.Create(2048);
        private readonly SemaphoreSlim _inbox = new(2, 2);

        private SlowReceiver(WebApplication app) => _app = app;

        public string Origin { get; private set; } = "";

        /// <summary>Follow id → the type of the activity that answered it.</summary>
        public ConcurrentDictionary<string, string> Answered { get; } = new(StringComparer.Ordinal);

        public static async Task<SlowReceiver> StartAsync(int followers)
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            builder.Logging.ClearProviders();
            var app = builder.Build();
            var receiver = new SlowReceiver(app);
            var publicPem = receiver._key.ExportSubjectPublicKeyInfoPem();
            app.MapGet("/users/{name}", (string name) => int.TryParse(name.TrimStart('f'), out var i) && i < followers
                ? Results.Text(receiver.Actor(name, publicPem).ToJsonString(), "application/activity+json", Encoding.UTF8)
                : Results.NotFound());
            app.MapPost("/users/{name}/inbox", async (HttpRequest request) =>
            {
                await receiver._inbox.WaitAsync(CancellationToken.None);
                try
                {
                    var activity = (await JsonNode.ParseAsync(request.Body))!;
                    await Task.Delay(300);
                    if (activity["object"]?["id"] is { } follow)
                    {
                        receiver.Answered[(string)follow!] = (string)activity["type"]!;
                    }
                }
                finally
                {
                    receiver._inbox.Release();
                }

                return Results.Accepted();
            });
            await app.StartAsync(Ct);
            receiver.Origin = app.Urls.Single().TrimEnd('/');
            return receiver;
        }

        public string ActorId(int i) => $"{Origin}/users/f{i}";

        /// <summary>A Follow of <paramref name="target"/> by follower <paramref name="i"/>, signed (draft-cavage) with its key.</summary>
        public async Task<HttpResponseMessage> SendFollowAsync(HttpClient http, string inbox, int i, string followId, string target)
        {
            var body = Encoding.UTF8.GetBytes(new JsonObject
            {
                ["@context"] = "https://www.w3.org/ns/activitystreams",
                ["id"] = followId,
                ["type"] = "Follow",
                ["actor"] = ActorId(i),
                ["object"] = target,
            }.ToJsonString());
            using var request = new HttpRequestMessage(HttpMethod.Post, inbox) { Content = new ByteArrayContent(body) };
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/activity+json");
            HttpSigner.SignCavage(request, body, new SigningKey(ActorId(i) + "#main-key", _key), TimeProvider.System.GetUtcNow());
            return await http.SendAsync(request, Ct);
        }

        private JsonObject Actor(string name, string publicPem) => new()
        {
            ["@context"] = new JsonArray("https://www.w3.org/ns/activitystreams", "https://w3id.org/security/v1"),
            ["id"] = $"{Origin}/users/{name}",
            ["type"] = "Person",
            ["preferredUsername"] = name,
            ["inbox"] = $"{Origin}/users/{name}/inbox",
            ["publicKey"] = new JsonObject
            {
                ["id"] = $"{Origin}/users/{name}#main-key",
                ["owner"] = $"{Origin}/users/{name}",
                ["publicKeyPem"] = publicPem,
            },
        };

        public async ValueTask DisposeAsync()
        {
            await _app.StopAsync(CancellationToken.None);
            await _app.DisposeAsync();
            _inbox.Dispose();
            _key.Dispose();
        }
    }
}
