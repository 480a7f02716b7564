using System.Net;
using Dapper;
using OurSociety.Core;
using OurSociety.Core.Federation;
using OurSociety.Core.Members;
using OurSociety.Core.Moderation;
using OurSociety.Core.Notifications;
using OurSociety.Core.Paging;
using OurSociety.Core.Posts;
using OurSociety.Federation.Follows;
using OurSociety.Federation.Moderation;
using OurSociety.Storage.Sql;
using OurSociety.Testing;
using OurSociety.Web.Tests.Federation.Posts;

namespace OurSociety.Web.Tests.Mutes;

/// <summary>
/// Mutes and blocks across two nodes: what one member hides vanishes for that member only (home feed, /network, topic
/// pages, search, replies, notifications), and a member's domain block ends follows both ways as Mastodon's does.
/// </summary>
public sealed class MuteFederationTests : IAsyncLifetime
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private readonly FederationNetwork _network = new();
    private NodeFactory _a = null!;
    private NodeFactory _b = null!;
    private Member _alice = null!;
    private Member _amy = null!;
    private Member _carol = null!;
    private Member _bob = null!;

    public async ValueTask InitializeAsync()
    {
        _a = _network.AddNode("http://a.test");
        _b = _network.AddNode("http://b.test");
        _alice = await _a.CreateMemberAsync("alice");
        _amy = await _a.CreateMemberAsync("amy");
        _carol = await _a.CreateMemberAsync("carol");
        _bob = await _b.CreateMemberAsync("bob");
    }

    public ValueTask DisposeAsync() => _network.DisposeAsync();

    [Fact]
    public async Task MutedRemoteAccount_VanishesFromThatMembersHomeNetworkTopicAndSearch_OnlyForThem()
    {
        await FollowAsync(_a, "alice", "http://b.test/users/bob");
        await FollowAsync(_a, "amy", "http://b.test/users/bob");
        await _network.DrainAsync();
        await _b.StoryAsync(_bob.Id, "Marigold allotment story", "public", "gardens");
        await _network.DrainAsync();
        using var alice = await _a.SignedInBrowserAsync("alice");
        using var amy = await _a.SignedInBrowserAsync("amy");
        Assert.Contains("Marigold allotment story", (await alice.GetAsync("/home")).Html, StringComparison.Ordinal);

        var muted = await alice.SubmitAsync("/settings/mutes", "/settings/mutes", new Dictionary<string, string> { ["account"] = "@bob@b.test", ["action"] = "mute" });
        Assert.Equal("/settings/mutes?notice=muted", muted.Headers.Location?.OriginalString);
        Assert.Contains("@bob@b.test", (await alice.GetAsync("/settings/mutes")).Html, StringComparison.Ordinal);

        foreach (var page in new[] { "/home", "/network", "/tags/gardens", "/search?q=marigold" })
        {
            Assert.False((await alice.GetAsync(page)).Html.Contains("Marigold allotment story", StringComparison.Ordinal), $"alice sees it on {page}");
            Assert.True((await amy.GetAsync(page)).Html.Contains("Marigold allotment story", StringComparison.Ordinal), $"amy does not see it on {page}");
        }

        // Nothing was sent to bob's hub about it: he is still followed, and not blocked.
        await _network.DrainAsync();
        Assert.NotNull(await _b.Service<IFollowStore>().FindAsync("bob", "http://a.test/users/alice", FollowDirection.In, Ct));
        Assert.Null(await _b.Service<IBlockStore>().FindAsync("bob", "http://a.test/users/alice", FollowDirection.In, Ct));

        // Unmuted: back again.
        var unmuted = await alice.SubmitAsync("/settings/mutes", "/settings/mutes/unmute", new Dictionary<string, string>());
        Assert.Equal("/settings/mutes?notice=unmuted", unmuted.Headers.Location?.OriginalString);
        Assert.Contains("Marigold allotment story", (await alice.GetAsync("/home")).Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MutedAccount_IsNotNotified_AndEarlierNotificationsAreHidden()
    {
        await _b.Service<PostService>().CreateStoryAsync(_bob.Id, Story("Hello @alice@a.test, first"), Ct);
        await _network.DrainAsync();
        Assert.Single(await NoticesAsync(_alice), n => n.Actor == "http://b.test/users/bob");
        var mute = await _a.Service<MuteService>().ResolveAsync(_alice, "@bob@b.test", Ct);
        await _a.Service<MuteService>().MuteAsync(_alice, ((Outcome<MuteTarget>.Ok)mute).Value, Ct);

        await _b.Service<PostService>().CreateStoryAsync(_bob.Id, Story("Hello @alice@a.test, second"), Ct);
        await _network.DrainAsync();

        Assert.DoesNotContain(await NoticesAsync(_alice), n => n.Actor == "http://b.test/users/bob");
        Assert.Equal(0, await _a.Service<INotificationStore>().CountUnreadAsync(_alice.Id, Ct));
        Assert.Equal(1, await CountStoredAsync(_alice));   // the second was never stored
    }

    [Fact]
    public async Task DomainBlock_EndsFollowsBothWays_HidesTheDomain_RefusesNewFollows_ForThatMemberOnly()
    {
        await FollowAsync(_a, "alice", "http://b.test/users/bob");
        await FollowAsync(_a, "amy", "http://b.test/users/bob");
        await FollowAsync(_b, "bob", "http://a.test/users/alice");
        await _network.DrainAsync();
        Assert.Equal(FollowState.Accepted, (await _a.Service<IFollowStore>().FindAsync("alice", "http://b.test/users/bob", FollowDirection.In, Ct))?.State);
        await _b.StoryAsync(_bob.Id, "Lupin hedge story");
        await _network.DrainAsync();
        using var alice = await _a.SignedInBrowserAsync("alice");
        using var amy = await _a.SignedInBrowserAsync("amy");

        var blocked = await alice.SubmitAsync("/settings/mutes", "/settings/domain-blocks", new Dictionary<string, string> { ["domain"] = "B.TEST" });
        Assert.Equal("/settings/mutes?notice=domain-blocked", blocked.Headers.Location?.OriginalString);
        await _network.DrainAsync();

        // Follows both ways ended here, and bob's hub was told (Undo for alice's, Reject for bob's).
        Assert.Null(await _a.Service<IFollowStore>().FindAsync("alice", "http://b.test/users/bob", FollowDirection.Out, Ct));
        Assert.Null(await _a.Service<IFollowStore>().FindAsync("alice", "http://b.test/users/bob", FollowDirection.In, Ct));
        Assert.Null(await _b.Service<IFollowStore>().FindAsync("bob", "http://a.test/users/alice", FollowDirection.In, Ct));
        Assert.Null(await _b.Service<IFollowStore>().FindAsync("bob", "http://a.test/users/alice", FollowDirection.Out, Ct));
        Assert.NotNull(await _b.Service<IFollowStore>().FindAsync("bob", "http://a.test/users/amy", FollowDirection.In, Ct));

        // Hidden for alice only.
        Assert.DoesNotContain("Lupin hedge story", (await alice.GetAsync("/network")).Html, StringComparison.Ordinal);
        Assert.Contains("Lupin hedge story", (await amy.GetAsync("/home")).Html, StringComparison.Ordinal);
        Assert.Contains("Lupin hedge story", (await amy.GetAsync("/network")).Html, StringComparison.Ordinal);

        // A new follow from there is refused; alice cannot follow there either until she lifts it.
        await FollowAsync(_b, "bob", "http://a.test/users/alice");
        await _network.DrainAsync();
        Assert.Null(await _a.Service<IFollowStore>().FindAsync("alice", "http://b.test/users/bob", FollowDirection.In, Ct));
        Assert.Null(await _b.Service<IFollowStore>().FindAsync("bob", "http://a.test/users/alice", FollowDirection.Out, Ct));
        Assert.IsType<Outcome<Follow>.Conflict>(await _a.Service<FollowService>().FollowAsync("alice", "http://b.test/users/bob", Ct));

        // Mentions from there are not notified.
        await _b.Service<PostService>().CreateStoryAsync(_bob.Id, Story("Hello @alice@a.test and @amy@a.test"), Ct);
        await _network.DrainAsync();
        Assert.DoesNotContain(await NoticesAsync(_alice), n => n.Kind == NotificationKind.Mention);
        Assert.Contains(await NoticesAsync(_amy), n => n.Kind == NotificationKind.Mention);

        // Lifted: bob's posts show again (the follows stay ended).
        var lifted = await alice.SubmitAsync("/settings/mutes", "/settings/domain-blocks/remove", new Dictionary<string, string>());
        Assert.Equal("/settings/mutes?notice=domain-unblocked", lifted.Headers.Location?.OriginalString);
        Assert.Contains("Lupin hedge story", (await alice.GetAsync("/network")).Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MutedMember_RepliesVanishUnderPosts_ForThatMemberOnly()
    {
        var story = await _a.StoryAsync(_alice.Id, "Alice asks about bikes");
        PostNetwork.Ok(await _a.Service<PostService>().ReplyAsync(_carol.Id, story, new ReplyInput("Carol answers with a tandem", null), Ct));
        using var alice = await _a.SignedInBrowserAsync("alice");
        using var amy = await _a.SignedInBrowserAsync("amy");
        Assert.Contains("Carol answers with a tandem", (await alice.GetAsync($"/stories/{story.Id}")).Html, StringComparison.Ordinal);

        await alice.SubmitAsync("/@carol", "/settings/mutes", new Dictionary<string, string> { ["action"] = "mute" });

        Assert.DoesNotContain("Carol answers with a tandem", (await alice.GetAsync($"/stories/{story.Id}")).Html, StringComparison.Ordinal);
        Assert.Contains("Carol answers with a tandem", (await amy.GetAsync($"/stories/{story.Id}")).Html, StringComparison.Ordinal);
        using var api = _a.CreateClient();
        Assert.Contains("Carol answers with a tandem", await api.GetStringAsync($"{Api.ApiTestKit.Prefix}/stories/{story.Id}/replies", Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task BlockedMemberHere_VanishesFromLocal_NothingIsSent_AndCanBeUnblocked()
    {
        await _a.StoryAsync(_carol.Id, "Carol's quince jelly");
        using var alice = await _a.SignedInBrowserAsync("alice");
        using var amy = await _a.SignedInBrowserAsync("amy");
        var outboxBefore = await CountOutboxAsync();

        var blocked = await alice.SubmitAsync("/@carol", "/settings/mutes", new Dictionary<string, string> { ["action"] = "block" });
        Assert.Equal("/settings/mutes?notice=blocked", blocked.Headers.Location?.OriginalString);

        Assert.DoesNotContain("Carol&#x27;s quince jelly", (await alice.GetAsync("/local")).Html, StringComparison.Ordinal);
        Assert.DoesNotContain("Carol's quince jelly", (await alice.GetAsync("/local")).Html, StringComparison.Ordinal);
        Assert.Contains("quince jelly", (await amy.GetAsync("/local")).Html, StringComparison.Ordinal);
        Assert.NotNull(await _a.Service<IMuteStore>().FindAsync(_alice.Id, _carol.Id.ToString("D"), MuteKind.Block, Ct));
        Assert.Equal(outboxBefore, await CountOutboxAsync());

        var unblocked = await alice.SubmitAsync("/settings/mutes", "/settings/mutes/unblock", new Dictionary<string, string>());
        Assert.Equal("/settings/mutes?notice=unblocked", unblocked.Headers.Location?.OriginalString);
        Assert.Contains("quince jelly", (await alice.GetAsync("/local")).Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Introductions_BetweenMembersWhereOneBlockedTheOther_AreRefused_AMuteIsNoRefusal()
    {
        var glue = await _a.CreateMemberAsync("glue", "correct horse battery", Role.GlueEr, Role.Member);
        var service = _a.Service<MuteService>();
        var introductions = _a.Service<Core.Introductions.IntroductionService>();
        Task<Outcome<Core.Introductions.Introduction>> ProposeAsync(string other) => introductions.ProposeAsync(
            glue.Id, new Core.Introductions.IntroductionCandidate.Local("alice"), new Core.Introductions.IntroductionCandidate.Local(other), "You both cycle.", "en", Ct);

        await service.MuteAsync(_alice, ((Outcome<MuteTarget>.Ok)await service.ResolveAsync(_alice, "@amy", Ct)).Value, Ct);
        Assert.IsType<Outcome<Core.Introductions.Introduction>.Ok>(await ProposeAsync("amy"));

        await service.BlockAsync(_carol, ((Outcome<MuteTarget>.Ok)await service.ResolveAsync(_carol, "@alice", Ct)).Value, Ct);
        Assert.IsType<Outcome<Core.Introductions.Introduction>.Forbidden>(await ProposeAsync("carol"));
    }

    [Fact]
    public async Task SettingsPage_BadAccountOrDomain_Is400WithTheErrorBesideTheField()
    {
        using var alice = await _a.SignedInBrowserAsync("alice");

        foreach (var (action, fields, field) in new[]
                 {
                     ("/settings/mutes", new Dictionary<string, string> { ["account"] = "@no_such_member", ["action"] = "mute" }, "account"),
                     ("/settings/mutes", new Dictionary<string, string> { ["account"] = "@alice", ["action"] = "block" }, "account"),
                     ("/settings/domain-blocks", new Dictionary<string, string> { ["domain"] = "a.test" }, "domain"),
                     ("/settings/domain-blocks", new Dictionary<string, string> { ["domain"] = "not a domain" }, "domain"),
                 })
        {
            var response = await alice.SubmitAsync("/settings/mutes", action, fields);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            var html = await response.Content.ReadAsStringAsync(Ct);
            Assert.Contains($"id=\"{field}-error\"", html, StringComparison.Ordinal);
        }

        Assert.True((await _a.Service<IMuteStore>().FilterOfAsync(_alice.Id, Ct)).IsEmpty);
    }

    [Fact]
    public async Task SettingsPage_SignedOut_RedirectsToSignIn()
    {
        using var browser = new Browserless(_a);
        var (status, _) = await browser.GetAsync("/settings/mutes");
        Assert.Equal(HttpStatusCode.Redirect, status);
    }

    private static StoryInput Story(string body) => new("A story", null, body, [], null, null, "public", false, null);

    private static async Task FollowAsync(NodeFactory node, string username, string target) =>
        Assert.IsType<Outcome<Follow>.Ok>(await node.Service<FollowService>().FollowAsync(username, target, Ct));

    private async Task<IReadOnlyList<Notification>> NoticesAsync(Member member) =>
        (await _a.Service<INotificationStore>().ListAsync(member.Id, Cursor.Start, 50, Ct)).Items;

    private async Task<long> CountStoredAsync(Member member)
    {
        await using var connection = await _a.Service<IDbConnectionFactory>().OpenAsync(Ct);
        return await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM notification WHERE member_id = @Id", new { Id = member.Id.ToString("D") });
    }

    private async Task<long> CountOutboxAsync()
    {
        await using var connection = await _a.Service<IDbConnectionFactory>().OpenAsync(Ct);
        return await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM outbox_activity");
    }
}
