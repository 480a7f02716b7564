using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using OurSociety.Core;
using OurSociety.Core.Moderation;
using OurSociety.Web.Features.Api;
using OurSociety.Web.Hosting;
using OurSociety.Web.Pages;

namespace OurSociety.Web.Features.Moderation;

/// <summary>
/// <c>/admin/account-actions</c> for moderators and admins: warn, limit or suspend an account, here or elsewhere, and
/// lift them; the page and its JSON twin share <see cref="IAccountModeration"/>.
/// </summary>
internal static class AccountActionEndpoints
{
    public const string PagePath = "/admin/account-actions";
    public const int ListedAccounts = 200;

    public static RouteGroupBuilder MapAccountActionApi(this RouteGroupBuilder api)
    {
        api.MapPost("/admin/account-actions", ApplyAsync)
            .RequireAuthorization(Policies.Moderator)
            .WithTags("Moderation")
            .WithName("ApplyAccountAction")
            .WithSummary("Warn, limit or suspend an account, or lift a limit or suspension")
            .WithDescription("For moderators and admins. `account` is @name (a member here), @user@host or the address of an actor " +
                             "elsewhere (known here); `action` is warn, limit, suspend, unlimit or unsuspend; `reason` (needed for " +
                             "warn and suspend) is what the member reads; `privateNote` stays in the audit log. Suspending an " +
                             "account elsewhere deletes what is kept of it here, for good. Answers the audit log's entry.")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        return api;
    }

    public static void MapAccountActionPages(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup(PagePath).RequireAuthorization(Policies.Member).AddEndpointFilter(RoleFilters.ModeratorPageAsync).ExcludeFromDescription();
        group.MapGet("/", PageAsync);
        group.MapPost("/", SubmitAsync);
    }

