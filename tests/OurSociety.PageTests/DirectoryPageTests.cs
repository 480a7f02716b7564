using Microsoft.Playwright;
using OurSociety.Core.Hubs;
using static Microsoft.Playwright.Assertions;

namespace OurSociety.PageTests;

/// <summary>The network directory (<c>/network/hubs</c>) in a real browser, with and without JavaScript.</summary>
public sealed class DirectoryPageTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Directory_ListsSearchesAndRefusesABadTopic_Accessibly(bool javaScript)
    {
        var suffix = javaScript ? "js" : "nojs";
        var node = browser.Node;
        await node.WriteAsync(tx => node.Service<IDirectoryStore>().ReplaceAsync(
        [
            new DirectoryEntry($"https://far{suffix}.example/users/hub", $"far{suffix}.example", $"Far Menders {suffix}", "Fartown",
                "We mend things.", ["repair"], 12, [], 1, $"https://far{suffix}.example/@hub", node.Time.GetUtcNow()),
        ], tx, Ct));
        var page = await browser.NewPageAsync(javaScript);

        var response = await page.GotoAsync("/network/hubs");
        Assert.Equal(200, response?.Status);
        await Expect(page.Locator("h1")).ToHaveTextAsync("Hubs in the network");
        await Expect(page.GetByText($"Far Menders {suffix}")).ToBeVisibleAsync();
        await browser.AssertGoodPageAsync(page);

        await page.GetByLabel("Place").FillAsync("fartown");
        await page.GetByRole(AriaRole.Button, new() { Name = "Search" }).ClickAsync();
        await Expect(page.GetByText($"Far Menders {suffix}")).ToBeVisibleAsync();

        await page.GetByLabel("Topic").FillAsync("not one");
        await page.GetByRole(AriaRole.Button, new() { Name = "Search" }).ClickAsync();
        await Expect(page.Locator(".error-summary")).ToBeVisibleAsync();
        await browser.AssertGoodPageAsync(page);
    }
}
