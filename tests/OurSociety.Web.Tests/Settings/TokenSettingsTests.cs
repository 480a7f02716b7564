using System.Net;
using System.Text.RegularExpressions;
using OurSociety.Core.Members;
using OurSociety.Core.Paging;
using OurSociety.Core.Tokens;
using OurSociety.Testing;

namespace OurSociety.Web.Tests.Settings;

public sealed partial class TokenSettingsTests(NodeFactory node) : IClassFixture<NodeFactory>
{
    private ApiTokenService Tokens => node.Service<ApiTokenService>();

    private async Task<IReadOnlyList<ApiToken>> TokensOfAsync(Member member) =>
        (await Tokens.ListAsync(member.Id, Cursor.Start, 100, TestContext.Current.CancellationToken)).Items;

    private static async Task<string> CreateTokenAsync(Browserless browser, string name)
    {
        var response = await browser.SubmitAsync("/settings/tokens", "/settings/tokens", new Dictionary<string, string> { ["name"] = name });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return SecretIn(await response.BodyAsync());
    }

    private static string SecretIn(string html) => Secret().Match(html) is { Success: true } m ? m.Value : throw new InvalidOperationException("No token shown");

    [Fact]
    public async Task CreateToken_Valid_ShownOnceAndAuthenticates()
    {
        var member = await node.CreateMemberAsync("tok_create");
        using var browser = await node.SignedInBrowserAsync("tok_create");
        var response = await browser.SubmitAsync("/settings/tokens", "/settings/tokens", new Dictionary<string, string> { ["name"] = "  my phone " });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("no-store", response.Headers.CacheControl?.ToString(), StringComparison.Ordinal);
        var html = await response.BodyAsync();
        var secret = SecretIn(html);
        Assert.Contains("the only time it is shown", html, StringComparison.Ordinal);
        Assert.Contains("Authorization: Bearer " + secret, html, StringComparison.Ordinal);

        var token = Assert.Single(await TokensOfAsync(member));
        Assert.Equal("my phone", token.Name);
        Assert.Equal(member.Id, (await Tokens.AuthenticateAsync(secret, TestContext.Current.CancellationToken))?.Id);

        // Listed by name and dates, never shown again.
        var (_, list) = await browser.GetAsync("/settings/tokens");
        Assert.Contains("my phone", list, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, list, StringComparison.Ordinal);
        Assert.DoesNotMatch(Secret(), list);
    }

    [Fact]
    public async Task CreateToken_Used_ShowsLastUsedDate()
    {
        var member = await node.CreateMemberAsync("tok_used");
        using var browser = await node.SignedInBrowserAsync("tok_used");
        var secret = await CreateTokenAsync(browser, "script");
        var (_, before) = await browser.GetAsync("/settings/tokens");
        Assert.Contains(">Never<", before, StringComparison.Ordinal);

        await Tokens.AuthenticateAsync(secret, TestContext.Current.CancellationToken);
        var (_, after) = await browser.GetAsync("/settings/tokens");
        Assert.DoesNotContain(">Never<", after, StringComparison.Ordinal);
        Assert.NotNull(Assert.Single(await TokensOfAsync(member)).LastUsedAt);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("x101")]
    public async Task CreateToken_BadName_Is400WithMessageAndNothingStored(string name)
    {
        var username = "tok_bad_" + name.Trim().Length + "_" + name.Length;
        var member = await node.CreateMemberAsync(username);
        using var browser = await node.SignedInBrowserAsync(username);
        var response = await browser.SubmitAsync("/settings/tokens", "/settings/tokens", new Dictionary<string, string>
        {
            ["name"] = name == "x101" ? new string('x', 101) : name,
        });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var html = await response.BodyAsync();
        Assert.Contains("id=\"name-error\"", html, StringComparison.Ordinal);
        Assert.Contains("Give the token a name", html, StringComparison.Ordinal);
        Assert.DoesNotMatch(Secret(), html);
        Assert.Empty(await TokensOfAsync(member));
    }

    [Fact]
    public async Task RevokeToken_Own_StopsItWorking()
    {
        var member = await node.CreateMemberAsync("tok_revoke");
        using var browser = await node.SignedInBrowserAsync("tok_revoke");
        var secret = await CreateTokenAsync(browser, "old laptop");
        var token = Assert.Single(await TokensOfAsync(member));

        var response = await browser.SubmitAsync("/settings/tokens", $"/settings/tokens/{token.Id}/revoke", new Dictionary<string, string>());
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/settings/tokens?notice=token-revoked", response.Headers.Location?.OriginalString);
        Assert.Empty(await TokensOfAsync(member));
        Assert.Null(await Tokens.AuthenticateAsync(secret, TestContext.Current.CancellationToken));
        var (_, html) = await browser.GetAsync("/settings/tokens?notice=token-revoked");
        Assert.Contains("The token is revoked.", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RevokeToken_SomeoneElses_Is404AndKept()
    {
        var owner = await node.CreateMemberAsync("tok_owner");
        using var ownerBrowser = await node.SignedInBrowserAsync("tok_owner");
        var secret = await CreateTokenAsync(ownerBrowser, "mine");
        var token = Assert.Single(await TokensOfAsync(owner));

        await node.CreateMemberAsync("tok_thief");
        using var thief = await node.SignedInBrowserAsync("tok_thief");
        var (_, html) = await thief.GetAsync("/settings/tokens");
        using var content = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            [TestForms.TokenField] = TestForms.Token(html, "/settings/tokens"),   // a valid token of the thief's own session
        });
        var response = await thief.Client.PostAsync($"/settings/tokens/{token.Id}/revoke", content, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Single(await TokensOfAsync(owner));
        Assert.Equal(owner.Id, (await Tokens.AuthenticateAsync(secret, TestContext.Current.CancellationToken))?.Id);
    }

    [Fact]
    public async Task Tokens_BadCursor_Is400()
    {
        await node.CreateMemberAsync("tok_cursor");
        using var browser = await node.SignedInBrowserAsync("tok_cursor");
        Assert.Equal(HttpStatusCode.BadRequest, (await browser.GetAsync("/settings/tokens?cursor=!!!")).Status);
    }

    [GeneratedRegex("os_[A-Za-z0-9_-]{20,}")]
    private static partial Regex Secret();
}
