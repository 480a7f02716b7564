using System.Text.Json;
using Microsoft.Playwright;

namespace OurSociety.PageTests;

internal static class Accessibility
{
    /// <summary>
    /// What every page must be: exactly one <c>h1</c>, a <c>title</c>, no scripts, no duplicate ids, no sideways
    /// scrolling on a 360 px phone, and no serious or critical axe-core violation.
    /// </summary>
    public static async Task AssertGoodPageAsync(this BrowserFixture browser, IPage page)
    {
        var url = page.Url;
        Assert.True(await page.Locator("h1").CountAsync() == 1, $"{url} must have exactly one h1.");
        Assert.False(string.IsNullOrWhiteSpace(await page.TitleAsync()), $"{url} has no title.");
        Assert.True(await page.Locator("script").CountAsync() == 0, $"{url} has a script.");
        await browser.AssertNoSeriousViolationsAsync(page);
    }

    /// <summary>
    /// Runs axe-core on the page exactly as it is now and fails on any serious or critical violation. axe is a
    /// script, so it runs on a copy of the current HTML in the fixture's script-enabled checker page, under the same
    /// URL and with the same stylesheet: that also covers pages reached with JavaScript off and form results that came
    /// back from a POST. The checker is a 360 px wide phone, where it also checks for sideways scrolling.
    /// </summary>
    public static async Task AssertNoSeriousViolationsAsync(this BrowserFixture browser, IPage page)
    {
        await page.WaitForLoadStateAsync(LoadState.Load);
        var html = await page.ContentAsync();
        var url = page.Url;

        await browser.CheckerLock.WaitAsync(TestContext.Current.CancellationToken);
        string json;
        try
        {
            // document.open keeps the window, so axe stays loaded while the document is replaced by the copy.
            json = await browser.Checker.EvaluateAsync<string>("""
                async ([html, url]) => {
                    history.replaceState(null, '', url);
                    document.open();
                    document.write(html);
                    document.close();
                    await Promise.all([...document.querySelectorAll('link[rel=stylesheet]')].map(link => link.sheet ? null
                        : new Promise(done => { link.addEventListener('load', done); link.addEventListener('error', done); })));
                    // Only violations are needed; leaving out passes and incomplete results makes axe several times faster.
                    const axeResults = await axe.run(document, { resultTypes: ['violations'] });
                    return JSON.stringify({
                        missingStylesheets: [...document.querySelectorAll('link[rel=stylesheet]')].filter(link => !link.sheet).length,
                        duplicateIds: Object.entries([...document.querySelectorAll('[id]')].reduce((seen, e) =>
                            ({ ...seen, [e.id]: (seen[e.id] ?? 0) + 1 }), {})).filter(([, n]) => n > 1).map(([id]) => id),
                        overflow: document.documentElement.scrollWidth - document.documentElement.clientWidth,
                        violations: axeResults.violations.map(v => ({
                            id: v.id, impact: v.impact ?? '', help: v.help, targets: v.nodes.map(n => n.target.flat().join(' ')) })),
                    });
                }
                """, new[] { html, url });
        }
        finally
        {
            browser.CheckerLock.Release();
        }

        var result = JsonSerializer.Deserialize<Result>(json, JsonSerializerOptions.Web)!;   // JSON.stringify never gives null here
        // Moderate and minor findings are worth reading but do not fail the run.
        foreach (var v in result.Violations.Where(v => v.Impact is not ("serious" or "critical")))
        {
            TestContext.Current.TestOutputHelper?.WriteLine($"axe ({v.Impact}) on {url}: {v.Id}: {v.Help} at {string.Join(", ", v.Targets)}");
        }

        var problems = result.Violations.Where(v => v.Impact is "serious" or "critical")
            .Select(v => $"- {v.Id} ({v.Impact}): {v.Help} at {string.Join(", ", v.Targets)}")
            .ToList();
        if (result.MissingStylesheets > 0)
        {
            problems.Add($"- {result.MissingStylesheets} stylesheet(s) did not load, so colours and layout were not checked");
        }

        if (result.DuplicateIds.Length > 0)
        {
            problems.Add($"- duplicate ids (labels and links to them break): {string.Join(", ", result.DuplicateIds)}");
        }

        if (result.Overflow > 0)
        {
            problems.Add($"- sideways scrolling: {result.Overflow} px wider than a 360 px screen");
        }

        Assert.True(problems.Count == 0, $"{url} has problems:\n{string.Join("\n", problems)}");
    }

    private sealed record Result(int MissingStylesheets, string[] DuplicateIds, int Overflow, Violation[] Violations);

    private sealed record Violation(string Id, string Impact, string Help, string[] Targets);
}
