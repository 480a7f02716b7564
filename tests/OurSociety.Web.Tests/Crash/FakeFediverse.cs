using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using OurSociety.ActivityPub.Signatures;

namespace OurSociety.Web.Tests.Crash;

/// <summary>One POST an inbox of the fake fediverse received: what the crash tests count.</summary>
/// <param name="Seq">Arrival order, from 1.</param>
/// <param name="Run">Which run of the node was current when it came (1 before the first restart, …).</param>
internal sealed record ReceivedActivity(int Seq, int Run, string Inbox, string Id, string Type, string? ObjectId, string? Actor, JsonObject Body)
{
    public override string ToString() => $"#{Seq} run {Run} {Type} {Id} object {ObjectId ?? "-"} → {Inbox}";
}

/// <summary>
/// Remote servers as a node sees them, on one Kestrel at 127.0.0.1 (a random port): every <c>/users/NAME</c> is a
/// Person (one RSA key for all: the node does not mind) with its own inbox and no shared inbox, so each follower gets
/// a POST of its own, unless <see cref="AddHub"/> made it an Our Society hub's Group; WebFinger answers for every name;
/// <c>/notes/ID</c> serves what <see cref="AddNote"/> put there; NodeInfo names <see cref="Software"/> when set.
/// Every POST to an inbox is recorded and answered 202. Hooks let a test act at an exact point: kill the node while a
/// delivery is in flight (<see cref="BeforeAnswer"/>) or while a work item waits for a fetch (<see cref="BeforeNote"/>).
/// </summary>
internal sealed class FakeFediverse : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly RSA _key = RSA.Create(2048);
    private readonly ConcurrentQueue<ReceivedActivity> _received = new();
    private readonly ConcurrentDictionary<string, JsonObject> _notes = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<(int Run, string Path)> _noteFetches = new();
    private readonly ConcurrentDictionary<string, bool> _hubs = new(StringComparer.Ordinal);
    private readonly string _publicPem;
    private int _seq;

    private FakeFediverse(WebApplication app)
    {
        _app = app;
        _publicPem = _key.ExportSubjectPublicKeyInfoPem();
    }

    /// <summary><c>http://127.0.0.1:PORT</c>: what the node is told it may reach (AllowedPrivateOrigins).</summary>
    public string Origin { get; private set; } = "";

    /// <summary><c>127.0.0.1:PORT</c>, the host part of handles.</summary>
    public string Authority => new Uri(Origin).Authority;

    /// <summary>The run of the node now (the test counts restarts here, so each POST says which run sent it).</summary>
    public int Run { get; set; } = 1;

    /// <summary>
    /// Called when a POST arrived and was recorded, before it is answered: the node that sent it is waiting for the
    /// answer, so killing it here kills it with that delivery in flight.
    /// </summary>
    public Func<ReceivedActivity, Task>? BeforeAnswer { get; set; }

    /// <summary>Called when a note is fetched, before it is served: the node's work item that fetches it is running.</summary>
    public Func<string, Task>? BeforeNote { get; set; }

    /// <summary>Called when the NodeInfo index is asked for, before it is answered: the work item that reads it is running.</summary>
    public Func<Task>? BeforeNodeInfo { get; set; }

    public IReadOnlyList<ReceivedActivity> Received => [.. _received];

    /// <summary>
    /// The <c>software.name</c> the fake's NodeInfo gives (<c>lemmy</c>, say), or null for no NodeInfo at all (404),
    /// as most of these tests want: what the node reads to choose the wrapped FEP-1b12 Announce.
    /// </summary>
    public string? Software { get; set; }

    /// <summary>Fetches of <c>/notes/…</c> so far, with the run that made them.</summary>
    public IReadOnlyList<(int Run, string Path)> NoteFetches => [.. _noteFetches];

    public static async Task<FakeFediverse> StartAsync(CancellationToken ct)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var world = new FakeFediverse(app);
        app.MapGet("/users/{name}", (string name) => Json(world.Actor(name)));
        app.MapGet("/.well-known/webfinger", (string resource) => world.WebFinger(resource));
        app.MapGet("/notes/{id}", world.NoteAsync);
        app.MapPost("/users/{name}/inbox", world.InboxAsync);
        app.MapGet("/.well-known/nodeinfo", world.NodeInfoIndex);
        app.MapGet("/nodeinfo/2.1", world.NodeInfo);
        await app.StartAsync(ct);
        world.Origin = app.Urls.Single().TrimEnd('/');
        return world;
    }

    public string ActorId(string name) => $"{Origin}/users/{name}";

    public string InboxOf(string name) => $"{ActorId(name)}/inbox";

    /// <summary>The handle the node's WebFinger client resolves: <c>@name@127.0.0.1:PORT</c>.</summary>
    public string Handle(string name) => $"@{name}@{Authority}";

    /// <summary>
    /// Makes <c>/users/NAME</c> an Our Society hub: a <c>Group</c> whose FEP-844e <c>generator.implements</c> names our
    /// introductions, which is what the node checks before it links with a hub or takes its link request.
    /// </summary>
    public string AddHub(string name)
    {
        _hubs[name] = true;
        return ActorId(name);
    }

    /// <summary>Serves <paramref name="note"/> at <c>/notes/ID</c> and returns its address.</summary>
    public string AddNote(string id, Func<string, JsonObject> note)
    {
        var url = $"{Origin}/notes/{id}";
        _notes[id] = note(url);
        return url;
    }

    /// <summary>POSTs <paramref name="activity"/> to a node's inbox, signed (draft-cavage) as <paramref name="signer"/>.</summary>
    public async Task<HttpResponseMessage> SendAsync(HttpClient http, string inbox, string signer, JsonObject activity, CancellationToken ct)
    {
        activity["@context"] ??= "https://www.w3.org/ns/activitystreams";
        var body = Encoding.UTF8.GetBytes(activity.ToJsonString());
        using var request = new HttpRequestMessage(HttpMethod.Post, inbox) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/activity+json");
        // The node checks the Date against its own clock: the real one, as it runs as its own process.
        HttpSigner.SignCavage(request, body, new SigningKey(ActorId(signer) + "#main-key", _key), TimeProvider.System.GetUtcNow());
        return await http.SendAsync(request, ct);
    }

    private async Task<IResult> InboxAsync(string name, HttpRequest request)
    {
        var body = (await JsonNode.ParseAsync(request.Body))!.AsObject();
        var received = new ReceivedActivity(
            Interlocked.Increment(ref _seq), Run, InboxOf(name), (string?)body["id"] ?? "", (string?)body["type"] ?? "",
            body["object"] switch
            {
                JsonValue value => (string?)value,
                JsonObject obj => (string?)obj["id"],
                _ => null,
            },
            (string?)body["actor"],
            body);
        _received.Enqueue(received);
        if (BeforeAnswer is { } hook)
        {
            await hook(received);
        }

        return Results.Accepted();
    }

    private async Task<IResult> NoteAsync(string id, HttpRequest request)
    {
        _noteFetches.Enqueue((Run, request.Path.Value!));
        if (BeforeNote is { } hook)
        {
            await hook(request.Path.Value!);
        }

        return _notes.TryGetValue(id, out var note) ? Json(note) : Results.NotFound();
    }

    private IResult WebFinger(string resource)
    {
        var acct = resource.StartsWith("acct:", StringComparison.Ordinal) ? resource[5..] : resource;
        var at = acct.IndexOf('@', StringComparison.Ordinal);
        if (at <= 0 || !string.Equals(acct[(at + 1)..], Authority, StringComparison.OrdinalIgnoreCase))
        {
            return Results.NotFound();
        }

        var document = new JsonObject
        {
            ["subject"] = $"acct:{acct}",
            ["links"] = new JsonArray(new JsonObject
            {
                ["rel"] = "self",
                ["type"] = "application/activity+json",
                ["href"] = ActorId(acct[..at]),
            }),
        };
        return Results.Text(document.ToJsonString(), "application/jrd+json", Encoding.UTF8);
    }

    private JsonObject Actor(string name) => _hubs.ContainsKey(name) ? Hub(name) : Person(name);

    private JsonObject Hub(string name)
    {
        var group = Person(name);
        group["type"] = "Group";
        group["@context"] = new JsonArray(
            "https://www.w3.org/ns/activitystreams",
            "https://w3id.org/security/v1",
            new JsonObject { ["implements"] = new JsonObject { ["@id"] = "https://w3id.org/fep/844e/implements", ["@container"] = "@set" } });
        group["generator"] = new JsonObject
        {
            ["type"] = "Application",
            ["name"] = "Our Society",
            ["implements"] = new JsonArray(new JsonObject { ["href"] = "https://w3id.org/oursociety/ns#introductions", ["name"] = "Our Society introductions" }),
        };
        return group;
    }

    private async Task<IResult> NodeInfoIndex()
    {
        if (BeforeNodeInfo is { } hook)
        {
            await hook();
        }

        return Software is null
            ? Results.NotFound()
            : JsonText(new JsonObject
            {
                ["links"] = new JsonArray(new JsonObject { ["rel"] = "http://nodeinfo.diaspora.software/ns/schema/2.1", ["href"] = $"{Origin}/nodeinfo/2.1" }),
            });
    }

    private IResult NodeInfo() => Software is not { } software
        ? Results.NotFound()
        : JsonText(new JsonObject
        {
            ["version"] = "2.1",
            ["software"] = new JsonObject { ["name"] = software, ["version"] = "1.0" },
            ["protocols"] = new JsonArray("activitypub"),
            ["usage"] = new JsonObject { ["users"] = new JsonObject() },
            ["openRegistrations"] = false,
            ["metadata"] = new JsonObject(),
        });

    private JsonObject Person(string name) => new()
    {
        ["@context"] = new JsonArray("https://www.w3.org/ns/activitystreams", "https://w3id.org/security/v1"),
        ["id"] = ActorId(name),
        ["type"] = "Person",
        ["preferredUsername"] = name,
        ["name"] = name,
        ["inbox"] = InboxOf(name),
        ["outbox"] = $"{ActorId(name)}/outbox",
        ["followers"] = $"{ActorId(name)}/followers",
        ["publicKey"] = new JsonObject
        {
            ["id"] = $"{ActorId(name)}#main-key",
            ["owner"] = ActorId(name),
            ["publicKeyPem"] = _publicPem,
        },
    };

    private static IResult JsonText(JsonObject document) => Results.Text(document.ToJsonString(), "application/json", Encoding.UTF8);

    private static IResult Json(JsonObject document) => Results.Text(document.ToJsonString(), "application/activity+json", Encoding.UTF8);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
        _key.Dispose();
    }
}
