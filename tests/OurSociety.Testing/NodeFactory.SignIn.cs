using System.Net;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using OurSociety.Core.Members;
using OurSociety.Web.Hosting;

namespace OurSociety.Testing;

public partial class NodeFactory
{
    /// <summary>The test-only address that signs a member in without their password (see <see cref="TestSignIn"/>).</summary>
    public const string TestSignInPath = "/__test/signin";

    /// <summary>
    /// A browser signed in as <paramref name="username"/>, with a real sign-in cookie, for tests of pages behind
    /// sign-in that are not about signing in.
    /// </summary>
    public async Task<Browserless> SignedInBrowserAsync(string username)
    {
        var browser = new Browserless(this);
        using var response = await browser.Client.PostAsync($"{TestSignInPath}/{username}", null, TestContext.Current.CancellationToken);
        if (response.StatusCode != HttpStatusCode.NoContent)
        {
            browser.Dispose();
            throw new InvalidOperationException($"Test sign-in of {username} answered {(int)response.StatusCode}");
        }

        return browser;
    }

    /// <summary>
    /// Exists only in this test factory, never in the app: <c>POST /__test/signin/{username}</c> issues the same cookie
    /// a real sign-in does (principal and security stamp), so the node's cookie validation treats it like any other.
    /// </summary>
    private sealed class TestSignIn : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use(async (context, following) =>
            {
                if (!HttpMethods.IsPost(context.Request.Method)
                    || !context.Request.Path.StartsWithSegments(TestSignInPath, out var rest))
                {
                    await following(context);
                    return;
                }

                var members = context.RequestServices.GetRequiredService<IMemberStore>();
                var ct = context.RequestAborted;
                var member = await members.FindByUsernameAsync(rest.Value?.Trim('/') ?? "", ct);
                var credentials = member is null ? null : await members.FindCredentialsAsync(member.Id, ct);
                if (member is null || credentials is null)
                {
                    context.Response.StatusCode = StatusCodes.Status404NotFound;
                    return;
                }

                await context.SignInAsync(AuthSchemes.Cookie, MemberClaims.Principal(member, credentials.SecurityStamp, AuthSchemes.Cookie));
                context.Response.StatusCode = StatusCodes.Status204NoContent;
            });
            next(app);
        };
    }
}
