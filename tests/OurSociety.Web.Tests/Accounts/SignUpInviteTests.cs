using System.Net;
using OurSociety.Core;
using OurSociety.Core.Invitations;
using OurSociety.Core.Members;
using OurSociety.Testing;

namespace OurSociety.Web.Tests.Accounts;

public sealed class SignUpInviteTests(InviteNode node) : IClassFixture<InviteNode>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task SignUp_NoInvitation_ExplainsInsteadOfAForm()
    {
        using var browser = new Browserless(node);

        var (status, html) = await browser.GetAsync("/signup");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("Joining needs an invitation", html, StringComparison.Ordinal);
        Assert.Null(Browserless.FormWithAction(html, "/signup"));
    }

    [Fact]
    public async Task SignUp_PostWithoutInvitation_403AndNothingStored()
    {
        using var browser = new Browserless(node);

        var response = await browser.PostWithTokenAsync("/signup", SignUpFields("uninvited"));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("Joining needs an invitation", await response.HtmlAsync(), StringComparison.Ordinal);
        Assert.Null(await node.Service<IMemberStore>().FindByUsernameAsync("uninvited", Ct));
    }

    [Fact]
    public async Task SignUp_MadeUpInvitation_403AndNothingStored()
    {
        using var browser = new Browserless(node);
        var fields = SignUpFields("made_up_invite");
        fields["invite"] = "made-up";

        var response = await browser.PostWithTokenAsync("/signup", fields);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("This invitation link is not valid any more", await response.HtmlAsync(), StringComparison.Ordinal);
        Assert.Null(await node.Service<IMemberStore>().FindByUsernameAsync("made_up_invite", Ct));
    }

    [Fact]
    public async Task SignUp_InvitationLink_JoinsOnceThenLinkIsUsedUp()
    {
        var inviter = await node.CreateMemberAsync("invite_sender");
        var invitation = await CreateInvitationAsync(inviter.Id, maxUses: 1);
        using var browser = new Browserless(node);

        var link = await browser.Client.GetAsync($"/invite/{invitation.Code}", Ct);
        var signUpUrl = link.Headers.Location!.OriginalString;
        var page = await browser.GetAsync(signUpUrl);
        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Contains("You were invited", page.Html, StringComparison.Ordinal);

        (await browser.SignUpAsync("invited_one", page: signUpUrl)).AssertRedirect("/?notice=welcome");
        var member = await node.Service<IMemberStore>().FindByUsernameAsync("invited_one", Ct);
        Assert.Equal(MemberState.Active, member!.State);

        using var second = new Browserless(node);
        var spent = await second.GetAsync(signUpUrl);
        Assert.Equal(HttpStatusCode.OK, spent.Status);
        Assert.Contains("This invitation link is not valid any more", spent.Html, StringComparison.Ordinal);
        Assert.Null(Browserless.FormWithAction(spent.Html, "/signup"));

        var fields = SignUpFields("invited_two");
        fields["invite"] = invitation.Code;
        var refused = await second.PostWithTokenAsync("/signup", fields);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Null(await node.Service<IMemberStore>().FindByUsernameAsync("invited_two", Ct));
    }

    [Fact]
    public async Task SignUp_InvitationUsedUpWhileFillingIn_400AndNothingStored()
    {
        var inviter = await node.CreateMemberAsync("race_sender");
        var invitation = await CreateInvitationAsync(inviter.Id, maxUses: 1);
        using var slow = new Browserless(node);
        var (_, html) = await slow.GetAsync($"/signup?invite={invitation.Code}");

        using var fast = new Browserless(node);
        (await fast.SignUpAsync("race_fast", page: $"/signup?invite={invitation.Code}")).AssertRedirect("/?notice=welcome");

        // The slow person's form, as loaded before the invitation ran out.
        var form = Browserless.FormWithAction(html, "/signup")!;
        var token = System.Text.RegularExpressions.Regex.Match(form, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value;
        var fields = SignUpFields("race_slow");
        fields["invite"] = invitation.Code;
        fields[Browserless.AntiforgeryField] = token;
        using var content = new FormUrlEncodedContent(fields);
        var response = await slow.Client.PostAsync("/signup", content, Ct);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("This invitation link is not valid any more", await response.HtmlAsync(), StringComparison.Ordinal);
        Assert.Null(await node.Service<IMemberStore>().FindByUsernameAsync("race_slow", Ct));
    }

    [Fact]
    public async Task SignUp_ExpiredInvitation_ExplainsAndRefuses()
    {
        var inviter = await node.CreateMemberAsync("expiry_sender");
        var invitation = await node.Service<InvitationService>().CreateAsync(inviter.Id, 5, TimeSpan.FromDays(1), Ct) is Outcome<Invitation>.Ok(var i)
            ? i
            : throw new InvalidOperationException("No invitation");
        node.Time.Advance(TimeSpan.FromDays(2));
        using var browser = new Browserless(node);

        var (status, html) = await browser.GetAsync($"/signup?invite={invitation.Code}");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("This invitation link is not valid any more", html, StringComparison.Ordinal);
        Assert.Null(Browserless.FormWithAction(html, "/signup"));
    }

    [Fact]
    public async Task SignUp_InvitedButPasswordsDiffer_400KeepsTheInvitation()
    {
        var inviter = await node.CreateMemberAsync("mismatch_sender");
        var invitation = await CreateInvitationAsync(inviter.Id, maxUses: 1);
        using var browser = new Browserless(node);

        var response = await browser.SignUpAsync("invited_mismatch", page: $"/signup?invite={invitation.Code}", confirm: "not the same password");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var html = await response.HtmlAsync();
        Assert.Contains($"name=\"invite\" value=\"{invitation.Code}\"", html, StringComparison.Ordinal);
        Assert.Equal(0, (await node.Service<IInvitationStore>().FindAsync(invitation.Id, Ct))!.Uses);
        Assert.Null(await node.Service<IMemberStore>().FindByUsernameAsync("invited_mismatch", Ct));
    }

    private async Task<Invitation> CreateInvitationAsync(Guid memberId, int maxUses) =>
        await node.Service<InvitationService>().CreateAsync(memberId, maxUses, null, Ct) is Outcome<Invitation>.Ok(var invitation)
            ? invitation
            : throw new InvalidOperationException("No invitation");

    private static Dictionary<string, string> SignUpFields(string username) => new()
    {
        ["username"] = username,
        ["password"] = Forms.Password,
        ["confirmPassword"] = Forms.Password,
    };
}
