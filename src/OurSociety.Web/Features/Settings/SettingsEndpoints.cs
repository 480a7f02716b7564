using System.Security.Claims;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using OurSociety.Core;
using OurSociety.Core.Invitations;
using OurSociety.Core.Members;
using OurSociety.Core.Paging;
using OurSociety.Core.Posts;
using OurSociety.Core.Tokens;
using OurSociety.Web.Hosting;
using OurSociety.Web.Pages;
using OurSociety.Web.Resources;

namespace OurSociety.Web.Features.Settings;

/// <summary>A member's own settings: profile and avatar, password, API tokens, invitations, export and deletion.</summary>
internal static class SettingsEndpoints
{
    public const int PageSize = 50;

    public static RouteGroupBuilder MapSettingsEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/settings").RequireAuthorization(Policies.Member).ExcludeFromDescription();
        group.MapGet("/", Overview);
        group.MapGet("/profile", ProfileAsync);
        group.MapPost("/profile", SaveProfileAsync);
        // The size is checked before the body is read, so the token is checked by hand after that (see the handler).
        group.MapPost("/profile/avatar", UploadAvatarAsync).DisableAntiforgery();
        group.MapPost("/profile/avatar/remove", RemoveAvatarAsync).RequireAntiforgery();
        group.MapPost("/profile/skills", SaveSkillsAsync);
        group.MapPost("/profile/discovery", SaveDiscoveryAsync);   // discoverable and indexable (issue 14)
        group.MapGet("/password", PasswordPage);
        // Both check the current password: limited like sign-in, so a borrowed session cannot guess it quickly.
        group.MapPost("/password", ChangePasswordAsync).RequireRateLimiting(RateLimits.SignIn);
        group.MapGet("/tokens", TokensAsync);
        group.MapPost("/tokens", CreateTokenAsync);
        group.MapPost("/tokens/{id:guid}/revoke", RevokeTokenAsync).RequireAntiforgery();
        group.MapGet("/invitations", InvitationsAsync);
        group.MapPost("/invitations", CreateInvitationAsync);
        group.MapPost("/invitations/{id:guid}/withdraw", WithdrawInvitationAsync).RequireAntiforgery();
        group.MapGet("/account", Account);
        group.MapGet("/export", ExportAsync);
        group.MapPost("/account/delete", DeleteAccountAsync).RequireRateLimiting(RateLimits.SignIn);
        return group;
    }

    internal static IResult Overview(IStringLocalizer<SettingsText> s, IStringLocalizer<Text> text, string? notice) =>
        Html.Page<SettingsPage>(new { Notice = Notices.Text(notice, s, text) });

    // ---- Profile and avatar ----

    internal static async Task<IResult> ProfileAsync(
        ClaimsPrincipal user, IMemberStore members, IStringLocalizer<SettingsText> s, IStringLocalizer<Text> text, string? notice, CancellationToken ct) =>
        await members.FindAsync(user.MemberId(), ct) is { } member
            ? ProfilePage(member, notice: Notices.Text(notice, s, text))
            : TypedResults.Challenge();

    internal static async Task<IResult> SaveProfileAsync(
        [FromForm] ProfileForm? form, ClaimsPrincipal user, MemberService service, IMemberStore members, CancellationToken ct)
    {
        form ??= new();   // a post with none of the fields binds to nothing: the same as all empty
        // The form always sends every field, so a missing one means "emptied", not "leave as it is".
        var outcome = await service.UpdateProfileAsync(user.MemberId(), form.DisplayName, form.Bio ?? "", form.Locality ?? "", ct);
        return outcome switch
        {
            Outcome<Member>.Ok => TypedResults.Redirect("/settings/profile?notice=profile-saved"),
            Outcome<Member>.Invalid(var errors) when await members.FindAsync(user.MemberId(), ct) is { } member =>
                ProfilePage(member, form, errors, status: StatusCodes.Status400BadRequest),
            _ => TypedResults.Challenge(),
        };
    }

    /// <summary>"Show me in directories and suggestions" and "Let people find my public posts by searching".</summary>
    internal static async Task<IResult> SaveDiscoveryAsync([FromForm] DiscoveryForm? form, ClaimsPrincipal user, MemberService service, CancellationToken ct)
    {
        // Unticked boxes send nothing at all, so the form may bind to nothing: both off.
        var outcome = await service.SetDiscoveryAsync(user.MemberId(), form?.Discoverable ?? false, form?.Indexable ?? false, ct);
        return outcome is Outcome<Member>.Ok ? TypedResults.Redirect("/settings/profile?notice=discovery-saved") : TypedResults.Challenge();
    }

    /// <summary>"Can help with" and "Interested in": topics, shown on the profile and sent as the actor's two fields.</summary>
    internal static async Task<IResult> SaveSkillsAsync(
        [FromForm] SkillsForm? form, ClaimsPrincipal user, SkillService skills, IMemberStore members, CancellationToken ct)
    {
        form ??= new();
        var outcome = await skills.SetAsync(
            user.MemberId(), OurSociety.Web.Features.Posts.StoryFields.TopicList(form.CanHelpWith), OurSociety.Web.Features.Posts.StoryFields.TopicList(form.InterestedIn), ct);
        return outcome switch
        {
            Outcome<Member>.Ok => TypedResults.Redirect("/settings/profile?notice=profile-saved"),
            Outcome<Member>.Invalid(var errors) when await members.FindAsync(user.MemberId(), ct) is { } member =>
                Html.Page<ProfileSettingsPage>(new
                {
                    Member = member,
                    member.DisplayName,
                    member.Bio,
                    member.Locality,
                    Errors = errors,
                    CanHelpWith = form.CanHelpWith ?? "",
                    InterestedIn = form.InterestedIn ?? "",
                }, StatusCodes.Status400BadRequest),
            _ => TypedResults.Challenge(),
        };
    }

    /// <summary>
    /// Reads the upload itself instead of through form binding, so an oversized body is refused before it is read
    /// (the antiforgery middleware would otherwise read it first). The token is then checked before anything is kept.
    /// </summary>
    internal static async Task<IResult> UploadAvatarAsync(
        HttpContext context, IAntiforgery antiforgery, IMemberStore members, MemberService service, AvatarFiles avatars,
        IStringLocalizer<SettingsText> s, CancellationToken ct)
    {
        if (await members.FindAsync(context.User.MemberId(), ct) is not { } member)
        {
            return TypedResults.Challenge();
        }

        var request = context.Request;
        if (request.ContentLength > AvatarFiles.MaxRequestBytes)
        {
            return ProfilePage(member, errors: Error("avatar", s["Avatar.TooLarge"]), status: StatusCodes.Status413PayloadTooLarge);
        }

        // A body without a length (chunked) is cut off by the server at the same size: Kestrel answers 413.
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } sizeLimit)
        {
            sizeLimit.MaxRequestBodySize = AvatarFiles.MaxRequestBytes;
        }

        if (!request.HasFormContentType)
        {
            return ProfilePage(member, errors: Error("avatar", s["Avatar.Missing"]), status: StatusCodes.Status400BadRequest);
        }

        IFormCollection form;
        try
        {
            form = await request.ReadFormAsync(new FormOptions { MultipartBodyLengthLimit = AvatarFiles.MaxRequestBytes }, ct);
        }
        catch (InvalidDataException)
        {
            return ProfilePage(member, errors: Error("avatar", s["Avatar.Unreadable"]), status: StatusCodes.Status400BadRequest);
        }

        if (!await antiforgery.IsRequestValidAsync(context))
        {
            return TypedResults.StatusCode(StatusCodes.Status400BadRequest);
        }

        var file = form.Files.GetFile("avatar");
        if (file is null || file.Length == 0)
        {
            return ProfilePage(member, errors: Error("avatar", s["Avatar.Missing"]), status: StatusCodes.Status400BadRequest);
        }

        if (file.Length > AvatarFiles.MaxBytes)
        {
            return ProfilePage(member, errors: Error("avatar", s["Avatar.TooLarge"]), status: StatusCodes.Status413PayloadTooLarge);
        }

        if (await avatars.SaveAsync(file, ct) is not { } path)
        {
            return ProfilePage(member, errors: Error("avatar", s["Avatar.WrongType"]), status: StatusCodes.Status400BadRequest);
        }

        try
        {
            await service.SetAvatarAsync(member.Id, path, ct);
        }
        catch
        {
            avatars.Delete(path);   // not kept, so not left behind
            throw;
        }

        avatars.Delete(member.AvatarPath);
        return TypedResults.Redirect("/settings/profile?notice=avatar-saved");
    }

    internal static async Task<IResult> RemoveAvatarAsync(
        ClaimsPrincipal user, IMemberStore members, MemberService service, AvatarFiles avatars, CancellationToken ct)
    {
        if (await members.FindAsync(user.MemberId(), ct) is not { } member)
        {
            return TypedResults.Challenge();
        }

        await service.SetAvatarAsync(member.Id, null, ct);
        avatars.Delete(member.AvatarPath);
        return TypedResults.Redirect("/settings/profile?notice=avatar-removed");
    }

    // ---- Password ----

    internal static IResult PasswordPage(IStringLocalizer<SettingsText> s, IStringLocalizer<Text> text, string? notice) =>
        Html.Page<PasswordSettingsPage>(new { Notice = Notices.Text(notice, s, text) });

    /// <summary>
    /// A new password gets a new security stamp, which signs every other device out (the cookie validator compares
    /// stamps); this device gets a fresh cookie carrying the new stamp so the person stays signed in here.
    /// </summary>
    internal static async Task<IResult> ChangePasswordAsync(
        [FromForm] PasswordForm? form, HttpContext context, MemberService service, IMemberStore members,
        IStringLocalizer<SettingsText> s, CancellationToken ct)
    {
        form ??= new();   // a post with none of the fields binds to nothing: the same as all empty
        if (form.NewPassword != form.ConfirmPassword)
        {
            return Html.Page<PasswordSettingsPage>(new { Errors = Error("confirmPassword", s["Password.Mismatch"]) }, StatusCodes.Status400BadRequest);
        }

        var id = context.User.MemberId();
        var outcome = await service.ChangePasswordAsync(id, form.CurrentPassword, form.NewPassword, ct);
        switch (outcome)
        {
            case Outcome<string>.Ok(var stamp) when await members.FindAsync(id, ct) is { } member:
                var persistent = context.Features.Get<IAuthenticateResultFeature>()?.AuthenticateResult?.Properties?.IsPersistent ?? false;
                await context.SignInAsync(AuthSchemes.Cookie, MemberClaims.Principal(member, stamp, AuthSchemes.Cookie),
                    new AuthenticationProperties { IsPersistent = persistent });
                return TypedResults.Redirect("/settings/password?notice=password-changed");
            case Outcome<string>.Invalid(var errors):
                return Html.Page<PasswordSettingsPage>(new { Errors = errors }, StatusCodes.Status400BadRequest);
            default:
                return TypedResults.Challenge();
        }
    }

    // ---- API tokens ----

    internal static async Task<IResult> TokensAsync(
        ClaimsPrincipal user, ApiTokenService tokens, IStringLocalizer<SettingsText> s, IStringLocalizer<Text> text,
        string? cursor, string? notice, CancellationToken ct)
    {
        if (!Cursor.TryDecode(cursor, out var after))
        {
            return TypedResults.StatusCode(StatusCodes.Status400BadRequest);
        }

        return await TokensPageAsync(user.MemberId(), tokens, after, null, new FormState(Notice: Notices.Text(notice, s, text)), ct);
    }

    /// <summary>The token is shown on this response only: it is not stored, so it cannot be shown again.</summary>
    internal static async Task<IResult> CreateTokenAsync(
        [FromForm] TokenForm? form, HttpContext context, ApiTokenService tokens, CancellationToken ct)
    {
        form ??= new();   // a post with none of the fields binds to nothing: the same as all empty
        var outcome = await tokens.CreateAsync(context.User.MemberId(), form.Name, ct);
        switch (outcome)
        {
            case Outcome<(ApiToken Token, string Secret)>.Ok(var (token, secret)):
                // Never cached (the value the antiforgery token on the page would also set).
                context.Response.Headers.CacheControl = "no-cache, no-store";
                return Html.Page<TokenCreatedPage>(new { token.Name, Secret = secret });
            case Outcome<(ApiToken Token, string Secret)>.Invalid(var errors):
                return await TokensPageAsync(context.User.MemberId(), tokens, Cursor.Start, form.Name, FormState.Invalid(errors), ct);
            default:
                return TypedResults.Challenge();
        }
    }

    internal static async Task<IResult> RevokeTokenAsync(Guid id, ClaimsPrincipal user, ApiTokenService tokens, CancellationToken ct) =>
        await tokens.RevokeAsync(user.MemberId(), id, ct) is Outcome<bool>.Ok
            ? TypedResults.Redirect("/settings/tokens?notice=token-revoked")
            : TypedResults.StatusCode(StatusCodes.Status404NotFound);

    // ---- Invitations ----

    internal static async Task<IResult> InvitationsAsync(
        ClaimsPrincipal user, IMemberStore members, InvitationService invitations, IOptions<NodeOptions> node, TimeProvider time,
        IStringLocalizer<SettingsText> s, IStringLocalizer<Text> text, string? cursor, string? notice, CancellationToken ct)
    {
        if (!Cursor.TryDecode(cursor, out var after))
        {
            return TypedResults.StatusCode(StatusCodes.Status400BadRequest);
        }

        return await members.FindAsync(user.MemberId(), ct) is { } member
            ? await InvitationsPageAsync(member, invitations, node.Value, time, after, null, new FormState(Notice: Notices.Text(notice, s, text)), ct)
            : TypedResults.Challenge();
    }

    internal static async Task<IResult> CreateInvitationAsync(
        [FromForm] InvitationForm? form, ClaimsPrincipal user, IMemberStore members, InvitationService invitations,
        IOptions<NodeOptions> node, TimeProvider time, IStringLocalizer<SettingsText> s, CancellationToken ct)
    {
        form ??= new();   // a post with none of the fields binds to nothing: the same as all empty
        if (await members.FindAsync(user.MemberId(), ct) is not { } member)
        {
            return TypedResults.Challenge();
        }

        var errors = form.TryRead(out var maxUses, out var days, s["Invitation.NotANumber"]);
        if (errors.Count > 0)
        {
            return await InvitationsPageAsync(member, invitations, node.Value, time, Cursor.Start, form, FormState.Invalid(errors), ct);
        }

        return await invitations.CreateAsync(member.Id, maxUses, TimeSpan.FromDays(days), ct) switch
        {
            Outcome<Invitation>.Ok => TypedResults.Redirect("/settings/invitations?notice=invitation-created"),
            Outcome<Invitation>.Invalid(var invalid) =>
                await InvitationsPageAsync(member, invitations, node.Value, time, Cursor.Start, form, FormState.Invalid(invalid), ct),
            Outcome<Invitation>.Forbidden(var why) =>
                await InvitationsPageAsync(member, invitations, node.Value, time, Cursor.Start, form,
                    new FormState(Message: why, Status: StatusCodes.Status403Forbidden), ct),
            _ => TypedResults.Challenge(),
        };
    }

    internal static async Task<IResult> WithdrawInvitationAsync(
        Guid id, ClaimsPrincipal user, IMemberStore members, InvitationService invitations, CancellationToken ct)
    {
        if (await members.FindAsync(user.MemberId(), ct) is not { } member)
        {
            return TypedResults.Challenge();
        }

        return await invitations.RevokeAsync(member, id, ct) is Outcome<bool>.Ok
            ? TypedResults.Redirect("/settings/invitations?notice=invitation-revoked")
            : TypedResults.StatusCode(StatusCodes.Status404NotFound);
    }

    // ---- Export and deletion ----

    internal static IResult Account(IStringLocalizer<SettingsText> s, IStringLocalizer<Text> text, string? notice) =>
        Html.Page<AccountSettingsPage>(new { Notice = Notices.Text(notice, s, text) });

    internal static async Task<IResult> ExportAsync(
        HttpContext context, IMemberStore members, InvitationService invitations, ApiTokenService tokens, IPostStore posts,
        IOptions<NodeOptions> node, TimeProvider time, CancellationToken ct)
    {
        if (await members.FindAsync(context.User.MemberId(), ct) is not { } member)
        {
            return TypedResults.Challenge();
        }

        var allInvitations = await AllAsync((after, token) => invitations.ListAsync(member.Id, after, Core.Paging.PageSize.Max, token), ct);
        var allTokens = await AllAsync((after, token) => tokens.ListAsync(member.Id, after, Core.Paging.PageSize.Max, token), ct);
        var now = time.GetUtcNow();
        var export = DataExport.From(member, allInvitations, allTokens, await posts.AllByAuthorAsync(member.Id, ct), node.Value.Origin, now);
        context.Response.Headers.CacheControl = "no-store";
        return TypedResults.File(export.ToUtf8Json(), "application/json",
            $"oursociety-{member.Username}-{now.UtcDateTime.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)}.json");
    }

    internal static async Task<IResult> DeleteAccountAsync(
        [FromForm] DeleteAccountForm? form, HttpContext context, MemberService service, IMemberStore members, AvatarFiles avatars, CancellationToken ct)
    {
        form ??= new();   // a post with none of the fields binds to nothing: the same as all empty
        if (await members.FindAsync(context.User.MemberId(), ct) is not { } member)
        {
            return TypedResults.Challenge();
        }

        switch (await service.DeleteAccountAsync(member.Id, form.Password, ct))
        {
            case Outcome<bool>.Ok:
                await context.SignOutAsync(AuthSchemes.Cookie);
                avatars.Delete(member.AvatarPath);
                return TypedResults.Redirect("/?notice=account-deleted");
            case Outcome<bool>.Invalid(var errors):
                return Html.Page<AccountSettingsPage>(new { Errors = errors }, StatusCodes.Status400BadRequest);
            case Outcome<bool>.Conflict(var why):
                return Html.Page<AccountSettingsPage>(new { Message = why }, StatusCodes.Status409Conflict);
            default:
                return TypedResults.Challenge();
        }
    }

    // ---- Helpers ----

    internal static Dictionary<string, string[]> Error(string field, string message) => new() { [field] = [message] };

    private static RazorComponentResult<ProfileSettingsPage> ProfilePage(
        Member member, ProfileForm? form = null, IDictionary<string, string[]>? errors = null, string? notice = null, int status = StatusCodes.Status200OK) =>
        Html.Page<ProfileSettingsPage>(new
        {
            Member = member,
            DisplayName = form?.DisplayName ?? member.DisplayName,
            Bio = form?.Bio ?? member.Bio,
            Locality = form?.Locality ?? member.Locality,
            Errors = errors,
            Notice = notice,
        }, status);

    private static async Task<IResult> TokensPageAsync(
        Guid memberId, ApiTokenService tokens, Cursor after, string? name, FormState state, CancellationToken ct) =>
        Html.Page<TokensSettingsPage>(new
        {
            Tokens = await tokens.ListAsync(memberId, after, PageSize, ct),
            Name = name,
            state.Errors,
            state.Notice,
        }, state.Status);

    private static async Task<IResult> InvitationsPageAsync(
        Member member, InvitationService invitations, NodeOptions node, TimeProvider time, Cursor after, InvitationForm? form,
        FormState state, CancellationToken ct) =>
        Html.Page<InvitationsSettingsPage>(new
        {
            Invitations = await invitations.ListAsync(member.Id, after, PageSize, ct),
            CanInvite = invitations.CanInvite(member),
            Origin = node.Origin,
            Now = time.GetUtcNow(),
            MaxUses = form?.MaxUses ?? InvitationForm.DefaultMaxUses.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ExpiresInDays = form?.ExpiresInDays ?? InvitationForm.DefaultDays.ToString(System.Globalization.CultureInfo.InvariantCulture),
            state.Errors,
            state.Message,
            state.Notice,
        }, state.Status);

    private static async Task<List<T>> AllAsync<T>(Func<Cursor, CancellationToken, Task<Page<T>>> list, CancellationToken ct)
    {
        var all = new List<T>();
        var after = Cursor.Start;
        while (true)
        {
            var page = await list(after, ct);
            all.AddRange(page.Items);
            if (page.Next is null || !Cursor.TryDecode(page.Next, out after))
            {
                return all;
            }
        }
    }
}

/// <summary>How a page with a form comes back: its errors or message, a notice, and the status to answer with.</summary>
internal sealed record FormState(
    IDictionary<string, string[]>? Errors = null, string? Message = null, string? Notice = null, int Status = StatusCodes.Status200OK)
{
    public static FormState Invalid(IDictionary<string, string[]> errors) => new(errors, Status: StatusCodes.Status400BadRequest);
}
