using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using OurSociety.Core.Moderation;
using OurSociety.Core.Paging;
using OurSociety.Web.Features.Api;
using OurSociety.Web.Features.Finding;
using OurSociety.Web.Hosting;
using OurSociety.Web.Pages;

namespace OurSociety.Web.Features.Moderation;

/// <summary>
/// The moderators' audit log (issue 13): <c>/admin/audit-log</c> (paged, newest first) and, in the API,
/// <c>GET /admin/audit-log</c> (<c>{items, next}</c>) and <c>GET /admin/audit-log.csv</c>. Moderators and admins only;
/// the private notes are shown to them, as the log is theirs.
/// </summary>
internal static class AuditLogEndpoints
{
    public const int PageSize = 50;

    /// <summary>Read in pages of this size while the CSV is written, so a long log is never held in memory.</summary>
    private const int CsvPageSize = 200;

    public const string CsvContentType = "text/csv; charset=utf-8; header=present";

    public static readonly string[] CsvHeader =
        ["id", "created", "moderator", "action", "targetKind", "target", "targetLabel", "reason", "privateNote", "report"];

    public static IEndpointRouteBuilder MapAuditLogPages(this IEndpointRouteBuilder app)
    {
        // Signed out: the member policy sends the visitor to sign in. Signed in without the role: a plain 403 from the
        // filter (a refused policy would send a signed-in person round the sign-in page again).
        app.MapGet("/admin/audit-log", PageAsync)
            .RequireAuthorization(Policies.Member)
            .AddEndpointFilter(RoleFilters.ModeratorPageAsync)
            .ExcludeFromDescription();
        return app;
    }

    public static RouteGroupBuilder MapAuditLogApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/admin").WithTags("Moderation").RequireAuthorization(Policies.Moderator)
            .ProducesProblem(StatusCodes.Status403Forbidden);
        group.MapGet("/audit-log", ListAsync)
            .WithName("ListAuditLog")
            .WithSummary("The moderators' audit log")
            .WithDescription("Every moderation action, newest first: when, who, action, target, reason, private note and the report " +
                             "it closed. Moderators and admins only (others get 403).");
        group.MapGet("/audit-log.csv", CsvAsync)
            .WithName("ExportAuditLogCsv")
            .WithSummary("The moderators' audit log as CSV")
            .WithDescription("The whole log, newest first, with a header row: id, created, moderator, action, targetKind, target, " +
                             "targetLabel, reason, privateNote, report. RFC 4180; cells a spreadsheet would run as a formula " +
                             "(starting with = + - @) start with an apostrophe. Moderators and admins only.")
            .Produces(StatusCodes.Status200OK, contentType: "text/csv");
        return group;
    }


    internal static async Task<IResult> PageAsync(string? cursor, IModerationLogStore log, CancellationToken ct)
    {
        if (!Cursor.TryDecode(cursor, out var after))
        {
            return TypedResults.StatusCode(StatusCodes.Status400BadRequest);
        }

        var page = await log.ListAsync(after, PageSize, ct);
        return Html.Page<AuditLogPage>(new { Entries = page, First = after == Cursor.Start });
    }

    internal static async Task<Results<Ok<PageResponse<AuditLogEntryResponse>>, ValidationProblem>> ListAsync(
        string? limit, string? cursor, IModerationLogStore log, CancellationToken ct)
    {
        if (ApiPaging.Read(limit, cursor, out var take, out var after) is { } problem)
        {
            return problem;
        }

        var page = await log.ListAsync(after, take, ct);
        return TypedResults.Ok(PageResponse<AuditLogEntryResponse>.From(page, AuditLogEntryResponse.From));
    }

    internal static async Task CsvAsync(HttpContext http, IModerationLogStore log, CancellationToken ct)
    {
        http.Response.ContentType = CsvContentType;
        http.Response.Headers.ContentDisposition = "attachment; filename=\"audit-log.csv\"";
        await using var writer = new StreamWriter(http.Response.Body, new UTF8Encoding(false), 16 * 1024, leaveOpen: true) { NewLine = "\r\n" };
        await writer.WriteLineAsync(CsvExport.Row(CsvHeader));
        var after = Cursor.Start;
        while (true)
        {
            var page = await log.ListAsync(after, CsvPageSize, ct);
            foreach (var entry in page.Items)
            {
                await writer.WriteLineAsync(CsvExport.Row(
                [
                    entry.Id.ToString("D"),
                    Time(entry.CreatedAt),
                    entry.ModeratorName,
                    entry.Action,
                    entry.TargetKind,
                    entry.Target,
                    entry.TargetLabel,
                    entry.Reason ?? "",
                    entry.PrivateNote ?? "",
                    entry.ReportId?.ToString("D") ?? "",
                ]));
            }

            await writer.FlushAsync(ct);
            if (page.Next is null || !Cursor.TryDecode(page.Next, out after))
            {
                break;
            }
        }
    }

    /// <summary>The address of the report an entry closed, on the moderators' desk.</summary>
    public static string ReportUrl(Guid reportId) => $"/admin/reports/{reportId:D}";

    public static string Time(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}

/// <summary>One line of the audit log in the API.</summary>
internal sealed record AuditLogEntryResponse(
    Guid Id,
    DateTimeOffset Created,
    string Moderator,
    string Action,
    string TargetKind,
    string Target,
    string TargetLabel,
    string? Reason,
    string? PrivateNote,
    Guid? Report)
{
    public static AuditLogEntryResponse From(ModerationEntry e) =>
        new(e.Id, e.CreatedAt, e.ModeratorName, e.Action, e.TargetKind, e.Target, e.TargetLabel, e.Reason, e.PrivateNote, e.ReportId);
}
