using System.Text.Json.Nodes;
using Dapper;
using OurSociety.Core.Federation;
using OurSociety.Core.Members;
using OurSociety.Core.Notifications;
using OurSociety.Core.Paging;
using OurSociety.Core.Posts;
using OurSociety.Federation.Follows;
using OurSociety.Federation.Posts;
using OurSociety.Storage.Sql;
using OurSociety.Testing;
using OurSociety.Web.Tests.Federation.Posts;

namespace OurSociety.Web.Tests.Federation.Replies;

/// <summary>
/// Moderated replies across two nodes: Bob on B answers Alice's story on A, whose reply policy holds his reply until
/// she decides. A publishes the policy as GoToSocial's interactionPolicy; B gets an Accept (with the authorization A
/// serves) or a Reject.
/// </summary>
public sealed class ReplyPolicyFederationTests : IAsyncLifetime
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
        PostNetwork.Ok(await _b.Service<FollowService>().FollowAsync("bob", "http://a.test/users/alice", Ct));
        await _network.DrainAsync();
    }

    public ValueTask DisposeAsync() => _network.DisposeAsync();

    [Fact]
    public async Task ApprovalPolicy_ReplyFromAnotherNode_IsHeldUntilApproved_ThenAcceptedThere()
    {
        var (story, copy) = await StoryWithPolicyAsync("approval");
        var policy = copy is null ? null : await ObjectAsync(story);
        Assert.Equal("http://a.test/users/alice", policy?["interactionPolicy"]?["canReply"]?["automaticApproval"]?[0]?.GetValue<string>());
        Assert.Equal("https://www.w3.org/ns/activitystreams#Public", policy?["interactionPolicy"]?["canReply"]?["manualApproval"]?[0]?.GetValue<string>());

        await _b.Service<PostService>().ReplyAsync(_bob.Id, copy!, new ReplyInput("Can I come?", null), Ct);
        await _network.DrainAsync();

        var held = Assert.Single(await _a.Service<IPostStore>().RepliesAsync(story.Id, Ct));
        Assert.Equal(ReplyState.Pending, held.ReplyState);
        Assert.Equal(0, (await _a.Service<IPostStore>().FindAsync(story.Id, Ct))!.ReplyCount);
        var access = _a.Service<PostAccess>();
        Assert.False(await access.CanSeeAsync(held, null, Ct));   // not to visitors
        Assert.True(await access.CanSeeAsync(held, _alice.Id, Ct));   // the story's author sees it
        var notices = await _a.Service<INotificationStore>().ListAsync(_alice.Id, Cursor.Start, 20, Ct);
        Assert.Contains(notices.Items, n => n.Kind == NotificationKind.ReplyAwaitingApproval && n.PostId == held.Id);
        Assert.DoesNotContain(notices.Items, n => n.Kind == NotificationKind.Reply);
        Assert.Empty(await AnswersOnBAsync());

        PostNetwork.Ok(await _a.Service<PostService>().DecideReplyAsync(_alice.Id, held.Id, approve: true, Ct));
        await _network.DrainAsync();

        Assert.True(await access.CanSeeAsync((await _a.Service<IPostStore>().FindAsync(held.Id, Ct))!, null, Ct));
        Assert.Equal(1, (await _a.Service<IPostStore>().FindAsync(story.Id, Ct))!.ReplyCount);
        var accept = JsonNode.Parse(Assert.Single(await AnswersOnBAsync()))!;
        Assert.Equal("Accept", accept["type"]!.GetValue<string>());
        Assert.Equal("http://a.test/users/alice", accept["actor"]!.GetValue<string>());
        Assert.Equal(held.ApId, accept["object"]!.GetValue<string>());
        Assert.Equal($"http://a.test/stories/{story.Id}", accept["target"]!.GetValue<string>());

        // The authorization it names is served, and names the reply and the story.
        using var client = _a.CreateClient();
        var authorization = JsonNode.Parse(await client.GetStringAsync(accept["result"]!.GetValue<string>(), Ct))!;
        Assert.Equal("ReplyAuthorization", authorization["type"]!.GetValue<string>());
        Assert.Equal(held.ApId, authorization["interactingObject"]!.GetValue<string>());
        Assert.Equal($"http://a.test/stories/{story.Id}", authorization["interactionTarget"]!.GetValue<string>());

        // Approving again changes nothing and sends nothing new.
        PostNetwork.Ok(await _a.Service<PostService>().DecideReplyAsync(_alice.Id, held.Id, approve: true, Ct));
        await _network.DrainAsync();
        Assert.Single(await AnswersOnBAsync());
    }

    [Fact]
    public async Task ApprovalPolicy_DeclinedReply_NeverShows_AndIsRejectedThere_EvenWhenDeliveredAgain()
    {
        var (story, copy) = await StoryWithPolicyAsync("approval");
        await _b.Service<PostService>().ReplyAsync(_bob.Id, copy!, new ReplyInput("Buy my stuff", null), Ct);
        await _network.DrainAsync();
        var held = Assert.Single(await _a.Service<IPostStore>().RepliesAsync(story.Id, Ct));

        PostNetwork.Ok(await _a.Service<PostService>().DecideReplyAsync(_alice.Id, held.Id, approve: false, Ct));
        await _network.DrainAsync();

        var declined = (await _a.Service<IPostStore>().FindAsync(held.Id, Ct))!;
        Assert.Equal(ReplyState.Declined, declined.ReplyState);
        var access = _a.Service<PostAccess>();
        Assert.False(await access.CanSeeAsync(declined, null, Ct));
        Assert.False(await access.CanSeeAsync(declined, _alice.Id, Ct));
        Assert.Equal(0, (await _a.Service<IPostStore>().FindAsync(story.Id, Ct))!.ReplyCount);
        var reject = JsonNode.Parse(Assert.Single(await AnswersOnBAsync()))!;
        Assert.Equal("Reject", reject["type"]!.GetValue<string>());
        Assert.Equal(held.ApId, reject["object"]!.GetValue<string>());

        // Changing one's mind is refused; the authorization of a declined reply does not exist.
        Assert.IsType<Core.Outcome<Post>.Conflict>(await _a.Service<PostService>().DecideReplyAsync(_alice.Id, held.Id, approve: true, Ct));
        using var client = _a.CreateClient();
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await client.GetAsync($"http://a.test/authorizations/replies/{held.Id}", Ct)).StatusCode);
    }

    [Fact]
    public async Task FollowingPolicy_ReplyFromSomeoneTheAuthorFollows_ShowsAtOnce_AndIsAccepted_OthersAreHeld()
    {
        var (story, copy) = await StoryWithPolicyAsync("following");
        await _b.Service<PostService>().ReplyAsync(_bob.Id, copy!, new ReplyInput("Not followed yet", null), Ct);
        await _network.DrainAsync();
        Assert.Equal(ReplyState.Pending, Assert.Single(await _a.Service<IPostStore>().RepliesAsync(story.Id, Ct)).ReplyState);

        PostNetwork.Ok(await _a.Service<FollowService>().FollowAsync("alice", "http://b.test/users/bob", Ct));
        await _network.DrainAsync();
        await _b.Service<PostService>().ReplyAsync(_bob.Id, copy!, new ReplyInput("Followed now", null), Ct);
        await _network.DrainAsync();

        var shown = Assert.Single(await _a.Service<IPostStore>().RepliesAsync(story.Id, Ct), r => r.Body!.Contains("Followed now", StringComparison.Ordinal));
        Assert.Equal(ReplyState.Shown, shown.ReplyState);
        Assert.Contains(await AnswersOnBAsync(), body => JsonNode.Parse(body)!["type"]!.GetValue<string>() == "Accept");
    }

    [Fact]
    public async Task AnyonePolicy_ReplyShowsAtOnce_AndNoAnswerIsSent()
    {
        var (story, copy) = await StoryWithPolicyAsync("anyone");
        await _b.Service<PostService>().ReplyAsync(_bob.Id, copy!, new ReplyInput("Hello", null), Ct);
        await _network.DrainAsync();

        Assert.Equal(ReplyState.Shown, Assert.Single(await _a.Service<IPostStore>().RepliesAsync(story.Id, Ct)).ReplyState);
        Assert.Empty(await AnswersOnBAsync());
    }

    private async Task<(Post Story, Post? Copy)> StoryWithPolicyAsync(string policy)
    {
        var story = PostNetwork.Ok(await _a.Service<PostService>().CreateStoryAsync(_alice.Id,
            new StoryInput("Open evening", null, "Come along.", [], null, null, "public", false, null) { ReplyPolicy = policy }, Ct));
        await _network.DrainAsync();
        return (story, await _b.FindAsync($"http://a.test/stories/{story.Id}"));
    }

    private async Task<JsonObject?> ObjectAsync(Post story) =>
        await _a.Service<LocalPostDocuments>().ObjectAsync(story, Ct);

    /// <summary>The Accepts and Rejects B received from Alice.</summary>
    private async Task<List<string>> AnswersOnBAsync()
    {
        await using var connection = await _b.Service<IDbConnectionFactory>().OpenAsync(Ct);
        return [.. await connection.QueryAsync<string>(new CommandDefinition(
            "SELECT body FROM inbox_activity WHERE actor = 'http://a.test/users/alice' AND type IN ('Accept', 'Reject') AND body NOT LIKE '%\"Follow\"%'",
            cancellationToken: Ct))];
    }
}
