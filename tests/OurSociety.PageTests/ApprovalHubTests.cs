using Microsoft.Playwright;
using OurSociety.Core;
using OurSociety.Core.Members;
using static Microsoft.Playwright.Assertions;

namespace OurSociety.PageTests;

/// <summary>A hub where people ask to join and an admin decides, and the admin page, with and without JavaScript.</summary>
public sealed class ApprovalHubTests(ApprovalHubFixture browser) : IClassFixture<ApprovalHubFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task SignUp_ApprovalHub_EndsOnTheWaitingNoticeAndCannotSignInYet(bool javaScript)
    {
        var username = javaScript ? "asker_js" : "asker_nojs";
        var page = await browser.NewPageAsync(javaScript);
        await page.GotoAsync("/");

        await page.ClickForPageAsync(page.Link("Join"));
        await Expect(page.GetByText("An admin of this hub reads each request to join.")).ToBeVisibleAsync();
        await browser.AssertGoodPageAsync(page);
        await page.Field("Username").FillAsync(username);
        await page.Field("Password").FillAsync("waiting patiently here");
        await page.Field("Type the password again").FillAsync("waiting patiently here");
        await page.Field("Why do you want to join? (optional)").FillAsync("I live on the next street.");
        var sent = await page.SubmitAsync("Send my request to join");

        Assert.Equal(200, sent.Status);
        await Expect(page).ToHaveURLAsync(browser.BaseUrl + "/?notice=pending");
        await Expect(page.Notice()).ToContainTextAsync("Your request to join is waiting for an admin to approve it.");
        await Expect(page.Link("Sign in")).ToBeVisibleAsync();
        await browser.AssertGoodPageAsync(page);

        await page.ClickForPageAsync(page.Link("Sign in"));
        await page.Field("Username").FillAsync(username);
        await page.Field("Password").FillAsync("waiting patiently here");
        var refused = await page.SubmitAsync("Sign in");

        Assert.Equal(403, refused.Status);
        var why = page.GetByRole(AriaRole.Alert);
        await Expect(why).ToContainTextAsync("You cannot sign in right now");
        await Expect(why).ToBeFocusedAsync();
        await browser.AssertGoodPageAsync(page);
        var member = await browser.Node.Service<IMemberStore>().FindByUsernameAsync(username, Ct);
        Assert.Equal(MemberState.Pending, member?.State);
        Assert.Equal("I live on the next street.", member?.SignUpReason);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Admin_ApprovesOneRequestAndTurnsDownAnother(bool javaScript)
    {
        var suffix = javaScript ? "js" : "nojs";
        var admin = $"gatekeeper_{suffix}";
        await browser.Node.CreateMemberAsync(admin, BrowserFixture.Password, Role.Admin);
        var welcome = await RequestToJoinAsync($"welcome_{suffix}");
        var declined = await RequestToJoinAsync($"declined_{suffix}");
        var page = await browser.NewPageAsync(javaScript);
        await BrowserFixture.SignInAsync(page, admin);
        await page.GotoAsync("/");

        await page.OpenMenuAsync();
        await page.ClickForPageAsync(page.Link("Admin"));
        await Expect(page.Locator("h1")).ToHaveTextAsync("Admin");
        await browser.AssertGoodPageAsync(page);
        var approved = await page.SubmitAsync($"Approve {welcome.Username}");

        Assert.Equal(200, approved.Status);
        await Expect(page.Notice()).ToHaveTextAsync("The member is approved.");
        await Expect(page.Link("@" + welcome.Username)).ToBeVisibleAsync();   // now in the members table
        await Expect(page.Button($"Approve {welcome.Username}")).ToHaveCountAsync(0);
        var turnedDown = await page.SubmitAsync($"Turn down {declined.Username}");

        Assert.Equal(200, turnedDown.Status);
        await Expect(page.Notice()).ToHaveTextAsync("The request to join was turned down.");
        await Expect(page.Button($"Turn down {declined.Username}")).ToHaveCountAsync(0);
        await Expect(page.Link("@" + declined.Username)).ToHaveCountAsync(0);
        await browser.AssertGoodPageAsync(page);
        var members = browser.Node.Service<IMemberStore>();
        Assert.Equal(MemberState.Active, (await members.FindAsync(welcome.Id, Ct))?.State);
        Assert.Null(await members.FindAsync(declined.Id, Ct));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Admin_ChangesAMembersRoles(bool javaScript)
    {
        var suffix = javaScript ? "js" : "nojs";
        var admin = $"rolegiver_{suffix}";
        var helper = $"helper_{suffix}";
        await browser.Node.CreateMemberAsync(admin, BrowserFixture.Password, Role.Admin);
        var member = await browser.Node.CreateMemberAsync(helper);
        var page = await browser.NewPageAsync(javaScript);
        await BrowserFixture.SignInAsync(page, admin);
        await page.GotoAsync("/admin");

        await page.ClickForPageAsync(page.Link($"Change roles of {helper}"));
        await Expect(page.Locator("h1")).ToHaveTextAsync($"Roles of {helper}");
        await Expect(page.Field("Member")).ToBeCheckedAsync();
        await browser.AssertGoodPageAsync(page);
        await page.Field("Moderator").CheckAsync();
        await page.Field("Glue-er").CheckAsync();
        var saved = await page.SubmitAsync("Save roles");

        Assert.Equal(200, saved.Status);
        await Expect(page).ToHaveURLAsync($"{browser.BaseUrl}/admin/members/{member.Id:D}?notice=roles-saved");
        await Expect(page.Notice()).ToHaveTextAsync("The roles are saved.");
        await Expect(page.Field("Moderator")).ToBeCheckedAsync();
        await Expect(page.Field("Admin")).Not.ToBeCheckedAsync();
        await browser.AssertGoodPageAsync(page);

        await page.ClickForPageAsync(page.Link($"See the profile of {helper}"));
        await Expect(page.GetByRole(AriaRole.List, new PageGetByRoleOptions { Name = "Roles" })).ToContainTextAsync("Moderator");
        var stored = await browser.Node.Service<IMemberStore>().FindAsync(member.Id, Ct);
        Assert.True(stored?.Has(Role.Moderator));
        Assert.True(stored?.Has(Role.GlueEr));
        Assert.False(stored?.IsAdmin);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Admin_CreatesAnInvitation_AndItsLinkAppears(bool javaScript)
    {
        var admin = javaScript ? "inviter_js" : "inviter_nojs";
        await browser.Node.CreateMemberAsync(admin, BrowserFixture.Password, Role.Admin);
        var page = await browser.NewPageAsync(javaScript);
        await BrowserFixture.SignInAsync(page, admin);
        await page.GotoAsync("/admin");
        await Expect(page.GetByText("You have not made any invitations yet.")).ToBeVisibleAsync();

        await page.Field("How many people can use it").FillAsync("3");
        await page.Field("How many days it works").FillAsync("14");
        var created = await page.SubmitAsync("Make invitation link");

        Assert.Equal(200, created.Status);
        await Expect(page.Notice()).ToContainTextAsync("The invitation link is ready.");
        var link = page.Locator(".invitations code");
        await Expect(link).ToHaveCountAsync(1);
        await Expect(link).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^http://localhost/invite/\S+$"));
        await Expect(page.GetByText("used 0 of 3 times")).ToBeVisibleAsync();
        await browser.AssertGoodPageAsync(page);
    }

    [Fact]
    public async Task AdminInvitationForm_WithProblems_ComesBackAccessibly()
    {
        await browser.Node.CreateMemberAsync("slipper_admin", BrowserFixture.Password, Role.Admin);
        await RequestToJoinAsync("pending_for_slips");
        var page = await browser.NewPageAsync();
        await BrowserFixture.SignInAsync(page, "slipper_admin");
        await page.GotoAsync("/admin");
        await page.SkipBrowserChecksAsync();

        await page.Field("How many people can use it").FillAsync("0");
        var refused = await page.SubmitAsync("Make invitation link");

        Assert.Equal(400, refused.Status);
        await Expect(page.Locator("#maxUses-error")).ToBeVisibleAsync();
        await Expect(page.Field("How many people can use it")).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(page.GetByRole(AriaRole.Alert)).ToBeFocusedAsync();
        await Expect(page.Button("Approve pending_for_slips")).ToBeVisibleAsync();
        await browser.AssertGoodPageAsync(page);
    }

    [Fact]
    public async Task SignUpRequest_WithProblems_ComesBackAccessibly()
    {
        await browser.Node.CreateMemberAsync("taken_name");
        var page = await browser.NewPageAsync();
        await page.GotoAsync("/signup");

        await page.Field("Username").FillAsync("taken_name");
        await page.Field("Password").FillAsync("short");
        await page.Field("Type the password again").FillAsync("short");
        await page.Field("Why do you want to join? (optional)").FillAsync(new string('z', ProfileLimits.SignUpReasonMax));
        var refused = await page.SubmitAsync("Send my request to join");

        Assert.Equal(400, refused.Status);
        await Expect(page.Locator("#password-error")).ToBeVisibleAsync();
        await Expect(page.Field("Why do you want to join? (optional)")).ToHaveValueAsync(new string('z', ProfileLimits.SignUpReasonMax));
        await Expect(page.GetByRole(AriaRole.Alert)).ToBeFocusedAsync();
        await browser.AssertGoodPageAsync(page);
    }

    private async Task<Member> RequestToJoinAsync(string username)
    {
        var outcome = await browser.Node.Service<MemberService>().RegisterAsync(
            new SignUp(username, "a patient password", null, null, "Please let me in."), Ct);
        var member = Assert.IsType<Outcome<SignedIn>.Ok>(outcome).Value.Member;
        Assert.Equal(MemberState.Pending, member.State);
        return member;
    }
}
