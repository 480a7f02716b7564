using System.Net;
using System.Net.Http.Headers;
using OurSociety.Core;
using OurSociety.Core.Members;
using OurSociety.Core.Tokens;
using OurSociety.Testing;

namespace OurSociety.Web.Tests.Accounts;

/// <summary>
/// Issue 10: the one-time password <c>admin create-user</c> and <c>admin reset-password</c> print works for one thing
/// only, choosing the member's own password; before, it kept working for ever.
/// </summary>
public sealed class OneTimePasswordTests(RoomyNode node) : IClassFixture<RoomyNode>
{
    private const string NewPassword = "my very own words";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task CreatedWithOneTimePassword_SignIn_LeadsToChoosingANewOne()
    {
        var oneTime = await CreateAsync("otp_created", password: null);
        using var browser = new Browserless(node);

        var signIn = await browser.SignInAsync("otp_created", oneTime);

        signIn.AssertRedirect("/signin/new-password");
        var (status, html) = await browser.GetAsync("/signin/new-password");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("<h1>Choose a new password</h1>", html, StringComparison.Ordinal);
        Assert.Contains("one-time password", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OneTimeSignIn_OtherPagesAndTheApi_RefuseUntilChanged()
    {
        var oneTime = await CreateAsync("otp_gate", password: null);
        using var browser = new Browserless(node);
        await browser.SignInAsync("otp_gate", oneTime);

        using var page = await browser.Client.GetAsync("/settings/tokens", Ct);
        using var api = await browser.Client.GetAsync("/api/oursociety/v1/me", Ct);
        using var token = await browser.Client.PostAsync("/api/oursociety/v1/tokens",
            new StringContent("""{"name":"sneaky"}""", System.Text.Encoding.UTF8, "application/json"), Ct);

        Assert.Equal(HttpStatusCode.SeeOther, page.StatusCode);
        Assert.Equal("/signin/new-password?returnUrl=%2Fsettings%2Ftokens", page.Headers.Location?.OriginalString);
        foreach (var refused in new[] { api, token })
        {
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
            Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
            var problem = await refused.Content.ReadAsStringAsync(Ct);
            Assert.Contains("Choose a new password first", problem, StringComparison.Ordinal);
            Assert.Contains("/signin/new-password", problem, StringComparison.Ordinal);
        }

        var member = await node.Service<IMemberStore>().FindByUsernameAsync("otp_gate", Ct);
        Assert.Empty((await node.Service<ApiTokenService>().ListAsync(member!.Id, OurSociety.Core.Paging.Cursor.Start, 10, Ct)).Items);
    }

    [Fact]
    public async Task NewPasswordChosen_AfterThat_ANormalPassword_AndTheOneTimeOneIsDead()
    {
        var oneTime = await CreateAsync("otp_change", password: null);
        using var browser = new Browserless(node);
        await browser.SignInAsync("otp_change", oneTime);

        var same = await Choose(browser, oneTime);
        var mismatch = await Choose(browser, NewPassword, confirm: "something else entirely");
        var chosen = await Choose(browser, NewPassword);

        Assert.Equal(HttpStatusCode.BadRequest, same.StatusCode);
        Assert.Contains("Choose a password of your own", await same.HtmlAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, mismatch.StatusCode);
        chosen.AssertRedirect("/?notice=password-chosen");
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/settings/tokens")).Status);
        using var api = await browser.Client.GetAsync("/api/oursociety/v1/me", Ct);
        Assert.Equal(HttpStatusCode.OK, api.StatusCode);

        using var again = new Browserless(node);
        Assert.Equal(HttpStatusCode.BadRequest, (await again.SignInAsync("otp_change", oneTime)).StatusCode);
        (await again.SignInAsync("otp_change", NewPassword)).AssertRedirect("/");
    }

    [Fact]
    public async Task NewPasswordPage_KeepsWhereThePersonWasGoing()
    {
        var oneTime = await CreateAsync("otp_return", password: null);
        using var browser = new Browserless(node);

        var signIn = await browser.SubmitAsync("/signin?returnUrl=%2Fsettings%2Fprofile", "/signin",
            new Dictionary<string, string> { ["username"] = "otp_return", ["password"] = oneTime });
        var chosen = await Choose(browser, NewPassword, page: signIn.Headers.Location!.OriginalString);

        signIn.AssertRedirect("/signin/new-password?returnUrl=%2Fsettings%2Fprofile");
        chosen.AssertRedirect("/settings/profile");
    }

    [Fact]
    public async Task ResetPassword_NextSignIn_MustChooseANewOne()
    {
        await CreateAsync("otp_reset", Forms.Password);
        var reset = await node.Service<MemberService>().ResetPasswordAsync("otp_reset", Ct);
        var oneTime = Assert.IsType<Outcome<(Member Member, string Password)>.Ok>(reset).Value.Password;
        using var browser = new Browserless(node);

        (await browser.SignInAsync("otp_reset", oneTime)).AssertRedirect("/signin/new-password");
    }

    [Fact]
    public async Task OwnPasswordGivenByTheAdmin_NeedsNoChange()
    {
        await CreateAsync("otp_own", Forms.Password);   // what --password-stdin does
        using var browser = new Browserless(node);

        (await browser.SignInAsync("otp_own")).AssertRedirect("/");
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/settings/tokens")).Status);
        Assert.Equal(HttpStatusCode.Found, (await browser.Client.GetAsync("/signin/new-password", Ct)).StatusCode);
    }

    [Fact]
    public async Task TokenMadeByTheAdmin_WorksBeforeThePasswordIsChanged()
    {
        // A token from `admin create-token` is the admin's deliberate hand-over, not the one-time password: it works.
        await CreateAsync("otp_token", password: null);
        var member = await node.Service<IMemberStore>().FindByUsernameAsync("otp_token", Ct);
        var made = await node.Service<ApiTokenService>().CreateAsync(member!.Id, "from the CLI", Ct);
        var secret = Assert.IsType<Outcome<(ApiToken Token, string Secret)>.Ok>(made).Value.Secret;
        using var client = node.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", secret);

        using var me = await client.GetAsync("/api/oursociety/v1/me", Ct);

        Assert.Equal(HttpStatusCode.OK, me.StatusCode);
    }

    private async Task<string> CreateAsync(string username, string? password)
    {
        var outcome = await node.Service<MemberService>().CreateAsync(username, new HashSet<Role> { Role.Member }, password, Ct);
        return Assert.IsType<Outcome<(Member Member, string Password)>.Ok>(outcome).Value.Password;
    }

    private static Task<HttpResponseMessage> Choose(Browserless browser, string password, string? confirm = null, string page = "/signin/new-password") =>
        browser.SubmitAsync(page, "/signin/new-password", new Dictionary<string, string>
        {
            ["newPassword"] = password,
            ["confirmPassword"] = confirm ?? password,
        });
}
