using Microsoft.Playwright;

namespace OurSociety.PageTests;

public sealed class PublicPageTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task Home_WithoutJavaScript_ShowsTheHubAndPassesAxe()
    {
        var page = await browser.NewPageAsync(javaScript: false);

        var response = await page.GotoAsync("/");

        Assert.Equal(200, response?.Status);
        Assert.Equal("Our Society hub", await page.Locator("h1").InnerTextAsync());
        Assert.Equal(0, await page.Locator("script").CountAsync());
        await browser.AssertNoSeriousViolationsAsync(page);
    }

    [Fact]
    public async Task Home_On360PxPhone_HasNoSidewaysScrolling()
    {
        var page = await browser.NewPageAsync();
        await page.GotoAsync("/");

        var overflow = await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > window.innerWidth");

        Assert.False(overflow);
    }

    [Fact]
    public async Task UnknownPage_ShowsAHelpfulNotFoundPage()
    {
        var page = await browser.NewPageAsync();

        var response = await page.GotoAsync("/no/such/page");

        Assert.Equal(404, response?.Status);
        Assert.Equal("Page not found", await page.Locator("h1").InnerTextAsync());
        await browser.AssertNoSeriousViolationsAsync(page);
    }
}
