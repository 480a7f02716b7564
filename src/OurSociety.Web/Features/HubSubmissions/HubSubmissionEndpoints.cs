using System.ComponentModel;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using OurSociety.Core;
using OurSociety.Core.Federation;
using OurSociety.Core.Hubs;
using OurSociety.Core.Paging;
using OurSociety.Core.Posts;
using OurSociety.Core.Setup;
using OurSociety.Web.Features.Admin;
using OurSociety.Web.Features.Api;
using OurSociety.Web.Features.Moderation;
using OurSociety.Web.Hosting;
using OurSociety.Web.Pages;

namespace OurSociety.Web.Features.HubSubmissions;

/// <summary>
/// Posts sent to the hub from elsewhere (issue 14, FEP-1b12): the moderators' queue <c>/admin/hub-submissions</c>
/// (waiting, approved, declined; approve and decline), the admin's switch "followers may post directly" on
/// <c>/admin</c>, and in the API <c>GET /admin/hub-submissions</c>, <c>POST /admin/hub-submissions/{id}/approve</c> and
/// <c>/decline</c>. Moderators and admins only; pages and API call the same <see cref="HubSubmissionService"/>.
/// </summary>
internal static class HubSubmissionEndpoints
{
    public const string PagePath = "/admin/hub-submissions";

    public static IEndpointRouteBuilder MapHubSubmissionPages(this IEndpointRouteBuilder app)
    {
        // Signed out: the member policy sends the visitor to sign in; signed in without the role: a plain 403.
        var desk = app.MapGroup(PagePath).RequireAuthorization(Policies.Member)
            .AddEndpointFilter(RoleFilters.ModeratorPageAsync).ExcludeFromDescription();
        desk.MapGet("/", PageAsync);
        desk.MapPost("/{id:guid}/approve", (Guid id, HttpContext http, HubSubmissionService service, CancellationToken ct) =>
            AnswerAsync(id, approve: true, http, service, ct));
        desk.MapPost("/{id:guid}/decline", (Guid id, HttpContext http, HubSubmissionService service, CancellationToken ct) =>
            AnswerAsync(id, approve: false, http, service, ct));

        var admin = app.MapGroup("/admin/hub-submission-settings").RequireAuthorization(Policies.Member)
            .AddEndpointFilter(RoleFilters.AdminPageAsync).ExcludeFromDescription();
        admin.MapPost("/", SaveSettingAsync);
        return app;
    }

    public static RouteGroupBuilder MapHubSubmissionApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/admin/hub-submissions").WithTags("Hub submissions").RequireAuthorization(Policies.Moderator)
            .ProducesProblem(StatusCodes.Status403Forbidden);
        group.MapGet("/", ListAsync)
            .WithName("ListHubSubmissions")
            .WithSummary("Posts sent to the hub from elsewhere")
            .WithDescription("Public or unlisted posts from other servers that address the hub, mention it or set their audience to it " +
                             "(FEP-1b12), newest first. `state` is `waiting` (the default), `approved` or `declined`. Moderators and admins " +
                             "only (others get 403).");
        group.MapPost("/{id:guid}/approve", (Guid id, HttpContext http, HubSubmissionService service, CancellationToken ct) =>
                DecideAsync(id, approve: true, http, service, ct))
            .WithName("ApproveHubSubmission")
            .WithSummary("Approve a post sent to the hub")
            .WithDescription("The hub announces it to its followers (and its author is told) and shows it on its page. 404 when there is " +
                             "no such submission, 409 when someone answered it already. Its author is checked again first: when the " +
                             "author has been limited or suspended since it arrived, the author's domain limited or blocked (or left off " +
                             "the allow list in allowlist mode), or the hub has blocked the author, nothing is announced, the submission " +
                             "is declined (with the reason in the moderation audit log) and the answer is 409 with a message saying why.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPost("/{id:guid}/decline", (Guid id, HttpContext http, HubSubmissionService service, CancellationToken ct) =>
                DecideAsync(id, approve: false, http, service, ct))
            .WithName("DeclineHubSubmission")
            .WithSummary("Decline a post sent to the hub")
            .WithDescription("Nothing is sent and the post is not shown. 404 when there is no such submission, 409 when someone answered it already.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        return group;
    }

