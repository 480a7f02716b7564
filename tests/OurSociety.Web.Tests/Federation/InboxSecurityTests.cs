using System.Net;
using System.Text.Json.Nodes;
using Dapper;
using OurSociety.Core.Federation;
using OurSociety.Storage.Sql;
using OurSociety.Testing;

namespace OurSociety.Web.Tests.Federation;

/// <summary>
/// Each security rule of INTEROP.md for inboxes, sent as a real signed (or mis-signed) request: the bad ones are
/// refused with the right status and leave nothing stored.
/// </summary>
public sealed class InboxSecurityTests : IAsyncLifetime
{
    private const string Inbox = "http://b.test/inbox";
    private const string Bob = "http://b.test/users/bob";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private readonly FederationNetwork _network = new();
    private readonly FakeRemoteServer _remote = new("http://remote.test");
    private NodeFactory _node = null!;
    private HttpClient _client = null!;
    private string _eve = "";

    public async ValueTask InitializeAsync()
    {
        _node = _network.AddNode("http://b.test");
        _network.Serve("remote.test", _remote);
        _eve = _remote.AddActor("eve");
        _remote.AddActor("mallory");
        await _node.CreateMemberAsync("bob");
        _client = _node.CreateClient(new() { BaseAddress = new Uri("http://b.test"), AllowAutoRedirect = false });
    }

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        await _network.DisposeAsync();
        _remote.Dispose();
    }

    private string FollowOfBob(string id = "follow-1", string? actor = null) => new JsonObject
    {
        ["@context"] = "https://www.w3.org/ns/activitystreams",
        ["id"] = $"http://remote.test/activities/{id}",
        ["type"] = "Follow",
        ["actor"] = actor ?? _eve,
        ["object"] = Bob,
    }.ToJsonString();

    private async Task<long> StoredAsync()
    {
        await using var connection = await _node.Service<IDbConnectionFactory>().OpenAsync(Ct);
        return await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM inbox_activity");
    }

    private async Task AssertRefusedAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.False(string.IsNullOrWhiteSpace(await response.Content.ReadAsStringAsync(Ct)), "a refusal says why");
        Assert.Equal(0, await StoredAsync());
    }

    [Fact]
    public async Task SignedFollow_Accepted_AndAnsweredWithAccept()
    {
        using var response = await _remote.PostAsync(_client, Inbox, "eve", FollowOfBob());

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        await _network.DrainAsync();
        Assert.Equal(FollowState.Accepted, (await _node.Service<IFollowStore>().FindAsync("bob", _eve, FollowDirection.In, Ct))?.State);
        var accept = Assert.Single(_remote.Received, a => (string?)a["type"] == "Accept");
        Assert.Equal("http://remote.test/activities/follow-1", (string?)accept["object"]!["id"]);
        Assert.Equal(Bob, (string?)accept["actor"]);
    }

    [Fact]
    public async Task Rfc9421Signature_Accepted()
    {
        using var response = await _remote.PostAsync(_client, "http://b.test/users/bob/inbox", "eve", FollowOfBob(), rfc9421: true);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal(1, await StoredAsync());
    }

    [Fact]
    public async Task Unsigned_401()
    {
        using var content = new StringContent(FollowOfBob(), System.Text.Encoding.UTF8, "application/activity+json");
        using var response = await _client.PostAsync(Inbox, content, Ct);

        await AssertRefusedAsync(response, HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task ForgedSignature_401()
    {
        using var response = await _remote.PostAsync(_client, Inbox, "eve", FollowOfBob(), tamper: r =>
        {
            var signature = r.Headers.GetValues("Signature").Single();
            r.Headers.Remove("Signature");
            var start = signature.IndexOf("signature=\"", StringComparison.Ordinal) + "signature=\"".Length;
            var forged = signature[..start] + (signature[start] == 'A' ? 'B' : 'A') + signature[(start + 1)..];
            r.Headers.TryAddWithoutValidation("Signature", forged);
        });

        await AssertRefusedAsync(response, HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task DigestMismatch_401()
    {
        using var response = await _remote.PostAsync(_client, Inbox, "eve", FollowOfBob(), tamper: r =>
            r.Content = new StringContent(FollowOfBob("other"), System.Text.Encoding.UTF8, "application/activity+json"));

        await AssertRefusedAsync(response, HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task StaleDate_401()
    {
        using var response = await _remote.PostAsync(_client, Inbox, "eve", FollowOfBob(), at: new DateTimeOffset(2026, 11, 28, 10, 0, 0, TimeSpan.Zero));

        await AssertRefusedAsync(response, HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task KeyOwnerIsNotTheActor_401()
    {
        // Mallory signs with her own valid key an activity that claims to be Eve's.
        using var response = await _remote.PostAsync(_client, Inbox, "mallory", FollowOfBob());

        await AssertRefusedAsync(response, HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task KeyDocumentClaimingAnotherOwner_401()
    {
        // The key names Eve as owner but Eve's actor does not list it (Fedify CVE-2026-96625).
        _remote.AddActor("trudy", d => d["publicKey"]!["owner"] = _eve);
        using var response = await _remote.PostAsync(_client, Inbox, "trudy", FollowOfBob(actor: _eve));

        await AssertRefusedAsync(response, HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task ActivityIdOnAnotherHost_403()
    {
        var body = FollowOfBob().Replace("http://remote.test/activities/", "http://elsewhere.test/activities/", StringComparison.Ordinal);
        using var response = await _remote.PostAsync(_client, Inbox, "eve", body);

        await AssertRefusedAsync(response, HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task CreateOfForeignObject_403()
    {
        var body = new JsonObject
        {
            ["id"] = "http://remote.test/activities/create-1",
            ["type"] = "Create",
            ["actor"] = _eve,
            ["object"] = new JsonObject { ["id"] = "http://victim.test/notes/1", ["type"] = "Note", ["attributedTo"] = _eve, ["content"] = "spoof" },
        }.ToJsonString();
        using var response = await _remote.PostAsync(_client, Inbox, "eve", body);

        await AssertRefusedAsync(response, HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task CreateAttributedToSomeoneElse_403()
    {
        var body = new JsonObject
        {
            ["id"] = "http://remote.test/activities/create-2",
            ["type"] = "Create",
            ["actor"] = _eve,
            ["object"] = new JsonObject { ["id"] = "http://remote.test/notes/2", ["type"] = "Note", ["attributedTo"] = "http://remote.test/users/mallory" },
        }.ToJsonString();
        using var response = await _remote.PostAsync(_client, Inbox, "eve", body);

        await AssertRefusedAsync(response, HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task AcceptForAFollowNeverSent_Ignored()
    {
        var body = new JsonObject
        {
            ["id"] = "http://remote.test/activities/accept-1",
            ["type"] = "Accept",
            ["actor"] = _eve,
            ["object"] = new JsonObject { ["id"] = "http://b.test/activities/0194c9f4-0000-7000-8000-000000000000", ["type"] = "Follow", ["actor"] = Bob, ["object"] = _eve },
        }.ToJsonString();
        using var response = await _remote.PostAsync(_client, Inbox, "eve", body);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        await _network.DrainAsync();
        Assert.Equal(0, await _node.Service<IInboxStore>().CountPendingAsync(Ct));
        Assert.Null(await _node.Service<IFollowStore>().FindAsync("bob", _eve, FollowDirection.Out, Ct));
        await using var connection = await _node.Service<IDbConnectionFactory>().OpenAsync(Ct);
        Assert.StartsWith("ignored", await connection.ExecuteScalarAsync<string>("SELECT outcome FROM inbox_activity"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateOfItsOwnNote_Stored_ThenIgnoredWhenNoOneHereHasReasonToSeeIt()
    {
        var body = new JsonObject
        {
            ["id"] = "http://remote.test/activities/create-3",
            ["type"] = "Create",
            ["actor"] = _eve,
            ["object"] = new JsonObject { ["id"] = "http://remote.test/notes/3", ["type"] = "Note", ["attributedTo"] = _eve, ["content"] = "hello" },
        }.ToJsonString();
        using var response = await _remote.PostAsync(_client, Inbox, "eve", body);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        await using var connection = await _node.Service<IDbConnectionFactory>().OpenAsync(Ct);
        await _network.DrainAsync();
        var outcome = await connection.ExecuteScalarAsync<string?>(
            "SELECT outcome FROM inbox_activity WHERE activity_id = 'http://remote.test/activities/create-3' AND processed_at IS NOT NULL");
        Assert.StartsWith("ignored: no one here", outcome, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OversizeBody_413()
    {
        var body = FollowOfBob().Replace("\"Follow\"", "\"Follow\",\"padding\":\"" + new string('x', 1024 * 1024) + "\"", StringComparison.Ordinal);
        using var response = await _remote.PostAsync(_client, Inbox, "eve", body);

        await AssertRefusedAsync(response, HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public async Task GraphSmuggling_400()
    {
        var body = new JsonObject
        {
            ["@context"] = "https://www.w3.org/ns/activitystreams",
            ["id"] = "http://remote.test/activities/graph-1",
            ["type"] = "Follow",
            ["actor"] = _eve,
            ["object"] = Bob,
            ["@graph"] = new JsonArray(new JsonObject { ["id"] = "http://remote.test/x", ["type"] = "Delete", ["actor"] = Bob }),
        }.ToJsonString();
        using var response = await _remote.PostAsync(_client, Inbox, "eve", body);

        await AssertRefusedAsync(response, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task InvalidJson_400()
    {
        using var response = await _remote.PostAsync(_client, Inbox, "eve", "{\"id\": \"http://remote.test/a\", ");

        await AssertRefusedAsync(response, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task WrongContentType_415()
    {
        using var response = await _remote.PostAsync(_client, Inbox, "eve", FollowOfBob(), contentType: "text/plain");

        await AssertRefusedAsync(response, HttpStatusCode.UnsupportedMediaType);
    }

    [Fact]
    public async Task UnknownPersonalInbox_404()
    {
        using var response = await _remote.PostAsync(_client, "http://b.test/users/nobody/inbox", "eve", FollowOfBob());

        await AssertRefusedAsync(response, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task SameIdTwice_ViaBothInboxes_ProcessedOnce()
    {
        using var first = await _remote.PostAsync(_client, Inbox, "eve", FollowOfBob());
        using var second = await _remote.PostAsync(_client, "http://b.test/users/bob/inbox", "eve", FollowOfBob());

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, second.StatusCode);
        Assert.Equal(1, await StoredAsync());
        await _network.DrainAsync();
        Assert.Equal(1, _remote.Received.Count(a => (string?)a["type"] == "Accept"));
    }

    [Fact]
    public async Task DeleteOfUnknownActor_202_WithoutFetching()
    {
        var body = new JsonObject
        {
            ["id"] = "http://remote.test/users/ghost#delete",
            ["type"] = "Delete",
            ["actor"] = "http://remote.test/users/ghost",
            ["object"] = "http://remote.test/users/ghost",
        }.ToJsonString();
        _remote.AddActor("ghost");
        using var response = await _remote.PostAsync(_client, Inbox, "ghost", body);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal(0, await StoredAsync());
        Assert.DoesNotContain(_network.Log, r => r.Url.Host == "remote.test");
    }

    [Fact]
    public async Task DeleteOfAKnownActorWhoseKeyIsGone_202_AndNothingRemoved()
    {
        using var follow = await _remote.PostAsync(_client, Inbox, "eve", FollowOfBob());
        Assert.Equal(HttpStatusCode.Accepted, follow.StatusCode);
        var stored = await StoredAsync();
        var delete = new JsonObject
        {
            ["id"] = _eve + "#delete",
            ["type"] = "Delete",
            ["actor"] = _eve,
            ["object"] = _eve,
        }.ToJsonString();
        _remote.RotateKey("eve");   // the Delete is signed with a key the origin no longer lists

        using var response = await _remote.PostAsync(_client, Inbox, "mallory", delete, tamper: r =>
        {
            var signature = r.Headers.GetValues("Signature").Single().Replace("/users/mallory#", "/users/eve#", StringComparison.Ordinal);
            r.Headers.Remove("Signature");
            r.Headers.TryAddWithoutValidation("Signature", signature);
        });

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal(stored, await StoredAsync());
        Assert.NotNull(await _node.Service<IRemoteActorStore>().FindAsync(_eve, Ct));
    }

    [Fact]
    public async Task RotatedKey_IsRefetchedOnce_AndVerifies()
    {
        using var first = await _remote.PostAsync(_client, Inbox, "eve", FollowOfBob("f1"));
        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);

        _remote.RotateKey("eve");
        using var second = await _remote.PostAsync(_client, Inbox, "eve", FollowOfBob("f2"));

        Assert.Equal(HttpStatusCode.Accepted, second.StatusCode);
    }
}
