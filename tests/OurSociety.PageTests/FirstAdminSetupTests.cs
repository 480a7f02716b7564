using System.Text.RegularExpressions;
using OurSociety.Core.Members;
using static Microsoft.Playwright.Assertions;

namespace OurSociety.PageTests;

/// <summary>
/// The first admin, made through the link a new node prints. The link works once per node, so the run with
/// JavaScript and the run without each have their own class and node.
/// </summary>
public abstract partial class FirstAdminSetupTests(NewHubFixture browser, bool javaScript)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task SetupLink_FilledIn_LandsSignedInOnHomeWithTheWelcome()
    {
        var page = await browser.NewPageAsync(javaScript);
        // As the person running the node does: the link from the node's console (its host is the public URL).
        var printed = SetupLink().Match(browser.Node.ConsoleOutput.ToString());
        Assert.True(printed.Success, "The node printed no setup link.");
        await page.GotoAsync(printed.Groups["path"].Value);
        await Expect(page.Locator("h1")).ToHaveTextAsync("Create the first admin");
        await browser.AssertGoodPageAsync(page);

        await page.Field("Username").FillAsync("first_admin");
        await page.Field("Display name (optional)").FillAsync("Ada");
        await page.Field("Password").FillAsync("the very first password");
        await page.Field("Type the password again").FillAsync("the very first passwort");
        var refused = await page.SubmitAsync("Create the admin account");

        Assert.Equal(400, refused.Status);
        await Expect(page.Locator("#confirmPassword-error")).ToContainTextAsync("not the same");
        await browser.AssertGoodPageAsync(page);

        await page.Field("Password").FillAsync("the very first password");
        await page.Field("Type the password again").FillAsync("the very first password");
        var done = await page.SubmitAsync("Create the admin account");

        Assert.Equal(200, done.Status);
        await Expect(page).ToHaveURLAsync(browser.BaseUrl + "/?notice=setup-done");
        await Expect(page.Notice()).ToHaveTextAsync("You are the first admin of this hub. Welcome!");
        await page.OpenMenuAsync();
        await Expect(page.Link("Admin")).ToBeVisibleAsync();
        await browser.AssertGoodPageAsync(page);
        var admin = await browser.Node.Service<IMemberStore>().FindByUsernameAsync("first_admin", Ct);
        Assert.True(admin?.IsAdmin);
        Assert.Null(await browser.Node.Service<MemberService>().GetSetupTokenAsync(Ct));
    }

    [GeneratedRegex(@"https?://[^/\s]+(?<path>/setup/\S+)")]
    private static partial Regex SetupLink();
}

public sealed class FirstAdminSetupWithJavaScriptTests(NewHubFixture browser)
    : FirstAdminSetupTests(browser, javaScript: true), IClassFixture<NewHubFixture>;

public sealed class FirstAdminSetupWithoutJavaScriptTests(NewHubFixture browser)
    : FirstAdminSetupTests(browser, javaScript: false), IClassFixture<NewHubFixture>;
