using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using OurSociety.Testing;
using OurSociety.Web.Tests.Api;

namespace OurSociety.Web.Tests.Finding;

public sealed partial class FeedTests(NodeFactory node) : IClassFixture<NodeFactory>
{
    private static readonly XNamespace Atom = "http://www.w3.org/2005/Atom";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task HubFeed_IsValidAtom_WithEveryEntryField()
    {
        using var user = await node.ApiUserAsync("feed_hub");
        await user.StoryAsync(new { title = "Feed story", summary = "A teaser", body = "The **body**.", topics = new[] { "feedtopic" }, licence = "CC-BY-4.0" });
        await (await user.Client.PostAsJsonAsync(FindingKit.Lessons, new { title = "Feed lesson", learned = "We learned *this*.", advice = "Start." }, Ct))
            .JsonAsync(HttpStatusCode.Created);
        await node.ReceivedAsync("Not in the hub feed");

        var feed = await FeedAsync("/feed.atom");

        var entries = feed.Elements(Atom + "entry").ToList();
        Assert.Contains(entries, e => (string?)e.Element(Atom + "title") == "Feed story");
        Assert.DoesNotContain(entries, e => (string?)e.Element(Atom + "title") == "Not in the hub feed");
        var story = entries.Single(e => (string?)e.Element(Atom + "title") == "Feed story");
        Assert.Equal("A teaser", (string?)story.Element(Atom + "summary"));
        Assert.Equal("html", (string?)story.Element(Atom + "content")!.Attribute("type"));
        Assert.Contains("<strong>body</strong>", (string?)story.Element(Atom + "content"), StringComparison.Ordinal);
        Assert.Equal("feedtopic", (string?)story.Element(Atom + "category")!.Attribute("term"));
        Assert.Contains("Creative Commons Attribution 4.0", (string?)story.Element(Atom + "rights"), StringComparison.Ordinal);
        Assert.False(string.IsNullOrWhiteSpace((string?)story.Element(Atom + "author")!.Element(Atom + "name")));
        Assert.StartsWith($"{node.PublicUrl}/stories/", (string?)story.Element(Atom + "id"), StringComparison.Ordinal);
        var lesson = entries.Single(e => (string?)e.Element(Atom + "title") == "Feed lesson");
        Assert.Contains("<em>this</em>", (string?)lesson.Element(Atom + "content"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Feeds_HostileText_IsEscapedAndStillValid()
    {
        using var user = await node.ApiUserAsync("feed_hostile");
        await user.StoryAsync(new
        {
            title = "<script>alert(\"x\")</script> & ]]>",
            summary = "<img src=x onerror=alert(1)>",
            body = "<script>alert(1)</script><iframe src=\"https://evil.example\"></iframe>Text",
            topics = new[] { "hostilefeed" },
        });

        var raw = await RawAsync("/@feed_hostile/feed.atom");
        var feed = Validate(raw);

        var entry = Assert.Single(feed.Elements(Atom + "entry"));
        Assert.StartsWith("<script>alert(\"x\")</script> & ]]>", (string?)entry.Element(Atom + "title"), StringComparison.Ordinal);
        Assert.DoesNotContain("<script", raw, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<script", (string?)entry.Element(Atom + "content"), StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<iframe", (string?)entry.Element(Atom + "content"), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task TopicFeed_HasLocalAndReceived_MemberFeedOnlyTheirPublicOnes()
    {
        using var user = await node.ApiUserAsync("feed_member");
        await user.StoryAsync(new { title = "Mine public", body = "b", topics = new[] { "topicfeed" } });
        await user.StoryAsync(new { title = "Mine unlisted", body = "b", visibility = "unlisted" });
        await node.ReceivedAsync("Theirs on topic", topics: ["topicfeed"]);

        var topic = await FeedAsync("/tags/topicfeed/feed.atom");
        var member = await FeedAsync("/@feed_member/feed.atom");

        Assert.Equal(["Theirs on topic", "Mine public"], topic.Elements(Atom + "entry").Select(e => (string?)e.Element(Atom + "title")));
        Assert.Equal(["Mine public"], member.Elements(Atom + "entry").Select(e => (string?)e.Element(Atom + "title")));
        var received = topic.Elements(Atom + "entry").First();
        Assert.StartsWith("https://remote.example/objects/", (string?)received.Element(Atom + "id"), StringComparison.Ordinal);
        Assert.Contains(received.Elements(Atom + "link"), l => (string?)l.Attribute("rel") == "via");
    }

    [Fact]
    public async Task EmptyFeed_IsStillValid_AndUnknownOnes404()
    {
        await node.CreateMemberAsync("feed_quiet");

        var feed = await FeedAsync("/@feed_quiet/feed.atom");

        Assert.Empty(feed.Elements(Atom + "entry"));
        using var client = node.CreateClient();
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/@nobody_here/feed.atom", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/tags/not%20a%20topic/feed.atom", Ct)).StatusCode);
    }

    [Theory]
    [InlineData("/", "/feed.atom")]
    [InlineData("/local", "/feed.atom")]
    [InlineData("/tags/advertised", "/tags/advertised/feed.atom")]
    [InlineData("/@feed_advertised", "/@feed_advertised/feed.atom")]
    [InlineData("/@hub", "/feed.atom")]
    public async Task Pages_AdvertiseTheirFeed(string page, string feed)
    {
        if (page == "/@feed_advertised")
        {
            await node.CreateMemberAsync("feed_advertised");
        }

        using var browser = new Browserless(node);
        var (status, html) = await browser.GetAsync(page);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Matches($"<link rel=\"alternate\" type=\"application/atom\\+xml\" title=\"[^\"]*\" href=\"{Regex.Escape(feed)}\"\\s*/?>", WebUtility.HtmlDecode(html));
    }

    [Fact]
    public void Clean_DropsWhatXmlCannotCarry_KeepsEmoji()
    {
        Assert.Equal("ab🌱", OurSociety.Web.Features.Finding.AtomFeed.Clean("a\u0001b\uD800🌱"));
    }

    private async Task<XElement> FeedAsync(string url) => Validate(await RawAsync(url));

    private async Task<string> RawAsync(string url)
    {
        using var client = node.CreateClient();
        var response = await client.GetAsync(url, Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/atom+xml", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("utf-8", response.Content.Headers.ContentType?.CharSet);
        Assert.Contains("max-age", response.Headers.CacheControl?.ToString(), StringComparison.Ordinal);
        return await response.Content.ReadAsStringAsync(Ct);
    }

    /// <summary>The RFC 4287 rules a reader relies on: namespace, required elements, unique ids, RFC 3339 dates.</summary>
    private static XElement Validate(string xml)
    {
        var feed = XDocument.Parse(xml).Root!;
        Assert.Equal(Atom + "feed", feed.Name);
        Assert.False(string.IsNullOrWhiteSpace((string?)feed.Element(Atom + "id")));
        Assert.False(string.IsNullOrWhiteSpace((string?)feed.Element(Atom + "title")));
        AssertDate((string?)feed.Element(Atom + "updated"));
        Assert.Contains(feed.Elements(Atom + "link"), l => (string?)l.Attribute("rel") == "self");
        var feedHasAuthor = feed.Element(Atom + "author")?.Element(Atom + "name") is not null;
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entry in feed.Elements(Atom + "entry"))
        {
            var id = (string?)entry.Element(Atom + "id");
            Assert.True(Uri.IsWellFormedUriString(id, UriKind.Absolute), $"entry id {id}");
            Assert.True(ids.Add(id!), $"duplicate id {id}");
            Assert.NotNull(entry.Element(Atom + "title"));
            AssertDate((string?)entry.Element(Atom + "updated"));
            AssertDate((string?)entry.Element(Atom + "published"));
            Assert.Contains(entry.Elements(Atom + "link"), l => (string?)l.Attribute("rel") == "alternate" && l.Attribute("href") is not null);
            Assert.True(feedHasAuthor || entry.Element(Atom + "author")?.Element(Atom + "name") is not null);
        }

        return feed;
    }

    private static void AssertDate(string? value)
    {
        Assert.NotNull(value);
        Assert.Matches(Rfc3339(), value);
        Assert.True(DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.None, out _), value);
    }

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")]
    private static partial Regex Rfc3339();
}
