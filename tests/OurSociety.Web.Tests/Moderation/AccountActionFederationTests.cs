using System.Text.Json.Nodes;
using OurSociety.Core;
using OurSociety.Core.Federation;
using OurSociety.Core.Members;
using OurSociety.Core.Moderation;
using OurSociety.Core.Posts;
using OurSociety.Federation.Actors;
using OurSociety.Federation.Follows;
using OurSociety.Testing;
using OurSociety.Web.Tests.Federation.Posts;

namespace OurSociety.Web.Tests.Moderation;

/// <summary>Issue 13 across federation: a suspended member seen from another node, and suspensions of remote accounts.</summary>
public sealed class AccountActionFederationTests : IAsyncLifetime
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private readonly FederationNetwork _network = new();
    private readonly FakeRemoteServer _remote = new("http://remote.test");
    private NodeFactory _a = null!;
    private NodeFactory _b = null!;
    private Member _alice = null!;

    public async ValueTask InitializeAsync()
    {
        _a = _network.AddNode("http://a.test");
        _b = _network.AddNode("http://b.test");
        _network.Serve("remote.test", _remote);
        _remote.AddActor("kim");
        _alice = await _a.CreateMemberAsync("alice");
        await _b.CreateMemberAsync("bob");
        var follow = PostNetwork.Ok(await _b.Service<FollowService>().FollowAsync("bob", "http://a.test/users/alice", Ct));
        await _network.DrainAsync();
        Assert.Equal(FollowState.Accepted, (await _b.Service<IFollowStore>().FindAsync(follow.Id, Ct))?.State);
    }

    public async ValueTask DisposeAsync()
    {
        await _network.DisposeAsync();
        _remote.Dispose();
    }

    private static async Task<ModerationEntry> ActAsync(NodeFactory node, string account, AccountAction action, string? reason = "Spam") =>
        Assert.IsType<Outcome<ModerationEntry>.Ok>(
            await node.Service<IAccountModeration>().ApplyAsync(new AccountActionRequest(null, account, action, reason), Ct)).Value;

    private void Advance(TimeSpan by)
    {
        _a.Time.Advance(by);
        _b.Time.Advance(by);
    }

    [Fact]
    public async Task SuspendedMember_OtherNodeSeesSuspended_AndAfterTheGracePeriodRemovesTheirPosts()
    {
        var story = await _a.StoryAsync(_alice.Id, "Alice's story from a");
        await _network.DrainAsync();
        Assert.NotNull(await _b.FindAsync(PostUrls(story)));

        await ActAsync(_a, "@alice", AccountAction.Suspend, "Harassment");
        await _network.DrainAsync();
        var (actor, _) = await _b.Service<RemoteActors>().GetAsync("http://a.test/users/alice", refresh: true, Ct);
        Assert.True((bool?)JsonNode.Parse(actor!.Document)!["suspended"]);

        Advance(TimeSpan.FromDays(31));
        await _network.DrainAsync();

        Assert.Null(await _a.Service<IMemberStore>().FindByUsernameAsync("alice", Ct));
        Assert.Null(await _b.FindAsync(PostUrls(story)));
    }

    [Fact]
    public async Task UnsuspendedWithinTheGracePeriod_EverythingIsRestored()
    {
        var story = await _a.StoryAsync(_alice.Id, "Alice stays");
        await _network.DrainAsync();
        await ActAsync(_a, "@alice", AccountAction.Suspend, "Harassment");
        await _network.DrainAsync();
        Advance(TimeSpan.FromDays(10));

        await ActAsync(_a, "@alice", AccountAction.Unsuspend, null);
        await _network.DrainAsync();
        Advance(TimeSpan.FromDays(25));
        await _network.DrainAsync();

        Assert.NotNull(await _a.Service<IMemberStore>().FindByUsernameAsync("alice", Ct));
        Assert.NotNull(await _b.FindAsync(PostUrls(story)));
        var (actor, _) = await _b.Service<RemoteActors>().GetAsync("http://a.test/users/alice", refresh: true, Ct);
        Assert.Null(JsonNode.Parse(actor!.Document)!["suspended"]);
        Assert.NotNull(await _b.Service<IFollowStore>().FindAsync("bob", "http://a.test/users/alice", FollowDirection.Out, Ct));
    }

    [Fact]
    public async Task LimitedMember_NotBoostedByTheHub_ButFollowersStillGetTheirPosts()
    {
        PostNetwork.Ok(await _b.Service<FollowService>().FollowAsync("bob", "http://a.test/users/hub", Ct));
        await _network.DrainAsync();
        await ActAsync(_a, "@alice", AccountAction.Limit, null);

        var story = await _a.StoryAsync(_alice.Id, "Limited but followed");
        await _network.DrainAsync();

        var copy = await _b.FindAsync(PostUrls(story));
        Assert.NotNull(copy);
        Assert.Equal(0, copy.ShareCount);   // the hub's Announce would count as a share there
    }

    [Fact]
    public async Task RemoteSuspension_RejectsTheirFollows_DropsOurs_AndRemovesTheirContent()
    {
        using var client = _a.CreateClient(new() { BaseAddress = new Uri("http://a.test") });
        var follow = new JsonObject
        {
            ["id"] = "http://remote.test/activities/f1",
            ["type"] = "Follow",
            ["actor"] = _remote.ActorId("kim"),
            ["object"] = "http://a.test/users/alice",
        }.ToJsonString();
        using (var response = await _remote.PostAsync(client, "http://a.test/inbox", "kim", follow))
        {
            Assert.Equal(System.Net.HttpStatusCode.Accepted, response.StatusCode);
        }

        await _network.DrainAsync();
        var kim = _remote.ActorId("kim");
        Assert.NotNull(await _a.Service<IFollowStore>().FindAsync("alice", kim, FollowDirection.In, Ct));
        await _a.WriteAsync(tx => _a.Service<IFollowStore>().PutAsync(
            new Follow(Guid.NewGuid(), "alice", kim, FollowDirection.Out, FollowState.Accepted, "http://a.test/activities/x", _a.Time.GetUtcNow(), null), tx, Ct));
        // A cached copy of a picture in their post: its row and its file (with a version beside it) go with it.
        var files = _a.Service<OurSociety.Content.MediaFiles>();
        var picture = new OurSociety.Core.Media.MediaItem(Guid.CreateVersion7(), null, "image/png", 2, 2, 4, "http://remote.test/pic.png", _a.Time.GetUtcNow());
        Directory.CreateDirectory(files.VersionsDirectory(picture.Id));
        await File.WriteAllBytesAsync(files.PathOf(picture.Id, picture.MediaType), [1, 2, 3, 4], Ct);
        await File.WriteAllBytesAsync(Path.Combine(files.VersionsDirectory(picture.Id), "320.webp"), [1], Ct);
        await _a.Service<OurSociety.Core.Media.IMediaStore>().AddAsync(picture, Ct);
        var post = new Post
        {
            Id = Guid.CreateVersion7(_a.Time.GetUtcNow()),
            Kind = PostKind.Story,
            RemoteAuthor = kim,
            ApId = "http://remote.test/objects/1",
            Format = TextFormat.Html,
            Title = "Kim's post",
            Body = "<p>x</p>",
            Topics = [],
            Images = [new PostImage(picture.Id, "http://remote.test/pic.png", "A picture", "image/png", 2, 2)],
            Visibility = Visibility.Public,
            CreatedAt = _a.Time.GetUtcNow(),
            PublishedAt = _a.Time.GetUtcNow(),
        };
        await _a.WriteAsync(tx => _a.Service<IPostStore>().AddAsync(post, tx, Ct));
        var received = _remote.Received.Count;

        await ActAsync(_a, kim, AccountAction.Suspend, "Spam");
        await _network.DrainAsync();

        var reject = Assert.Single(_remote.Received.Skip(received), a => (string?)a["type"] == "Reject");
        Assert.Equal("http://remote.test/activities/f1", (string?)reject["object"]!["id"]);
        Assert.DoesNotContain(_remote.Received.Skip(received), a => (string?)a["type"] == "Undo");
        Assert.Null(await _a.Service<IFollowStore>().FindAsync("alice", kim, FollowDirection.In, Ct));
        Assert.Null(await _a.Service<IFollowStore>().FindAsync("alice", kim, FollowDirection.Out, Ct));
        Assert.Null(await _a.Service<IPostStore>().FindAsync(post.Id, Ct));
        Assert.Null(await _a.Service<OurSociety.Core.Media.IMediaStore>().FindAsync(picture.Id, Ct));
        Assert.False(File.Exists(files.PathOf(picture.Id, picture.MediaType)));
        Assert.False(Directory.Exists(files.VersionsDirectory(picture.Id)));

        // Lifting it clears the mark; what was removed stays removed.
        await ActAsync(_a, kim, AccountAction.Unsuspend, null);
        Assert.False((await _a.Service<IAccountSanctionStore>().FindRemoteAsync(kim, Ct)).IsSuspended);
        Assert.Null(await _a.Service<IPostStore>().FindAsync(post.Id, Ct));
    }

    [Fact]
    public async Task RemoteLimit_TheirFollowsNeedApproval()
    {
        var kim = _remote.ActorId("kim");
        await _a.Service<RemoteActors>().GetAsync(kim, refresh: true, Ct);
        await ActAsync(_a, kim, AccountAction.Limit, null);
        using var client = _a.CreateClient(new() { BaseAddress = new Uri("http://a.test") });
        var follow = new JsonObject
        {
            ["id"] = "http://remote.test/activities/f2",
            ["type"] = "Follow",
            ["actor"] = kim,
            ["object"] = "http://a.test/users/alice",
        }.ToJsonString();
        using (var response = await _remote.PostAsync(client, "http://a.test/inbox", "kim", follow))
        {
            Assert.Equal(System.Net.HttpStatusCode.Accepted, response.StatusCode);
        }

        await _network.DrainAsync();

        Assert.Equal(FollowState.Pending, (await _a.Service<IFollowStore>().FindAsync("alice", kim, FollowDirection.In, Ct))?.State);
        Assert.DoesNotContain(_remote.Received, a => (string?)a["type"] == "Accept");
    }

    private static string PostUrls(Post post) => OurSociety.Federation.PostUrls.Page("http://a.test", post);
}
