using System.Net;
using OurSociety.Core;
using OurSociety.Core.Invitations;
using OurSociety.Core.Members;
using OurSociety.Testing;

namespace OurSociety.Web.Tests.Accounts;

public sealed class SignUpApprovalTests(ApprovalNode node) : IClassFixture<ApprovalNode>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task SignUp_Approval_AsksWhyAndWaitsWithoutSigningIn()
    {
        using var browser = new Browserless(node);
        var page = await browser.GetAsync("/signup");
        Assert.Contains("<label for=\"reason\">", page.Html, StringComparison.Ordinal);
        Assert.Contains("An admin of this hub reads each request", page.Html, StringComparison.Ordinal);

        var response = await browser.SignUpAsync("asks_to_join", reason: "I run the Tuesday repair café.");

        response.AssertRedirect("/?notice=pending");
        var member = await node.Service<IMemberStore>().FindByUsernameAsync("asks_to_join", Ct);
        Assert.NotNull(member);
        Assert.Equal(MemberState.Pending, member.State);
        Assert.Equal("I run the Tuesday repair café.", member.SignUpReason);
        var home = await browser.GetAsync("/?notice=pending");
        Assert.False(Forms.ShowsSignedIn(home.Html));
        Assert.Contains("waiting for an admin to approve it", home.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignIn_Pending_403UntilApproved()
    {
        using var browser = new Browserless(node);
        await browser.SignUpAsync("waits_approval", reason: "Neighbour");

        var refused = await browser.SignInAsync("waits_approval");
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Contains("waiting for an admin to approve it", await refused.HtmlAsync(), StringComparison.Ordinal);
        Assert.False(Forms.ShowsSignedIn((await browser.GetAsync("/")).Html));

        var member = await node.Service<IMemberStore>().FindByUsernameAsync("waits_approval", Ct);
        await node.Service<MemberService>().ApproveAsync(member!.Id, Ct);

        (await browser.SignInAsync("waits_approval")).AssertRedirect("/");
    }

    [Fact]
    public async Task Profile_Pending_IsNotFound()
    {
        using var browser = new Browserless(node);
        await browser.SignUpAsync("hidden_pending");

        var (status, html) = await browser.GetAsync("/@hidden_pending");

        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Contains("No such member", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignUp_ReasonTooLong_400AndNothingStored()
    {
        using var browser = new Browserless(node);

        var response = await browser.SignUpAsync("long_reason", reason: new string('r', ProfileLimits.SignUpReasonMax + 1));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("id=\"reason-error\"", await response.HtmlAsync(), StringComparison.Ordinal);
        Assert.Null(await node.Service<IMemberStore>().FindByUsernameAsync("long_reason", Ct));
    }

    [Fact]
    public async Task SignUp_ApprovalWithInvitation_SkipsTheQueue()
    {
        var inviter = await node.CreateMemberAsync("approval_inviter");
        var invitation = await CreateInvitationAsync(inviter.Id);
        using var browser = new Browserless(node);

        var page = await browser.GetAsync($"/signup?invite={invitation.Code}");
        Assert.Contains("You were invited", page.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("name=\"reason\"", page.Html, StringComparison.Ordinal);

        var response = await browser.SignUpAsync("invited_past_queue", page: $"/signup?invite={invitation.Code}");

        response.AssertRedirect("/?notice=welcome");
        var member = await node.Service<IMemberStore>().FindByUsernameAsync("invited_past_queue", Ct);
        Assert.Equal(MemberState.Active, member!.State);
        Assert.Equal(1, (await node.Service<IInvitationStore>().FindAsync(invitation.Id, Ct))!.Uses);
    }

    private async Task<Invitation> CreateInvitationAsync(Guid memberId) =>
        await node.Service<InvitationService>().CreateAsync(memberId, 1, null, Ct) is Outcome<Invitation>.Ok(var invitation)
            ? invitation
            : throw new InvalidOperationException("No invitation");
}
