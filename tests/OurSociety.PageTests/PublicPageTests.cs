using Microsoft.Playwright;
using OurSociety.Core.Members;
using static Microsoft.Playwright.Assertions;

namespace OurSociety.PageTests;

/// <summary>What someone who is not signed in sees on a hub anyone may join.</summary>
public sealed class PublicPageTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Home_WithoutJavaScript_ShowsTheHubAndPassesAxe()
    {
        var page = await browser.NewPageAsync(javaScript: false);

        var response = await page.GotoAsync("/");

        Assert.Equal(200, response?.Status);
        Assert.Equal("Our Society hub", await page.Locator("h1").InnerTextAsync());
        await browser.AssertGoodPageAsync(page);
    }

    [Fact]
    public async Task UnknownPage_ShowsAHelpfulNotFoundPage()
    {
        var page = await browser.NewPageAsync();

        var response = await page.GotoAsync("/no/such/page");

        Assert.Equal(404, response?.Status);
        Assert.Equal("Page not found", await page.Locator("h1").InnerTextAsync());
        await browser.AssertGoodPageAsync(page);
    }

    [Fact]
    public async Task AxeCheck_PageWithProblems_FailsAndNamesThem()
    {
        var page = await browser.NewPageAsync(javaScript: false);
        await page.RouteAsync("**/__broken", route => route.FulfillAsync(new RouteFulfillOptions
        {
            ContentType = "text/html; charset=utf-8",
            Body = """
                <!DOCTYPE html><html><head><title>Broken</title><link rel="stylesheet" href="/site.css"></head>
                <body><main><h1>Broken</h1><input type="text"><p style="color:#bbb">Faint</p>
                <div style="width:500px" id="twice">Wide</div><p id="twice">Again</p></main></body></html>
                """,
        }));
        await page.GotoAsync("/__broken");

        var failure = await Assert.ThrowsAnyAsync<Exception>(() => browser.AssertNoSeriousViolationsAsync(page));

        Assert.Contains("html-has-lang", failure.Message, StringComparison.Ordinal);
        Assert.Contains("label", failure.Message, StringComparison.Ordinal);
        Assert.Contains("color-contrast", failure.Message, StringComparison.Ordinal);
        Assert.Contains("sideways scrolling", failure.Message, StringComparison.Ordinal);
        Assert.Contains("duplicate ids (labels and links to them break): twice", failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("stylesheet", failure.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/", 200, "Our Society hub")]
    [InlineData("/signin", 200, "Sign in")]
    [InlineData("/signup", 200, "Join Our Society hub")]
    [InlineData("/forbidden", 403, "Not allowed")]
    [InlineData("/signout", 405, "That does not work here")]
    [InlineData("/setup/not-the-setup-link", 404, "This setup link does not work")]
    [InlineData("/@nobody_of_that_name", 404, "No such member")]
    [InlineData("/no/such/page", 404, "Page not found")]
    public async Task Page_SignedOut_IsWellFormedAndAccessible(string path, int status, string heading)
    {
        var page = await browser.NewPageAsync(javaScript: false);

        var response = await page.GotoAsync(path);

        Assert.Equal(status, response?.Status);
        await Expect(page.Locator("h1")).ToHaveTextAsync(heading);
        await browser.AssertGoodPageAsync(page);
    }

    [Fact]
    public async Task Profile_OfAnAdminWithDetails_ShowsThemAccessibly()
    {
        var member = await browser.Node.CreateMemberAsync("public_profile", BrowserFixture.Password, Role.Admin, Role.Moderator);
        await browser.Node.Service<MemberService>().UpdateProfileAsync(member.Id, "Ada Lovelace",
            "Writes notes on engines.\nKeeps bees.", "Marylebone", Ct);
        var page = await browser.NewPageAsync(javaScript: false);

        var response = await page.GotoAsync("/@public_profile");

        Assert.Equal(200, response?.Status);
        await Expect(page.Locator("h1")).ToHaveTextAsync("Ada Lovelace");
        await Expect(page.GetByRole(AriaRole.List, new PageGetByRoleOptions { Name = "Roles" })).ToContainTextAsync("Moderator");
        await Expect(page.GetByText("Marylebone")).ToBeVisibleAsync();
        await browser.AssertGoodPageAsync(page);
    }

    [Fact]
    public async Task Settings_SignedOut_AsksToSignInThenReturns()
    {
        await browser.Node.CreateMemberAsync("public_returner");
        var page = await browser.NewPageAsync(javaScript: false);

        await page.GotoAsync("/settings");

        await Expect(page.Locator("h1")).ToHaveTextAsync("Sign in");
        await browser.AssertGoodPageAsync(page);
        await page.Field("Username").FillAsync("public_returner");
        await page.Field("Password").FillAsync(BrowserFixture.Password);
        await page.SubmitAsync("Sign in");
        await Expect(page).ToHaveURLAsync(browser.BaseUrl + "/settings");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Settings");
    }
}
