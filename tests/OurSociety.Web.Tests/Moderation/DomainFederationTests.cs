using System.Net;
using System.Text.Json.Nodes;
using Dapper;
using OurSociety.Core;
using OurSociety.Core.Federation;
using OurSociety.Core.Members;
using OurSociety.Core.Moderation;
using OurSociety.Federation.Follows;
using OurSociety.Storage.Sql;
using OurSociety.Testing;
using OurSociety.Web.Tests.Federation.Posts;

namespace OurSociety.Web.Tests.Moderation;

/// <summary>
/// Domain moderation across real nodes: a suspended domain's signed activities are refused (in any spelling of its
/// name) and nothing of it is fetched; suspending removes its posts, accounts and follows (a Reject(Follow) for each
/// of theirs, ours dropped without a word); limit makes its follows wait for approval; allowlist mode refuses and
/// contacts nobody off the list.
/// </summary>
public sealed class DomainFederationTests : IAsyncLifetime
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private readonly FederationNetwork _network = new();
    private NodeFactory _a = null!;
    private NodeFactory _b = null!;
    private Member _alice = null!;
    private Member _bob = null!;

    public async ValueTask InitializeAsync()
    {
        _a = _network.AddNode("http://a.test");
        _b = _network.AddNode("http://b.test");
        _alice = await _a.CreateMemberAsync("alice");
        _bob = await _b.CreateMemberAsync("bob");
    }

    public ValueTask DisposeAsync() => _network.DisposeAsync();

    private static async Task FollowAsync(NodeFactory node, string username, string target) =>
        Assert.IsType<Outcome<Follow>.Ok>(await node.Service<FollowService>().FollowAsync(username, target, Ct));

    private static async Task BlockAsync(NodeFactory node, string domain, string severity, bool rejectMedia = false) =>
        Assert.IsType<Outcome<DomainBlockSaved>.Ok>(await node.Service<DomainBlockService>().BlockAsync(
            new DomainBlockInput(domain, severity, rejectMedia), ModeratorRef.Node, Ct));

    private static async Task<long> CountAsync(NodeFactory node, string sql)
    {
        await using var connection = await node.Service<IDbConnectionFactory>().OpenAsync(Ct);
        return await connection.ExecuteScalarAsync<long>(sql);
    }

    [Fact]
    public async Task Suspend_RemovesPostsFollowsAndAccounts_RejectsTheirFollows_ThenRefusesEverything()
    {
        await FollowAsync(_a, "alice", "http://b.test/users/bob");   // theirs (from B's side)
        await FollowAsync(_b, "bob", "http://a.test/users/alice");   // ours
        await _network.DrainAsync();
        var story = await _a.StoryAsync(_alice.Id, "Before the block");
        await _network.DrainAsync();
        Assert.NotNull(await _b.FindAsync($"http://a.test/stories/{story.Id}"));
        // B's cached copy of a picture from A: its row and its file (with a version beside it) go with the purge.
        var files = _b.Service<OurSociety.Content.MediaFiles>();
        var picture = new OurSociety.Core.Media.MediaItem(Guid.CreateVersion7(), null, "image/png", 2, 2, 4, "http://a.test/pic.png", _b.Time.GetUtcNow());
        Directory.CreateDirectory(files.VersionsDirectory(picture.Id));
        await File.WriteAllBytesAsync(files.PathOf(picture.Id, picture.MediaType), [1, 2, 3, 4], Ct);
        await File.WriteAllBytesAsync(Path.Combine(files.VersionsDirectory(picture.Id), "320.webp"), [1], Ct);
        await _b.Service<OurSociety.Core.Media.IMediaStore>().AddAsync(picture, Ct);

        await BlockAsync(_b, "A.Test.", "suspend");   // a variant spelling of a.test
        await _network.DrainAsync();
        Assert.Null(await _b.Service<OurSociety.Core.Media.IMediaStore>().FindAsync(picture.Id, Ct));
        Assert.False(File.Exists(files.PathOf(picture.Id, picture.MediaType)));
        Assert.False(Directory.Exists(files.VersionsDirectory(picture.Id)));

        // B kept nothing of A: no live posts, no accounts, no follows either way.
        Assert.Equal(0, await CountAsync(_b, "SELECT COUNT(*) FROM post WHERE remote_author LIKE 'http://a.test/%' AND deleted_at IS NULL"));
        Assert.Equal(0, await CountAsync(_b, "SELECT COUNT(*) FROM remote_actor WHERE host = 'a.test'"));
        Assert.Equal(0, await CountAsync(_b, "SELECT COUNT(*) FROM follow"));
        // A was told its follow ended (Reject), and was told nothing about ours: bob still follows alice there.
        Assert.Null(await _a.Service<IFollowStore>().FindAsync("alice", "http://b.test/users/bob", FollowDirection.Out, Ct));
        Assert.NotNull(await _a.Service<IFollowStore>().FindAsync("alice", "http://b.test/users/bob", FollowDirection.In, Ct));

        // A delivers its next story to B (it still thinks bob follows alice): refused, nothing stored, nothing fetched.
        _network.Log.Clear();
        var after = await _a.StoryAsync(_alice.Id, "After the block");
        await _network.DrainAsync();
        Assert.Contains(_network.Log, l => l.Method == "POST" && l.Url.Host == "b.test" && l.Status == (int)HttpStatusCode.Forbidden);
        Assert.DoesNotContain(_network.Log, l => l.Method == "GET" && l.Url.Host == "a.test");
        Assert.Null(await _b.FindAsync($"http://a.test/stories/{after.Id}"));

        // Nor does B fetch from A when a member asks: the handle does not resolve.
        Assert.IsNotType<Outcome<Follow>.Ok>(await _b.Service<FollowService>().FollowAsync("bob", "http://a.test/users/alice", Ct));
        Assert.DoesNotContain(_network.Log, l => l.Method == "GET" && l.Url.Host == "a.test");
    }

    [Theory]
    [InlineData("REMOTE.TEST")]
    [InlineData("remote.test.")]
    [InlineData("remote.test:8443")]
    [InlineData("https://Remote.Test/users/x")]
    public async Task Suspended_AnySpelling_SignedActivityRefused_BeforeAnyFetch(string spelling)
    {
        var remote = new FakeRemoteServer("http://remote.test");
        _network.Serve("remote.test", remote);
        var eve = remote.AddActor("eve");
        await BlockAsync(_b, spelling, "suspend");
        _network.Log.Clear();
        using var client = _b.CreateClient(new() { BaseAddress = new Uri("http://b.test") });

        using var response = await remote.PostAsync(client, "http://b.test/inbox", "eve", Follow(eve, "http://b.test/users/bob"));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("does not federate", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.DoesNotContain(_network.Log, l => l.Url.Host == "remote.test");   // not even its key
        Assert.Equal(0, await CountAsync(_b, "SELECT COUNT(*) FROM inbox_activity"));
        remote.Dispose();
    }

    [Fact]
    public async Task Suspended_IdnName_RefusesItsPunycodeHost_AndSubdomains()
    {
        var remote = new FakeRemoteServer("http://social.xn--bcher-kva.test");
        _network.Serve("social.xn--bcher-kva.test", remote);
        var eve = remote.AddActor("eve");
        await BlockAsync(_b, "Bücher.test", "suspend");
        using var client = _b.CreateClient(new() { BaseAddress = new Uri("http://b.test") });

        using var response = await remote.PostAsync(client, "http://b.test/inbox", "eve", Follow(eve, "http://b.test/users/bob"));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        remote.Dispose();
    }

    [Fact]
    public async Task SuspendedRemoteAccount_Refused()
    {
        var remote = new FakeRemoteServer("http://remote.test");
        _network.Serve("remote.test", remote);
        var eve = remote.AddActor("eve");
        using var client = _b.CreateClient(new() { BaseAddress = new Uri("http://b.test") });
        using (var first = await remote.PostAsync(client, "http://b.test/inbox", "eve", Follow(eve, "http://b.test/users/bob", "1")))
        {
            Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        }

        await _network.DrainAsync();
        await using (var connection = await _b.Service<IDbConnectionFactory>().OpenAsync(Ct))
        {
            await connection.ExecuteAsync("UPDATE remote_actor SET suspended_at = '2026-11-28T12:00:00.000Z' WHERE id = @Id", new { Id = eve });
        }

        using var second = await remote.PostAsync(client, "http://b.test/inbox", "eve", Follow(eve, "http://b.test/users/bob", "2"));

        Assert.Equal(HttpStatusCode.Forbidden, second.StatusCode);
        Assert.Contains("suspended", await second.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        remote.Dispose();
    }

    [Fact]
    public async Task Limit_TheirFollowsWaitForApproval()
    {
        await BlockAsync(_b, "a.test", "limit");

        await FollowAsync(_a, "alice", "http://b.test/users/bob");
        await _network.DrainAsync();

        Assert.Equal(FollowState.Pending, (await _b.Service<IFollowStore>().FindAsync("bob", "http://a.test/users/alice", FollowDirection.In, Ct))?.State);
        Assert.Equal(FollowState.Pending, (await _a.Service<IFollowStore>().FindAsync("alice", "http://b.test/users/bob", FollowDirection.Out, Ct))?.State);
    }

    [Fact]
    public async Task Limit_KeepsItsPostsOffPublicLists()
    {
        await FollowAsync(_b, "bob", "http://a.test/users/alice");
        await _network.DrainAsync();
        var story = await _a.StoryAsync(_alice.Id, "Limited harvest", "public", "gardens");
        await _network.DrainAsync();
        using var client = _b.CreateClient();
        string[] lists = ["/network", "/tags/gardens", "/search?q=harvest", "/api/oursociety/v1/search?q=harvest"];
        foreach (var list in lists)
        {
            Assert.Contains("Limited harvest", await client.GetStringAsync(list, Ct), StringComparison.Ordinal);
        }

        await BlockAsync(_b, "a.test", "limit");

        foreach (var list in lists)
        {
            Assert.DoesNotContain("Limited harvest", await client.GetStringAsync(list, Ct), StringComparison.Ordinal);
        }

        Assert.NotNull(await _b.FindAsync($"http://a.test/stories/{story.Id}"));   // kept, only not listed
    }

    [Fact]
    public async Task Allowlist_RefusesOthers_AndContactsNobodyElse()
    {
        var service = _b.Service<DomainBlockService>();
        Assert.IsType<Outcome<FederationMode>.Ok>(await service.SetModeAsync("allowlist", ModeratorRef.Node, Ct));
        Assert.IsType<Outcome<DomainAllow>.Ok>(await service.AllowAsync("friends.test", ModeratorRef.Node, Ct));
        _network.Log.Clear();

        // Inbox: A is not on the list.
        await FollowAsync(_a, "alice", "http://b.test/users/bob");
        await _network.DrainAsync();
        Assert.Contains(_network.Log, l => l.Method == "POST" && l.Url.Host == "b.test" && l.Status == (int)HttpStatusCode.Forbidden);

        // Fetch: a member of B cannot reach A.
        Assert.IsNotType<Outcome<Follow>.Ok>(await _b.Service<FollowService>().FollowAsync("bob", "http://a.test/users/alice", Ct));
        Assert.DoesNotContain(_network.Log, l => l.Url.Host == "a.test" && l.Method == "GET");

        // Signed fetch is on: B's collections are not served to an anonymous GET (actors stay open, INTEROP §3.5).
        using var anonymous = _b.CreateClient(new() { BaseAddress = new Uri("http://b.test") });
        using var request = new HttpRequestMessage(HttpMethod.Get, "/users/bob/followers");
        request.Headers.Accept.ParseAdd("application/activity+json");
        using var actor = await anonymous.SendAsync(request, Ct);
        Assert.Equal(HttpStatusCode.Unauthorized, actor.StatusCode);

        // Once allowed, A is accepted.
        Assert.IsType<Outcome<DomainAllow>.Ok>(await service.AllowAsync("a.test", ModeratorRef.Node, Ct));
        Assert.Equal(FederationMode.Allowlist, await _b.Service<IDomainRules>().ModeAsync(Ct));
        Assert.True((await _b.Service<IDomainRules>().ForAsync("http://a.test/users/alice", Ct)).Federates);
        Assert.False((await _b.Service<IDomainRules>().ForAsync("http://c.test/users/carol", Ct)).Federates);
    }

    private static string Follow(string actor, string target, string id = "1") => new JsonObject
    {
        ["@context"] = "https://www.w3.org/ns/activitystreams",
        ["id"] = $"{actor}/follows/{id}",
        ["type"] = "Follow",
        ["actor"] = actor,
        ["object"] = target,
    }.ToJsonString();
}
