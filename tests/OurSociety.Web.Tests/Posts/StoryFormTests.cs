using System.Net;
using OurSociety.Core.Posts;
using OurSociety.Testing;
using OurSociety.Web.Tests.Content;

namespace OurSociety.Web.Tests.Posts;

/// <summary>Writing, previewing, drafting, publishing, editing and deleting a story in the web form, JavaScript off.</summary>
public sealed class StoryFormTests(NodeFactory node) : IClassFixture<NodeFactory>
{
    private const string New = "/stories/new";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static Dictionary<string, string> Story(string action = "publish") => new()
    {
        ["title"] = "Our repair café",
        ["summary"] = "Forty people fixed things together.",
        ["body"] = "We met in the **library**.",
        ["topics"] = "Repair, #community  repair",
        ["locality"] = "Leeds",
        ["licence"] = "CC-BY-4.0",
        ["visibility"] = "public",
        ["action"] = action,
    };

    [Fact]
    public async Task NewStory_SignedOut_RedirectsToSignIn()
    {
        using var browser = new Browserless(node);

        var response = await browser.Client.GetAsync(New, Ct);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/signin", response.Headers.Location?.PathAndQuery, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NewStory_Page_OffersEveryFieldWithLabels()
    {
        await node.CreateMemberAsync("sf_looker");
        using var browser = await node.SignedInBrowserAsync("sf_looker");

        var (status, html) = await browser.GetAsync(New);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("enctype=\"multipart/form-data\"", html, StringComparison.Ordinal);
        foreach (var field in new[] { "title", "summary", "body", "topics", "locality", "image0-file", "image0-alt", "image3-file", "licence-CC-BY-SA-4.0", "visibility-followers" })
        {
            Assert.Contains($"<label for=\"{field}\"", html, StringComparison.Ordinal);
        }

        Assert.Matches("id=\"licence-CC-BY-SA-4.0\"[^>]*checked", html);
        Assert.Matches("id=\"visibility-public\"[^>]*checked", html);
        Assert.Contains("value=\"preview\"", html, StringComparison.Ordinal);
        Assert.Contains("value=\"draft\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Publish_WithPicture_RedirectsToThePageShowingEverything()
    {
        var member = await node.CreateMemberAsync("sf_writer");
        using var browser = await node.SignedInBrowserAsync("sf_writer");

        var response = await browser.PostMultipartAsync(New, New, Story().With("image0-alt", "Volunteers at a table"),
            new PostPageKit.Upload("image0-file", TestImages.Png(40, 30)));

        var id = response.RedirectedPostId();
        Assert.Equal($"/stories/{id}?notice=published", response.Headers.Location?.OriginalString);
        var post = await node.Service<IPostStore>().FindAsync(id, Ct);
        Assert.NotNull(post);
        Assert.False(post.Draft);
        Assert.Equal(["community", "repair"], post.Topics.Order());
        Assert.Equal("CC-BY-4.0", post.Licence);
        var image = Assert.Single(post.Images);
        Assert.Equal("Volunteers at a table", image.Alt);

        var page = await browser.Client.GetAsync($"/stories/{id}?notice=published", Ct);
        var html = await page.BodyAsync();
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("Accept", page.Headers.Vary);
        Assert.Contains("It is published.", html, StringComparison.Ordinal);
        Assert.Contains("<h1 id=\"post-title\" lang=\"en\" dir=\"ltr\">Our repair café</h1>", html, StringComparison.Ordinal);
        Assert.Contains("<strong>library</strong>", html, StringComparison.Ordinal);
        Assert.Contains("href=\"/tags/repair\"", html, StringComparison.Ordinal);
        Assert.Contains("Leeds", html, StringComparison.Ordinal);
        Assert.Contains("href=\"https://creativecommons.org/licenses/by/4.0/\"", html, StringComparison.Ordinal);
        Assert.Matches($"<img src=\"/media/{image.MediaId}\" [^>]*width=\"40\" height=\"30\" alt=\"Volunteers at a table\"", html);
        var head = html[..html.IndexOf("</head>", StringComparison.Ordinal)];
        Assert.Matches($"<link rel=\"alternate\" type=\"application/activity(\\+|&#x2B;)json\" href=\"{node.PublicUrl}/stories/{id}\"\\s*/?>", head);
        Assert.Equal(1, await node.CountPostsAsync(member.Id));
    }

    [Fact]
    public async Task Preview_ShowsTheRenderedStoryAndStoresNothing()
    {
        var member = await node.CreateMemberAsync("sf_previewer");
        using var browser = await node.SignedInBrowserAsync("sf_previewer");

        var response = await browser.PostMultipartAsync(New, New, Story("preview"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.BodyAsync();
        Assert.Contains("Nothing is saved yet.", html, StringComparison.Ordinal);
        Assert.Contains("<strong>library</strong>", html, StringComparison.Ordinal);
        Assert.Contains("value=\"Our repair café\"", html, StringComparison.Ordinal);
        Assert.Contains("We met in the **library**.</textarea>", html, StringComparison.Ordinal);
        Assert.Equal(0, await node.CountPostsAsync(member.Id));
    }

    [Fact]
    public async Task Preview_WithPicture_KeepsItSoPublishingNeedsNoSecondUpload()
    {
        var member = await node.CreateMemberAsync("sf_slowlink");
        using var browser = await node.SignedInBrowserAsync("sf_slowlink");

        var preview = await browser.PostMultipartAsync(New, New, Story("preview").With("image1-alt", "A bicycle"),
            new PostPageKit.Upload("image1-file", TestImages.Jpeg(32, 32), "bike.jpg", "image/jpeg"));
        Assert.Equal(HttpStatusCode.OK, preview.StatusCode);
        var html = await preview.BodyAsync();
        var kept = System.Text.RegularExpressions.Regex.Match(html, "name=\"image1-id\" value=\"(?<id>[0-9a-f-]{36})\"");
        Assert.True(kept.Success, "The uploaded picture should travel in a hidden field.");
        Assert.Equal(0, await node.CountPostsAsync(member.Id));

        var publish = await browser.PostMultipartAsync(New, New, Story().With("image1-id", kept.Groups["id"].Value).With("image1-alt", "A red bicycle"));

        var post = await node.Service<IPostStore>().FindAsync(publish.RedirectedPostId(), Ct);
        var image = Assert.Single(post!.Images);
        Assert.Equal(Guid.Parse(kept.Groups["id"].Value), image.MediaId);
        Assert.Equal("A red bicycle", image.Alt);
        Assert.Equal(1, await node.CountMediaAsync(member.Id));
    }

    [Fact]
    public async Task Draft_OnlyTheAuthorSeesIt_UntilPublishedFromTheEditForm()
    {
        await node.CreateMemberAsync("sf_drafter");
        await node.CreateMemberAsync("sf_peeker");
        using var author = await node.SignedInBrowserAsync("sf_drafter");
        using var other = await node.SignedInBrowserAsync("sf_peeker");

        var saved = await author.PostMultipartAsync(New, New, new Dictionary<string, string> { ["title"] = "Half-written", ["action"] = "draft" });
        var id = saved.RedirectedPostId();
        Assert.EndsWith("?notice=draft-saved", saved.Headers.Location?.OriginalString, StringComparison.Ordinal);
        Assert.Contains("Only you can see it until you publish it.", (await author.GetAsync($"/stories/{id}")).Html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/stories/{id}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/stories/{id}/edit")).Status);

        var edit = $"/stories/{id}/edit";
        var published = await author.PostMultipartAsync(edit, edit, Story().With("title", "Now finished"));

        Assert.Equal($"/stories/{id}?notice=published", published.Headers.Location?.OriginalString);
        var (status, html) = await other.GetAsync($"/stories/{id}");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("Now finished", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Edit_PublishedStory_SavesChangesButCannotGoBackToDraft()
    {
        var member = await node.CreateMemberAsync("sf_editor");
        var story = await node.StoryAsync(member.Id, "First version");
        using var browser = await node.SignedInBrowserAsync("sf_editor");
        var edit = $"/stories/{story.Id}/edit";
        var (_, form) = await browser.GetAsync(edit);
        Assert.Contains("value=\"First version\"", form, StringComparison.Ordinal);
        Assert.DoesNotContain("value=\"draft\"", form, StringComparison.Ordinal);

        var back = await browser.PostMultipartAsync(edit, edit, Story("draft").With("title", "Second version"));
        Assert.Equal(HttpStatusCode.BadRequest, back.StatusCode);
        Assert.Contains("cannot go back to being a draft", await back.BodyAsync(), StringComparison.Ordinal);
        Assert.Equal("First version", (await node.Service<IPostStore>().FindAsync(story.Id, Ct))!.Title);

        var saved = await browser.PostMultipartAsync(edit, edit, Story().With("title", "Second version"));
        Assert.Equal($"/stories/{story.Id}?notice=changes-saved", saved.Headers.Location?.OriginalString);
        var after = await node.Service<IPostStore>().FindAsync(story.Id, Ct);
        Assert.Equal("Second version", after!.Title);
        Assert.False(after.Draft);
    }

    [Fact]
    public async Task Edit_SomeoneElsesStory_Is403AndChangesNothing()
    {
        var owner = await node.CreateMemberAsync("sf_owner");
        await node.CreateMemberAsync("sf_intruder");
        var story = await node.StoryAsync(owner.Id, "Mine");
        using var browser = await node.SignedInBrowserAsync("sf_intruder");

        Assert.Equal(HttpStatusCode.Forbidden, (await browser.GetAsync($"/stories/{story.Id}/edit")).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await browser.GetAsync($"/stories/{story.Id}/delete")).Status);
        var forged = await browser.PostWithTokenAsync($"/stories/{story.Id}/delete", new Dictionary<string, string>(), "/stories/new");
        Assert.Equal(HttpStatusCode.Forbidden, forged.StatusCode);
        Assert.False((await node.Service<IPostStore>().FindAsync(story.Id, Ct))!.IsDeleted);
    }

    [Fact]
    public async Task Delete_AfterConfirming_PageAnswers410()
    {
        var member = await node.CreateMemberAsync("sf_deleter");
        var story = await node.StoryAsync(member.Id, "Soon gone");
        using var browser = await node.SignedInBrowserAsync("sf_deleter");

        var (status, confirm) = await browser.GetAsync($"/stories/{story.Id}/delete");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("Soon gone", confirm, StringComparison.Ordinal);
        var deleted = await browser.SubmitAsync($"/stories/{story.Id}/delete", $"/stories/{story.Id}/delete", new Dictionary<string, string>());

        Assert.Equal("/?notice=post-deleted", deleted.Headers.Location?.OriginalString);
        var (gone, html) = await browser.GetAsync($"/stories/{story.Id}");
        Assert.Equal(HttpStatusCode.Gone, gone);
        Assert.Contains("deleted by its author", html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Gone, (await browser.GetAsync($"/stories/{story.Id}/edit")).Status);
    }

    public static TheoryData<string, string, string> BadStories => new()
    {
        { "no-title", "title", "Please give your story a title." },
        { "long-body", "body", "100,000" },
        { "unknown-licence", "licence", "Please choose one of these licences" },
        { "missing-alt", "image0-alt", "Please describe this picture" },
        { "wrong-type", "image0-file", "" },
        { "five-pictures", "images", "up to 4 pictures" },
        { "not-a-visibility", "visibility", "Please choose who can see it" },
    };

    [Theory]
    [MemberData(nameof(BadStories))]
    public async Task Publish_BadInput_Is400BesideTheFieldKeepsTheTextAndStoresNothing(string problem, string field, string message)
    {
        var member = await node.CreateMemberAsync("sf_bad_" + problem.Replace('-', '_'));
        using var browser = await node.SignedInBrowserAsync(member.Username);
        var fields = Story();
        var files = new List<PostPageKit.Upload>();
        switch (problem)
        {
            case "no-title":
                fields["title"] = "  ";
                break;
            case "long-body":
                fields["body"] = new string('a', PostLimits.BodyMax + 1);
                break;
            case "unknown-licence":
                fields["licence"] = "GPL-3.0";
                break;
            case "missing-alt":
                files.Add(new("image0-file", TestImages.Png(8, 8)));
                break;
            case "wrong-type":
                fields["image0-alt"] = "Not really a picture";
                files.Add(new("image0-file", "<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>"u8.ToArray(), "evil.png"));
                break;
            case "five-pictures":
                for (var i = 0; i < 5; i++)
                {
                    fields[$"image{i}-alt"] = "A picture";
                    files.Add(new($"image{i}-file", TestImages.Png(8, 8)));
                }

                break;
            case "not-a-visibility":
                fields["visibility"] = "secret";
                break;
        }

        var response = await browser.PostMultipartAsync(New, New, fields, [.. files]);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var html = await response.BodyAsync();
        Assert.Contains($"id=\"{field}-error\"", html, StringComparison.Ordinal);
        Assert.Contains(message, html, StringComparison.Ordinal);
        Assert.Contains("class=\"error-summary\"", html, StringComparison.Ordinal);
        Assert.Contains(problem == "no-title" ? "Forty people fixed things together." : "value=\"Our repair café\"", html, StringComparison.Ordinal);
        Assert.Equal(0, await node.CountPostsAsync(member.Id));
        if (problem is "wrong-type" or "five-pictures")
        {
            Assert.Equal(0, await node.CountMediaAsync(member.Id));
        }
    }

    [Fact]
    public async Task Publish_WithoutAntiforgeryToken_Is400AndStoresNothing()
    {
        var member = await node.CreateMemberAsync("sf_forged");
        using var browser = await node.SignedInBrowserAsync("sf_forged");
        using var content = new MultipartFormDataContent();
        foreach (var (name, value) in Story())
        {
            content.Add(new StringContent(value), name);
        }

        var response = await browser.Client.PostAsync(New, content, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(0, await node.CountPostsAsync(member.Id));
    }
}
