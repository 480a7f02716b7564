using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using OurSociety.Testing;
using OurSociety.Web.Hosting;

namespace OurSociety.Web.Tests;

/// <summary>Hosting rules found in review; each test failed before its fix.</summary>
public sealed class HostingRuleTests
{
    [Fact]
    public void RequestLog_MatchedRoute_LogsThePatternNotTheSecretInThePath()
    {
        var context = new DefaultHttpContext();
        context.Request.Method = "GET";
        context.SetEndpoint(new RouteEndpoint(_ => Task.CompletedTask, RoutePatternFactory.Parse("/setup/{token}"), 0, null, null));

        var properties = RequestLogs.Properties(context, "/setup/the-secret-token", 1.5, 200).ToDictionary(p => p.Name, p => p.Value.ToString());

        Assert.Equal("\"/setup/{token}\"", properties["RequestPath"]);
        Assert.DoesNotContain(properties.Values, v => v.Contains("the-secret-token", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("2001:db8:1:2:aaaa::1", "2001:db8:1:2::/64")]
    [InlineData("2001:db8:1:2:bbbb::9", "2001:db8:1:2::/64")]
    [InlineData("203.0.113.7", "203.0.113.7")]
    [InlineData("::ffff:203.0.113.7", "203.0.113.7")]
    public void RateLimitKey_IPv6CountsPerSlash64(string address, string key)
    {
        var context = new DefaultHttpContext();
        context.Connection.RemoteIpAddress = IPAddress.Parse(address);

        Assert.Equal(key, RateLimits.ClientKey(context));
    }

    [Fact]
    public async Task SignInCookie_HttpsPublicUrl_IsSecureEvenOverPlainHttp()
    {
        await using var node = new NodeFactory().With("OurSociety:PublicUrl", "https://hub.example.org")
            .With("OurSociety:AllowedHosts:0", "localhost");
        await node.CreateMemberAsync("secure_cookie");
        using var client = node.CreateClient(new() { HandleCookies = false, BaseAddress = new Uri("http://localhost") });

        var response = await client.PostAsync($"{NodeFactory.TestSignInPath}/secure_cookie", null, TestContext.Current.CancellationToken);

        var cookie = Assert.Single(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith("oursociety=", StringComparison.Ordinal));
        Assert.Contains("secure", cookie, StringComparison.OrdinalIgnoreCase);
    }
}
