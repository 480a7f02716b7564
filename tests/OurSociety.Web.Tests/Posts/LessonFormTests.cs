using System.Net;
using OurSociety.Core.Posts;
using OurSociety.Testing;
using OurSociety.Web.Tests.Settings;

namespace OurSociety.Web.Tests.Posts;

/// <summary>Writing a lesson in the web form: its parts, sources (own stories ticked, other links typed) and "adapted from".</summary>
public sealed class LessonFormTests(NodeFactory node) : IClassFixture<NodeFactory>
{
    private const string New = "/lessons/new";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static List<KeyValuePair<string, string>> Lesson(string action = "publish") =>
    [
        new("title", "Ask in person, not only online"),
        new("situation", "A street of *forty* houses"),
        new("tried", "Posters"),
        new("happened", "Nobody came"),
        new("learned", "People come when a neighbour asks them"),
        new("advice", "Knock on doors"),
        new("topics", "organising doorknocking"),
        new("licence", "CC-BY-SA-4.0"),
        new("visibility", "public"),
        new("action", action),
    ];

    [Fact]
    public async Task Publish_WithSourcesAndAdaptedFrom_PageShowsTheChainBothWays()
    {
        var member = await node.CreateMemberAsync("lf_writer");
        var other = await node.CreateMemberAsync("lf_original");
        var story = await node.StoryAsync(member.Id, "Our street party");
        var original = await node.LessonAsync(other.Id, "Talk to neighbours");
        using var browser = await node.SignedInBrowserAsync("lf_writer");
        var storyUrl = $"{node.PublicUrl}/stories/{story.Id}";
        var originalUrl = $"{node.PublicUrl}/lessons/{original.Id}";
        var (_, form) = await browser.GetAsync(New);
        Assert.Contains($"value=\"{storyUrl}\"", form, StringComparison.Ordinal);

        var response = await browser.SubmitManyAsync(New, New,
        [
            .. Lesson(),
            new("sourceStory", storyUrl),
            new("sources", "https://elsewhere.example/stories/9\n"),
            new("adaptedFrom", originalUrl),
        ]);

        var id = response.RedirectedPostId();
        var lesson = await node.Service<IPostStore>().FindAsync(id, Ct);
        Assert.Equal([storyUrl, "https://elsewhere.example/stories/9"], lesson!.Sources);
        var (status, html) = await browser.GetAsync($"/lessons/{id}");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("Learned from", html, StringComparison.Ordinal);
        Assert.Contains($"<a href=\"{storyUrl}\">Our street party</a>", html, StringComparison.Ordinal);
        Assert.Contains("href=\"https://elsewhere.example/stories/9\"", html, StringComparison.Ordinal);
        Assert.Contains("Adapted from", html, StringComparison.Ordinal);
        Assert.Contains($"<a href=\"{originalUrl}\">Talk to neighbours</a>", html, StringComparison.Ordinal);
        Assert.Contains("<em>forty</em>", html, StringComparison.Ordinal);
        Assert.Contains("<h2>What we learned</h2>", html, StringComparison.Ordinal);

        var (_, originalPage) = await browser.GetAsync($"/lessons/{original.Id}");
        Assert.Contains("Lessons adapted from this one", originalPage, StringComparison.Ordinal);
        Assert.Contains($"<a href=\"{node.PublicUrl}/lessons/{id}\">Ask in person, not only online</a>", originalPage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Preview_ShowsEachPartAndStoresNothing()
    {
        var member = await node.CreateMemberAsync("lf_previewer");
        using var browser = await node.SignedInBrowserAsync("lf_previewer");

        var response = await browser.SubmitManyAsync(New, New, Lesson("preview"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.BodyAsync();
        Assert.Contains("Nothing is saved yet.", html, StringComparison.Ordinal);
        Assert.Contains("<h3>What we learned</h3>", html, StringComparison.Ordinal);
        Assert.Contains("<em>forty</em>", html, StringComparison.Ordinal);
        Assert.Equal(0, await node.CountPostsAsync(member.Id));
    }

    [Fact]
    public async Task AdaptLink_PrefillsAdaptedFrom()
    {
        var other = await node.CreateMemberAsync("lf_adaptee");
        await node.CreateMemberAsync("lf_adapter");
        var original = await node.LessonAsync(other.Id, "Adapt me");
        using var browser = await node.SignedInBrowserAsync("lf_adapter");
        var url = $"{node.PublicUrl}/lessons/{original.Id}";

        var (_, page) = await browser.GetAsync($"/lessons/{original.Id}");
        Assert.Contains($"href=\"/lessons/new?adapt={Uri.EscapeDataString(url)}\"", page, StringComparison.Ordinal);
        var (status, form) = await browser.GetAsync($"/lessons/new?adapt={Uri.EscapeDataString(url)}");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains($"id=\"adaptedFrom\" name=\"adaptedFrom\" value=\"{url}\"", form, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("title", "", "Please sum up the lesson in one line.")]
    [InlineData("learned", "", "Please say what you learned before publishing")]
    [InlineData("adaptedFrom", "not a link", "Please give the link")]
    [InlineData("sources", "javascript:alert(1)", "is not a link")]
    [InlineData("licence", "WTFPL", "Please choose one of these licences")]
    [InlineData("topics", "two-words!", "is not a topic")]
    public async Task Publish_BadInput_Is400BesideTheFieldAndStoresNothing(string field, string value, string message)
    {
        var member = await node.CreateMemberAsync("lf_bad_" + field.ToLowerInvariant());
        using var browser = await node.SignedInBrowserAsync(member.Username);

        var response = await browser.SubmitManyAsync(New, New, [.. Lesson().Where(f => f.Key != field), new(field, value)]);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var html = await response.BodyAsync();
        Assert.Contains($"id=\"{field}-error\"", html, StringComparison.Ordinal);
        Assert.Contains(message, html, StringComparison.Ordinal);
        Assert.Contains("Knock on doors</textarea>", html, StringComparison.Ordinal);
        Assert.Equal(0, await node.CountPostsAsync(member.Id));
    }

    [Fact]
    public async Task LessonFieldOver5000Characters_Is400()
    {
        var member = await node.CreateMemberAsync("lf_long");
        using var browser = await node.SignedInBrowserAsync("lf_long");

        var response = await browser.SubmitManyAsync(New, New, [.. Lesson().Where(f => f.Key != "tried"), new("tried", new string('x', PostLimits.LessonFieldMax + 1))]);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("id=\"tried-error\"", await response.BodyAsync(), StringComparison.Ordinal);
        Assert.Equal(0, await node.CountPostsAsync(member.Id));
    }

    [Fact]
    public async Task Edit_KeepsOwnStoriesTicked_AndSavesChanges()
    {
        var member = await node.CreateMemberAsync("lf_editor");
        var story = await node.StoryAsync(member.Id, "Where it started");
        var storyUrl = $"{node.PublicUrl}/stories/{story.Id}";
        var lesson = await node.LessonAsync(member.Id, "Before the edit", [storyUrl, "https://other.example/s/1"]);
        using var browser = await node.SignedInBrowserAsync("lf_editor");
        var edit = $"/lessons/{lesson.Id}/edit";

        var (_, form) = await browser.GetAsync(edit);
        Assert.Matches($"value=\"{System.Text.RegularExpressions.Regex.Escape(storyUrl)}\"[^>]*checked", form);
        Assert.Contains("https://other.example/s/1</textarea>", form, StringComparison.Ordinal);

        var saved = await browser.SubmitManyAsync(edit, edit, [.. Lesson(), new("sourceStory", storyUrl)]);

        Assert.Equal($"/lessons/{lesson.Id}?notice=changes-saved", saved.Headers.Location?.OriginalString);
        var after = await node.Service<IPostStore>().FindAsync(lesson.Id, Ct);
        Assert.Equal("Ask in person, not only online", after!.Title);
        Assert.Equal([storyUrl], after.Sources);
    }
}
