using Microsoft.Playwright;
using OurSociety.Core.Members;
using static Microsoft.Playwright.Assertions;

namespace OurSociety.PageTests;

/// <summary>A hub closed to new members, with a single admin.</summary>
public sealed class ClosedHubTests(ClosedHubFixture browser) : IClassFixture<ClosedHubFixture>
{
    [Fact]
    public async Task SignUp_ClosedHub_ExplainsAccessibly()
    {
        var page = await browser.NewPageAsync(javaScript: false);

        var response = await page.GotoAsync("/signup");

        Assert.Equal(200, response?.Status);
        await Expect(page.Locator("h1")).ToHaveTextAsync("This hub is not taking new members");
        await Expect(page.Locator("form[action='/signup']")).ToHaveCountAsync(0);
        await browser.AssertGoodPageAsync(page);
    }

    [Fact]
    public async Task MembersInvitationPage_ClosedHub_SaysOnlyAdminsInvite()
    {
        await browser.Node.CreateMemberAsync("closed_member");
        var page = await browser.NewPageAsync(javaScript: false);
        await BrowserFixture.SignInAsync(page, "closed_member");

        await page.GotoAsync("/settings/invitations");

        await Expect(page.GetByText("only its admins can invite people")).ToBeVisibleAsync();
        await Expect(page.Field("How many people can use it")).ToHaveCountAsync(0);
        await browser.AssertGoodPageAsync(page);
    }

    /// <summary>The only admin cannot give up the admin role or leave: the page comes back with the reason.</summary>
    [Fact]
    public async Task OnlyAdmin_DroppingAdminOrDeletingTheAccount_IsRefusedAccessibly()
    {
        var admin = await browser.Node.CreateMemberAsync("only_admin", BrowserFixture.Password, Role.Admin);
        var page = await browser.NewPageAsync(javaScript: false);
        await BrowserFixture.SignInAsync(page, "only_admin");
        await page.GotoAsync("/admin");
        await browser.AssertGoodPageAsync(page);

        await page.ClickForPageAsync(page.Link("Change roles of only_admin"));
        await page.Field("Admin").UncheckAsync();
        var refused = await page.SubmitAsync("Save roles");

        Assert.Equal(409, refused.Status);
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("This is the only admin.");
        await Expect(page.GetByRole(AriaRole.Alert)).ToBeFocusedAsync();
        await browser.AssertGoodPageAsync(page);
        Assert.True((await browser.Node.Service<IMemberStore>().FindAsync(admin.Id, TestContext.Current.CancellationToken))?.IsAdmin);

        // Nor delete the account: the hub would be left without anyone to look after it.
        await page.GotoAsync("/settings/account");
        await page.Field("Your password").FillAsync(BrowserFixture.Password);
        var kept = await page.SubmitAsync("Delete my account");

        Assert.Equal(409, kept.Status);
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("You are the only admin.");
        await browser.AssertGoodPageAsync(page);
    }
}
