using System.Net;
using System.Net.Http.Json;
using OurSociety.Core.Posts;
using OurSociety.Testing;
using OurSociety.Web.Tests.Api;

namespace OurSociety.Web.Tests.Finding;

public sealed class TimelineTests(NodeFactory node) : IClassFixture<NodeFactory>
{
    private const string Timelines = ApiTestKit.Prefix + "/timelines";
    private const string Topics = ApiTestKit.Prefix + "/topics";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Network_HasOnlyReceived_LocalOnlyOurs()
    {
        using var user = await node.ApiUserAsync("timeline_local");
        await user.StoryAsync(new { title = "Written here", body = "b" });
        await node.ReceivedAsync("Came from afar");
        await node.ReceivedAsync("Followers only from afar", visibility: Visibility.Followers);
        using var anonymous = node.CreateClient();

        var network = await (await anonymous.GetAsync($"{Timelines}/network?limit=100", Ct)).JsonAsync(HttpStatusCode.OK);
        var local = await (await anonymous.GetAsync($"{Timelines}/local?limit=100", Ct)).JsonAsync(HttpStatusCode.OK);

        Assert.Contains("Came from afar", network.Titles());
        Assert.DoesNotContain("Followers only from afar", network.Titles());
        Assert.DoesNotContain("Written here", network.Titles());
        Assert.All(network.GetProperty("items").EnumerateArray(), p => Assert.StartsWith("https://", p.GetProperty("apId").GetString(), StringComparison.Ordinal));
        Assert.Contains("Written here", local.Titles());
        Assert.DoesNotContain("Came from afar", local.Titles());
    }

    [Fact]
    public async Task Home_IncludesFollowedTopics_AndNeedsSignIn()
    {
        using var user = await node.ApiUserAsync("timeline_home");
        await node.ReceivedAsync("About beekeeping", topics: ["beekeeping"], user: "beekeeper");
        await node.ReceivedAsync("About nothing followed", topics: ["unfollowedtopic"], user: "beekeeper");

        var before = await (await user.Client.GetAsync($"{Timelines}/home?limit=100", Ct)).JsonAsync(HttpStatusCode.OK);
        var followed = await (await user.Client.PostAsync($"{Topics}/BeeKeeping/follow", null, Ct)).JsonAsync(HttpStatusCode.OK);
        var after = await (await user.Client.GetAsync($"{Timelines}/home?limit=100", Ct)).JsonAsync(HttpStatusCode.OK);
        var topics = await (await user.Client.GetAsync(Topics, Ct)).JsonAsync(HttpStatusCode.OK);

        Assert.DoesNotContain("About beekeeping", before.Titles());
        Assert.Equal("beekeeping", followed.GetProperty("name").GetString());
        Assert.Equal($"{node.PublicUrl}/tags/beekeeping", followed.GetProperty("url").GetString());
        Assert.Contains("About beekeeping", after.Titles());
        Assert.DoesNotContain("About nothing followed", after.Titles());
        Assert.Equal(["beekeeping"], topics.GetProperty("items").EnumerateArray().Select(t => t.GetProperty("name").GetString()));

        var unfollowed = await (await user.Client.DeleteAsync($"{Topics}/beekeeping/follow", Ct)).JsonAsync(HttpStatusCode.OK);
        Assert.False(unfollowed.GetProperty("following").GetBoolean());
        Assert.DoesNotContain("About beekeeping", (await (await user.Client.GetAsync($"{Timelines}/home?limit=100", Ct)).JsonAsync(HttpStatusCode.OK)).Titles());
        using var anonymous = node.CreateClient();
        await (await anonymous.GetAsync($"{Timelines}/home", Ct)).ProblemAsync(HttpStatusCode.Unauthorized);
        await (await anonymous.PostAsync($"{Topics}/x/follow", null, Ct)).ProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Theory]
    [InlineData("two%20words")]
    [InlineData("a-b")]
    [InlineData("%23")]
    public async Task FollowTopic_NotATopic_Is400AndNothingStored(string topic)
    {
        using var user = await node.ApiUserAsync("timeline_badtopic_" + Math.Abs(topic.GetHashCode(StringComparison.Ordinal)));

        await (await user.Client.PostAsync($"{Topics}/{topic}/follow", null, Ct)).ValidationProblemAsync("topic");

        Assert.Empty((await node.Service<IPostStore>().FollowedTopicsAsync(user.Member.Id, Ct)));
    }

