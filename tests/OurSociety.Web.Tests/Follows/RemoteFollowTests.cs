using System.Net;
using OurSociety.Testing;
using OurSociety.Web.Features.Follows;

namespace OurSociety.Web.Tests.Follows;

/// <summary>"Follow from your own server" on profile pages and the hub's page.</summary>
public sealed class RemoteFollowTests(NodeFactory node) : IClassFixture<NodeFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("mastodon.social")]
    [InlineData("  Mastodon.Social  ")]
    [InlineData("https://mastodon.social/")]
    [InlineData("mastodon.social/")]
    [InlineData("@me@mastodon.social")]
    public async Task MemberProfile_GoodServer_Is303ToItsAuthorizeInteractionPage(string server)
    {
        await EnsureMemberAsync("rf_alice");
        using var browser = new Browserless(node);

        var response = await browser.SubmitAsync("/@rf_alice", "/@rf_alice/remote-follow", new Dictionary<string, string> { ["server"] = server });

        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        Assert.Equal(
            "https://mastodon.social/authorize_interaction?uri=" + Uri.EscapeDataString($"{node.PublicUrl}/users/rf_alice"),
            response.Headers.Location?.OriginalString);
    }

    [Theory]
    [InlineData("")]
    [InlineData("mastodon")]
    [InlineData("not a server")]
    [InlineData("evil.example/path?x=1")]
    [InlineData("javascript:alert(1)")]
    [InlineData("user@pass@host.example")]
    [InlineData("ftp://files.example")]
    public async Task MemberProfile_Garbage_Is400WithAMessageBesideTheField(string server)
    {
        await EnsureMemberAsync("rf_bob");
        using var browser = new Browserless(node);

        var response = await browser.SubmitAsync("/@rf_bob", "/@rf_bob/remote-follow", new Dictionary<string, string> { ["server"] = server });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync(Ct);
        Assert.Contains("id=\"server-error\"", html, StringComparison.Ordinal);
        Assert.Contains("Type where your account is, like mastodon.social.", html, StringComparison.Ordinal);
        Assert.Null(response.Headers.Location);
    }

    [Fact]
    public async Task RemoteFollow_WithoutAntiforgeryToken_Is400()
    {
        await EnsureMemberAsync("rf_forged");
        using var browser = new Browserless(node);

        var response = await browser.PostWithoutTokenAsync("/@rf_forged/remote-follow", new Dictionary<string, string> { ["server"] = "mastodon.social" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(response.Headers.Location);
    }

    [Fact]
    public async Task RemoteFollow_UnknownMember_Is404()
    {
        using var browser = new Browserless(node);

        var response = await browser.PostWithTokenAsync("/@rf_nobody/remote-follow", new Dictionary<string, string> { ["server"] = "mastodon.social" });

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task MemberProfile_ShowsTheHandleAndTheForm()
    {
        await EnsureMemberAsync("rf_shown");
        using var browser = new Browserless(node);

        var (status, html) = await browser.GetAsync("/@rf_shown");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains($"@rf_shown@{new Uri(node.PublicUrl).Authority}", html, StringComparison.Ordinal);
        Assert.NotNull(Browserless.FormWithAction(html, "/@rf_shown/remote-follow"));
    }

    [Fact]
    public async Task HubPage_Exists_WithHandleAndFollowForm()
    {
        using var browser = new Browserless(node);

        var (status, html) = await browser.GetAsync("/@hub");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("Our Society hub", html, StringComparison.Ordinal);
        Assert.Contains($"@hub@{new Uri(node.PublicUrl).Authority}", html, StringComparison.Ordinal);
        var response = await browser.SubmitAsync("/@hub", "/@hub/remote-follow", new Dictionary<string, string> { ["server"] = "social.example" });
        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        Assert.Equal(
            "https://social.example/authorize_interaction?uri=" + Uri.EscapeDataString($"{node.PublicUrl}/users/hub"),
            response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task HubPage_OtherCase_RedirectsToTheOneAddress()
    {
        using var browser = new Browserless(node);

        var response = await browser.Client.GetAsync("/@HUB", Ct);

        Assert.Equal(HttpStatusCode.MovedPermanently, response.StatusCode);
        Assert.Equal("/@hub", response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task HubPage_Garbage_Is400()
    {
        using var browser = new Browserless(node);

        var response = await browser.SubmitAsync("/@hub", "/@hub/remote-follow", new Dictionary<string, string> { ["server"] = "??" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("id=\"server-error\"", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ProfilePages_AllowTheirFormToLeadToAnotherHttpsServer_OtherPagesDoNot()
    {
        await EnsureMemberAsync("rf_csp");
        using var browser = new Browserless(node);

        // Browsers check form-action against the redirect too: without https: the 303 to the visitor's server is blocked.
        var profile = await browser.Client.GetAsync("/@rf_csp", Ct);
        var hub = await browser.Client.GetAsync("/@hub", Ct);
        var home = await browser.Client.GetAsync("/", Ct);

        Assert.Contains("form-action 'self' https:;", profile.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        Assert.Contains("form-action 'self' https:;", hub.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        Assert.Contains("form-action 'self';", home.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("mastodon.social", "mastodon.social")]
    [InlineData("MASTODON.social.", "mastodon.social")]
    [InlineData("http://social.example:8080/", "social.example:8080")]
    [InlineData("social.example:443", "social.example")]
    [InlineData("acct:me@social.example", "social.example")]
    [InlineData("bücher.example", "xn--bcher-kva.example")]
    [InlineData("localhost", null)]
    [InlineData("a b.example", null)]
    [InlineData("social.example\\evil", null)]
    [InlineData("https://user@social.example/", null)]
    [InlineData(null, null)]
    public void RemoteServer_Parse(string? input, string? expected) => Assert.Equal(expected, RemoteServer.Parse(input));

    private async Task EnsureMemberAsync(string username)
    {
        if (await node.Service<OurSociety.Core.Members.IMemberStore>().FindByUsernameAsync(username, Ct) is null)
        {
            await node.CreateMemberAsync(username);
        }
    }
}
