using Microsoft.Playwright;
using OurSociety.Core;
using OurSociety.Core.Posts;
using static Microsoft.Playwright.Assertions;

namespace OurSociety.PageTests;

/// <summary>
/// Writing a story (preview, picture with its description, publish), and reading a story with a reply thread and a
/// lesson with its provenance, in a real browser with and without JavaScript, checked with axe-core.
/// </summary>
public sealed class PostPageTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private static readonly byte[] TinyPng = Convert.FromBase64String(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task StoryForm_PreviewThenPublish_WithAPicture_IsAccessible(bool javaScript)
    {
        var username = $"writer_{(javaScript ? "js" : "nojs")}";
        await browser.Node.CreateMemberAsync(username);
        var page = await browser.NewPageAsync(javaScript);
        await BrowserFixture.SignInAsync(page, username);
        await page.GotoAsync("/stories/new");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Write a story");
        await browser.AssertGoodPageAsync(page);

        await page.Field("Title").FillAsync("Seed swap in the park");
        await page.Field("Your story").FillAsync("We swapped **seeds**.\n\n# What we needed\n\nTables.");
        await page.Field("Topics").FillAsync("gardening, seeds");
        await page.Locator("#image0-file").SetInputFilesAsync(new FilePayload { Name = "seeds.png", MimeType = "image/png", Buffer = TinyPng });
        await page.Locator("#image0-alt").FillAsync("Paper bags of seeds on a table");
        var preview = await page.SubmitAsync("Preview");

        Assert.Equal(200, preview.Status);
        await Expect(page.GetByText("This is how it will look. Nothing is saved yet.")).ToBeVisibleAsync();
        await Expect(page.Locator(".preview strong")).ToHaveTextAsync("seeds");
        await Expect(page.GetByAltText("Paper bags of seeds on a table").First).ToBeVisibleAsync();
        await Expect(page.Field("Title")).ToHaveValueAsync("Seed swap in the park");
        await browser.AssertGoodPageAsync(page);

        var published = await page.SubmitAsync("Publish");

        Assert.Equal(200, published.Status);
        await Expect(page.Locator("h1")).ToHaveTextAsync("Seed swap in the park");
        await Expect(page.Notice()).ToHaveTextAsync("It is published.");
        await Expect(page.GetByAltText("Paper bags of seeds on a table")).ToBeVisibleAsync();
        await Expect(page.Link("#gardening")).ToBeVisibleAsync();
        await browser.AssertGoodPageAsync(page);
    }

    [Fact]
    public async Task StoryForm_WithProblems_ComesBackAccessibly()
    {
        await browser.Node.CreateMemberAsync("writer_slips");
        var page = await browser.NewPageAsync();
        await BrowserFixture.SignInAsync(page, "writer_slips");
        await page.GotoAsync("/stories/new");

        await page.Field("Your story").FillAsync("No title yet");
        await page.Locator("#image0-file").SetInputFilesAsync(new FilePayload { Name = "x.png", MimeType = "image/png", Buffer = TinyPng });
        var response = await page.SubmitAsync("Publish");

        Assert.Equal(400, response.Status);
        await Expect(page.GetByRole(AriaRole.Alert)).ToBeFocusedAsync();
        await Expect(page.Locator("#title-error")).ToBeVisibleAsync();
        await Expect(page.Locator("#image0-alt-error")).ToBeVisibleAsync();
        await Expect(page.Field("Title")).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(page.Field("Your story")).ToHaveValueAsync("No title yet");
        await browser.AssertGoodPageAsync(page);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task StoryPage_WithAThread_IsAccessibleForTheAuthorAndVisitors(bool signedIn)
    {
        var suffix = signedIn ? "in" : "out";
        var author = await browser.Node.CreateMemberAsync($"teller_{suffix}");
        var friend = await browser.Node.CreateMemberAsync($"friend_{suffix}");
        var story = await OkAsync(browser.Node.Service<PostService>().CreateStoryAsync(author.Id,
            new StoryInput("Street party", "We closed the street for a day.", "It **rained**, and we stayed anyway.", ["streets"], "Bristol", null, null, false, null), Ct));
        var first = await ReplyAsync(friend.Id, story, "How many came?");
        await ReplyAsync(author.Id, first, "About eighty.");
        var rude = await ReplyAsync(friend.Id, story, "Meh.");
        await browser.Node.Service<PostService>().HideReplyAsync(author.Id, rude.Id, true, Ct);
        await browser.Node.Service<PostService>().ReactAsync(friend.Id, story, ReactionKind.Like, true, Ct);

        var page = await browser.NewPageAsync(javaScript: false);
        if (signedIn)
        {
            await BrowserFixture.SignInAsync(page, author.Username);
        }

        await page.GotoAsync($"/stories/{story.Id}");

        await Expect(page.Locator("h1")).ToHaveTextAsync("Street party");
        await Expect(page.GetByText("About eighty.")).ToBeVisibleAsync();
        await Expect(page.GetByText("1 person found this helpful")).ToBeVisibleAsync();
        if (signedIn)
        {
            await Expect(page.GetByText("Meh.")).ToBeVisibleAsync();
            await Expect(page.Button("Show to everyone again")).ToBeVisibleAsync();
            await Expect(page.Field("Your reply")).ToBeVisibleAsync();
        }
        else
        {
            await Expect(page.GetByText("Meh.")).ToHaveCountAsync(0);
            await Expect(page.GetByText("A reply hidden by the author of the post.")).ToBeVisibleAsync();
        }

        await browser.AssertGoodPageAsync(page);
    }

    [Fact]
    public async Task LessonPage_WithProvenanceAndTriedReports_IsAccessible_AndTheReplyFormWorks()
    {
        var author = await browser.Node.CreateMemberAsync("teacher");
        var tryer = await browser.Node.CreateMemberAsync("tryer");
        var service = browser.Node.Service<PostService>();
        var story = await OkAsync(service.CreateStoryAsync(author.Id, new StoryInput("Repair café", null, "Fixing things.", null, null, null, null, false, null), Ct));
        var origin = browser.Node.PublicUrl;
        var original = await OkAsync(service.CreateLessonAsync(tryer.Id,
            new LessonInput("Start with one table", null, null, null, "Small is fine", null, null, null, null, null, null, false), Ct));
        var lesson = await OkAsync(service.CreateLessonAsync(author.Id, new LessonInput(
            "Ask people to bring one thing", "A village hall", "An open invitation", "Too many things at once", "Ask for *one* thing each",
            "Book the hall early", ["repair"], [$"{origin}/stories/{story.Id}", "https://elsewhere.example/stories/1"],
            $"{origin}/lessons/{original.Id}", null, null, false), Ct));
        await ReplyAsync(tryer.Id, lesson, "We did this in our town.", "It worked well.");

        var page = await browser.NewPageAsync();
        await BrowserFixture.SignInAsync(page, "tryer");
        await page.GotoAsync($"/lessons/{lesson.Id}");

        await Expect(page.Locator("h1")).ToHaveTextAsync("Ask people to bring one thing");
        await Expect(page.Link("Repair café")).ToBeVisibleAsync();
        await Expect(page.Link("Start with one table")).ToBeVisibleAsync();
        await Expect(page.GetByText("It worked well.")).ToBeVisibleAsync();
        await browser.AssertGoodPageAsync(page);

        await page.Field("Your reply").FillAsync("Thanks, trying it next month.");
        var replied = await page.SubmitAsync("Send reply");
        Assert.Equal(200, replied.Status);
        await Expect(page.Notice()).ToHaveTextAsync("Your reply is posted.");
        await Expect(page.GetByText("Thanks, trying it next month.")).ToBeVisibleAsync();

        await page.GotoAsync("/lessons/new");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Write a lesson");
        await browser.AssertGoodPageAsync(page);
    }

    private async Task<Post> ReplyAsync(Guid authorId, Post parent, string body, string? tried = null) =>
        await OkAsync(browser.Node.Service<PostService>().ReplyAsync(authorId, parent, new ReplyInput(body, tried), Ct));

    private static async Task<Post> OkAsync(Task<Outcome<Post>> work) =>
        await work is Outcome<Post>.Ok(var post) ? post : throw new InvalidOperationException((await work).ToString());
}
