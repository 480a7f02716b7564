using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.Options;
using OurSociety.Core.Members;
using OurSociety.Core.Tokens;

namespace OurSociety.Web.Hosting;

internal static class AuthSchemes
{
    public const string Cookie = CookieAuthenticationDefaults.AuthenticationScheme;
    public const string Bearer = "Bearer";

    /// <summary>Picks Bearer when an Authorization header is present, else the sign-in cookie.</summary>
    public const string Default = "CookieOrBearer";
}

internal static class Policies
{
    public const string Member = "member";
    public const string Admin = "admin";

    /// <summary>Moderators and admins: the moderators' desk (reports, account actions, audit log).</summary>
    public const string Moderator = "moderator";
}

internal static class MemberClaims
{
    public const string SecurityStamp = "oursociety:stamp";

    /// <summary>
    /// On a sign-in made with a one-time password: until a new one is chosen, only that page opens (see
    /// <c>NewPasswordGate</c>). Tokens an admin made with the CLI are not the password and keep working.
    /// </summary>
    public const string PasswordChangeRequired = "oursociety:must-change-password";

    /// <summary>On a suspended member's sign-in: only the reason and the appeal open (see <c>SuspendedGate</c>).</summary>
    public const string Suspended = "oursociety:suspended";

    public static ClaimsPrincipal Principal(Member member, string? securityStamp, string scheme)
    {
        var claims = new List<Claim>
        {
            new(ClaimTypes.NameIdentifier, member.Id.ToString("D")),
            new(ClaimTypes.Name, member.Username),
        };
        claims.AddRange(member.Roles.Select(r => new Claim(ClaimTypes.Role, r.Name())));
        if (securityStamp is not null)
        {
            claims.Add(new Claim(SecurityStamp, securityStamp));
        }

        if (member.Language is { } language)
        {
            claims.Add(new Claim(Languages.Claim, language));
        }

        if (member.MustChangePassword && scheme == AuthSchemes.Cookie)
        {
            claims.Add(new Claim(PasswordChangeRequired, "true"));
        }

        if (member.IsSuspended)
        {
            claims.Add(new Claim(Suspended, member.SuspensionReason ?? ""));
        }

        return new ClaimsPrincipal(new ClaimsIdentity(claims, scheme));
    }

    /// <summary>The signed-in member's id; only call behind an authorization policy.</summary>
    public static Guid MemberId(this ClaimsPrincipal user) =>
        Guid.Parse(user.FindFirstValue(ClaimTypes.NameIdentifier) ?? throw new InvalidOperationException("Not signed in."));

    public static Guid? MemberIdOrNull(this ClaimsPrincipal user) =>
        Guid.TryParse(user.FindFirstValue(ClaimTypes.NameIdentifier), out var id) ? id : null;

    /// <summary>Signed in to a suspended account.</summary>
    public static bool IsSuspended(this ClaimsPrincipal user) => user.HasClaim(c => c.Type == Suspended);

    /// <summary>What a suspended member was told.</summary>
    public static string SuspensionReason(this ClaimsPrincipal user) => user.FindFirstValue(Suspended) ?? "";

    /// <summary>Signed in with a one-time password that is still to be replaced.</summary>
    public static bool MustChangePassword(this ClaimsPrincipal user) => user.HasClaim(PasswordChangeRequired, "true");
}

/// <summary>
/// Re-reads the member behind a sign-in cookie on each request, so a changed password, a deleted account or changed
/// roles take effect at once instead of when the cookie expires.
/// </summary>
internal sealed class CookieValidator(IMemberStore members) : CookieAuthenticationEvents
{
    public override async Task ValidatePrincipal(CookieValidatePrincipalContext context)
    {
        var ct = context.HttpContext.RequestAborted;
        var id = context.Principal?.MemberIdOrNull();
        var member = id is null ? null : await members.FindAsync(id.Value, ct);
        var credentials = member is null ? null : await members.FindCredentialsAsync(member.Id, ct);
        if (member is not { State: MemberState.Active } || credentials is null
            || credentials.SecurityStamp != context.Principal?.FindFirstValue(MemberClaims.SecurityStamp))
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(AuthSchemes.Cookie);
            return;
        }

        context.ReplacePrincipal(MemberClaims.Principal(member, credentials.SecurityStamp, AuthSchemes.Cookie));
    }

    // The JSON API answers 401/403 instead of sending a browser to the sign-in page. The path decides, not the
    // framework's guess from endpoint metadata (it takes endpoints whose code is generated at build time for APIs).
    public override Task RedirectToLogin(RedirectContext<CookieAuthenticationOptions> context) =>
        IsApi(context.Request) ? Status(context, StatusCodes.Status401Unauthorized) : Redirect(context);

    public override Task RedirectToAccessDenied(RedirectContext<CookieAuthenticationOptions> context) =>
        IsApi(context.Request) ? Status(context, StatusCodes.Status403Forbidden) : Redirect(context);

    private static bool IsApi(HttpRequest request) => request.Path.StartsWithSegments("/api");

    private static Task Redirect(RedirectContext<CookieAuthenticationOptions> context)
    {
        context.Response.Redirect(context.RedirectUri);
        return Task.CompletedTask;
    }

    private static Task Status(RedirectContext<CookieAuthenticationOptions> context, int status)
    {
        context.Response.StatusCode = status;
        return Task.CompletedTask;
    }
}

/// <summary>Personal API tokens: <c>Authorization: Bearer os_…</c>.</summary>
internal sealed class BearerTokenHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, ApiTokenService tokens)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticateResult.NoResult();
        }

        var member = await tokens.AuthenticateAsync(header["Bearer ".Length..].Trim(), Context.RequestAborted);
        if (member is { IsSuspended: true })
        {
            // A suspended member's tokens are refused; signing in with the password still reaches the appeal.
            return AuthenticateResult.Fail("The account is suspended.");
        }

        return member is null
            ? AuthenticateResult.Fail("The token is not valid: it may have been revoked, or the account removed.")
            : AuthenticateResult.Success(new AuthenticationTicket(MemberClaims.Principal(member, null, AuthSchemes.Bearer), AuthSchemes.Bearer));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer";
        return Task.CompletedTask;
    }
}
