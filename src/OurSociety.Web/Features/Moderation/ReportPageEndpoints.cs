using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using OurSociety.Core;
using OurSociety.Core.Members;
using OurSociety.Core.Moderation;
using OurSociety.Core.Paging;
using OurSociety.Web.Features.Api;
using OurSociety.Web.Hosting;
using OurSociety.Web.Pages;
using OurSociety.Web.Resources;

namespace OurSociety.Web.Features.Moderation;

/// <summary>The report form (every page's "Report" link leads here), the moderators' report queue and the appeal page.</summary>
internal static class ReportPageEndpoints
{
    public const int QueuePageSize = 30;
    public const int EarlierShown = 20;

    public static IEndpointRouteBuilder MapReportPageEndpoints(this IEndpointRouteBuilder app)
    {
        var members = app.MapGroup("").RequireAuthorization(Policies.Member).ExcludeFromDescription();
        members.MapGet("/report", ReportFormAsync);
        members.MapPost("/report", ReportAsync);
        members.MapGet("/appeal", AppealFormAsync);
        members.MapPost("/appeal", AppealAsync);

        var desk = app.MapGroup("/admin/reports").RequireAuthorization(Policies.Member).AddEndpointFilter(RoleFilters.ModeratorPageAsync).ExcludeFromDescription();
        desk.MapGet("/", QueueAsync);
        desk.MapGet("/{id:guid}", DetailAsync);
        desk.MapPost("/{id:guid}/close", CloseAsync);
        return app;
    }


    internal static async Task<IResult> ReportFormAsync(string? target, IReportTargets targets, CancellationToken ct)
    {
        var found = string.IsNullOrWhiteSpace(target) ? null : await targets.ResolveAsync(target.Trim(), ct);
        return found is null
            ? Html.Page<ReportFormPage>(new { TargetUrl = target, Errors = TargetErrors() }, StatusCodes.Status404NotFound)
            : Html.Page<ReportFormPage>(new { Target = found, TargetUrl = target });
    }

    internal static async Task<IResult> ReportAsync(
        [FromForm] ReportForm? form, ClaimsPrincipal user, ReportService service, IReportTargets targets, IOptions<NodeOptions> node, CancellationToken ct)
    {
        form ??= new ReportForm();
        var input = new ReportInput(form.Target, form.Category, form.Note, form.Forward);
        var outcome = await service.CreateAsync(user.MemberId(), input, ct);
        if (outcome is Outcome<ReportResult>.Ok(var result))
        {
            return Html.Page<ReportSentPage>(new { result.Merged, Back = BackLink(node.Value.Origin, form.Target?.Trim()) });
        }

        var found = string.IsNullOrWhiteSpace(form.Target) ? null : await targets.ResolveAsync(form.Target.Trim(), ct);
        var (errors, status) = outcome switch
        {
            Outcome<ReportResult>.Invalid(var e) => (e, StatusCodes.Status400BadRequest),
            Outcome<ReportResult>.NotFound => (TargetErrors(), StatusCodes.Status404NotFound),
            Outcome<ReportResult>.Forbidden forbidden => (new Dictionary<string, string[]> { [forbidden.Field ?? "target"] = [forbidden.Reason] }, StatusCodes.Status403Forbidden),
            Outcome<ReportResult>.Conflict conflict => (new Dictionary<string, string[]> { [conflict.Field ?? "target"] = [conflict.Reason] }, StatusCodes.Status409Conflict),
            _ => (TargetErrors(), StatusCodes.Status404NotFound),
        };
        return Html.Page<ReportFormPage>(new
        {
            Target = found,
            TargetUrl = form.Target,
            form.Category,
            form.Note,
            form.Forward,
            Errors = errors,
        }, status);
    }

    internal static async Task<IResult> QueueAsync(
        string? state, string? cursor, string? notice, ReportService service, IStringLocalizer<ReportText> r, IStringLocalizer<Text> shared, CancellationToken ct)
    {
        var chosen = ReportState.Open;
        if ((state is not null && !ReportNames.TryParse(state, out chosen)) || !Cursor.TryDecode(cursor, out var after))
        {
            return TypedResults.StatusCode(StatusCodes.Status400BadRequest);
        }

        var page = await service.ListAsync(chosen, after, QueuePageSize, ct);
        return Html.Page<ReportQueuePage>(new { State = chosen, Reports = page.Items, page.Next, Notice = Notices.Text(notice, r, shared) });
    }