    internal static async Task<Results<Ok<PageResponse<HubSubmissionResponse>>, ValidationProblem>> ListAsync(
        string? state, string? limit, string? cursor, IHubSubmissionStore submissions, IRemoteActorStore actors,
        IPostStore posts, IStringLocalizer<HubSubmissionText> text, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        var wanted = state is null ? HubSubmissionState.Waiting : HubSubmissionStates.Parse(state);
        if (wanted is null)
        {
            errors["state"] = [text["Api.StateInvalid"].Value];
        }

        if (ApiPaging.Read(limit, cursor, out var take, out var after) is { } paging)
        {
            foreach (var (field, messages) in paging.ProblemDetails.Errors)
            {
                errors[field] = messages;
            }
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var page = await submissions.ListAsync(wanted!.Value, after, take, ct);
        var items = new List<HubSubmissionResponse>();
        foreach (var submission in page.Items)
        {
            items.Add(await ResponseAsync(submission, actors, posts, ct));
        }

        return TypedResults.Ok(new PageResponse<HubSubmissionResponse>(items, page.Next));
    }

    internal static async Task<Results<Ok<HubSubmissionResponse>, ProblemHttpResult>> DecideAsync(
        Guid id, bool approve, HttpContext http, HubSubmissionService service, CancellationToken ct)
    {
        var outcome = await service.DecideAsync(id, approve, http.User.MemberId(), ct);
        var s = http.RequestServices;
        return outcome switch
        {
            Outcome<HubSubmission>.Ok(var submission) =>
                TypedResults.Ok(await ResponseAsync(submission, s.GetRequiredService<IRemoteActorStore>(), s.GetRequiredService<IPostStore>(), ct)),
            Outcome<HubSubmission>.NotFound notFound => ApiResults.Problem(StatusCodes.Status404NotFound, notFound.Reason),
            Outcome<HubSubmission>.Conflict(var why) => ApiResults.Problem(StatusCodes.Status409Conflict, why),
            Outcome<HubSubmission>.Forbidden(var why) => ApiResults.Problem(StatusCodes.Status403Forbidden, why),
            _ => throw new System.Diagnostics.UnreachableException($"Unknown outcome {outcome.GetType().Name}."),
        };
    }

    internal static async Task<IResult> PageAsync(
        string? state, string? cursor, string? notice, IHubSubmissionStore submissions, IRemoteActorStore actors, IFollowStore follows,
        OurSociety.Federation.Actors.LocalActors locals, CancellationToken ct)
    {
        var wanted = state is null ? HubSubmissionState.Waiting : HubSubmissionStates.Parse(state);
        if (wanted is null || !Cursor.TryDecode(cursor, out var after))
        {
            return TypedResults.StatusCode(StatusCodes.Status400BadRequest);
        }

        return await RenderAsync(wanted.Value, after, NoticeKey(notice), null, StatusCodes.Status200OK, submissions, actors, follows, locals, ct);
    }

    /// <summary>The queue, with a notice by its resource key or a message as it stands.</summary>
    private static async Task<IResult> RenderAsync(
        HubSubmissionState state, Cursor after, string? notice, string? message, int status, IHubSubmissionStore submissions, IRemoteActorStore actors,
        IFollowStore follows, OurSociety.Federation.Actors.LocalActors locals, CancellationToken ct)
    {
        var page = await submissions.ListAsync(state, after, AuditLogEndpoints.PageSize, ct);
        var items = new List<HubSubmissionView>();
        foreach (var submission in page.Items)
        {
            var author = (await actors.FindAsync(submission.ActorId, ct))?.Handle ?? submission.ActorId;
            var followsHub = await follows.FindAsync(locals.HubUsername, submission.ActorId, FollowDirection.In, ct) is { State: FollowState.Accepted };
            items.Add(HubSubmissionView.From(submission, author, followsHub));
        }

        return Html.Page<HubSubmissionsPage>(new { State = state, Items = items, page.Next, Notice = notice, Message = message }, status);
    }

    /// <summary>A form's answer: back to the queue with a notice, or with what went wrong (404, 409) as the notice.</summary>
    internal static async Task<IResult> AnswerAsync(Guid id, bool approve, HttpContext http, HubSubmissionService service, CancellationToken ct)
    {
        var outcome = await service.DecideAsync(id, approve, http.User.MemberId(), ct);
        if (outcome is Outcome<HubSubmission>.Conflict { Field: HubSubmissionService.RefusedField } refused)
        {
            // Declined instead, as its author or their domain is refused now: the queue again, saying why, in place
            // of "approved" (a message from the service, so it is not carried in the address).
            var s = http.RequestServices;
            return await RenderAsync(HubSubmissionState.Waiting, Cursor.Start, null, refused.Reason, StatusCodes.Status409Conflict,
                s.GetRequiredService<IHubSubmissionStore>(), s.GetRequiredService<IRemoteActorStore>(), s.GetRequiredService<IFollowStore>(),
                s.GetRequiredService<OurSociety.Federation.Actors.LocalActors>(), ct);
        }

        return outcome switch
        {
            Outcome<HubSubmission>.Ok => TypedResults.Redirect($"{PagePath}?notice={(approve ? "approved" : "declined")}"),
            Outcome<HubSubmission>.NotFound => TypedResults.Redirect($"{PagePath}?notice=not-found"),
            Outcome<HubSubmission>.Conflict => TypedResults.Redirect($"{PagePath}?notice=decided"),
            _ => TypedResults.StatusCode(StatusCodes.Status403Forbidden),
        };
    }

    /// <summary>An unticked box sends nothing: the form binds to nothing, which means off.</summary>
    internal static async Task<IResult> SaveSettingAsync([FromForm] FollowersPostDirectlyForm? form, INodeSettingStore settings, CancellationToken ct)
    {
        var on = form?.FollowersPostDirectly ?? false;
        await settings.SetAsync(HubSubmissionSettings.FollowersPostDirectly, on ? "1" : null, ct);
        return TypedResults.Redirect("/admin#hub-submissions-heading");
    }

    private static string? NoticeKey(string? notice) => notice switch
    {
        "approved" => "Notice.Approved",
        "declined" => "Notice.Declined",
        "not-found" => "Notice.NotFound",
        "decided" => "Notice.Decided",
        _ => null,
    };

    private static async Task<HubSubmissionResponse> ResponseAsync(HubSubmission s, IRemoteActorStore actors, IPostStore posts, CancellationToken ct)
    {
        var author = await actors.FindAsync(s.ActorId, ct) is { } actor ? ActorSummary.From(actor) : ActorSummary.FromId(s.ActorId);
        var post = s.State == HubSubmissionState.Approved ? await posts.FindByApIdAsync(s.ApId, ct) : null;
        return new HubSubmissionResponse(s.Id, HubSubmissionStates.Name(s.State), s.ApId, post?.Id, s.Url, author, s.Title, s.Summary,
            s.ReceivedAt, s.DecidedAt);
    }
}

/// <summary>A post sent to the hub from elsewhere.</summary>
internal sealed record HubSubmissionResponse(
    Guid Id,
    [property: Description("\"waiting\", \"approved\" or \"declined\".")] string State,
    [property: Description("The post's ActivityPub id.")] string ApId,
    [property: Description("The post here, once approved and stored; null before.")] Guid? PostId,
    [property: Description("The post's page on its own server.")] string? Url,
    ActorSummary Author,
    string? Title,
    [property: Description("Its summary, else the start of its text.")] string? Summary,
    DateTimeOffset Received,
    DateTimeOffset? Decided);

/// <summary>
/// A submission as the desk page shows it, with what a moderator needs to decide: its author's handle, its text as
/// safe HTML, its pictures' descriptions (null: the picture has none) and whether the author follows the hub.
/// </summary>
public sealed record HubSubmissionView(HubSubmission Submission, string Author, string Html, IReadOnlyList<string?> Pictures, bool FollowsHub)
{
    /// <summary>At most this many pictures are listed (what a post can carry here).</summary>
    private const int PicturesMax = 20;

