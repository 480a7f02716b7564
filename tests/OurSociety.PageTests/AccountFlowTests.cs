using Microsoft.Playwright;
using OurSociety.Core.Members;
using static Microsoft.Playwright.Assertions;

namespace OurSociety.PageTests;

/// <summary>Joining, signing in and signing out on a hub anyone may join, by clicking and typing, with and without JavaScript.</summary>
public sealed class AccountFlowTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task SignUp_OpenHub_FixesMismatchThenJoinsSignedIn(bool javaScript)
    {
        var username = javaScript ? "joiner_js" : "joiner_nojs";
        var page = await browser.NewPageAsync(javaScript);
        await page.GotoAsync("/");

        await page.ClickForPageAsync(page.Link("Join"));
        await Expect(page.Locator("h1")).ToHaveTextAsync("Join Our Society hub");
        await browser.AssertGoodPageAsync(page);

        await page.Field("Username").FillAsync(username);
        await page.Field("Display name (optional)").FillAsync("Grace");
        await page.Field("Password").FillAsync("a long enough password");
        await page.Field("Type the password again").FillAsync("a different password");
        var refused = await page.SubmitAsync("Create my account");

        Assert.Equal(400, refused.Status);
        await Expect(page.Locator("#confirmPassword-error")).ToContainTextAsync("not the same");
        await Expect(page.Field("Type the password again")).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(page.Field("Username")).ToHaveValueAsync(username);   // what was typed is kept
        await browser.AssertGoodPageAsync(page);

        await page.Field("Password").FillAsync("a long enough password");
        await page.Field("Type the password again").FillAsync("a long enough password");
        var joined = await page.SubmitAsync("Create my account");

        Assert.Equal(200, joined.Status);
        await Expect(page).ToHaveURLAsync(browser.BaseUrl + "/?notice=welcome");
        await Expect(page.Notice()).ToHaveTextAsync("Welcome! Your account is ready.");
        await page.OpenMenuAsync();
        await Expect(page.Button("Sign out")).ToBeVisibleAsync();
        await browser.AssertGoodPageAsync(page);

        await page.ClickForPageAsync(page.Link("Your profile"));
        await Expect(page.Locator("h1")).ToHaveTextAsync("Grace");
        var member = await browser.Node.Service<IMemberStore>().FindByUsernameAsync(username, Ct);
        Assert.Equal(MemberState.Active, member?.State);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task SignIn_WrongPassword_ShowsMessageByTheFieldAndFocusesTheSummary(bool javaScript)
    {
        var username = javaScript ? "forgetful_js" : "forgetful_nojs";
        await browser.Node.CreateMemberAsync(username);
        var page = await browser.NewPageAsync(javaScript);
        await page.GotoAsync("/");

        await page.ClickForPageAsync(page.Link("Sign in"));
        await page.Field("Username").FillAsync(username);
        await page.Field("Password").FillAsync("not my password");
        var refused = await page.SubmitAsync("Sign in");

        Assert.Equal(400, refused.Status);
        var error = page.Locator("#password-error");
        await Expect(error).ToHaveTextAsync("That username and password do not match. Check them and try again.");
        var password = page.Field("Password");
        await Expect(password).ToHaveAttributeAsync("aria-describedby", "password-error");
        await Expect(password).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(page.Field("Username")).ToHaveValueAsync(username);
        await Expect(password).ToHaveValueAsync("");   // never sent back

        // Focus starts on the summary, so a screen reader reads the problem first; its link leads to the field.
        var summary = page.GetByRole(AriaRole.Alert);
        await Expect(summary).ToBeFocusedAsync();
        await Expect(summary.GetByRole(AriaRole.Link)).ToHaveAttributeAsync("href", "#password");
        await browser.AssertGoodPageAsync(page);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task SignInThenOut_RightPassword_SignsInAndOut(bool javaScript)
    {
        var username = javaScript ? "regular_js" : "regular_nojs";
        await browser.Node.CreateMemberAsync(username);
        var page = await browser.NewPageAsync(javaScript);
        await page.GotoAsync("/signin");

        await page.Field("Username").FillAsync(username);
        await page.Field("Password").FillAsync(BrowserFixture.Password);
        await page.Field("Keep me signed in on this device").CheckAsync();
        var signedIn = await page.SubmitAsync("Sign in");

        Assert.Equal(200, signedIn.Status);
        await Expect(page).ToHaveURLAsync(browser.BaseUrl + "/");
        await page.OpenMenuAsync();
        await Expect(page.Link("Your profile")).ToHaveAttributeAsync("href", "/@" + username);
        await browser.AssertGoodPageAsync(page);

        await page.OpenMenuAsync();
        await page.SubmitAsync("Sign out");

        await Expect(page).ToHaveURLAsync(browser.BaseUrl + "/?notice=signed-out");
        await Expect(page.Notice()).ToHaveTextAsync("You are signed out.");
        await Expect(page.Link("Sign in")).ToBeVisibleAsync();
        await Expect(page.Button("Sign out")).ToHaveCountAsync(0);
        await browser.AssertGoodPageAsync(page);

        var settings = await page.GotoAsync("/settings");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Sign in");   // the cookie is really gone
        Assert.Equal(200, settings?.Status);
    }
}
