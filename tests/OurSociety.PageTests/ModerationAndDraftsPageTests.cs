using Microsoft.Playwright;
using OurSociety.Core;
using OurSociety.Core.Members;
using OurSociety.Core.Posts;
using static Microsoft.Playwright.Assertions;

namespace OurSociety.PageTests;

/// <summary>
/// A moderator removes a story from its page with a reason (the form, its problems and the tombstone checked with
/// axe-core, with and without JavaScript); a member finds their drafts at /drafts.
/// </summary>
public sealed class ModerationAndDraftsPageTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Moderator_RemovesAStoryWithAReason_AndItsPageSaysTheModeratorsDid(bool javaScript)
    {
        var suffix = javaScript ? "js" : "nojs";
        var author = await browser.Node.CreateMemberAsync($"mp_author_{suffix}");
        await browser.Node.CreateMemberAsync($"mp_mod_{suffix}", roles: [Role.Moderator]);
        var story = await OkAsync(browser.Node.Service<PostService>().CreateStoryAsync(author.Id,
            new StoryInput("Cheap watches here", null, "Buy now.", null, null, null, null, false, null), Ct));
        var page = await browser.NewPageAsync(javaScript);
        await BrowserFixture.SignInAsync(page, $"mp_mod_{suffix}");

        await page.GotoAsync($"/stories/{story.Id}");
        await page.ClickForPageAsync(page.Link("Remove"));
        await Expect(page.Locator("h1")).ToHaveTextAsync("Remove it?");
        await browser.AssertGoodPageAsync(page);

        var refused = await page.SubmitAsync("Yes, remove it");
        Assert.Equal(400, refused.Status);
        await Expect(page.Locator(".error-summary")).ToContainTextAsync("Please say why");
        await browser.AssertGoodPageAsync(page);

        await page.Field("Why is it removed?").FillAsync("Advert: breaks rule 2.");
        var removed = await page.SubmitAsync("Yes, remove it");
        Assert.Equal(200, removed.Status);
        await Expect(page.Notice()).ToHaveTextAsync("It is removed.");

        var tombstone = await page.GotoAsync($"/stories/{story.Id}");
        Assert.Equal(410, tombstone!.Status);
        // A moderator also reads the reason; everyone else only who removed it.
        await Expect(page.Locator("main")).ToContainTextAsync("This has been removed by the hub's moderators on ");
        await Expect(page.Locator("main")).ToContainTextAsync("Advert: breaks rule 2.");
        await browser.AssertGoodPageAsync(page);
    }

    [Fact]
    public async Task Drafts_AreListedToContinue_AndTheEmptyPageSaysWhatDraftsAre()
    {
        var writer = await browser.Node.CreateMemberAsync("mp_drafter");
        await browser.Node.CreateMemberAsync("mp_no_drafts");
        var draft = await OkAsync(browser.Node.Service<PostService>().CreateStoryAsync(writer.Id,
            new StoryInput("Our half-written story", null, null, null, null, null, null, true, null), Ct));
        var page = await browser.NewPageAsync();
        await BrowserFixture.SignInAsync(page, "mp_drafter");

        await page.GotoAsync("/drafts");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Your drafts");
        await browser.AssertGoodPageAsync(page);
        await page.ClickForPageAsync(page.Locator($"a[href='/stories/{draft.Id}/edit']"));
        await Expect(page.Field("Title")).ToHaveValueAsync("Our half-written story");
        await Expect(page.Field("Language of this post")).ToHaveValueAsync("en");

        var empty = await browser.NewPageAsync();
        await BrowserFixture.SignInAsync(empty, "mp_no_drafts");
        await empty.GotoAsync("/drafts");
        await Expect(empty.GetByText("You have no saved drafts.", new PageGetByTextOptions { Exact = false })).ToBeVisibleAsync();
        await browser.AssertGoodPageAsync(empty);
    }

    private static async Task<Post> OkAsync(Task<Outcome<Post>> work) =>
        await work is Outcome<Post>.Ok(var post) ? post : throw new InvalidOperationException("not created");
}
