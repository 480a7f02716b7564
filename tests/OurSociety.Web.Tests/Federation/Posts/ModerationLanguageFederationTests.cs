using System.Net;
using System.Text.Json.Nodes;
using OurSociety.Core.Federation;
using OurSociety.Core.Members;
using OurSociety.Core.Posts;
using OurSociety.Core.Work;
using OurSociety.Federation.Follows;
using OurSociety.Testing;

namespace OurSociety.Web.Tests.Federation.Posts;

/// <summary>
/// Two nodes: a moderator's removal reaches a follower's node as the author's own Delete would; a removed copy of a
/// post from elsewhere is removed here only; a post's language travels in contentMap and marks its text on the other node.
/// </summary>
public sealed class ModerationLanguageFederationTests : IAsyncLifetime
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private readonly FederationNetwork _network = new();
    private NodeFactory _a = null!;
    private NodeFactory _b = null!;
    private Member _alice = null!;
    private Member _moderator = null!;
    private Member _bob = null!;
    private Member _bModerator = null!;

    public async ValueTask InitializeAsync()
    {
        _a = _network.AddNode("http://a.test");
        _b = _network.AddNode("http://b.test");
        _alice = await _a.CreateMemberAsync("alice");
        _moderator = await _a.CreateMemberAsync("amod", roles: [Role.Moderator]);
        _bob = await _b.CreateMemberAsync("bob");
        _bModerator = await _b.CreateMemberAsync("bmod", roles: [Role.Admin]);
        var follow = PostNetwork.Ok(await _b.Service<FollowService>().FollowAsync("bob", "http://a.test/users/alice", Ct));
        await _network.DrainAsync();
        Assert.Equal(FollowState.Accepted, (await _b.Service<IFollowStore>().FindAsync(follow.Id, Ct))?.State);
    }

    public ValueTask DisposeAsync() => _network.DisposeAsync();

    [Fact]
    public async Task RemovalByAModerator_ReachesTheFollowersNode_AsADeletion()
    {
        var story = await _a.StoryAsync(_alice.Id, "Buy cheap watches");
        var storyUrl = $"http://a.test/stories/{story.Id}";
        await _network.DrainAsync();
        Assert.False((await _b.FindAsync(storyUrl))!.IsDeleted);

        Assert.IsType<OurSociety.Core.Outcome<bool>.Ok>(await _a.Service<PostService>().RemoveAsync(_moderator.Id, story.Id, PostKind.Story, "Advert", Ct));
        await _network.DrainAsync();

        var copy = (await _b.FindAsync(storyUrl))!;
        Assert.True(copy.IsDeleted);
        Assert.Null(copy.Title);
        Assert.False(copy.IsRemoved);   // there it is simply deleted: the reason stays on the hub that removed it
        using var client = _a.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, storyUrl);
        request.Headers.Accept.ParseAdd("application/activity+json");
        using var response = await client.SendAsync(request, Ct);
        Assert.Equal(HttpStatusCode.Gone, response.StatusCode);
    }

    [Fact]
    public async Task RemovalOfAReceivedCopy_IsLocal_TheOriginalStaysAndNothingIsSent()
    {
        var story = await _a.StoryAsync(_alice.Id, "Fine where it came from");
        var storyUrl = $"http://a.test/stories/{story.Id}";
        await _network.DrainAsync();
        var copy = (await _b.FindAsync(storyUrl))!;

        Assert.IsType<OurSociety.Core.Outcome<bool>.Ok>(await _b.Service<PostService>().RemoveAsync(_bModerator.Id, copy.Id, PostKind.Story, "Not for our hub", Ct));

        Assert.False(await _b.Service<IWorkItemStore>().IsPendingAsync(PostWork.Deleted, PostWork.Partition(copy.Id), Ct));
        await _network.DrainAsync();
        var removed = (await _b.Service<IPostStore>().FindAsync(copy.Id, Ct))!;
        Assert.Equal("Not for our hub", removed.Removal?.Reason);
        Assert.False((await _a.Service<IPostStore>().FindAsync(story.Id, Ct))!.IsDeleted);

        // Its author's later edit does not bring it back here.
        await _a.Service<PostService>().UpdateStoryAsync(_alice.Id, story.Id,
            new StoryInput("Edited where it came from", null, "New words", null, null, null, null, false, null), Ct);
        await _network.DrainAsync();
        Assert.True((await _b.Service<IPostStore>().FindAsync(copy.Id, Ct))!.IsDeleted);
        using var browser = new Browserless(_b);
        var (status, page) = await browser.GetAsync($"/stories/{copy.Id}");
        Assert.Equal(HttpStatusCode.Gone, status);
        Assert.Contains("removed by the hub&#x27;s moderators", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ArabicStory_TravelsWithContentMap_AndReadsRightToLeftOnTheOtherNode()
    {
        var story = PostNetwork.Ok(await _a.Service<PostService>().CreateStoryAsync(_alice.Id,
            new StoryInput("حديقة الحي", "زرعنا معا", "زرعنا الفول **معا**.", null, null, null, null, false, null) { Language = "ar" }, Ct));
        var storyUrl = $"http://a.test/stories/{story.Id}";

        using (var client = _a.CreateClient())
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, storyUrl);
            request.Headers.Accept.ParseAdd("application/activity+json");
            using var response = await client.SendAsync(request, Ct);
            var article = JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!;
            Assert.Equal((string?)article["content"], (string?)article["contentMap"]!["ar"]);
            Assert.Equal("حديقة الحي", (string?)article["nameMap"]!["ar"]);
            Assert.Equal("زرعنا معا", (string?)article["summaryMap"]!["ar"]);
        }

        await _network.DrainAsync();
        var copy = (await _b.FindAsync(storyUrl))!;
        Assert.Equal("ar", copy.Language);
        using var browser = new Browserless(_b);
        var (_, page) = await browser.GetAsync($"/stories/{copy.Id}");
        Assert.Contains("<h1 id=\"post-title\" lang=\"ar\" dir=\"auto\">حديقة الحي</h1>", page, StringComparison.Ordinal);
        Assert.Contains("<div class=\"content\" lang=\"ar\" dir=\"auto\">", page, StringComparison.Ordinal);
        _ = _bob;
    }
}
