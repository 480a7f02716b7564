using Microsoft.Playwright;
using OurSociety.Core.Members;
using static Microsoft.Playwright.Assertions;

namespace OurSociety.PageTests;

/// <summary>An admin sets the hub's name, rules, accent colour and logo; visitors read them on /about.</summary>
public sealed class HubIdentityPageTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    /// <summary>A real 1×1 PNG: the node checks what a file is by its first bytes.</summary>
    private static readonly byte[] TinyPng = Convert.FromBase64String(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==");

    [Fact]
    public async Task Admin_SetsNameRulesAccentAndLogo_VisitorsSeeThemOnAbout()
    {
        await browser.Node.CreateMemberAsync("hub_page_admin", BrowserFixture.Password, Role.Admin, Role.Member);
        var page = await browser.NewPageAsync(javaScript: true);
        await BrowserFixture.SignInAsync(page, "hub_page_admin");
        await page.GotoAsync("/admin");
        await page.ClickForPageAsync(page.Link("Change the hub's name, rules, logo and colour"));
        await Expect(page.Locator("h1")).ToHaveTextAsync("The hub's name, rules and look");
        await browser.AssertGoodPageAsync(page);

        await page.Field("Name").FillAsync("Riverside Menders");
        await page.Field("Rules").FillAsync("1. Be kind.\n2. **No** adverts.");
        await page.Field("Accent colour").FillAsync("#ffcc00");
        var refused = await page.SubmitAsync("Save");
        Assert.Equal(400, refused.Status);
        await Expect(page.Locator("#accent-error")).ToContainTextAsync("White text on #ffcc00 has a contrast of 1.5:1; it needs at least 4.5:1.");
        await Expect(page.Field("Accent colour")).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(page.Field("Name")).ToHaveValueAsync("Riverside Menders");   // what was typed is kept
        await browser.AssertGoodPageAsync(page);

        await page.Field("Accent colour").FillAsync("#7a1f5c");
        var saved = await page.SubmitAsync("Save");
        Assert.Equal(200, saved.Status);
        await Expect(page.Notice()).ToHaveTextAsync("The hub's details are saved.");
        // The accent reaches the page (the content security policy lets exactly that style through).
        var linkColour = await page.Link("Back to Admin").EvaluateAsync<string>("a => getComputedStyle(a).color");
        Assert.Equal("rgb(122, 31, 92)", linkColour);

        await page.Field("Choose a picture").SetInputFilesAsync(new FilePayload { Name = "logo.png", MimeType = "image/png", Buffer = TinyPng });
        var uploaded = await page.SubmitAsync("Upload logo");
        Assert.Equal(200, uploaded.Status);
        await Expect(page.Notice()).ToHaveTextAsync("The logo is saved.");
        await Expect(page.GetByAltText("The hub's current logo")).ToBeVisibleAsync();
        await browser.AssertGoodPageAsync(page);

        var visitor = await browser.NewPageAsync(javaScript: false);
        await visitor.GotoAsync("/");
        await visitor.ClickForPageAsync(visitor.Locator("main").GetByRole(AriaRole.Link, new() { Name = "About this hub, its rules and who runs it" }));
        await Expect(visitor.Locator("h1")).ToHaveTextAsync("About Riverside Menders");
        await Expect(visitor.Locator(".rules strong")).ToHaveTextAsync("No");
        await Expect(visitor.Locator("header.site a.brand")).ToHaveTextAsync("Riverside Menders");
        await Expect(visitor.Locator("header.site a.brand img")).ToHaveCountAsync(1);
        await Expect(visitor.GetByRole(AriaRole.Link, new() { Name = "hub_page_admin" })).ToBeVisibleAsync();
        await browser.AssertGoodPageAsync(visitor);
    }
}
