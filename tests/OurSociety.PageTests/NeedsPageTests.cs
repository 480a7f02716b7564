using Microsoft.Playwright;
using OurSociety.Core;
using OurSociety.Core.Members;
using OurSociety.Core.Needs;
using static Microsoft.Playwright.Assertions;

namespace OurSociety.PageTests;

/// <summary>
/// Needs and offers in a real browser, with and without JavaScript, checked with axe-core: posting a need (its
/// problems first), Ways to help, and a glue-er's view of a need with the offers that match it, in Arabic too.
/// </summary>
public sealed class NeedsPageTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task NeedForm_ProblemsThenPosted_IsAccessible(bool javaScript)
    {
        var username = $"needs_{(javaScript ? "js" : "nojs")}";
        await browser.Node.CreateMemberAsync(username);
        var page = await browser.NewPageAsync(javaScript);
        await BrowserFixture.SignInAsync(page, username);
        await page.GotoAsync("/write");
        await page.ClickForPageAsync(page.Link("Post a need"));
        await Expect(page.Locator("h1")).ToHaveTextAsync("Post a need");
        await browser.AssertGoodPageAsync(page);

        await page.Field("End date (if there is one)").FillAsync("2020-01-01");
        var refused = await page.SubmitAsync("Post it");

        Assert.Equal(400, refused.Status);
        await Expect(page.GetByRole(AriaRole.Alert)).ToBeFocusedAsync();
        await Expect(page.Locator("#title-error")).ToBeVisibleAsync();
        await Expect(page.Locator("#ends-error")).ToBeVisibleAsync();
        await Expect(page.Field("Title")).ToHaveAttributeAsync("aria-invalid", "true");
        await browser.AssertGoodPageAsync(page);

        await page.Field("Title").FillAsync("A van on Saturdays");
        await page.Field("Equipment").CheckAsync();
        await page.Field("Details").FillAsync("For the **food bank** run.");
        await page.Field("Topics").FillAsync("transport foodbank");
        await page.Field("Place").FillAsync("Leeds");
        await page.Field("How much time").FillAsync("2 hours a week");
        await page.Field("End date (if there is one)").FillAsync("2027-01-31");
        var posted = await page.SubmitAsync("Post it");

        Assert.Equal(200, posted.Status);
        await Expect(page.Locator("h1")).ToHaveTextAsync("A van on Saturdays");
        await Expect(page.Notice()).ToHaveTextAsync("Posted. People here and on other hubs can see it now.");
        await Expect(page.Locator(".content strong")).ToHaveTextAsync("food bank");
        await Expect(page.Button("Close: found, thank you")).ToBeVisibleAsync();
        await browser.AssertGoodPageAsync(page);
    }

    [Fact]
    public async Task WaysToHelp_AndAGlueErsView_AreAccessible_InArabicToo()
    {
        var needer = await browser.Node.CreateMemberAsync("needs_needer");
        var offerer = await browser.Node.CreateMemberAsync("needs_offerer");
        await browser.Node.CreateMemberAsync("needs_glue", roles: [Role.GlueEr, Role.Member]);
        var proposals = browser.Node.Service<ProposalService>();
        var need = await proposals.CreateAsync(needer.Id, ProposalKind.Need, new ProposalInput("Someone to teach knitting", null, ["knitting"], null, null, null, null), Ct)
            is Outcome<Proposal>.Ok(var n) ? n : throw new InvalidOperationException("no need");
        await proposals.CreateAsync(offerer.Id, ProposalKind.Offer, new ProposalInput("Knitting lessons", "Wednesdays.", ["knitting"], null, "1 hour a week", null, "time"), Ct);
        var page = await browser.NewPageAsync();
        await BrowserFixture.SignInAsync(page, "needs_glue");

        await page.GotoAsync("/");
        await page.OpenMenuAsync();
        await page.ClickForPageAsync(page.Link("Ways to help"));
        await Expect(page.Locator("h1")).ToHaveTextAsync("Ways to help");
        await browser.AssertGoodPageAsync(page);

        await page.GotoAsync("/needs");
        await page.Locator("details.more > summary").First.ClickAsync();
        await Expect(page.Link("Propose an introduction").First).ToBeVisibleAsync();
        await browser.AssertGoodPageAsync(page);

        await page.GotoAsync($"/needs/{need.Id:D}");
        await Expect(page.Locator("#matches-heading")).ToHaveTextAsync("1 offer matches this need");
        await Expect(page.Link("Propose an introduction")).ToHaveAttributeAsync("href", new System.Text.RegularExpressions.Regex("^/introductions/new\\?a="));
        await browser.AssertGoodPageAsync(page);

        await page.GotoAsync($"/needs/{need.Id:D}?lang=ar");
        await Expect(page.Locator("html")).ToHaveAttributeAsync("dir", "rtl");
        await Expect(page.Link("اقترح تعارفًا")).ToBeVisibleAsync();
        await browser.AssertGoodPageAsync(page);
    }
}
