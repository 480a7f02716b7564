using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using OurSociety.ActivityPub.Signatures;

namespace OurSociety.Testing;

/// <summary>
/// A minimal remote ActivityPub server for a <see cref="FederationNetwork"/>: it serves Person actors with their own
/// RSA keys, records what is POSTed to its inboxes, and signs requests its actors send to a node — including wrong
/// ones, for the security tests.
/// </summary>
public sealed class FakeRemoteServer : HttpMessageHandler
{
    private readonly ConcurrentDictionary<string, (RSA Key, string PublicPem, JsonObject? Override)> _actors = new(StringComparer.Ordinal);

    public FakeRemoteServer(string origin) => Origin = origin.TrimEnd('/');

    public string Origin { get; }

    /// <summary>Activities POSTed to this server's inboxes, as JSON.</summary>
    public ConcurrentQueue<JsonObject> Received { get; } = new();

    /// <summary>How inbox POSTs are answered (e.g. 500 or 410 to test retries and gone inboxes).</summary>
    public HttpStatusCode InboxStatus { get; set; } = HttpStatusCode.Accepted;

    /// <summary>Answers 401 to inbox POSTs not signed with RFC 9421 (a server that refuses draft-cavage).</summary>
    public bool RequireRfc9421 { get; set; }

    public string ActorId(string name) => $"{Origin}/users/{name}";

    /// <summary>When set, the server answers NodeInfo (<c>/.well-known/nodeinfo</c> and <c>/nodeinfo/2.1</c>) naming this software.</summary>
    public string? NodeInfoSoftware { get; set; }

    /// <summary>How many NodeInfo documents were asked for (a cache is checked by it).</summary>
    public int NodeInfoRequests => _nodeInfoRequests;

    private int _nodeInfoRequests;

    /// <summary>Adds an actor (with its own key); <paramref name="change"/> may alter its document (a wrong owner, …).</summary>
    public string AddActor(string name, Action<JsonObject>? change = null) => AddActor(name, TestKeys.For(ActorId(name)), change);

    /// <summary>Gives an actor a new key (key rotation); the old one no longer verifies.</summary>
    public void RotateKey(string name) => AddActor(name, TestKeys.New(), null);

    private string AddActor(string name, (string PrivatePem, string PublicPem) keys, Action<JsonObject>? change)
    {
        var (privatePem, publicPem) = keys;
        var rsa = RSA.Create();
        rsa.ImportFromPem(privatePem);
        JsonObject? document = null;
        if (change is not null)
        {
            document = Document(name, publicPem);
            change(document);
        }

        _actors[name] = (rsa, publicPem, document);
        return ActorId(name);
    }

    /// <summary>Sends an activity to a node's inbox, signed by <paramref name="signer"/> (draft-cavage unless told).</summary>
    public async Task<HttpResponseMessage> PostAsync(
        HttpClient node, string inboxUrl, string signer, string body, Action<HttpRequestMessage>? tamper = null, bool rfc9421 = false,
        DateTimeOffset? at = null, string contentType = "application/activity+json")
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        using var request = new HttpRequestMessage(HttpMethod.Post, inboxUrl) { Content = new ByteArrayContent(bytes) };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        var key = new SigningKey(ActorId(signer) + "#main-key", _actors[signer].Key);
        var now = at ?? new DateTimeOffset(2026, 11, 28, 12, 0, 0, TimeSpan.Zero);
        if (rfc9421)
        {
            HttpSigner.SignRfc9421(request, bytes, key, now);
        }
        else
        {
            HttpSigner.SignCavage(request, bytes, key, now);
        }

        tamper?.Invoke(request);
        return await node.SendAsync(request, TestContext.Current.CancellationToken);
    }

    /// <summary>A GET signed by <paramref name="signer"/> (draft-cavage), as a server fetching on its behalf.</summary>
    public async Task<HttpResponseMessage> SignedGetAsync(HttpClient node, string url, string signer, DateTimeOffset? at = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Accept.ParseAdd("application/activity+json");
        HttpSigner.SignCavage(request, [], new SigningKey(ActorId(signer) + "#main-key", _actors[signer].Key), at ?? new DateTimeOffset(2026, 11, 28, 12, 0, 0, TimeSpan.Zero));
        return await node.SendAsync(request, TestContext.Current.CancellationToken);
    }

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var path = request.RequestUri!.AbsolutePath;
        if (request.Method == HttpMethod.Post && path.EndsWith("/inbox", StringComparison.Ordinal))
        {
            if (RequireRfc9421 && !request.Headers.Contains("Signature-Input"))
            {
                return Task.FromResult(new HttpResponseMessage(HttpStatusCode.Unauthorized));
            }

            var body = request.Content!.ReadAsStringAsync(cancellationToken).GetAwaiter().GetResult();
            Received.Enqueue(JsonNode.Parse(body)!.AsObject());
            return Task.FromResult(new HttpResponseMessage(InboxStatus));
        }

        if (request.Method == HttpMethod.Get && NodeInfoSoftware is { } software && path is "/.well-known/nodeinfo" or "/nodeinfo/2.1")
        {
            Interlocked.Increment(ref _nodeInfoRequests);
            var info = path == "/nodeinfo/2.1"
                ? new JsonObject { ["version"] = "2.1", ["software"] = new JsonObject { ["name"] = software, ["version"] = "0.19.0" } }
                : new JsonObject
                {
                    ["links"] = new JsonArray(new JsonObject
                    {
                        ["rel"] = "http://nodeinfo.diaspora.software/ns/schema/2.1",
                        ["href"] = Origin + "/nodeinfo/2.1",
                    }),
                };
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(info.ToJsonString(), Encoding.UTF8, "application/json") });
        }

        var name = path.StartsWith("/users/", StringComparison.Ordinal) ? path["/users/".Length..] : null;
        if (request.Method == HttpMethod.Get && name is not null && _actors.TryGetValue(name, out var actor))
        {
            var document = actor.Override ?? Document(name, actor.PublicPem);
            var response = new HttpResponseMessage(HttpStatusCode.OK)
            {
                Content = new StringContent(document.ToJsonString(), Encoding.UTF8, "application/activity+json"),
            };
            return Task.FromResult(response);
        }

        return Task.FromResult(new HttpResponseMessage(HttpStatusCode.NotFound));
    }

    private JsonObject Document(string name, string publicPem) => new()
    {
        ["@context"] = new JsonArray("https://www.w3.org/ns/activitystreams", "https://w3id.org/security/v1"),
        ["id"] = ActorId(name),
        ["type"] = "Person",
        ["preferredUsername"] = name,
        ["inbox"] = ActorId(name) + "/inbox",
        ["outbox"] = ActorId(name) + "/outbox",
        ["followers"] = ActorId(name) + "/followers",
        ["endpoints"] = new JsonObject { ["sharedInbox"] = Origin + "/inbox" },
        ["publicKey"] = new JsonObject
        {
            ["id"] = ActorId(name) + "#main-key",
            ["owner"] = ActorId(name),
            ["publicKeyPem"] = publicPem,
        },
    };
}
