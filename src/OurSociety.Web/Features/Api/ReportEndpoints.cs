using System.Diagnostics;
using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using OurSociety.Core;
using OurSociety.Core.Members;
using OurSociety.Core.Moderation;
using OurSociety.Web.Hosting;

namespace OurSociety.Web.Features.Api;

/// <summary>
/// Reports (members report; moderators and admins see the queue and close reports) and appeals. The queue is for
/// <see cref="Policies.Moderator"/> only: anyone else signed in gets 403.
/// </summary>
internal static class ReportEndpoints
{
    public static RouteGroupBuilder MapReportEndpoints(this RouteGroupBuilder api)
    {
        var reports = api.MapGroup("/reports").WithTags("Reports");
        reports.MapPost("/", CreateAsync)
            .WithName("Report")
            .WithSummary("Report something to the moderators")
            .WithDescription("A story, lesson, reply, need, offer, introduction (its parties and glue-er only) or account, here or from elsewhere. " +
                             "201 with its id; a second report of the same thing while your first is open is merged into it (200, merged: " +
                             "true; the newer category, note and forward choice replace the earlier ones). Refused, with nothing stored: an " +
                             "unknown category, a note over 1000 characters, your own post or account, or forward for something here (400); " +
                             "an address naming nothing that can be reported (404). Problems name the field.")
            .Produces<ReportCreatedResponse>(StatusCodes.Status201Created)
            .Produces<ReportCreatedResponse>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);

