using System.Net;
using OurSociety.Testing;

namespace OurSociety.Web.Tests.Accounts;

/// <summary>Runs on a node that allows 3 sign-in attempts a minute.</summary>
public sealed class RateLimitTests(RateLimitedNode node) : IClassFixture<RateLimitedNode>
{
    [Fact]
    public async Task SignIn_TooManyTries_429PageUntilTheMinutePasses()
    {
        await node.CreateMemberAsync("rate_limited");
        using var browser = new Browserless(node);

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.BadRequest, (await browser.SignInAsync("rate_limited", "wrong password")).StatusCode);
        }

        // The right password does not help: the limit is on tries, not on failures.
        var limited = await browser.SignInAsync("rate_limited");
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.Equal("60", limited.Headers.GetValues("Retry-After").Single());
        var html = await limited.HtmlAsync();
        Assert.Contains("Too many tries", html, StringComparison.Ordinal);
        Assert.False(Forms.ShowsSignedIn(html));

        // Sign-up shares the budget; reading pages does not use it up.
        var signUp = await browser.PostWithTokenAsync("/signup", new Dictionary<string, string> { ["username"] = "rate_joiner" });
        Assert.Equal(HttpStatusCode.TooManyRequests, signUp.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/signin")).Status);
    }
}
