using System.Net;
using OurSociety.Core.Members;
using OurSociety.Testing;

namespace OurSociety.Web.Tests.Markup;

/// <summary>
/// A post that carries a good antiforgery token but none of the form's fields (a hand-made request, a browser that
/// dropped the body) binds the form to nothing: every page form must answer with its page and the usual "please fill
/// in" messages, or its usual refusal, never a 500.
/// </summary>
public sealed class EmptyFormPostTests(NodeFactory node) : IClassFixture<NodeFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("/admin/invitations", HttpStatusCode.Redirect)]   // empty fields mean the defaults
    [InlineData("/follows", HttpStatusCode.BadRequest)]
    [InlineData("/follows/blocks", HttpStatusCode.BadRequest)]
    [InlineData("/follows/blocks/remove", HttpStatusCode.NotFound)]
    [InlineData("/settings/profile/followers", HttpStatusCode.Redirect)]
    [InlineData("/authorize_interaction", HttpStatusCode.BadRequest)]
    [InlineData("/settings/profile", HttpStatusCode.Redirect)]   // every field emptied is a valid profile
    [InlineData("/settings/password", HttpStatusCode.BadRequest)]
    [InlineData("/settings/tokens", HttpStatusCode.BadRequest)]
    [InlineData("/settings/invitations", HttpStatusCode.Redirect)]   // the same defaults
    [InlineData("/settings/account/delete", HttpStatusCode.BadRequest)]
    [InlineData("/@{0}/remote-follow", HttpStatusCode.BadRequest)]
    [InlineData("/signin", HttpStatusCode.BadRequest)]
    [InlineData("/signin/new-password", HttpStatusCode.Redirect)]   // no one-time password to replace
    [InlineData("/signup", HttpStatusCode.Forbidden)]   // this hub is closed: the page says so
    public async Task EmptyPost_WithToken_AnswersThePageNotA500(string action, HttpStatusCode expected)
    {
        // A member of their own per case: a post that did change something cannot change what the next case sees.
        var username = $"ef_{(uint)action.GetHashCode(StringComparison.Ordinal) % 100_000_000}";
        await node.CreateMemberAsync(username, "correct horse battery", Role.Admin, Role.Member);
        using var browser = await node.SignedInBrowserAsync(username);

        using var response = await browser.PostWithTokenAsync(string.Format(System.Globalization.CultureInfo.InvariantCulture, action, username),
            new Dictionary<string, string>(), tokenPage: "/settings/password");
        var html = await response.Content.ReadAsStringAsync(Ct);

        Assert.True((int)response.StatusCode < 500, $"{action} answered {(int)response.StatusCode}: {html}");
        Assert.Equal(expected, response.StatusCode);
        if (response.Content.Headers.ContentType?.MediaType == "text/html")
        {
            Assert.Contains("<main", html, StringComparison.Ordinal);
        }
    }
}
