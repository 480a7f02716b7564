using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace OurSociety.PageTests;

internal static class Accessibility
{
    /// <summary>
    /// Runs axe-core on the page exactly as it is now and fails on any serious or critical violation. axe is a
    /// script, so it runs on a copy of the current HTML in a script-enabled page (same URL, same stylesheet): that also
    /// covers pages reached with JavaScript off and form results that came back from a POST.
    /// </summary>
    public static async Task AssertNoSeriousViolationsAsync(this BrowserFixture browser, IPage page)
    {
        var html = await page.ContentAsync();
        var url = page.Url;
        await using var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            JavaScriptEnabled = true,
            ViewportSize = new ViewportSize { Width = 360, Height = 740 },
        });
        var copy = await context.NewPageAsync();
        copy.SetDefaultTimeout(15_000);
        await copy.RouteAsync(url, route => route.FulfillAsync(new RouteFulfillOptions
        {
            Status = 200,
            ContentType = "text/html; charset=utf-8",
            Body = html,
        }));
        await copy.GotoAsync(url);

        var results = await copy.RunAxe();

        var serious = results.Violations.Where(v => v.Impact is "serious" or "critical").ToList();
        Assert.True(serious.Count == 0, $"axe-core found on {url}:\n" + string.Join("\n", serious.Select(v =>
            $"- {v.Id} ({v.Impact}): {v.Help} at {string.Join(", ", v.Nodes.Select(n => string.Join(" ", n.Target)))}")));
    }
}
