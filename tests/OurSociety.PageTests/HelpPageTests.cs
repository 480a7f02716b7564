using Microsoft.Playwright;
using OurSociety.Core;
using OurSociety.Core.HelpRequests;
using OurSociety.Core.Members;
using static Microsoft.Playwright.Assertions;

namespace OurSociety.PageTests;

/// <summary>Asking for help and its private thread, and /start, in a real browser with and without JavaScript.</summary>
public sealed class HelpPageTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Ask_FromTheWritePage_WithAProblemFirst_ThenTheThread_IsAccessible(bool javaScript)
    {
        var username = javaScript ? "asking_js" : "asking_nojs";
        await browser.Node.CreateMemberAsync(username);
        var page = await browser.NewPageAsync(javaScript);
        await BrowserFixture.SignInAsync(page, username);
        await page.GotoAsync("/write");

        await page.ClickForPageAsync(page.Link("Ask for help"));
        await Expect(page.Locator("h1")).ToHaveTextAsync("Ask for help");
        await browser.AssertGoodPageAsync(page);

        await page.Field("Topics").FillAsync("bikes");
        if (javaScript)
        {
            await page.SkipBrowserChecksAsync();
        }

        var refused = await page.SubmitAsync("Ask");
        Assert.Equal(400, refused.Status);
        await Expect(page.GetByRole(AriaRole.Alert)).ToBeFocusedAsync();
        await Expect(page.Locator("#question-error")).ToBeVisibleAsync();
        await Expect(page.Field("Your question")).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(page.Field("Topics")).ToHaveValueAsync("bikes");
        await browser.AssertGoodPageAsync(page);

        await page.Field("Your question").FillAsync("My back brake squeaks. What can I do?");
        await page.Field("Also ask members who can help with these topics").CheckAsync();
        var asked = await page.SubmitAsync("Ask");
        Assert.Equal(200, asked.Status);
        await Expect(page.Notice()).ToHaveTextAsync("Your question is sent. The glue-ers will read it.");
        await Expect(page.Locator("h1")).ToHaveTextAsync("A request for help");
        await Expect(page.GetByText("My back brake squeaks. What can I do?")).ToBeVisibleAsync();
        await browser.AssertGoodPageAsync(page);

        await page.Field("Write your answer").FillAsync("It stopped after I cleaned the rim.");
        var answered = await page.SubmitAsync("Send");
        Assert.Equal(200, answered.Status);
        await Expect(page.Notice()).ToHaveTextAsync("Your answer is sent.");
        await Expect(page.GetByText("It stopped after I cleaned the rim.")).ToBeVisibleAsync();

        var closed = await page.SubmitAsync("Close this request");
        Assert.Equal(200, closed.Status);
        await Expect(page.GetByText("This request is closed. It takes no more answers.")).ToBeVisibleAsync();
        await browser.AssertGoodPageAsync(page);
    }

    [Fact]
    public async Task GlueEr_SeesTheOpenList_AndTheThreadsGlueErTools_Accessibly()
    {
        var asker = await browser.Node.CreateMemberAsync("asked_for_glue");
        await browser.Node.CreateMemberAsync("glue_tools", roles: [Role.GlueEr, Role.Member]);
        var service = browser.Node.Service<HelpRequestService>();
        var request = ((Outcome<HelpRequest>.Ok)await service.AskAsync(asker.Id, "Who can lend a trailer?", ["trailers"], false, Ct)).Value;
        var page = await browser.NewPageAsync(javaScript: false);
        await BrowserFixture.SignInAsync(page, "glue_tools");

        await page.GotoAsync("/help/open");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Open requests for help");
        await browser.AssertGoodPageAsync(page);

        await page.ClickForPageAsync(page.Link("Who can lend a trailer?"));
        await Expect(page).ToHaveURLAsync($"{browser.BaseUrl}/help/{request.Id:D}");
        await Expect(page.Link("Turn this into an introduction")).ToBeVisibleAsync();
        await browser.AssertGoodPageAsync(page);

        await page.Field("Invite a member to help").FillAsync("nobody_like_that");
        var refused = await page.SubmitAsync("Invite");
        Assert.Equal(400, refused.Status);
        await Expect(page.Locator("#username-error")).ToBeVisibleAsync();
        await browser.AssertGoodPageAsync(page);
    }

    [Theory]
    [InlineData("/start", "Start here")]
    [InlineData("/start?lang=ar", "ابدأ هنا")]
    public async Task Start_IsAccessible(string path, string heading)
    {
        var page = await browser.NewPageAsync(javaScript: false);
        await page.GotoAsync(path);

        await Expect(page.Locator("h1")).ToHaveTextAsync(heading);
        await browser.AssertGoodPageAsync(page);
    }
}