    public static HubSubmissionView From(HubSubmission submission, string author, bool followsHub)
    {
        ArgumentNullException.ThrowIfNull(submission);
        var obj = OurSociety.ActivityPub.Json.ApDocument.Parse(System.Text.Encoding.UTF8.GetBytes(submission.ObjectJson)).Document;
        // The text from elsewhere is untrusted: only the allowlist of SafeHtml reaches the page.
        var html = OurSociety.Content.SafeHtml.Clean(obj?.GetString("content"));
        List<string?> pictures = obj is null
            ? []
            : [.. obj.GetObjects(OurSociety.ActivityPub.Vocabulary.AsProperties.Attachment)
                .Where(a => a.Type is OurSociety.ActivityPub.Vocabulary.ObjectTypes.Image or OurSociety.ActivityPub.Vocabulary.ObjectTypes.Document
                    && (a.GetString(OurSociety.ActivityPub.Vocabulary.AsProperties.MediaType)?.StartsWith("image/", StringComparison.OrdinalIgnoreCase) ?? true))
                .Take(PicturesMax)
                .Select(a => a.GetString(OurSociety.ActivityPub.Vocabulary.AsProperties.Name) is { } name
                    && OurSociety.Content.SafeHtml.PlainText(name, 1500) is { Length: > 0 } plain ? plain : null)];
        return new HubSubmissionView(submission, author, html, pictures, followsHub);
    }
}

internal sealed class FollowersPostDirectlyForm
{
    public bool FollowersPostDirectly { get; set; }
}
