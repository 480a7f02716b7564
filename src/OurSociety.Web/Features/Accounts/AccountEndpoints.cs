using System.Diagnostics;
using System.Security.Claims;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using OurSociety.Core;
using OurSociety.Core.Hubs;
using OurSociety.Core.Invitations;
using OurSociety.Core.Members;
using OurSociety.Core.Paging;
using OurSociety.Web.Hosting;
using OurSociety.Web.Pages;
using OurSociety.Web.Resources;

namespace OurSociety.Web.Features.Accounts;

/// <summary>
/// The sign-in side of the web UI: first-admin setup, sign in, sign out, sign up (with invitations) and the page a
/// signed-in person sees when something is not theirs to do. Plain forms that work with JavaScript off.
/// </summary>
internal static partial class AccountEndpoints
{
    private const string LogCategory = "OurSociety.Web.Features.Accounts";

    /// <summary>Where a sign-in with a one-time password leads: the only page that opens until a new one is chosen.</summary>
    public const string NewPasswordPath = "/signin/new-password";

    public static RouteGroupBuilder MapAccountEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("").ExcludeFromDescription();
        group.MapGet("/setup/{token}", SetupFormAsync);
        group.MapPost("/setup/{token}", SetupAsync).RequireRateLimiting(RateLimits.SignIn);
        group.MapGet("/signin", SignInForm);
        group.MapPost("/signin", SignInAsync).RequireRateLimiting(RateLimits.SignIn);
        group.MapPost("/signout", SignOutAsync);
        group.MapGet(NewPasswordPath, NewPasswordForm).RequireAuthorization(Policies.Member);
        group.MapPost(NewPasswordPath, ChooseNewPasswordAsync).RequireAuthorization(Policies.Member).RequireRateLimiting(RateLimits.SignIn);
        group.MapGet("/signup", SignUpFormAsync);
        group.MapPost("/signup", SignUpAsync).RequireRateLimiting(RateLimits.SignIn);
        group.MapGet("/invite/{code}", Invite);
        group.MapGet("/forbidden", Forbidden);
        return group;
    }

    internal static async Task<IResult> SetupFormAsync(string token, MemberService members, IStringLocalizer<AccountsText> text, CancellationToken ct) =>
        await members.IsSetupTokenValidAsync(token, ct) ? Html.Page<SetupPage>(new { Token = token }) : SetupNotFound(text);

    internal static async Task<IResult> SetupAsync(
        string token, [FromForm] SetupRequest? form, HttpContext http, MemberService members, NodePolicy policy,
        IStringLocalizer<AccountsText> text, CancellationToken ct)
    {
        form ??= new();   // a post with none of the fields binds to nothing: the same as all empty
        // The token is checked first, so nobody learns anything about the form without the link.
        if (!await members.IsSetupTokenValidAsync(token, ct))
        {
            return SetupNotFound(text);
        }

        IResult Again(IDictionary<string, string[]> errors) => Html.Page<SetupPage>(
            new { Token = token, form.Username, form.DisplayName, Errors = errors }, StatusCodes.Status400BadRequest);

        if (ConfirmationProblems(form.Username, form.Password, form.ConfirmPassword, policy, text) is { } problems)
        {
            return Again(problems);
        }

        var outcome = await members.CompleteSetupAsync(token, new SignUp(form.Username, form.Password, form.DisplayName, null, null), ct);
        switch (outcome)
        {
            case Outcome<SignedIn>.Ok(var signedIn):
                await SignInCookieAsync(http, signedIn, persistent: false);
                return Results.Redirect("/?notice=setup-done");
            case Outcome<SignedIn>.Invalid(var errors):
                return Again(errors);
            case Outcome<SignedIn>.Forbidden:   // an admin appeared meanwhile: the link is spent
                return SetupNotFound(text);
            default:
                throw new UnreachableException();
        }
    }

    internal static IResult SignInForm(string? returnUrl) => Html.Page<SignInPage>(new { ReturnUrl = LocalUrl(returnUrl) });

    internal static async Task<IResult> SignInAsync(
        [FromForm] SignInRequest? form, HttpContext http, MemberService members, ILoggerFactory logs, CancellationToken ct)
    {
        form ??= new();   // a post with none of the fields binds to nothing: the same as all empty
        var returnUrl = LocalUrl(form.ReturnUrl);
        var outcome = await members.SignInAsync(form.Username, form.Password, RateLimits.ClientKey(http), ct);
        switch (outcome)
        {
            case Outcome<SignedIn>.Ok(var signedIn):
                await SignInCookieAsync(http, signedIn, form.Remember);
                var log = logs.CreateLogger(LogCategory);
                LogSignedIn(log, signedIn.Member.Id);
                // A one-time password from an admin has done its job once it let its owner in: they choose their own.
                return Results.Redirect(signedIn.Member.MustChangePassword ? NewPasswordUrl(returnUrl) : returnUrl ?? "/");
            case Outcome<SignedIn>.Invalid(var errors):
                return Html.Page<SignInPage>(
                    new { form.Username, ReturnUrl = returnUrl, form.Remember, Errors = errors }, StatusCodes.Status400BadRequest);
            case Outcome<SignedIn>.Forbidden(var reason):
                return Html.Page<SignInPage>(
                    new { form.Username, ReturnUrl = returnUrl, form.Remember, Refusal = reason }, StatusCodes.Status403Forbidden);
            default:
                throw new UnreachableException();
        }
    }

    internal static IResult NewPasswordForm(string? returnUrl, ClaimsPrincipal user) => user.MustChangePassword()
        ? Html.Page<NewPasswordPage>(new { ReturnUrl = LocalUrl(returnUrl) })
        : Results.Redirect("/settings/password");   // already their own: the normal place to change it

    /// <summary>
    /// Replaces the one-time password. The new password gets a new security stamp (other devices signed in with the
    /// one-time password are signed out) and this device a fresh cookie without the restriction.
    /// </summary>
    internal static async Task<IResult> ChooseNewPasswordAsync(
        [FromForm] NewPasswordRequest? form, HttpContext http, MemberService members, IMemberStore store,
        IStringLocalizer<AccountsText> text, CancellationToken ct)
    {
        form ??= new();   // a post with none of the fields binds to nothing: the same as all empty
        var returnUrl = LocalUrl(form.ReturnUrl);
        IResult Again(IDictionary<string, string[]> errors) =>
            Html.Page<NewPasswordPage>(new { ReturnUrl = returnUrl, Errors = errors }, StatusCodes.Status400BadRequest);

        if (!string.Equals(form.NewPassword, form.ConfirmPassword, StringComparison.Ordinal))
        {
            return Again(new Dictionary<string, string[]> { ["confirmPassword"] = [text["Error.ConfirmPassword"].Value] });
        }

        var id = http.User.MemberId();
        switch (await members.ChooseNewPasswordAsync(id, form.NewPassword, ct))
        {
            case Outcome<string>.Ok(var stamp) when await store.FindAsync(id, ct) is { } member:
                var persistent = http.Features.Get<IAuthenticateResultFeature>()?.AuthenticateResult?.Properties?.IsPersistent ?? false;
                await SignInCookieAsync(http, new SignedIn(member, stamp), persistent);
                return Results.Redirect(returnUrl ?? "/?notice=password-chosen");
            case Outcome<string>.Invalid(var errors):
                return Again(errors);
            case Outcome<string>.Conflict:
                return Results.Redirect("/settings/password");
            default:
                return Results.Challenge();
        }
    }

    internal static string NewPasswordUrl(string? returnUrl) =>
        returnUrl is null ? NewPasswordPath : $"{NewPasswordPath}?returnUrl={Uri.EscapeDataString(returnUrl)}";

    /// <summary>Signs out. The Shell posts here from every page; a forged cross-site post is refused.</summary>
    internal static async Task<IResult> SignOutAsync(HttpContext http, IAntiforgery antiforgery)
    {
        // No form fields to bind, so the framework would not check the token by itself.
        if (!await antiforgery.IsRequestValidAsync(http))
        {
            return Results.StatusCode(StatusCodes.Status400BadRequest);
        }

        await http.SignOutAsync(AuthSchemes.Cookie);
        return Results.Redirect("/?notice=signed-out");
    }

    internal static async Task<IResult> SignUpFormAsync(string? invite, NodePolicy policy, InvitationService invitations,
        IStringLocalizer<AccountsText> text, CancellationToken ct)
    {
        var invitation = await invitations.FindUsableAsync(invite, ct);
        var form = FormFor(policy.Registrations, invitation);
        var message = !string.IsNullOrWhiteSpace(invite) && invitation is null ? text["SignUp.InviteInvalid"].Value : null;
        // Explaining that joining needs an invitation is a page worth reading, not an error: 200.
        return Html.Page<SignUpPage>(new { Mode = policy.Registrations, Form = form, InviteCode = invitation?.Code, Message = message });
    }

    internal static async Task<IResult> SignUpAsync(
        [FromForm] SignUpRequest? form, HttpContext http, MemberService members, InvitationService invitations,
        NodePolicy policy, IStringLocalizer<AccountsText> text, CancellationToken ct)
    {
        form ??= new();   // a post with none of the fields binds to nothing: the same as all empty
        var hasInvite = !string.IsNullOrWhiteSpace(form.Invite);
        var invitation = await invitations.FindUsableAsync(form.Invite, ct);
        var kind = FormFor(policy.Registrations, invitation);
        var inviteProblem = hasInvite && invitation is null ? text["SignUp.InviteInvalid"].Value : null;

        IResult Page(int status, IDictionary<string, string[]>? errors, string? message) => Html.Page<SignUpPage>(new
        {
            Mode = policy.Registrations,
            Form = kind,
            InviteCode = invitation?.Code,
            form.Username,
            form.DisplayName,
            Reason = kind == SignUpForm.Request ? form.Reason : null,
            Errors = errors,
            Message = message,
        }, status);

        if (kind == SignUpForm.None)
        {
            return Page(StatusCodes.Status403Forbidden, null, inviteProblem);
        }

        // A dead invitation must not quietly turn into a request that waits for approval: show the form again, as it
        // now applies, and say why.
        if (inviteProblem is not null)
        {
            return Page(StatusCodes.Status400BadRequest, null, inviteProblem);
        }

        if (ConfirmationProblems(form.Username, form.Password, form.ConfirmPassword, policy, text) is { } problems)
        {
            return Page(StatusCodes.Status400BadRequest, problems, null);
        }

        var request = new SignUp(form.Username, form.Password, form.DisplayName, invitation?.Code,
            kind == SignUpForm.Request ? form.Reason : null);
        switch (await members.RegisterAsync(request, ct))
        {
            case Outcome<SignedIn>.Ok({ Member.State: MemberState.Pending }):
                return Results.Redirect("/?notice=pending");
            case Outcome<SignedIn>.Ok(var joined):
                await SignInCookieAsync(http, joined, persistent: false);
                return Results.Redirect("/?notice=welcome");
            case Outcome<SignedIn>.Invalid(var errors):
                // The invitation is not a field: its problem (used up meanwhile) goes to the summary.
                var fieldErrors = errors.Where(e => e.Key != "invite").ToDictionary(e => e.Key, e => e.Value);
                var inviteMessage = errors.TryGetValue("invite", out var messages) ? string.Join(" ", messages) : null;
                return Page(StatusCodes.Status400BadRequest, fieldErrors, inviteMessage);
            case Outcome<SignedIn>.Forbidden(var reason):
                return Page(StatusCodes.Status403Forbidden, null, reason);
            default:
                throw new UnreachableException();
        }
    }

    /// <summary>The link in an invitation: <c>/invite/{code}</c> leads to the sign-up form with the code filled in.</summary>
    internal static IResult Invite(string code) => Results.Redirect($"/signup?invite={Uri.EscapeDataString(code)}");

    internal static IResult Forbidden(IStringLocalizer<Text> text) => Html.Page<ErrorPage>(
        new { Heading = text["Error.403.Heading"].Value, Message = text["Error.403.Message"].Value }, StatusCodes.Status403Forbidden);

    /// <summary>
    /// <paramref name="url"/> when it is a path on this site, else null: a sign-in link must never send people on to
    /// another site (open redirect). Protocol-relative (<c>//host</c>) and backslash tricks (<c>/\host</c>) are refused.
    /// </summary>
    internal static string? LocalUrl(string? url) =>
        url is { Length: > 0 and <= 2048 } && url[0] == '/' && !url.StartsWith("//", StringComparison.Ordinal)
        && !url.Contains('\\', StringComparison.Ordinal) && !url.Any(char.IsControl)
            ? url
            : null;

    private static SignUpForm FormFor(RegistrationMode mode, Invitation? invitation) => (mode, invitation) switch
    {
        (_, not null) => SignUpForm.Invited,
        (RegistrationMode.Open, _) => SignUpForm.Open,
        (RegistrationMode.Approval, _) => SignUpForm.Request,
        _ => SignUpForm.None,
    };

    /// <summary>
    /// A mismatched confirmation is checked here (Core never sees the second copy); the other problems that can be
    /// known without the database are listed with it, so the person fixes everything in one go.
    /// </summary>
    private static Dictionary<string, string[]>? ConfirmationProblems(
        string? username, string? password, string? confirmPassword, NodePolicy policy, IStringLocalizer<AccountsText> text)
    {
        if (string.Equals(password, confirmPassword, StringComparison.Ordinal))
        {
            return null;
        }

        var errors = new Dictionary<string, string[]>();
        if (Username.Validate(username, policy.HubUsername) is { } usernameProblem)
        {
            errors["username"] = [usernameProblem];
        }

        if (MemberService.ValidatePassword(password) is { } passwordProblem)
        {
            errors["password"] = [passwordProblem];
        }

        errors["confirmPassword"] = [text["Error.ConfirmPassword"].Value];
        return errors;
    }

    private static Task SignInCookieAsync(HttpContext http, SignedIn signedIn, bool persistent) =>
        http.SignInAsync(AuthSchemes.Cookie, MemberClaims.Principal(signedIn.Member, signedIn.SecurityStamp, AuthSchemes.Cookie),
            new AuthenticationProperties { IsPersistent = persistent });

    private static RazorComponentResult<ErrorPage> SetupNotFound(IStringLocalizer<AccountsText> text) => Html.Page<ErrorPage>(
        new { Heading = text["Setup.NotFound.Heading"].Value, Message = text["Setup.NotFound.Message"].Value }, StatusCodes.Status404NotFound);

    [LoggerMessage(EventId = 3102, Level = LogLevel.Information, Message = "Member {MemberId} signed in")]
    private static partial void LogSignedIn(ILogger logger, Guid memberId);
}