    [Fact]
    public async Task TimelinePages_ShowCards_AndNeverRemoteImages()
    {
        using var user = await node.ApiUserAsync("timeline_pages");
        await user.StoryAsync(new { title = "Local card", summary = "Short teaser", body = "b", topics = new[] { "cards" }, locality = "Hull" });
        await node.ReceivedAsync("Remote card", images: [new PostImage(null, "https://remote.example/pic.jpg", "A picture", "image/jpeg", 10, 10)]);
        using var browser = new Browserless(node);

        var (localStatus, local) = await browser.GetAsync("/local");
        var (networkStatus, network) = await browser.GetAsync("/network");
        var (homeStatus, _) = await browser.GetAsync("/home");

        Assert.Equal(HttpStatusCode.OK, localStatus);
        Assert.Contains("Local card", local, StringComparison.Ordinal);
        Assert.Contains("Short teaser", local, StringComparison.Ordinal);
        Assert.Contains("href=\"/tags/cards\"", local, StringComparison.Ordinal);
        Assert.Contains("Hull", local, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, networkStatus);
        Assert.Contains("Remote card", network, StringComparison.Ordinal);
        Assert.Contains("From remote.example", network, StringComparison.Ordinal);
        Assert.Contains("View the original", network, StringComparison.Ordinal);
        Assert.DoesNotContain("https://remote.example/pic.jpg", network, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, homeStatus);
        var (badStatus, _) = await browser.GetAsync("/local?cursor=%%%");
        Assert.Equal(HttpStatusCode.BadRequest, badStatus);
    }

