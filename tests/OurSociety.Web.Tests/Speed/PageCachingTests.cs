using System.Net;
using OurSociety.Core.Posts;
using OurSociety.Testing;
using OurSociety.Web.Tests.Posts;

namespace OurSociety.Web.Tests.Speed;

/// <summary>
/// Public pages kept for signed-out visitors: a kept answer carries an <c>Age</c> header (the output cache adds it), a
/// change shows on the very next request, and a signed-in member or a page with a form token is never served a kept one.
/// </summary>
public sealed class PageCachingTests(NodeFactory node) : IClassFixture<NodeFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<(HttpResponseMessage Response, string Html)> GetAsync(HttpClient client, string url)
    {
        var response = await client.GetAsync(url, Ct);
        return (response, await response.Content.ReadAsStringAsync(Ct));
    }

    private static bool Kept(HttpResponseMessage response) => response.Headers.Age is not null;

    [Fact]
    public async Task StoryPage_SignedOut_IsKept_AndAnEditShowsAtOnce()
    {
        var member = await node.CreateMemberAsync("pc_editor");
        var story = await node.StoryAsync(member.Id, "First title");
        using var visitor = new Browserless(node);

        var (first, _) = await GetAsync(visitor.Client, $"/stories/{story.Id}");
        var (second, html) = await GetAsync(visitor.Client, $"/stories/{story.Id}");
        Assert.False(Kept(first));
        Assert.True(Kept(second), "the second visit should be served the kept page");
        Assert.Contains("First title", html, StringComparison.Ordinal);

        var edited = await node.Service<PostService>().UpdateStoryAsync(member.Id, story.Id,
            new StoryInput("Second title", null, "The story, edited", ["testing"], null, null, "public", false, null), Ct);
        Assert.IsType<OurSociety.Core.Outcome<Post>.Ok>(edited);

        var (after, afterHtml) = await GetAsync(visitor.Client, $"/stories/{story.Id}");
        Assert.False(Kept(after));
        Assert.Contains("Second title", afterHtml, StringComparison.Ordinal);
        Assert.DoesNotContain("First title", afterHtml, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StoryPage_SignedOut_ShowsADeletionAndANewReplyAtOnce()
    {
        var member = await node.CreateMemberAsync("pc_deleter");
        var story = await node.StoryAsync(member.Id, "Soon with a reply");
        var doomed = await node.StoryAsync(member.Id, "Soon gone");
        using var visitor = new Browserless(node);
        await GetAsync(visitor.Client, $"/stories/{story.Id}");
        await GetAsync(visitor.Client, $"/stories/{doomed.Id}");
        await GetAsync(visitor.Client, "/local");
        Assert.True(Kept((await GetAsync(visitor.Client, "/local")).Response));

        await node.ReplyAsync(member.Id, story, "A reply that must show straight away");
        await node.Service<PostService>().DeleteAsync(member.Id, doomed.Id, Ct);

        var (_, storyHtml) = await GetAsync(visitor.Client, $"/stories/{story.Id}");
        Assert.Contains("A reply that must show straight away", storyHtml, StringComparison.Ordinal);
        var (gone, _) = await GetAsync(visitor.Client, $"/stories/{doomed.Id}");
        Assert.Equal(HttpStatusCode.Gone, gone.StatusCode);
        var (_, local) = await GetAsync(visitor.Client, "/local");
        Assert.DoesNotContain("Soon gone", local, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignedInMember_IsNeverServedAKeptPage()
    {
        var member = await node.CreateMemberAsync("pc_member");
        var story = await node.StoryAsync(member.Id, "Read by everyone");
        using var visitor = new Browserless(node);
        await GetAsync(visitor.Client, $"/stories/{story.Id}");
        Assert.True(Kept((await GetAsync(visitor.Client, $"/stories/{story.Id}")).Response));
        using var browser = await node.SignedInBrowserAsync("pc_member");

        foreach (var _ in new[] { 1, 2 })
        {
            var (response, html) = await GetAsync(browser.Client, $"/stories/{story.Id}");
            Assert.False(Kept(response));
            Assert.Contains($"/stories/{story.Id}/edit", html, StringComparison.Ordinal);
        }

        // And what the member saw is not kept for the next visitor either.
        var (after, visitorHtml) = await GetAsync(visitor.Client, $"/stories/{story.Id}");
        Assert.DoesNotContain("/edit", visitorHtml, StringComparison.Ordinal);
        Assert.True(Kept(after));
    }

    [Fact]
    public async Task PageWithAFormToken_IsNeverKept()
    {
        // The hub's page carries the "follow from elsewhere" form, whose token belongs to one visitor's cookie.
        using var visitor = new Browserless(node);
        var (first, firstHtml) = await GetAsync(visitor.Client, "/@hub");
        var (second, secondHtml) = await GetAsync(visitor.Client, "/@hub");

        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.False(Kept(first));
        Assert.False(Kept(second));
        Assert.NotEqual(Token(firstHtml), Token(secondHtml));
    }

    [Fact]
    public async Task ActivityJson_IsNeverServedFromTheKeptPage()
    {
        var member = await node.CreateMemberAsync("pc_negotiator");
        var story = await node.StoryAsync(member.Id, "Both ways");
        using var visitor = new Browserless(node);
        await GetAsync(visitor.Client, $"/stories/{story.Id}");
        await GetAsync(visitor.Client, $"/stories/{story.Id}");
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/stories/{story.Id}");
        request.Headers.Accept.ParseAdd("application/activity+json");

        using var response = await visitor.Client.SendAsync(request, Ct);

        Assert.Equal("application/activity+json", response.Content.Headers.ContentType?.MediaType);
    }

    private static string Token(string html)
    {
        var match = System.Text.RegularExpressions.Regex.Match(html, "name=\"__RequestVerificationToken\" value=\"(?<v>[^\"]+)\"");
        Assert.True(match.Success, "no form token on the page");
        return match.Groups["v"].Value;
    }
}
