using static Microsoft.Playwright.Assertions;

namespace OurSociety.PageTests;

/// <summary>Muted and blocked (issue 13): the settings page in a real browser, without JavaScript, and its axe check.</summary>
public sealed class MutePageTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task MutesPage_MuteBlockAndDomain_UndoButtons_AndAProblem_AreAccessible()
    {
        await browser.Node.CreateMemberAsync("mute_page");
        await browser.Node.CreateMemberAsync("mute_quiet");
        await browser.Node.CreateMemberAsync("mute_rude");
        var page = await browser.NewPageAsync(javaScript: false);
        await BrowserFixture.SignInAsync(page, "mute_page");
        await page.GotoAsync("/settings/mutes");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Muted and blocked");
        await browser.AssertGoodPageAsync(page);

        await page.Field("Who").FillAsync("@mute_quiet");
        Assert.Equal(200, (await page.SubmitAsync("Mute")).Status);
        await Expect(page.Notice()).ToHaveTextAsync("Muted. You will not see them any more.");
        await page.Field("Who").FillAsync("@mute_rude");
        Assert.Equal(200, (await page.SubmitAsync("Block")).Status);
        await page.Field("The hub's domain").FillAsync("Spam.Example");
        Assert.Equal(200, (await page.SubmitAsync("Block this hub")).Status);

        await Expect(page.Button("Unmute @mute_quiet")).ToBeVisibleAsync();
        await Expect(page.Button("Unblock @mute_rude")).ToBeVisibleAsync();
        await Expect(page.Button("Unblock spam.example")).ToBeVisibleAsync();
        await browser.AssertGoodPageAsync(page);

        await page.Field("The hub's domain").FillAsync("not a domain");
        Assert.Equal(400, (await page.SubmitAsync("Block this hub")).Status);
        await Expect(page.Locator("#domain-error")).ToBeVisibleAsync();
        await Expect(page.Field("The hub's domain")).ToHaveAttributeAsync("aria-invalid", "true");
        await browser.AssertGoodPageAsync(page);

        Assert.Equal(200, (await page.SubmitAsync("Unmute @mute_quiet")).Status);
        await Expect(page.GetByText("You have not muted anyone.")).ToBeVisibleAsync();
    }
}
