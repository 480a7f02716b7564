using Microsoft.Playwright;
using OurSociety.Core;
using OurSociety.Core.Invitations;
using OurSociety.Core.Members;
using static Microsoft.Playwright.Assertions;

namespace OurSociety.PageTests;

/// <summary>A hub that takes new members by invitation: joining through an invitation link, with and without JavaScript.</summary>
public sealed class InviteHubTests(InviteHubFixture browser) : IClassFixture<InviteHubFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task SignUp_ThroughAnInvitationLink_JoinsSignedIn(bool javaScript)
    {
        var suffix = javaScript ? "js" : "nojs";
        var code = await InvitationAsync($"host_{suffix}");
        var page = await browser.NewPageAsync(javaScript);

        await page.GotoAsync($"/invite/{code}");

        await Expect(page.Locator("h1")).ToHaveTextAsync("Join Our Society hub");
        await Expect(page.GetByText("You were invited to join.")).ToBeVisibleAsync();
        await browser.AssertGoodPageAsync(page);
        await page.Field("Username").FillAsync($"guest_{suffix}");
        await page.Field("Password").FillAsync("an invited password");
        await page.Field("Type the password again").FillAsync("an invited password");
        var joined = await page.SubmitAsync("Create my account");

        Assert.Equal(200, joined.Status);
        await Expect(page).ToHaveURLAsync(browser.BaseUrl + "/?notice=welcome");
        await Expect(page.Notice()).ToHaveTextAsync("Welcome! Your account is ready.");
        await page.OpenMenuAsync();
        await Expect(page.Link("Your profile")).ToHaveAttributeAsync("href", $"/@guest_{suffix}");
        await browser.AssertGoodPageAsync(page);
        var member = await browser.Node.Service<IMemberStore>().FindByUsernameAsync($"guest_{suffix}", Ct);
        Assert.Equal(MemberState.Active, member?.State);
    }

    [Fact]
    public async Task SignUpPages_WithoutAGoodInvitation_ExplainAccessibly()
    {
        var page = await browser.NewPageAsync(javaScript: false);

        var plain = await page.GotoAsync("/signup");
        Assert.Equal(200, plain?.Status);
        await Expect(page.Locator("h1")).ToHaveTextAsync("Joining needs an invitation");
        await Expect(page.Locator("form[action='/signup']")).ToHaveCountAsync(0);
        await browser.AssertGoodPageAsync(page);

        await page.GotoAsync("/invite/not-a-real-code");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Joining needs an invitation");
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("This invitation link is not valid any more");
        await browser.AssertGoodPageAsync(page);
    }

    [Fact]
    public async Task InvitedSignUp_WithProblems_KeepsTheInvitationAndComesBackAccessibly()
    {
        var code = await InvitationAsync("host_slips");
        await browser.Node.CreateMemberAsync("already_here");
        var page = await browser.NewPageAsync();
        await page.GotoAsync($"/invite/{code}");

        await page.Field("Username").FillAsync("already_here");
        await page.Field("Password").FillAsync("an invited password");
        await page.Field("Type the password again").FillAsync("an invited password");
        var refused = await page.SubmitAsync("Create my account");

        Assert.Equal(400, refused.Status);
        await Expect(page.Locator("#username-error")).ToBeVisibleAsync();
        await Expect(page.GetByText("You were invited to join.")).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToBeFocusedAsync();
        await browser.AssertGoodPageAsync(page);
    }

    [Fact]
    public async Task MembersInvitationPage_WithAnInvitation_ListsItsLinkAccessibly()
    {
        await browser.Node.CreateMemberAsync("list_keeper");
        var page = await browser.NewPageAsync(javaScript: false);
        await BrowserFixture.SignInAsync(page, "list_keeper");
        await page.GotoAsync("/settings/invitations");

        await page.Field("How many people can use it").FillAsync("1");
        await page.Field("How many days it works").FillAsync("2");
        await page.SubmitAsync("Make invitation link");

        await Expect(page.Notice()).ToContainTextAsync("Your invitation link is ready.");
        await Expect(page.Locator(".invitations code")).ToContainTextAsync("/invite/");
        await browser.AssertGoodPageAsync(page);
        await page.SubmitAsync("Withdraw this invitation");
        await Expect(page.Notice()).ToHaveTextAsync("The invitation is withdrawn.");
        await Expect(page.GetByText("Withdrawn", new PageGetByTextOptions { Exact = true })).ToBeVisibleAsync();
        await browser.AssertGoodPageAsync(page);
    }

    private async Task<string> InvitationAsync(string inviter)
    {
        var member = await browser.Node.CreateMemberAsync(inviter);
        var outcome = await browser.Node.Service<InvitationService>().CreateAsync(member.Id, 1, TimeSpan.FromDays(7), Ct);
        return Assert.IsType<Outcome<Invitation>.Ok>(outcome).Value.Code;
    }
}