    internal static async Task<Results<Ok<ModerationEntryResponse>, ValidationProblem, ProblemHttpResult>> ApplyAsync(
        AccountActionBody body, ClaimsPrincipal user, IAccountModeration moderation, CancellationToken ct)
    {
        if (!AccountActions.TryParse(body.Action, out var action))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["action"] = ["The action must be warn, limit, suspend, unlimit or unsuspend."],
            });
        }

        var outcome = await moderation.ApplyAsync(new AccountActionRequest(user.MemberId(), body.Account ?? "", action, body.Reason, body.PrivateNote), ct);
        return outcome switch
        {
            Outcome<ModerationEntry>.Ok(var entry) => TypedResults.Ok(ModerationEntryResponse.From(entry)),
            Outcome<ModerationEntry>.Invalid(var errors) => TypedResults.ValidationProblem(errors),
            Outcome<ModerationEntry>.NotFound missing => TypedResults.Problem(missing.Reason, statusCode: StatusCodes.Status404NotFound,
                extensions: new Dictionary<string, object?> { ["errors"] = new Dictionary<string, string[]> { ["account"] = [missing.Reason ?? ""] } }),
            Outcome<ModerationEntry>.Forbidden(var why) => ApiResults.Problem(StatusCodes.Status403Forbidden, why),
            Outcome<ModerationEntry>.Conflict(var why) => ApiResults.Problem(StatusCodes.Status409Conflict, why),
            _ => ApiResults.Problem(StatusCodes.Status400BadRequest),
        };
    }


    internal static async Task<IResult> PageAsync(string? done, string? account, AccountModerationService service, CancellationToken ct) =>
        await ShowAsync(service, new AccountActionForm(), null, null, done is null ? null : account, done, StatusCodes.Status200OK, ct);

    internal static async Task<IResult> SubmitAsync(
        [FromForm] AccountActionForm? form, ClaimsPrincipal user, AccountModerationService service, IStringLocalizer<AccountActionText> text,
        CancellationToken ct)
    {
        form ??= new();
        if (!AccountActions.TryParse(form.Action, out var action))
        {
            return await ShowAsync(service, form, new Dictionary<string, string[]> { ["action"] = [text["Action.Unknown"]] }, null, null, null,
                StatusCodes.Status400BadRequest, ct);
        }

        // Suspending an account elsewhere deletes what is kept of it: the desk asks first.
        if (action == AccountAction.Suspend && form.Confirm != "yes" && await service.IsRemoteAsync(form.Account, ct) == true)
        {
            return await ShowAsync(service, form, new Dictionary<string, string[]> { ["confirm"] = [text["Confirm.Missing"]] }, null, null, null,
                StatusCodes.Status400BadRequest, ct);
        }

        var outcome = await service.ApplyAsync(new AccountActionRequest(user.MemberId(), form.Account ?? "", action, form.Reason, form.PrivateNote), ct);
        return outcome switch
        {
            Outcome<ModerationEntry>.Ok(var entry) => TypedResults.Redirect(
                $"{PagePath}?done={Uri.EscapeDataString(entry.Action)}&account={Uri.EscapeDataString(entry.TargetLabel)}"),
            Outcome<ModerationEntry>.Invalid(var errors) => await ShowAsync(service, form, errors, null, null, null, StatusCodes.Status400BadRequest, ct),
            Outcome<ModerationEntry>.NotFound missing => await ShowAsync(service, form,
                new Dictionary<string, string[]> { ["account"] = [missing.Reason ?? ""] }, null, null, null, StatusCodes.Status404NotFound, ct),
            Outcome<ModerationEntry>.Forbidden forbidden => await ShowAsync(service, form, Field(forbidden.Field, forbidden.Reason),
                forbidden.Field is null ? forbidden.Reason : null, null, null, StatusCodes.Status403Forbidden, ct),
            Outcome<ModerationEntry>.Conflict conflict => await ShowAsync(service, form, Field(conflict.Field, conflict.Reason),
                conflict.Field is null ? conflict.Reason : null, null, null, StatusCodes.Status409Conflict, ct),
            _ => TypedResults.StatusCode(StatusCodes.Status400BadRequest),
        };
    }

    private static Dictionary<string, string[]>? Field(string? field, string reason) =>
        field is null ? null : new Dictionary<string, string[]> { [field] = [reason] };

    private static async Task<IResult> ShowAsync(
        AccountModerationService service, AccountActionForm form, IDictionary<string, string[]>? errors, string? message,
        string? doneAccount, string? doneAction, int status, CancellationToken ct) =>
        Html.Page<AccountActionsPage>(new
        {
            Form = form,
            Errors = errors,
            Message = message,
            DoneAccount = doneAccount,
            DoneAction = doneAction,
            Sanctioned = await service.SanctionedAsync(ListedAccounts, ct),
        }, status);
}

/// <summary>The desk's form; every field optional here, so a missing one is answered beside it.</summary>
public sealed class AccountActionForm
{
    public string? Account { get; set; }
    public string? Action { get; set; }
    public string? Reason { get; set; }
    public string? PrivateNote { get; set; }
    public string? Confirm { get; set; }
}

/// <param name="Account">@name, @user@host or the address of an actor.</param>
/// <param name="Action">warn, limit, suspend, unlimit or unsuspend.</param>
/// <param name="Reason">What the member reads; needed for warn and suspend.</param>
/// <param name="PrivateNote">Kept in the audit log only.</param>
internal sealed record AccountActionBody(string? Account, string? Action, string? Reason, string? PrivateNote);

/// <summary>One line of the audit log.</summary>
internal sealed record ModerationEntryResponse(
    Guid Id, DateTimeOffset Created, string Moderator, string Action, string TargetKind, string Target, string TargetLabel,
    string? Reason, string? PrivateNote, Guid? ReportId)
{
    public static ModerationEntryResponse From(ModerationEntry e) => new(
        e.Id, e.CreatedAt, e.ModeratorName, e.Action, e.TargetKind, e.Target, e.TargetLabel, e.Reason, e.PrivateNote, e.ReportId);
}