    [Fact]
    public async Task LocalPage_PagesWithOlderLink()
    {
        using var user = await node.ApiUserAsync("timeline_older");
        for (var i = 0; i < 22; i++)
        {
            await user.StoryAsync(new { title = $"Older {i:D2}", body = "b" });
        }

        using var browser = new Browserless(node);
        var (_, first) = await browser.GetAsync("/@timeline_older");
        var older = System.Text.RegularExpressions.Regex.Match(first, "<a href=\"(/@timeline_older\\?cursor=[^\"]+)\" rel=\"next\"").Groups[1].Value;
        var (status, second) = await browser.GetAsync(System.Net.WebUtility.HtmlDecode(older));

        Assert.Contains("Older 21", first, StringComparison.Ordinal);
        Assert.DoesNotContain("Older 01", first, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("Older 01", second, StringComparison.Ordinal);
        Assert.Contains("Older 00", second, StringComparison.Ordinal);
        Assert.DoesNotContain("Older 21", second, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TopicPage_FollowFormWithoutJavaScript()
    {
        await node.CreateMemberAsync("timeline_topicpage");
        await node.ReceivedAsync("Gardening abroad", topics: ["gardening"]);
        using var browser = await node.SignedInBrowserAsync("timeline_topicpage");

        var (redirect, _) = await browser.GetAsync("/tags/Gardening");
        var (status, page) = await browser.GetAsync("/tags/gardening");
        var followed = await browser.SubmitAsync("/tags/gardening", "/tags/gardening/follow", new Dictionary<string, string>());
        var (_, after) = await browser.GetAsync(followed.Headers.Location!.OriginalString);

        Assert.Equal(HttpStatusCode.MovedPermanently, redirect);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("Gardening abroad", page, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, followed.StatusCode);
        Assert.Contains("You follow this topic now.", after, StringComparison.Ordinal);
        Assert.Contains("action=\"/tags/gardening/unfollow\"", after, StringComparison.Ordinal);
        var member = await node.Service<OurSociety.Core.Members.IMemberStore>().FindByUsernameAsync("timeline_topicpage", Ct);
        Assert.Equal(["gardening"], await node.Service<IPostStore>().FollowedTopicsAsync(member!.Id, Ct));
        var forged = await browser.PostWithoutTokenAsync("/tags/gardening/unfollow", new Dictionary<string, string>());
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        using var anonymous = new Browserless(node);
        var (_, signedOut) = await anonymous.GetAsync("/tags/gardening");
        Assert.DoesNotContain("/tags/gardening/follow", signedOut, StringComparison.Ordinal);
        var (notTopic, _) = await anonymous.GetAsync("/tags/not-a-topic");
        Assert.Equal(HttpStatusCode.NotFound, notTopic);
    }

    [Fact]
    public async Task Profile_ListsPublicAndUnlisted_HubListsLocal()
    {
        using var user = await node.ApiUserAsync("timeline_profile");
        await user.StoryAsync(new { title = "Profile public", body = "b" });
        await user.StoryAsync(new { title = "Profile unlisted", body = "b", visibility = "unlisted" });
        await user.StoryAsync(new { title = "Profile followers", body = "b", visibility = "followers" });
        await user.StoryAsync(new { title = "Profile draft", body = "b", draft = true });
        using var anonymous = new Browserless(node);

        var (_, profile) = await anonymous.GetAsync("/@timeline_profile");
        var (_, hub) = await anonymous.GetAsync("/@hub");

        Assert.Contains("Profile public", profile, StringComparison.Ordinal);
        Assert.Contains("Profile unlisted", profile, StringComparison.Ordinal);
        Assert.DoesNotContain("Profile followers", profile, StringComparison.Ordinal);
        Assert.DoesNotContain("Profile draft", profile, StringComparison.Ordinal);
        Assert.Contains("Profile public", hub, StringComparison.Ordinal);
        Assert.DoesNotContain("Profile unlisted", hub, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StoriesList_PagingEdgeCases()
    {
        using var user = await node.ApiUserAsync("timeline_edges");
        for (var i = 0; i < 4; i++)
        {
            await user.StoryAsync(new { title = $"Edge {i}", body = "b", topics = new[] { "edgepaging" } });
        }

        using var anonymous = node.CreateClient();
        var first = await (await anonymous.GetAsync($"{FindingKit.Stories}?topic=edgepaging&limit=2", Ct)).JsonAsync(HttpStatusCode.OK);
        var second = await (await anonymous.GetAsync($"{FindingKit.Stories}?topic=edgepaging&limit=2&cursor={first.GetProperty("next").GetString()}", Ct)).JsonAsync(HttpStatusCode.OK);
        var all = await (await anonymous.GetAsync($"{FindingKit.Stories}?topic=edgepaging&limit=4", Ct)).JsonAsync(HttpStatusCode.OK);

        Assert.Equal(["Edge 3", "Edge 2"], first.Titles());
        Assert.Equal(["Edge 1", "Edge 0"], second.Titles());
        Assert.Null(second.GetProperty("next").GetString());   // an exact multiple ends without an empty page
        Assert.Null(all.GetProperty("next").GetString());
        await (await anonymous.GetAsync($"{FindingKit.Stories}?limit=0", Ct)).ValidationProblemAsync("limit");
        await (await anonymous.GetAsync($"{FindingKit.Stories}?limit=101", Ct)).ValidationProblemAsync("limit");
        await (await anonymous.GetAsync($"{FindingKit.Stories}?cursor=not-a-cursor!", Ct)).ValidationProblemAsync("cursor");
        await (await anonymous.GetAsync($"{Timelines}/local?cursor=not-a-cursor!", Ct)).ValidationProblemAsync("cursor");
        var network = await (await anonymous.GetAsync($"{FindingKit.Stories}?source=network&topic=edgepaging", Ct)).JsonAsync(HttpStatusCode.OK);
        Assert.Empty(network.Titles());
    }
}
