using System.Net;
using OurSociety.Core.Members;
using OurSociety.Testing;

namespace OurSociety.Web.Tests.Accounts;

public sealed class SignInTests(RoomyNode node) : IClassFixture<RoomyNode>
{
    [Fact]
    public async Task SignIn_RightPassword_SetsSafeCookieAndGoesHome()
    {
        await node.CreateMemberAsync("signin_ok");
        using var browser = new Browserless(node);

        var response = await browser.SignInAsync("signin_ok");

        response.AssertRedirect("/");
        var cookie = Assert.Single(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith("oursociety=", StringComparison.Ordinal));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=lax", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("expires=", cookie, StringComparison.OrdinalIgnoreCase);   // not ticked: ends with the browser

        var home = await browser.GetAsync("/");
        Assert.True(Forms.ShowsSignedIn(home.Html));
        Assert.Contains("href=\"/@signin_ok\"", home.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignIn_KeepMeSignedIn_CookieOutlivesTheBrowser()
    {
        await node.CreateMemberAsync("signin_keep");
        using var browser = new Browserless(node);

        var response = await browser.SubmitAsync("/signin", "/signin", new Dictionary<string, string>
        {
            ["username"] = "signin_keep",
            ["password"] = Forms.Password,
            ["remember"] = "true",
        });

        response.AssertRedirect("/");
        var cookie = Assert.Single(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith("oursociety=", StringComparison.Ordinal));
        Assert.Contains("expires=", cookie, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task SignIn_UsernameInOtherCase_Works()
    {
        await node.CreateMemberAsync("signin_case");
        using var browser = new Browserless(node);

        (await browser.SignInAsync("SIGNIN_Case")).AssertRedirect("/");
    }

    [Theory]
    [InlineData("signin_wrong", "not the password")]
    [InlineData("nobody_by_that_name", Forms.Password)]
    [InlineData("signin_wrong", "")]
    [InlineData("", "")]
    public async Task SignIn_WrongCredentials_400WithTheSameMessage(string username, string password)
    {
        if (await node.Service<IMemberStore>().FindByUsernameAsync("signin_wrong", TestContext.Current.CancellationToken) is null)
        {
            await node.CreateMemberAsync("signin_wrong");
        }

        using var browser = new Browserless(node);
        var response = await browser.SignInAsync(username, password);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var html = await response.HtmlAsync();
        Assert.Contains("That username and password do not match", html, StringComparison.Ordinal);
        Assert.Contains("aria-describedby=\"password-error\"", html, StringComparison.Ordinal);
        Assert.Contains("href=\"#password\"", html, StringComparison.Ordinal);   // the summary leads to the field
        if (password.Length > 0)
        {
            Assert.DoesNotContain(password, html, StringComparison.Ordinal);
        }

        Assert.False(Forms.ShowsSignedIn((await browser.GetAsync("/")).Html));
    }

    [Fact]
    public async Task SignIn_FiveWrongPasswords_LocksOutForFifteenMinutes()
    {
        await node.CreateMemberAsync("signin_locked");
        using var browser = new Browserless(node);

        for (var i = 0; i < MemberService.MaxFailedSignIns; i++)
        {
            Assert.Equal(HttpStatusCode.BadRequest, (await browser.SignInAsync("signin_locked", "wrong password " + i)).StatusCode);
        }

        var locked = await browser.SignInAsync("signin_locked");
        Assert.Equal(HttpStatusCode.Forbidden, locked.StatusCode);
        var html = await locked.HtmlAsync();
        Assert.Contains("signing in to this account is paused for 15 more minutes", html, StringComparison.Ordinal);
        Assert.Contains("role=\"alert\"", html, StringComparison.Ordinal);

        node.Time.Advance(TimeSpan.FromMinutes(14));
        Assert.Equal(HttpStatusCode.Forbidden, (await browser.SignInAsync("signin_locked")).StatusCode);

        node.Time.Advance(TimeSpan.FromMinutes(1) + TimeSpan.FromSeconds(1));
        (await browser.SignInAsync("signin_locked")).AssertRedirect("/");
    }

    [Fact]
    public async Task SignIn_LocalReturnUrl_GoesThereAfterwards()
    {
        await node.CreateMemberAsync("signin_return");
        using var browser = new Browserless(node);

        var page = await browser.GetAsync("/signin?returnUrl=%2Fsettings%3Ftab%3Dtokens");
        Assert.Contains("name=\"returnUrl\" value=\"/settings?tab=tokens\"", page.Html, StringComparison.Ordinal);

        (await browser.SignInAsync("signin_return", page: "/signin?returnUrl=%2Fsettings%3Ftab%3Dtokens")).AssertRedirect("/settings?tab=tokens");
    }

    [Theory]
    [InlineData(1, "https://evil.example/")]
    [InlineData(2, "//evil.example/")]
    [InlineData(3, "/\\evil.example/")]
    [InlineData(4, "\\\\evil.example")]
    [InlineData(5, "javascript:alert(1)")]
    [InlineData(6, "http:evil.example")]
    [InlineData(7, "/ok\r\nLocation: https://evil.example/")]
    public async Task SignIn_OffSiteReturnUrl_GoesHomeInstead(int n, string returnUrl)
    {
        var username = $"signin_redirect_{n}";
        await node.CreateMemberAsync(username);
        using var browser = new Browserless(node);

        var page = await browser.GetAsync("/signin?returnUrl=" + Uri.EscapeDataString(returnUrl));
        Assert.DoesNotContain("name=\"returnUrl\"", page.Html, StringComparison.Ordinal);

        // A hand-made form that carries the address anyway.
        var response = await browser.SubmitAsync("/signin", "/signin", new Dictionary<string, string>
        {
            ["username"] = username,
            ["password"] = Forms.Password,
            ["returnUrl"] = returnUrl,
        });
        response.AssertRedirect("/");
    }

    [Fact]
    public async Task SignIn_PostWithoutAntiforgeryToken_400AndNotSignedIn()
    {
        await node.CreateMemberAsync("signin_forged");
        using var browser = new Browserless(node);

        var response = await browser.PostWithoutTokenAsync("/signin", new Dictionary<string, string>
        {
            ["username"] = "signin_forged",
            ["password"] = Forms.Password,
        });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.False(response.Headers.TryGetValues("Set-Cookie", out var cookies) && cookies.Any(c => c.StartsWith("oursociety=", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task SignOut_FromThePageHeader_EndsTheSession()
    {
        await node.CreateMemberAsync("signout_ok");
        using var browser = new Browserless(node);
        await browser.SignInAsync("signout_ok");

        var response = await browser.SubmitAsync("/", "/signout", new Dictionary<string, string>());

        response.AssertRedirect("/?notice=signed-out");
        var home = await browser.GetAsync("/?notice=signed-out");
        Assert.False(Forms.ShowsSignedIn(home.Html));
        Assert.Contains("You are signed out.", home.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignOut_WithoutAntiforgeryToken_400AndStillSignedIn()
    {
        await node.CreateMemberAsync("signout_forged");
        using var browser = new Browserless(node);
        await browser.SignInAsync("signout_forged");

        var response = await browser.PostWithoutTokenAsync("/signout", new Dictionary<string, string>());

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True(Forms.ShowsSignedIn((await browser.GetAsync("/")).Html));
    }

    [Fact]
    public async Task SignIn_AfterPasswordReset_OldCookieStopsWorking()
    {
        await node.CreateMemberAsync("signin_reset");
        using var browser = new Browserless(node);
        await browser.SignInAsync("signin_reset");

        await node.Service<MemberService>().ResetPasswordAsync("signin_reset", TestContext.Current.CancellationToken);

        Assert.False(Forms.ShowsSignedIn((await browser.GetAsync("/")).Html));
    }

    [Fact]
    public async Task Forbidden_Page_Is403WithPlainWords()
    {
        using var browser = new Browserless(node);

        var (status, html) = await browser.GetAsync("/forbidden");

        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Contains("<h1>Not allowed</h1>", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignInPage_WorksWithoutJavaScript()
    {
        using var browser = new Browserless(node);

        var (status, html) = await browser.GetAsync("/signin");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("<label for=\"username\">", html, StringComparison.Ordinal);
        Assert.Contains("<label for=\"password\">", html, StringComparison.Ordinal);
        Assert.Contains("<label for=\"remember\">", html, StringComparison.Ordinal);
    }
}
