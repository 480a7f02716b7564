using System.Net;
using System.Text.RegularExpressions;
using OurSociety.Core.Members;
using OurSociety.Testing;

namespace OurSociety.Web.Tests.Accounts;

/// <summary>The first-admin setup link. Each test starts its own node: setup changes the node for good.</summary>
public sealed partial class SetupTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Setup_ValidToken_CreatesSignedInAdminOnce()
    {
        await using var node = new RoomyNode();
        var token = SetupToken(node);
        using var browser = new Browserless(node);

        var form = await browser.GetAsync($"/setup/{token}");
        Assert.Equal(HttpStatusCode.OK, form.Status);
        Assert.NotNull(Browserless.FormWithAction(form.Html, $"/setup/{token}"));

        var response = await browser.SubmitAsync($"/setup/{token}", $"/setup/{token}", Fields("first_admin", "Ada"));
        response.AssertRedirect("/?notice=setup-done");

        var home = await browser.GetAsync("/?notice=setup-done");
        Assert.True(Forms.ShowsSignedIn(home.Html));
        Assert.Contains("href=\"/admin\"", home.Html, StringComparison.Ordinal);
        Assert.Contains("You are the first admin", home.Html, StringComparison.Ordinal);

        var admin = await node.Service<IMemberStore>().FindByUsernameAsync("first_admin", Ct);
        Assert.NotNull(admin);
        Assert.True(admin.IsAdmin);
        Assert.Equal("Ada", admin.DisplayName);

        // The link is spent: the page is gone, and a second admin cannot be made with it.
        var again = await browser.GetAsync($"/setup/{token}");
        Assert.Equal(HttpStatusCode.NotFound, again.Status);
        Assert.Contains("This setup link does not work", again.Html, StringComparison.Ordinal);
        Assert.Null(Browserless.FormWithAction(again.Html, $"/setup/{token}"));

        using var stranger = new Browserless(node);
        var second = await stranger.PostWithTokenAsync($"/setup/{token}", Fields("second_admin"));
        Assert.Equal(HttpStatusCode.NotFound, second.StatusCode);
        Assert.Null(await node.Service<IMemberStore>().FindByUsernameAsync("second_admin", Ct));
        Assert.Null(await node.Service<MemberService>().GetSetupTokenAsync(Ct));
    }

    [Theory]
    [InlineData("not-the-token")]
    [InlineData("x")]
    public async Task Setup_WrongToken_IsHelpfulNotFound(string wrong)
    {
        await using var node = new RoomyNode();
        _ = SetupToken(node);
        using var browser = new Browserless(node);

        var page = await browser.GetAsync($"/setup/{wrong}");
        Assert.Equal(HttpStatusCode.NotFound, page.Status);
        Assert.Contains("setup link works only until the first admin", page.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("<form method=\"post\"", page.Html, StringComparison.Ordinal);   // only the header's search form

        var post = await browser.PostWithTokenAsync($"/setup/{wrong}", Fields("sneaky_admin"));
        Assert.Equal(HttpStatusCode.NotFound, post.StatusCode);
        Assert.Null(await node.Service<IMemberStore>().FindByUsernameAsync("sneaky_admin", Ct));
    }

    [Fact]
    public async Task Setup_AfterRestart_SameTokenWorksUntilUsed()
    {
        using var data = new TempDirectory();
        string first;
        await using (var before = new RoomyNode().With("OurSociety:DataDirectory", data.Path))
        {
            first = SetupToken(before);
        }

        await using (var after = new RoomyNode().With("OurSociety:DataDirectory", data.Path))
        {
            Assert.Equal(first, SetupToken(after));
            using var browser = new Browserless(after);
            var response = await browser.SubmitAsync($"/setup/{first}", $"/setup/{first}", Fields("restart_admin"));
            response.AssertRedirect("/?notice=setup-done");
        }

        await using var later = new RoomyNode().With("OurSociety:DataDirectory", data.Path);
        using var client = later.CreateClient();
        Assert.DoesNotContain("/setup/", later.ConsoleOutput.ToString(), StringComparison.Ordinal);
        var dead = await client.GetAsync($"/setup/{first}", Ct);
        Assert.Equal(HttpStatusCode.NotFound, dead.StatusCode);
    }

    [Fact]
    public async Task Setup_AdminMadeElsewhere_LinkIsDead()
    {
        await using var node = new RoomyNode();
        var token = SetupToken(node);
        await node.CreateMemberAsync("cli_admin", roles: [Role.Admin]);

        using var browser = new Browserless(node);
        Assert.Equal(HttpStatusCode.NotFound, (await browser.GetAsync($"/setup/{token}")).Status);
    }

    [Fact]
    public async Task Setup_PasswordsDiffer_ShowsFormAgainAndStoresNothing()
    {
        await using var node = new RoomyNode();
        var token = SetupToken(node);
        using var browser = new Browserless(node);

        var fields = Fields("mismatch_admin", "Grace");
        fields["confirmPassword"] = "something else entirely";
        var response = await browser.SubmitAsync($"/setup/{token}", $"/setup/{token}", fields);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var html = await response.HtmlAsync();
        Assert.Contains("The two passwords are not the same", html, StringComparison.Ordinal);
        Assert.Contains("aria-describedby=\"confirmPassword-error\"", html, StringComparison.Ordinal);
        Assert.Contains("value=\"mismatch_admin\"", html, StringComparison.Ordinal);
        Assert.Contains("value=\"Grace\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain(Forms.Password, html, StringComparison.Ordinal);
        Assert.Null(await node.Service<IMemberStore>().FindByUsernameAsync("mismatch_admin", Ct));
        Assert.Equal(token, await node.Service<MemberService>().GetSetupTokenAsync(Ct));
    }

    [Theory]
    [InlineData("admin", "correct horse battery", "reserved")]
    [InlineData("has space", "correct horse battery", "only use letters")]
    [InlineData("", "correct horse battery", "Choose a username")]
    [InlineData("short_pw", "short", "at least 10 characters")]
    public async Task Setup_BadInput_400WithMessageAndNothingStored(string username, string password, string message)
    {
        await using var node = new RoomyNode();
        var token = SetupToken(node);
        using var browser = new Browserless(node);

        var fields = Fields(username);
        fields["password"] = fields["confirmPassword"] = password;
        var response = await browser.SubmitAsync($"/setup/{token}", $"/setup/{token}", fields);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(message, await response.HtmlAsync(), StringComparison.Ordinal);
        Assert.False(await node.Service<IMemberStore>().AnyAdminAsync(Ct));
        Assert.Equal(0, await node.Service<IMemberStore>().CountAsync(MemberState.Active, Ct));
    }

    [Fact]
    public async Task Setup_PostWithoutAntiforgeryToken_400AndNoAdmin()
    {
        await using var node = new RoomyNode();
        var token = SetupToken(node);
        using var browser = new Browserless(node);
        _ = await browser.GetAsync($"/setup/{token}");   // has the antiforgery cookie, as a victim's browser would

        var response = await browser.PostWithoutTokenAsync($"/setup/{token}", Fields("forged_admin"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.False(await node.Service<IMemberStore>().AnyAdminAsync(Ct));
    }

    /// <summary>Starts the node and reads the setup link it printed for the person at the console.</summary>
    private static string SetupToken(NodeFactory node)
    {
        _ = node.Services;   // starts the host, which prints the link
        var match = SetupUrl().Match(node.ConsoleOutput.ToString());
        Assert.True(match.Success, $"No setup link in: {node.ConsoleOutput}");
        return match.Groups["token"].Value;
    }

    private static Dictionary<string, string> Fields(string username, string displayName = "") => new()
    {
        ["username"] = username,
        ["displayName"] = displayName,
        ["password"] = Forms.Password,
        ["confirmPassword"] = Forms.Password,
    };

    [GeneratedRegex(@"http://localhost/setup/(?<token>[A-Za-z0-9_-]+)")]
    private static partial Regex SetupUrl();
}
