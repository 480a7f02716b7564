using Microsoft.Playwright;

namespace OurSociety.PageTests;

/// <summary>Finding things the way a person (and a screen reader) does: by role and accessible name, or by label.</summary>
internal static class PageActions
{
    public static ILocator Button(this IPage page, string name) =>
        page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = name, Exact = true });

    public static ILocator Link(this IPage page, string name) =>
        page.GetByRole(AriaRole.Link, new PageGetByRoleOptions { Name = name, Exact = true });

    public static ILocator Field(this IPage page, string label) =>
        page.GetByLabel(label, new PageGetByLabelOptions { Exact = true });

    /// <summary>Opens the header's Menu (a <c>&lt;details&gt;</c>: no script needed), where most links live on a phone.</summary>
    public static async Task OpenMenuAsync(this IPage page)
    {
        if (await page.Locator("header details.menu").GetAttributeAsync("open") is null)
        {
            await page.Locator("header details.menu > summary").ClickAsync();
        }
    }

    /// <summary>The one-line confirmation a page shows after a form redirects to it.</summary>
    public static ILocator Notice(this IPage page) => page.GetByRole(AriaRole.Status);

    /// <summary>
    /// Clicks <paramref name="target"/> and returns the answer that ends the navigation it starts, after any redirects:
    /// the page now shown, with its status code.
    /// </summary>
    public static Task<IResponse> ClickForPageAsync(this IPage page, ILocator target) =>
        page.RunAndWaitForResponseAsync(
            () => target.ClickAsync(),
            response => response.Request.IsNavigationRequest && response.Frame == page.MainFrame && response.Status is < 300 or >= 400);

    /// <summary>Clicks the button with this name and returns the page that answers.</summary>
    public static Task<IResponse> SubmitAsync(this IPage page, string button) => page.ClickForPageAsync(page.Button(button));

    /// <summary>
    /// Turns off the browser's own checks (<c>required</c>, <c>min</c>, <c>max</c>) on every form, so a test can send
    /// what an old browser or a hand-made request would and see the server's answer. Needs JavaScript.
    /// </summary>
    public static Task SkipBrowserChecksAsync(this IPage page) =>
        page.EvaluateAsync("() => document.querySelectorAll('form').forEach(f => f.noValidate = true)");
}