    internal static async Task<IResult> DetailAsync(Guid id, ReportService service, IMemberStore members, CancellationToken ct)
    {
        if (await service.FindAsync(id, ct) is not { } report)
        {
            return TypedResults.NotFound();
        }

        var (reporter, earlier) = await DetailPartsAsync(report, service, members, ct);
        return Html.Page<ReportDetailPage>(new { Report = report, Reporter = reporter, Earlier = earlier });
    }

    internal static async Task<IResult> CloseAsync(
        Guid id, [FromForm] CloseForm? form, ClaimsPrincipal user, ReportService service, IMemberStore members, IServiceProvider services, CancellationToken ct)
    {
        form ??= new CloseForm();
        var accounts = services.GetService<IAccountModeration>();   // another part of the desk; absent: warn/limit/suspend answer a message
        var outcome = await service.CloseAsync(user.MemberId(), id, new ReportCloseInput(form.Action, form.Reason, form.PrivateNote), accounts, ct);
        if (outcome is Outcome<Report>.Ok)
        {
            return TypedResults.Redirect("/admin/reports?notice=report-closed");
        }

        if (outcome is Outcome<Report>.NotFound || await service.FindAsync(id, ct) is not { } report)
        {
            return TypedResults.NotFound();
        }

        var (errors, status) = outcome switch
        {
            Outcome<Report>.Invalid(var e) => (e, StatusCodes.Status400BadRequest),
            Outcome<Report>.Forbidden forbidden => (Field(forbidden.Field, forbidden.Reason), StatusCodes.Status403Forbidden),
            Outcome<Report>.Conflict conflict => (Field(conflict.Field, conflict.Reason), StatusCodes.Status409Conflict),
            _ => (Field(null, CoreText.Get("Report.AlreadyClosed")), StatusCodes.Status409Conflict),
        };
        var (reporter, earlier) = await DetailPartsAsync(report, service, members, ct);
        return Html.Page<ReportDetailPage>(
            new { Report = report, Reporter = reporter, Earlier = earlier, form.Action, form.Reason, form.PrivateNote, Errors = errors }, status);
    }

    internal static async Task<IResult> AppealFormAsync(string? notice, ClaimsPrincipal user, ReportService service, IStringLocalizer<ReportText> r, IStringLocalizer<Text> shared, CancellationToken ct) =>
        Html.Page<AppealPage>(new { Appealable = await service.AppealableAsync(user.MemberId(), ct), Notice = Notices.Text(notice, r, shared) });

    internal static async Task<IResult> AppealAsync([FromForm] AppealForm? form, ClaimsPrincipal user, ReportService service, CancellationToken ct)
    {
        var outcome = await service.AppealAsync(user.MemberId(), form?.Note, ct);
        if (outcome is Outcome<Report>.Ok)
        {
            return TypedResults.Redirect("/appeal?notice=appeal-sent");
        }

        var (errors, status) = outcome switch
        {
            Outcome<Report>.Invalid(var e) => (e, StatusCodes.Status400BadRequest),
            Outcome<Report>.Conflict conflict => (Field("note", conflict.Reason), StatusCodes.Status409Conflict),
            _ => (Field("note", CoreText.Get("Appeal.Nothing")), StatusCodes.Status409Conflict),
        };
        return Html.Page<AppealPage>(new { Appealable = await service.AppealableAsync(user.MemberId(), ct), form?.Note, Errors = errors }, status);
    }

    private static async Task<(string? Reporter, IReadOnlyList<Report> Earlier)> DetailPartsAsync(
        Report report, ReportService service, IMemberStore members, CancellationToken ct)
    {
        var reporter = report.ReporterId is { } reporterId ? (await ReportEndpoints.ReportersAsync([report], members, ct)).GetValueOrDefault(reporterId) : null;
        return (reporter, await service.EarlierAsync(report, EarlierShown, ct));
    }

    private static Dictionary<string, string[]> TargetErrors() => Field("target", CoreText.Get("Report.TargetNotFound"));

    private static Dictionary<string, string[]> Field(string? field, string message) => new() { [field ?? "action"] = [message] };

    /// <summary>Back to what was reported when it is a page here (never an address from elsewhere: no open redirect).</summary>
    private static string? BackLink(string origin, string? target) =>
        target is not null && target.StartsWith(origin + "/", StringComparison.Ordinal) ? target[origin.Length..] : null;
}

internal sealed class ReportForm
{
    public string? Target { get; set; }
    public string? Category { get; set; }
    public string? Note { get; set; }
    public bool Forward { get; set; }
}

internal sealed class CloseForm
{
    public string? Action { get; set; }
    public string? Reason { get; set; }
    public string? PrivateNote { get; set; }
}

internal sealed class AppealForm
{
    public string? Note { get; set; }
}
