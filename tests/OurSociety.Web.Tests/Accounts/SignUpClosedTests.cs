using System.Net;
using OurSociety.Core;
using OurSociety.Core.Invitations;
using OurSociety.Core.Members;
using OurSociety.Testing;

namespace OurSociety.Web.Tests.Accounts;

public sealed class SignUpClosedTests(ClosedNode node) : IClassFixture<ClosedNode>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task SignUp_Closed_ExplainsInsteadOfAForm()
    {
        using var browser = new Browserless(node);

        var (status, html) = await browser.GetAsync("/signup");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("This hub is not taking new members", html, StringComparison.Ordinal);
        Assert.Null(Browserless.FormWithAction(html, "/signup"));
        Assert.Contains("href=\"/signin\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignUp_ClosedPost_403AndNothingStored()
    {
        using var browser = new Browserless(node);

        var response = await browser.PostWithTokenAsync("/signup", new Dictionary<string, string>
        {
            ["username"] = "closed_out",
            ["password"] = Forms.Password,
            ["confirmPassword"] = Forms.Password,
            ["reason"] = "please",
        });

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("This hub is not taking new members", await response.HtmlAsync(), StringComparison.Ordinal);
        Assert.Null(await node.Service<IMemberStore>().FindByUsernameAsync("closed_out", Ct));
    }

    [Fact]
    public async Task SignUp_ClosedWithAdminInvitation_Joins()
    {
        var admin = await node.CreateMemberAsync("closed_admin", roles: [Role.Admin]);
        var invitation = await node.Service<InvitationService>().CreateAsync(admin.Id, 1, null, Ct) is Outcome<Invitation>.Ok(var i)
            ? i
            : throw new InvalidOperationException("No invitation");
        using var browser = new Browserless(node);

        var response = await browser.SignUpAsync("closed_invited", page: $"/signup?invite={invitation.Code}");

        response.AssertRedirect("/?notice=welcome");
        Assert.True(Forms.ShowsSignedIn((await browser.GetAsync("/")).Html));
    }
}
