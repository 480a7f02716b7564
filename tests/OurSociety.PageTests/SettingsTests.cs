using System.Net.Http.Headers;
using Microsoft.Playwright;
using OurSociety.Core.Members;
using static Microsoft.Playwright.Assertions;

namespace OurSociety.PageTests;

/// <summary>A member's settings pages, by clicking and typing, with and without JavaScript.</summary>
public sealed class SettingsTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    /// <summary>A real 1×1 PNG: the node checks what a file is by its first bytes.</summary>
    private static readonly byte[] TinyPng = Convert.FromBase64String(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Profile_NewDisplayName_ShowsOnTheProfilePage(bool javaScript)
    {
        var username = javaScript ? "profiled_js" : "profiled_nojs";
        await browser.Node.CreateMemberAsync(username);
        var page = await browser.NewPageAsync(javaScript);
        await BrowserFixture.SignInAsync(page, username);
        await page.GotoAsync("/");

        await page.OpenMenuAsync();
        await page.ClickForPageAsync(page.Link("Settings"));
        await page.ClickForPageAsync(page.Link("Profile"));
        await Expect(page.Locator("h1")).ToHaveTextAsync("Your profile");
        await page.Field("Display name").FillAsync("Katherine J.");
        await page.Field("About you").FillAsync("Counts things.");
        await page.Field("Where you are").FillAsync("Hampton");
        var saved = await page.SubmitAsync("Save profile");

        Assert.Equal(200, saved.Status);
        await Expect(page.Notice()).ToHaveTextAsync("Your profile is saved.");
        await Expect(page.Field("Display name")).ToHaveValueAsync("Katherine J.");
        await browser.AssertGoodPageAsync(page);

        await page.OpenMenuAsync();
        await page.ClickForPageAsync(page.Link("Your profile"));
        await Expect(page).ToHaveURLAsync($"{browser.BaseUrl}/@{username}");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Katherine J.");
        await Expect(page.GetByText("Counts things.")).ToBeVisibleAsync();
        await Expect(page.GetByText("Hampton")).ToBeVisibleAsync();
        await browser.AssertGoodPageAsync(page);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Avatar_Uploaded_ShowsInSettingsAndOnTheProfile(bool javaScript)
    {
        var username = javaScript ? "pictured_js" : "pictured_nojs";
        await browser.Node.CreateMemberAsync(username);
        var page = await browser.NewPageAsync(javaScript);
        await BrowserFixture.SignInAsync(page, username);
        await page.GotoAsync("/settings/profile");

        var missing = await page.SubmitAsync("Upload picture");
        Assert.Equal(400, missing.Status);
        await Expect(page.Locator("#avatar-error")).ToHaveTextAsync("Choose a picture to upload.");
        await browser.AssertGoodPageAsync(page);

        await page.Field("Choose a picture").SetInputFilesAsync(new FilePayload { Name = "me.png", MimeType = "image/png", Buffer = TinyPng });
        var uploaded = await page.SubmitAsync("Upload picture");

        Assert.Equal(200, uploaded.Status);
        await Expect(page.Notice()).ToHaveTextAsync("Your new picture is saved.");
        await Expect(page.GetByAltText("Your current picture")).ToBeVisibleAsync();
        await Expect(page.Button("Remove picture")).ToBeVisibleAsync();
        await browser.AssertGoodPageAsync(page);

        await page.GotoAsync($"/@{username}");
        var picture = page.Locator("img.avatar");
        await Expect(picture).ToHaveCountAsync(1);
        Assert.True(await picture.EvaluateAsync<bool>("img => img.complete && img.naturalWidth === 1"), "The picture did not load.");
        await browser.AssertGoodPageAsync(page);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Tokens_CreatedThenRevoked_WorksOnlyUntilRevoked(bool javaScript)
    {
        var username = javaScript ? "scripter_js" : "scripter_nojs";
        await browser.Node.CreateMemberAsync(username);
        var page = await browser.NewPageAsync(javaScript);
        await BrowserFixture.SignInAsync(page, username);
        await page.GotoAsync("/settings");

        await page.ClickForPageAsync(page.Link("API tokens"));
        await Expect(page.GetByText("You have no API tokens.")).ToBeVisibleAsync();
        await page.Field("Name").FillAsync("backup script");
        var created = await page.SubmitAsync("Create token");

        Assert.Equal(200, created.Status);
        await Expect(page.Locator("h1")).ToHaveTextAsync("Your new API token");
        var secret = (await page.Locator("code.secret").InnerTextAsync()).Trim();
        Assert.False(string.IsNullOrEmpty(secret));
        await browser.AssertGoodPageAsync(page);
        Assert.Equal(200, await MeStatusAsync(secret));

        await page.ClickForPageAsync(page.Link("Back to your tokens"));
        await Expect(page.GetByRole(AriaRole.Cell, new PageGetByRoleOptions { Name = "backup script", Exact = true })).ToBeVisibleAsync();
        await browser.AssertGoodPageAsync(page);
        var revoked = await page.SubmitAsync("Revoke “backup script”");

        Assert.Equal(200, revoked.Status);
        await Expect(page.Notice()).ToHaveTextAsync("The token is revoked.");
        await Expect(page.GetByText("You have no API tokens.")).ToBeVisibleAsync();
        Assert.Equal(401, await MeStatusAsync(secret));
    }

    [Fact]
    public async Task SettingsPages_SignedIn_AreWellFormedAndAccessible()
    {
        await browser.Node.CreateMemberAsync("settings_tour");
        var page = await browser.NewPageAsync(javaScript: false);
        await BrowserFixture.SignInAsync(page, "settings_tour");

        foreach (var (path, heading) in new[]
        {
            ("/", "Our Society hub"),
            ("/settings", "Settings"),
            ("/settings/profile", "Your profile"),
            ("/settings/password", "Change your password"),
            ("/settings/tokens", "API tokens"),
            ("/settings/invitations", "Invitations"),
            ("/settings/account", "Your data and account"),
            ("/@settings_tour", "settings_tour"),
            ("/admin", "Not allowed"),
            ("/settings/tokens?cursor=not-a-cursor", "Something was wrong with that request"),
        })
        {
            await page.GotoAsync(path);
            await Expect(page.Locator("h1")).ToHaveTextAsync(heading);
            await browser.AssertGoodPageAsync(page);
        }
    }

    /// <summary>Each settings form sent back with problems: the page comes back with the message by the field.</summary>
    [Fact]
    public async Task SettingsForms_WithProblems_ComeBackAccessibly()
    {
        await browser.Node.CreateMemberAsync("settings_slips");
        var page = await browser.NewPageAsync();
        await BrowserFixture.SignInAsync(page, "settings_slips");

        await page.GotoAsync("/settings/profile");
        await page.Field("Display name").FillAsync(new string('x', ProfileLimits.DisplayNameMax + 1));
        await page.Field("About you").FillAsync(new string('y', ProfileLimits.BioMax + 1));
        await AssertComesBackAsync(page, "Save profile", 400, "#displayName-error", "#bio-error");

        await page.GotoAsync("/settings/password");
        await page.Field("Current password").FillAsync("not it at all");
        await page.Field("New password").FillAsync("a brand new password");
        await page.Field("New password again").FillAsync("a brand new password");
        await AssertComesBackAsync(page, "Change password", 400, "#currentPassword-error");

        await page.Field("Current password").FillAsync(BrowserFixture.Password);
        await page.Field("New password").FillAsync("a brand new password");
        await page.Field("New password again").FillAsync("another new password");
        await AssertComesBackAsync(page, "Change password", 400, "#confirmPassword-error");

        await page.GotoAsync("/settings/tokens");
        await page.SkipBrowserChecksAsync();
        await AssertComesBackAsync(page, "Create token", 400, "#name-error");

        await page.GotoAsync("/settings/invitations");
        await page.SkipBrowserChecksAsync();
        await page.Field("How many people can use it").FillAsync("0");
        await page.Field("How many days it works").FillAsync("1000");
        await AssertComesBackAsync(page, "Make invitation link", 400, "#maxUses-error", "#expiresInDays-error");

        await page.Field("How many people can use it").FillAsync("2");
        await page.Field("How many days it works").FillAsync("3");
        await page.SubmitAsync("Make invitation link");
        await Expect(page.Notice()).ToContainTextAsync("Your invitation link is ready.");
        await Expect(page.Locator(".invitations code")).ToContainTextAsync("/invite/");
        await browser.AssertGoodPageAsync(page);

        await page.GotoAsync("/settings/account");
        await page.Field("Your password").FillAsync("not it either");
        await AssertComesBackAsync(page, "Delete my account", 400, "#password-error");
    }

    private async Task AssertComesBackAsync(IPage page, string button, int status, params string[] errors)
    {
        var response = await page.SubmitAsync(button);
        Assert.Equal(status, response.Status);
        await Expect(page.GetByRole(AriaRole.Alert)).ToBeFocusedAsync();
        foreach (var error in errors)
        {
            await Expect(page.Locator(error)).ToBeVisibleAsync();
            var field = page.Locator(error.Replace("-error", "", StringComparison.Ordinal));
            await Expect(field).ToHaveAttributeAsync("aria-invalid", "true");
            await Expect(field).ToHaveAttributeAsync("aria-describedby", new System.Text.RegularExpressions.Regex(error[1..]));
        }

        await browser.AssertGoodPageAsync(page);
    }

    private async Task<int> MeStatusAsync(string token)
    {
        using var client = browser.Node.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/oursociety/v1/me");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await client.SendAsync(request, Ct);
        return (int)response.StatusCode;
    }
}
