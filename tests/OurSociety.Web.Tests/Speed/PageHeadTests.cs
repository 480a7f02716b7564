using System.Net;
using System.Text.RegularExpressions;
using OurSociety.Core.Posts;
using OurSociety.Testing;
using OurSociety.Web.Tests.Content;
using OurSociety.Web.Tests.Posts;

namespace OurSociety.Web.Tests.Speed;

/// <summary>What a page's head tells search engines and link previews, and the files every page links to.</summary>
public sealed partial class PageHeadTests(NodeFactory node) : IClassFixture<NodeFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>The content of <c>&lt;meta name|property="<paramref name="key"/>"&gt;</c>, decoded; null when absent.</summary>
    private static string? Meta(string html, string key)
    {
        var match = Regex.Match(html, $"<meta (?:name|property)=\"{Regex.Escape(key)}\" content=\"(?<c>[^\"]*)\"");
        return match.Success ? WebUtility.HtmlDecode(match.Groups["c"].Value) : null;
    }

    private static string? Canonical(string html) => CanonicalLink().Match(html) is { Success: true } m ? m.Groups["h"].Value : null;

    [Fact]
    public async Task StoryWithPicture_HasDescriptionCanonicalAndPreviewTags()
    {
        await node.CreateMemberAsync("ph_writer");
        using var browser = await node.SignedInBrowserAsync("ph_writer");
        var response = await browser.PostMultipartAsync("/stories/new", "/stories/new", new Dictionary<string, string>
        {
            ["title"] = "Seed swap at the library",
            ["summary"] = "Forty people swapped seeds & stories.",
            ["body"] = "We met.",
            ["licence"] = "CC-BY-4.0",
            ["visibility"] = "public",
            ["image0-alt"] = "Packets of seeds",
            ["action"] = "publish",
        }, new PostPageKit.Upload("image0-file", TestImages.Png(40, 30)));
        var id = response.RedirectedPostId();
        using var visitor = new Browserless(node);

        var (status, html) = await visitor.GetAsync($"/stories/{id}");

        Assert.Equal(HttpStatusCode.OK, status);
        var url = $"{node.PublicUrl}/stories/{id}";
        Assert.Equal("Forty people swapped seeds & stories.", Meta(html, "description"));
        Assert.Equal(url, Canonical(html));
        Assert.Equal("article", Meta(html, "og:type"));
        Assert.Equal("Seed swap at the library", Meta(html, "og:title"));
        Assert.Equal("Forty people swapped seeds & stories.", Meta(html, "og:description"));
        Assert.Equal(url, Meta(html, "og:url"));
        Assert.Equal("Our Society hub", Meta(html, "og:site_name"));
        Assert.Matches($"^{Regex.Escape(node.PublicUrl)}/media/[0-9a-f-]+", Meta(html, "og:image"));
        Assert.Equal("Packets of seeds", Meta(html, "og:image:alt"));
        Assert.Equal("summary_large_image", Meta(html, "twitter:card"));
    }

    [Fact]
    public async Task LessonProfileAndHub_HaveCanonicalAndPreviewTags()
    {
        var member = await node.CreateMemberAsync("ph_teacher");
        var lesson = await node.LessonAsync(member.Id, "Start small");
        using var visitor = new Browserless(node);

        var (_, lessonHtml) = await visitor.GetAsync($"/lessons/{lesson.Id}");
        var (_, profileHtml) = await visitor.GetAsync("/@ph_teacher");
        var (_, hubHtml) = await visitor.GetAsync("/@hub");
        var (_, homeHtml) = await visitor.GetAsync("/");

        Assert.Equal($"{node.PublicUrl}/lessons/{lesson.Id}", Canonical(lessonHtml));
        Assert.Equal("Start small", Meta(lessonHtml, "og:title"));
        Assert.Equal("summary", Meta(lessonHtml, "twitter:card"));
        Assert.False(string.IsNullOrWhiteSpace(Meta(lessonHtml, "description")));
        Assert.Equal($"{node.PublicUrl}/@ph_teacher", Canonical(profileHtml));
        Assert.Equal("profile", Meta(profileHtml, "og:type"));
        Assert.Equal("Our Society hub", Meta(profileHtml, "og:site_name"));
        Assert.False(string.IsNullOrWhiteSpace(Meta(profileHtml, "description")));
        Assert.Equal($"{node.PublicUrl}/@hub", Canonical(hubHtml));
        Assert.Equal("website", Meta(hubHtml, "og:type"));
        Assert.Equal($"{node.PublicUrl}/", Canonical(homeHtml));
        Assert.Equal("Our Society hub", Meta(homeHtml, "og:title"));
        Assert.False(string.IsNullOrWhiteSpace(Meta(homeHtml, "description")));
    }

    [Theory]
    [InlineData("/signin")]
    [InlineData("/local")]
    [InlineData("/search?q=seeds")]
    public async Task EveryPage_HasADescription(string url)
    {
        using var visitor = new Browserless(node);

        var (_, html) = await visitor.GetAsync(url);

        Assert.False(string.IsNullOrWhiteSpace(Meta(html, "description")));
    }

    [Fact]
    public async Task Stylesheet_IsInEveryPageAllowedByItsHash_IconsAreServed_FaviconIsNot404()
    {
        using var visitor = new Browserless(node);
        var (_, html) = await visitor.GetAsync("/");
        using var page = await visitor.Client.GetAsync("/", Ct);
        var css = Regex.Match(html, "<style>(?<css>[^<]+)</style>").Groups["css"].Value;
        var icon = Regex.Match(html, "<link rel=\"icon\" href=\"(?<h>/favicon\\.[a-z0-9]+\\.svg)\"").Groups["h"].Value;

        // In the page: on slow 3G a separate stylesheet costs a round trip (400 ms) before the first paint.
        Assert.Contains("--accent", css, StringComparison.Ordinal);
        Assert.DoesNotContain("rel=\"stylesheet\"", html, StringComparison.Ordinal);
        var hash = Convert.ToBase64String(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(css)));
        Assert.Contains($"'sha256-{hash}'", page.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        Assert.NotEmpty(icon);   // fingerprinted: a new version gets a new address
        using var svg = await visitor.Client.GetAsync(icon, Ct);
        using var ico = await visitor.Client.GetAsync("/favicon.ico", Ct);
        Assert.Equal("image/svg+xml", svg.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.OK, ico.StatusCode);
        Assert.Equal("image/x-icon", ico.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task RobotsTxt_AllowsPublicPages_KeepsMembersPagesOut()
    {
        using var visitor = new Browserless(node);

        var (status, robots) = await visitor.GetAsync("/robots.txt");

        Assert.Equal(HttpStatusCode.OK, status);
        var lines = robots.Split('\n', StringSplitOptions.TrimEntries);
        Assert.Contains("User-agent: *", lines);
        Assert.Contains("Allow: /", lines);
        foreach (var path in new[] { "/settings", "/admin", "/api/", "/signout", "/notifications" })
        {
            Assert.Contains($"Disallow: {path}", lines);
        }

        Assert.DoesNotContain(lines, l => l is "Disallow: /" or "Disallow: /stories" or "Disallow: /@" or "Disallow: /signin");
    }

    [GeneratedRegex("<link rel=\"canonical\" href=\"(?<h>[^\"]+)\"")]
    private static partial Regex CanonicalLink();
}