        var desk = api.MapGroup("/admin/reports").WithTags("Moderation").AddEndpointFilter(RoleFilters.ModeratorApiAsync)
            .ProducesProblem(StatusCodes.Status403Forbidden);
        desk.MapGet("/", ListAsync)
            .WithName("ListReports")
            .WithSummary("The moderators' queue")
            .WithDescription("Moderators and admins. ?state=open (default) or closed; newest first, with the reported content as it was " +
                             "when reported (snapshot), and who reported it (local reports only).")
            .Produces<PageResponse<ReportResponse>>()
            .ProducesValidationProblem();
        desk.MapPost("/{id:guid}/close", CloseAsync)
            .WithName("CloseReport")
            .WithSummary("Close a report")
            .WithDescription("Moderators and admins. action none only closes it; remove removes the reported story, lesson, reply, need or offer (with " +
                             "the reason); warn, limit and suspend act on the account. reason is required for warn, suspend and remove. " +
                             "The reporter is told it was closed, never what was done. 409 when it is closed already or the action is " +
                             "not possible for it; 404 for an unknown report.")
            .Produces<ReportResponse>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        api.MapPost("/me/appeal", AppealAsync)
            .WithTags("Me")
            .WithName("Appeal")
            .WithSummary("Answer a warning or suspension")
            .WithDescription("Your answer to the moderators' latest warning or suspension of your account, once per warning or suspension; " +
                             "it reaches them in the reports queue. 409 when there is nothing to answer or you answered already.")
            .Produces<ReportCreatedResponse>(StatusCodes.Status201Created)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict);
        return reports;
    }


    internal static async Task<Results<Created<ReportCreatedResponse>, Ok<ReportCreatedResponse>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        ReportRequest? request, ClaimsPrincipal user, ReportService service, CancellationToken ct)
    {
        request ??= new ReportRequest(null, null, null);
        return await service.CreateAsync(user.MemberId(), new ReportInput(request.Target, request.Category, request.Note, request.Forward), ct) switch
        {
            Outcome<ReportResult>.Ok(var result) when result.Merged => TypedResults.Ok(new ReportCreatedResponse(result.Report.Id, true)),
            Outcome<ReportResult>.Ok(var result) => TypedResults.Created($"{ApiEndpoints.Prefix}/admin/reports/{result.Report.Id:D}", new ReportCreatedResponse(result.Report.Id, false)),
            Outcome<ReportResult>.Invalid(var errors) => TypedResults.ValidationProblem(errors),
            var refused => Refusal(refused),
        };
    }

    internal static async Task<Results<Ok<PageResponse<ReportResponse>>, ValidationProblem>> ListAsync(
        string? state, string? limit, string? cursor, ReportService service, IMemberStore members, CancellationToken ct)
    {
        var problem = ApiPaging.Read(limit, cursor, out var take, out var after);
        var chosen = ReportState.Open;
        if (state is not null && !ReportNames.TryParse(state, out chosen))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["state"] = [CoreText.Get("Report.StateUnknown")] });
        }

        if (problem is not null)
        {
            return problem;
        }

        var page = await service.ListAsync(chosen, after, take, ct);
        var names = await ReportersAsync(page.Items, members, ct);
        return TypedResults.Ok(PageResponse<ReportResponse>.From(page, r => ReportResponse.From(r, r.ReporterId is { } id ? names.GetValueOrDefault(id) : null)));
    }

    internal static async Task<Results<Ok<ReportResponse>, ValidationProblem, ProblemHttpResult>> CloseAsync(
        Guid id, ReportCloseRequest? request, ClaimsPrincipal user, ReportService service, IMemberStore members, IServiceProvider services, CancellationToken ct)
    {
        request ??= new ReportCloseRequest(null, null, null);
        // Account actions are another part of the desk; without them, warn/limit/suspend answer 409 and change nothing.
        var accounts = services.GetService<IAccountModeration>();
        return await service.CloseAsync(user.MemberId(), id, new ReportCloseInput(request.Action, request.Reason, request.PrivateNote), accounts, ct) switch
        {
            Outcome<Report>.Ok(var report) => TypedResults.Ok(ReportResponse.From(report, (await ReportersAsync([report], members, ct)).GetValueOrDefault(report.ReporterId ?? Guid.Empty))),
            Outcome<Report>.Invalid(var errors) => TypedResults.ValidationProblem(errors),
            Outcome<Report>.NotFound => ApiResults.Problem(StatusCodes.Status404NotFound, CoreText.Get("Report.NotFound")),
            var refused => Refusal(refused),
        };
    }

    internal static async Task<Results<Created<ReportCreatedResponse>, ValidationProblem, ProblemHttpResult>> AppealAsync(
        AppealRequest? request, ClaimsPrincipal user, ReportService service, CancellationToken ct) =>
        await service.AppealAsync(user.MemberId(), request?.Note, ct) switch
        {
            Outcome<Report>.Ok(var report) => TypedResults.Created($"{ApiEndpoints.Prefix}/admin/reports/{report.Id:D}", new ReportCreatedResponse(report.Id, false)),
            Outcome<Report>.Invalid(var errors) => TypedResults.ValidationProblem(errors),
            var refused => Refusal(refused),
        };

    internal static async Task<Dictionary<Guid, string>> ReportersAsync(IEnumerable<Report> reports, IMemberStore members, CancellationToken ct)
    {
        var names = new Dictionary<Guid, string>();
        foreach (var id in reports.Select(r => r.ReporterId).OfType<Guid>().Distinct())
        {
            if (await members.FindAsync(id, ct) is { } member)
            {
                names[id] = "@" + member.Username;
            }
        }

        return names;
    }

    /// <summary>A refusal as problem details whose <c>errors</c> names the field it is about, when there is one.</summary>
    private static ProblemHttpResult Refusal<T>(Outcome<T> outcome) => outcome switch
    {
        Outcome<T>.Forbidden forbidden => Problem(StatusCodes.Status403Forbidden, forbidden.Reason, forbidden.Field),
        Outcome<T>.Conflict conflict => Problem(StatusCodes.Status409Conflict, conflict.Reason, conflict.Field),
        Outcome<T>.NotFound notFound => Problem(StatusCodes.Status404NotFound, notFound.Reason ?? CoreText.Get("Report.NotFound"), notFound.Field),
        Outcome<T>.Gone(var why) => Problem(StatusCodes.Status410Gone, why, null),
        _ => throw new UnreachableException($"A report answered {outcome.GetType().Name}."),
    };

    private static ProblemHttpResult Problem(int status, string detail, string? field) => TypedResults.Problem(
        detail,
        statusCode: status,
        extensions: field is null ? null : new Dictionary<string, object?> { ["errors"] = new Dictionary<string, string[]> { [field] = [detail] } });
}
