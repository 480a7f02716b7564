using Microsoft.Playwright;
using OurSociety.Core;
using OurSociety.Core.Posts;
using static Microsoft.Playwright.Assertions;

namespace OurSociety.PageTests;

/// <summary>
/// Welsh and Arabic (right to left) pages pass axe like the English ones, and the footer's language switch works with
/// JavaScript off.
/// </summary>
public sealed class LanguagePageTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<Post> StoryAsync(string username)
    {
        var author = await browser.Node.CreateMemberAsync(username);
        return await browser.Node.Service<PostService>().CreateStoryAsync(author.Id,
            new StoryInput("Street party", "We closed the street for a day.", "It **rained**, and we stayed.", ["streets"], "Bristol", null, null, false, null), Ct)
            is Outcome<Post>.Ok(var post) ? post : throw new InvalidOperationException("no story");
    }

    [Theory]
    [InlineData("cy", "ltr")]
    [InlineData("ar", "rtl")]
    public async Task Public_pages_in_welsh_and_arabic_pass_axe(string language, string direction)
    {
        var story = await StoryAsync($"teller_{language}");
        var page = await browser.NewPageAsync(javaScript: false);
        string[] paths = ["/", "/local", "/network", "/signin", "/signup", "/search?q=street", $"/stories/{story.Id}", $"/@teller_{language}", "/tags/streets", "/no/such/page"];
        foreach (var path in paths)
        {
            await page.GotoAsync(path + (path.Contains('?', StringComparison.Ordinal) ? "&" : "?") + "lang=" + language);
            await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", language);
            await Expect(page.Locator("html")).ToHaveAttributeAsync("dir", direction);
            await browser.AssertGoodPageAsync(page);
        }
    }

    [Theory]
    [InlineData("cy", "ltr")]
    [InlineData("ar", "rtl")]
    public async Task Signed_in_pages_in_welsh_and_arabic_pass_axe(string language, string direction)
    {
        var username = $"reader_{language}";
        await browser.Node.CreateMemberAsync(username);
        var page = await browser.NewPageAsync(javaScript: false);
        await BrowserFixture.SignInAsync(page, username);
        await page.GotoAsync($"/language?to={language}&return=%2Fhome");   // stored as the member's choice
        foreach (var path in new[] { "/home", "/notifications", "/stories/new", "/lessons/new", "/settings", "/settings/account", "/settings/profile", $"/@{username}" })
        {
            await page.GotoAsync(path);
            await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", language);
            await Expect(page.Locator("html")).ToHaveAttributeAsync("dir", direction);
            await browser.AssertGoodPageAsync(page);
        }
    }

    [Fact]
    public async Task The_footer_switch_works_without_javascript_and_comes_back_to_the_same_page()
    {
        var page = await browser.NewPageAsync(javaScript: false);
        await page.GotoAsync("/search?q=street");
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");

        await page.ClickForPageAsync(page.Locator("footer").GetByRole(AriaRole.Link, new() { Name = "Cymraeg" }));
        await Expect(page).ToHaveURLAsync($"{browser.BaseUrl}/search?q=street");
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "cy");
        await Expect(page.Locator("footer a[aria-current=true]")).ToHaveTextAsync("Cymraeg");

        await page.ClickForPageAsync(page.Locator("footer").GetByRole(AriaRole.Link, new() { Name = "العربية" }));
        await Expect(page.Locator("html")).ToHaveAttributeAsync("dir", "rtl");
        await page.GotoAsync("/signin");   // the choice stays for the next pages
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "ar");
        await browser.AssertGoodPageAsync(page);
    }
}
