using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using OurSociety.Core.Members;
using OurSociety.Testing;
using OurSociety.Web.Hosting;

namespace OurSociety.Web.Tests.Api;

/// <summary>
/// A node with one extra test-only address that issues the real sign-in cookie for a member, so the API's cookie
/// path is tested without depending on the sign-in page.
/// </summary>
public sealed class CookieSignInNode : NodeFactory
{
    public const string SignInPath = "/__test/sign-in";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => services.AddSingleton<IStartupFilter, SignInFilter>());
    }

    private sealed class SignInFilter : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            // Not app.Map: that moves the path base, and the cookie would be issued for /__test/sign-in only.
            app.Use(async (context, nextMiddleware) =>
            {
                if (context.Request.Path != SignInPath)
                {
                    await nextMiddleware(context);
                    return;
                }

                var members = context.RequestServices.GetRequiredService<IMemberStore>();
                var id = Guid.Parse(context.Request.Query["id"].ToString());
                var member = await members.FindAsync(id, context.RequestAborted) ?? throw new InvalidOperationException("No such member.");
                var credentials = await members.FindCredentialsAsync(id, context.RequestAborted) ?? throw new InvalidOperationException("No credentials.");
                await context.SignInAsync(AuthSchemes.Cookie, MemberClaims.Principal(member, credentials.SecurityStamp, AuthSchemes.Cookie));
            });
            next(app);
        };
    }
}

public sealed class CookieApiTests(CookieSignInNode node) : IClassFixture<CookieSignInNode>
{
    private const string Me = ApiTestKit.Prefix + "/me";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task GetMe_SignInCookie_ReturnsTheMember()
    {
        using var client = await SignedInClientAsync("cookie_get");

        var me = await (await client.GetAsync(Me, Ct)).JsonAsync(HttpStatusCode.OK);

        Assert.Equal("cookie_get", me.GetProperty("username").GetString());
    }

    [Fact]
    public async Task PatchMe_SignInCookie_Persists()
    {
        using var client = await SignedInClientAsync("cookie_patch");

        await (await client.PatchJsonAsync(Me, new { bio = "From the browser." })).JsonAsync(HttpStatusCode.OK);

        var stored = await node.Service<IMemberStore>().FindByUsernameAsync("cookie_patch", Ct);
        Assert.Equal("From the browser.", stored!.Bio);
    }

    [Fact]
    public async Task CreateToken_SignInCookie_Is201()
    {
        using var client = await SignedInClientAsync("cookie_token");

        await (await client.PostAsJsonAsync(ApiTestKit.Prefix + "/tokens", new { name = "made in the browser" }, Ct)).JsonAsync(HttpStatusCode.Created);
    }

    [Fact]
    public async Task GetMe_CookieAfterPasswordChange_Is401Problem()
    {
        using var client = await SignedInClientAsync("cookie_stale");
        var member = await node.Service<IMemberStore>().FindByUsernameAsync("cookie_stale", Ct);
        var changed = await node.Service<MemberService>().ChangePasswordAsync(member!.Id, "correct horse battery", "a brand new passphrase", Ct);
        Assert.IsType<OurSociety.Core.Outcome<string>.Ok>(changed);

        await (await client.GetAsync(Me, Ct)).ProblemAsync(HttpStatusCode.Unauthorized);
    }

    private async Task<HttpClient> SignedInClientAsync(string username)
    {
        var member = await node.CreateMemberAsync(username);
        var client = node.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        var response = await client.GetAsync($"{CookieSignInNode.SignInPath}?id={member.Id}", Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return client;
    }
}
