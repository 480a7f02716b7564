using OurSociety.Core.Federation;
using OurSociety.Core.Members;
using OurSociety.Core.Notifications;
using OurSociety.Core.Paging;
using OurSociety.Core.Posts;
using OurSociety.Federation.Follows;
using OurSociety.Federation.Posts;
using OurSociety.Testing;

namespace OurSociety.Web.Tests.Federation.Posts;

/// <summary>
/// Three nodes in one process (issue 5's chain): a story on B, a lesson learned from it on A, a lesson adapted from that
/// on C. Every node shows the whole chain; edits and deletions travel along it; replies reach the author's node; the
/// hub's boost reaches a follower of the hub.
/// </summary>
public sealed class MultiNodePostTests : IAsyncLifetime
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private readonly FederationNetwork _network = new();
    private NodeFactory _a = null!;
    private NodeFactory _b = null!;
    private NodeFactory _c = null!;
    private Member _alice = null!;
    private Member _bob = null!;
    private Member _carol = null!;

    public async ValueTask InitializeAsync()
    {
        _a = _network.AddNode("http://a.test");
        _b = _network.AddNode("http://b.test");
        _c = _network.AddNode("http://c.test");
        _alice = await _a.CreateMemberAsync("alice");
        _bob = await _b.CreateMemberAsync("bob");
        _carol = await _c.CreateMemberAsync("carol");
    }

    public ValueTask DisposeAsync() => _network.DisposeAsync();

    [Fact]
    public async Task LessonChain_AcrossThreeNodes_EveryNodeShowsIt_AndEditsAndDeletesPropagate()
    {
        var story = await _b.StoryAsync(_bob.Id, "Winter pantry");
        var storyUrl = $"http://b.test/stories/{story.Id}";
        var lesson = await _a.LessonAsync(_alice.Id, "Start the rota a month early", sources: [storyUrl]);
        var lessonUrl = $"http://a.test/lessons/{lesson.Id}";
        await _network.DrainAsync();   // A resolves the lesson's links (fetches the story) and tells B
        var adapted = await _c.LessonAsync(_carol.Id, "Start the rota six weeks early", adaptedFrom: lessonUrl);
        var adaptedUrl = $"http://c.test/lessons/{adapted.Id}";
        await _network.DrainAsync();

        // A fetched the story it credits; B was told of the lesson; C fetched the lesson and its story.
        Assert.Equal("Winter pantry", (await _a.FindAsync(storyUrl))?.Title);
        Assert.Equal("Start the rota a month early", (await _c.FindAsync(lessonUrl))?.Title);
        Assert.Equal("Winter pantry", (await _c.FindAsync(storyUrl))?.Title);
        Assert.NotNull(await _b.FindAsync(lessonUrl));   // B was told of the lesson learned from its story
        Assert.NotNull(await _a.FindAsync(adaptedUrl));
        Assert.NotNull(await _b.FindAsync(adaptedUrl));

        foreach (var node in new[] { _a, _b, _c })
        {
            var resolver = node.Service<PostResolver>();
            var adaptedHere = node == _c ? adapted : (await node.FindAsync(adaptedUrl))!;
            var chain = await resolver.ProvenanceAsync(adaptedHere, Ct);
            var parent = Assert.Single(chain.AdaptedFrom);
            Assert.Equal("Start the rota a month early", parent.Post?.Title);
            var source = Assert.Single((await resolver.ProvenanceAsync(parent.Post!, Ct)).Sources);
            Assert.Equal("Winter pantry", source.Post?.Title);
            Assert.Equal(Lesson(adaptedHere), Lesson(Assert.Single(await resolver.AdaptationsAsync(parent.Post!, Ct))));
            Assert.Equal("Start the rota six weeks early", adaptedHere.Title);
            Assert.Equal("Ask neighbours first.", adaptedHere.Advice);

            // And the pages people read show the same chain, whichever node they are on.
            using var browser = node.CreateClient();
            var adaptedPage = await browser.GetStringAsync($"/lessons/{adaptedHere.Id}", Ct);
            Assert.Contains("Start the rota a month early", adaptedPage, StringComparison.Ordinal);
            var parentPage = await browser.GetStringAsync($"/lessons/{parent.Post!.Id}", Ct);
            Assert.Contains("Winter pantry", parentPage, StringComparison.Ordinal);
            Assert.Contains("Start the rota six weeks early", parentPage, StringComparison.Ordinal);
        }

        using (var bPages = _b.CreateClient())
        {
            Assert.Contains("Start the rota a month early", await bPages.GetStringAsync($"/stories/{story.Id}", Ct), StringComparison.Ordinal);
        }

        // Alice edits her lesson: B (its source's node) and C (which adapted it) see the new title.
        await _a.Service<PostService>().UpdateLessonAsync(_alice.Id, lesson.Id, new LessonInput(
            "Start the rota five weeks early", "A small town.", "A rota.", "It worked.", "Start early.", "Ask neighbours first.",
            ["lessons"], [storyUrl], null, null, null, false), Ct);
        await _network.DrainAsync();
        foreach (var node in new[] { _b, _c })
        {
            Assert.Equal("Start the rota five weeks early", (await node.FindAsync(lessonUrl))?.Title);
        }

        // Bob deletes the story: A and C, which credit it, drop their copies.
        await _b.Service<PostService>().DeleteAsync(_bob.Id, story.Id, Ct);
        await _network.DrainAsync();
        Assert.True((await _a.FindAsync(storyUrl))?.IsDeleted);

        using var client = _a.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/lessons/{lesson.Id}");
        request.Headers.Accept.ParseAdd("application/activity+json");
        using var response = await client.SendAsync(request, Ct);
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task ReplyFromAnotherNode_AppearsUnderTheStory_AuthorNotified_DeleteRemovesIt()
    {
        // Bob follows alice, so her story reaches B; he replies there.
        var follow = PostNetwork.Ok(await _b.Service<FollowService>().FollowAsync("bob", "http://a.test/users/alice", Ct));
        await _network.DrainAsync();
        Assert.Equal(FollowState.Accepted, (await _b.Service<IFollowStore>().FindAsync(follow.Id, Ct))?.State);
        var lesson = await _a.LessonAsync(_alice.Id, "Ask early");
        var lessonUrl = $"http://a.test/lessons/{lesson.Id}";
        await _network.DrainAsync();
        var copy = await _b.FindAsync(lessonUrl);
        Assert.NotNull(copy);

        var reply = PostNetwork.Ok(await _b.Service<PostService>().ReplyAsync(_bob.Id, copy, new ReplyInput("It worked for us too.", "We tried it in March."), Ct));
        await _network.DrainAsync();
        var there = Assert.Single(await _a.Service<IPostStore>().RepliesAsync(lesson.Id, Ct));
        Assert.Contains("It worked for us too.", there.Body, StringComparison.Ordinal);
        Assert.Equal("We tried it in March.", there.TriedOutcome);
        Assert.Equal("http://b.test/users/bob", there.RemoteAuthor);
        var notices = await _a.Service<INotificationStore>().ListAsync(_alice.Id, Cursor.Start, 20, Ct);
        Assert.Contains(notices.Items, n => n.Kind == NotificationKind.Tried && n.Actor == "http://b.test/users/bob" && n.PostId == there.Id);
        Assert.Contains(notices.Items, n => n.Kind == NotificationKind.Follow && n.Actor == "http://b.test/users/bob");

        // A like from B counts on A.
        await _b.Service<PostService>().ReactAsync(_bob.Id, copy, ReactionKind.Like, add: true, Ct);
        await _network.DrainAsync();
        Assert.Equal(1, (await _a.Service<IPostStore>().FindAsync(lesson.Id, Ct))?.LikeCount);
        await _b.Service<PostService>().ReactAsync(_bob.Id, copy, ReactionKind.Like, add: false, Ct);
        await _network.DrainAsync();
        Assert.Equal(0, (await _a.Service<IPostStore>().FindAsync(lesson.Id, Ct))?.LikeCount);

        await _b.Service<PostService>().DeleteAsync(_bob.Id, reply.Id, Ct);
        await _network.DrainAsync();
        Assert.True((await _a.Service<IPostStore>().FindAsync(there.Id, Ct))?.IsDeleted);
        Assert.Equal(0, (await _a.Service<IPostStore>().FindAsync(lesson.Id, Ct))!.ReplyCount);
    }

    [Fact]
    public async Task HubBoost_ReachesAFollowerOfTheHub_InTheirHomeTimeline()
    {
        var follow = PostNetwork.Ok(await _b.Service<FollowService>().FollowAsync("bob", "http://a.test/users/hub", Ct));
        await _network.DrainAsync();
        Assert.Equal(FollowState.Accepted, (await _b.Service<IFollowStore>().FindAsync(follow.Id, Ct))?.State);

        var story = await _a.StoryAsync(_alice.Id, "Repair café in the library", "public", "repair");
        var storyUrl = $"http://a.test/stories/{story.Id}";

        await _network.DrainAsync();
        var home = await _b.Service<IPostStore>().ListAsync(new PostQuery { HomeOf = _bob.Id }, Cursor.Start, 20, Ct);
        var shown = home.Items.Single(i => i.ApId == storyUrl);
        Assert.Equal("Repair café in the library", shown.Title);
        Assert.Equal("http://a.test/users/alice", shown.RemoteAuthor);
        Assert.Equal(["repair"], shown.Topics);
        Assert.Equal(1, shown.ShareCount);

        // Not boosted: a followers-only story.
        var quiet = await _a.StoryAsync(_alice.Id, "Only for followers", "followers");
        var later = await _a.StoryAsync(_alice.Id, "A later public one");
        await _network.DrainAsync();
        Assert.NotNull(await _b.FindAsync($"http://a.test/stories/{later.Id}"));
        Assert.Null(await _b.FindAsync($"http://a.test/stories/{quiet.Id}"));
    }

    private static (string?, string?) Lesson(Post post) => (post.Title, post.ApId ?? post.Id.ToString());
}
