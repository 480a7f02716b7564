using System.Net;
using OurSociety.Core.Invitations;
using OurSociety.Core.Members;
using OurSociety.Core.Paging;
using OurSociety.Core.Tokens;
using OurSociety.Testing;

namespace OurSociety.Web.Tests.Settings;

public sealed class SettingsAccessTests(NodeFactory node) : IClassFixture<NodeFactory>
{
    public static TheoryData<string> Pages => ["/settings", "/settings/profile", "/settings/password", "/settings/tokens", "/settings/invitations", "/settings/account"];

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task SettingsPage_Anonymous_RedirectsToSignIn(string url)
    {
        using var browser = new Browserless(node);
        var response = await browser.Client.GetAsync(url, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/signin", response.Headers.Location?.PathAndQuery, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Export_Anonymous_RedirectsToSignIn()
    {
        using var browser = new Browserless(node);
        var response = await browser.Client.GetAsync("/settings/export", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/signin", response.Headers.Location?.PathAndQuery, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task SettingsPage_SignedIn_RendersWithOneHeadingAndNoScript(string url)
    {
        await node.CreateMemberAsync("pages_" + url.Replace("/", "", StringComparison.Ordinal));
        using var browser = await node.SignedInBrowserAsync("pages_" + url.Replace("/", "", StringComparison.Ordinal));
        var (status, html) = await browser.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(html, "<h1[ >]"));
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
    }

    public static TheoryData<string, string> Posts => new()
    {
        { "/settings/profile", "forged_profile" },
        { "/settings/password", "forged_password" },
        { "/settings/tokens", "forged_tokens" },
        { "/settings/invitations", "forged_invitations" },
        { "/settings/account/delete", "forged_delete" },
        { "/settings/profile/avatar/remove", "forged_avatar" },
        { $"/settings/tokens/{Guid.Empty}/revoke", "forged_revoke" },
        { $"/settings/invitations/{Guid.Empty}/withdraw", "forged_withdraw" },
    };

    [Theory]
    [MemberData(nameof(Posts))]
    public async Task Post_WithoutAntiforgeryToken_Is400AndChangesNothing(string action, string name)
    {
        await node.CreateMemberAsync(name);
        using var browser = await node.SignedInBrowserAsync(name);
        var response = await browser.PostWithoutTokenAsync(action, new Dictionary<string, string>
        {
            ["displayName"] = "Forged",
            ["name"] = "forged",
            ["password"] = "correct horse battery",
            ["currentPassword"] = "correct horse battery",
            ["newPassword"] = "a brand new password",
            ["confirmPassword"] = "a brand new password",
        });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var member = await node.Service<IMemberStore>().FindByUsernameAsync(name, TestContext.Current.CancellationToken);
        Assert.NotNull(member);
        Assert.Equal(name, member.DisplayName);
        var signIn = await node.Service<MemberService>().SignInAsync(name, "correct horse battery", "192.0.2.1", TestContext.Current.CancellationToken);
        Assert.IsType<Core.Outcome<SignedIn>.Ok>(signIn);
        Assert.Empty((await node.Service<ApiTokenService>().ListAsync(member.Id, Cursor.Start, 10, TestContext.Current.CancellationToken)).Items);
        Assert.Empty((await node.Service<InvitationService>().ListAsync(member.Id, Cursor.Start, 10, TestContext.Current.CancellationToken)).Items);
    }

    [Fact]
    public async Task Post_ForgedFromAnotherBrowser_Is400()
    {
        await node.CreateMemberAsync("victim");
        await node.CreateMemberAsync("attacker");
        using var attacker = await node.SignedInBrowserAsync("attacker");
        var (_, html) = await attacker.GetAsync("/settings/profile");
        var attackersToken = TestForms.Token(html, "/settings/profile");
        using var victim = await node.SignedInBrowserAsync("victim");
        using var content = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            [TestForms.TokenField] = attackersToken,
            ["displayName"] = "Hacked",
        });
        var response = await victim.Client.PostAsync("/settings/profile", content, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("victim", (await node.Service<IMemberStore>().FindByUsernameAsync("victim", TestContext.Current.CancellationToken))!.DisplayName);
    }
}
