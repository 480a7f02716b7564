using System.Security.Claims;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using OurSociety.Core;
using OurSociety.Core.HelpRequests;
using OurSociety.Core.Members;
using OurSociety.Core.Paging;
using OurSociety.Core.Posts;
using OurSociety.Web.Features.Posts;
using OurSociety.Web.Hosting;
using OurSociety.Web.Pages;
using OurSociety.Web.Posts;
using OurSociety.Web.Resources;

namespace OurSociety.Web.Features.Help;

/// <summary>
/// Asking for help on the web: the form and one's requests (<c>/help</c>), the glue-ers' list of the hub's open
/// requests (<c>/help/open</c>), each request's private thread (<c>/help/{id}</c>: 404 for anyone outside it), and the
/// newcomers' page (<c>/start</c>).
/// </summary>
internal static class HelpPageEndpoints
{
    public const int PageSize = 20;

    /// <summary>The hub's lessons looked through for advice to newcomers; the page shows those with advice.</summary>
    private const int LessonsLooked = 50;

    public const int AdviceShown = 10;

    public static IEndpointRouteBuilder MapHelpPageEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/start", StartAsync).ExcludeFromDescription().CacheOutput(PageCaching.Policy);

        var members = app.MapGroup("/help").RequireAuthorization(Policies.Member).ExcludeFromDescription();
        members.MapGet("", AskPageAsync);
        members.MapPost("", AskAsync);
        members.MapGet("/open", OpenAsync);
        members.MapGet("/{id:guid}", ThreadAsync);
        members.MapPost("/{id:guid}/replies", ReplyAsync);
        members.MapPost("/{id:guid}/close", CloseAsync);
        members.MapPost("/{id:guid}/helpers", InviteAsync);
        return app;
    }

    // ---- /start ----

    internal static async Task<IResult> StartAsync(IPostStore posts, CancellationToken ct)
    {
        var lessons = await posts.ListAsync(new PostQuery { Kind = PostKind.Lesson, Local = true }, Cursor.Start, LessonsLooked, ct);
        return Html.Page<StartPage>(new
        {
            Advice = lessons.Items.Where(l => !string.IsNullOrWhiteSpace(l.Advice)).Take(AdviceShown).ToList(),
        });
    }

    // ---- Asking ----

    internal static async Task<IResult> AskPageAsync(
        string? cursor, string? notice, ClaimsPrincipal user, HelpRequestService service, IMemberStore members, PostAuthors authors,
        IOptions<NodeOptions> node, IStringLocalizer<HelpText> h, IStringLocalizer<Text> text, CancellationToken ct) =>
        await AskPage(user.MemberId(), cursor, null, null, Notices.Text(notice, h, text), StatusCodes.Status200OK, service, members, authors, node.Value, h, ct);

    internal static async Task<IResult> AskAsync(
        [FromForm] AskForm? form, ClaimsPrincipal user, HelpRequestService service, IMemberStore members, PostAuthors authors,
        IOptions<NodeOptions> node, IStringLocalizer<HelpText> h, CancellationToken ct)
    {
        form ??= new();
        var outcome = await service.AskAsync(
            user.MemberId(), form.Question, StoryFields.TopicList(form.Topics), form.ShareWithHelpers == "true", ct);
        return outcome switch
        {
            Outcome<HelpRequest>.Ok(var request) => TypedResults.Redirect(HelpViews.Page(request.Id) + "?notice=help-asked"),
            Outcome<HelpRequest>.Invalid(var errors) =>
                await AskPage(user.MemberId(), null, form, errors, null, StatusCodes.Status400BadRequest, service, members, authors, node.Value, h, ct),
            _ => TypedResults.Challenge(),
        };
    }

    private static async Task<IResult> AskPage(
        Guid me, string? cursor, AskForm? form, IDictionary<string, string[]>? errors, string? notice, int status,
        HelpRequestService service, IMemberStore members, PostAuthors authors, NodeOptions node, IStringLocalizer<HelpText> h, CancellationToken ct)
    {
        if (!Cursor.TryDecode(cursor, out var after))
        {
            after = Cursor.Start;
        }

        var page = await service.ListAsync(me, after, PageSize, ct);
        return Html.Page<AskHelpPage>(new
        {
            Items = await HelpViews.ListAsync(page, me, service, authors, node, h, ct),
            Next = page.Next,
            Question = form?.Question,
            Topics = form?.Topics,
            Share = form?.ShareWithHelpers == "true",
            Errors = errors,
            Notice = notice,
            IsGlueEr = (await members.FindAsync(me, ct))?.Has(Role.GlueEr) == true,
        }, status);
    }

    internal static async Task<IResult> OpenAsync(
        string? cursor, ClaimsPrincipal user, HelpRequestService service, PostAuthors authors, IOptions<NodeOptions> node,
        IStringLocalizer<HelpText> h, CancellationToken ct)
    {
        if (!Cursor.TryDecode(cursor, out var after))
        {
            after = Cursor.Start;
        }

        var me = user.MemberId();
        if (await service.ListOpenAsync(me, after, PageSize, ct) is not Outcome<Page<HelpRequest>>.Ok(var page))
        {
            return Html.Page<ErrorPage>(new { Heading = h["Open.Forbidden.Heading"].Value, Message = h["Open.Forbidden.Message"].Value }, StatusCodes.Status403Forbidden);
        }

        return Html.Page<OpenHelpPage>(new { Items = await HelpViews.ListAsync(page, me, service, authors, node.Value, h, ct), Next = page.Next });
    }

    // ---- The thread ----

    internal static async Task<IResult> ThreadAsync(
        Guid id, string? cursor, string? notice, ClaimsPrincipal user, HelpRequestService service, PostAuthors authors, IOptions<NodeOptions> node,
        IStringLocalizer<HelpText> h, IStringLocalizer<Text> text, CancellationToken ct) =>
        await ThreadPage(id, user.MemberId(), cursor, new ThreadState { Notice = Notices.Text(notice, h, text) }, service, authors, node.Value, h, ct);

    internal static async Task<IResult> ReplyAsync(
        Guid id, [FromForm] HelpReplyForm? form, ClaimsPrincipal user, HelpRequestService service, PostAuthors authors, IOptions<NodeOptions> node,
        IStringLocalizer<HelpText> h, CancellationToken ct)
    {
        var me = user.MemberId();
        return await service.ReplyAsync(id, me, form?.Body, ct) switch
        {
            Outcome<HelpReply>.Ok(var reply) => TypedResults.Redirect($"{HelpViews.Page(id)}?notice=help-replied#reply-{reply.Id:D}"),
            Outcome<HelpReply>.Invalid(var errors) => await ThreadPage(id, me, null,
                new ThreadState { Errors = errors, Body = form?.Body, Status = StatusCodes.Status400BadRequest }, service, authors, node.Value, h, ct),
            Outcome<HelpReply>.Conflict(var why) => await ThreadPage(id, me, null,
                new ThreadState { Message = why, Body = form?.Body, Status = StatusCodes.Status409Conflict }, service, authors, node.Value, h, ct),
            _ => NotFound(h),
        };
    }

    internal static async Task<IResult> CloseAsync(
        Guid id, ClaimsPrincipal user, HelpRequestService service, PostAuthors authors, IOptions<NodeOptions> node, IStringLocalizer<HelpText> h,
        CancellationToken ct)
    {
        var me = user.MemberId();
        return await service.CloseAsync(id, me, ct) switch
        {
            Outcome<HelpRequest>.Ok => TypedResults.Redirect($"{HelpViews.Page(id)}?notice=help-closed"),
            Outcome<HelpRequest>.Forbidden(var why) => await ThreadPage(id, me, null,
                new ThreadState { Message = why, Status = StatusCodes.Status403Forbidden }, service, authors, node.Value, h, ct),
            Outcome<HelpRequest>.Conflict(var why) => await ThreadPage(id, me, null,
                new ThreadState { Message = why, Status = StatusCodes.Status409Conflict }, service, authors, node.Value, h, ct),
            _ => NotFound(h),
        };
    }

    internal static async Task<IResult> InviteAsync(
        Guid id, [FromForm] InviteForm? form, ClaimsPrincipal user, HelpRequestService service, PostAuthors authors, IOptions<NodeOptions> node,
        IStringLocalizer<HelpText> h, CancellationToken ct)
    {
        var me = user.MemberId();
        return await service.InviteAsync(id, me, form?.Username, ct) switch
        {
            Outcome<HelpThread>.Ok => TypedResults.Redirect($"{HelpViews.Page(id)}?notice=helper-invited"),
            Outcome<HelpThread>.Invalid(var errors) => await ThreadPage(id, me, null,
                new ThreadState { Errors = errors, Username = form?.Username, Status = StatusCodes.Status400BadRequest }, service, authors, node.Value, h, ct),
            Outcome<HelpThread>.Forbidden(var why) => await ThreadPage(id, me, null,
                new ThreadState { Message = why, Status = StatusCodes.Status403Forbidden }, service, authors, node.Value, h, ct),
            Outcome<HelpThread>.Conflict(var why) => await ThreadPage(id, me, null,
                new ThreadState { Message = why, Username = form?.Username, Status = StatusCodes.Status409Conflict }, service, authors, node.Value, h, ct),
            _ => NotFound(h),
        };
    }

    /// <summary>What a thread page shows besides the thread: a notice, or the refused form with its messages.</summary>
    private sealed class ThreadState
    {
        public string? Notice { get; init; }
        public string? Message { get; init; }
        public IDictionary<string, string[]>? Errors { get; init; }
        public string? Body { get; init; }
        public string? Username { get; init; }
        public int Status { get; init; } = StatusCodes.Status200OK;
    }

    private static async Task<IResult> ThreadPage(
        Guid id, Guid me, string? cursor, ThreadState state, HelpRequestService service, PostAuthors authors, NodeOptions node,
        IStringLocalizer<HelpText> h, CancellationToken ct)
    {
        if (await service.GetAsync(id, me, ct) is not Outcome<HelpThread>.Ok(var thread))
        {
            return NotFound(h);
        }

        if (!Cursor.TryDecode(cursor, out var after))
        {
            after = Cursor.Start;
        }

        var replies = ((Outcome<Page<HelpReply>>.Ok)await service.RepliesAsync(id, me, after, PageSize * 5, ct)).Value;
        return Html.Page<HelpThreadPage>(new
        {
            View = await HelpViews.ForAsync(thread, authors, node, h, ct),
            Replies = await HelpViews.RepliesAsync(replies, authors, ct),
            Next = replies.Next,
            state.Notice,
            state.Message,
            state.Errors,
            state.Body,
            state.Username,
        }, state.Status);
    }

    /// <summary>The same page for "no such request" and "not yours to read": nothing tells them apart.</summary>
    private static Microsoft.AspNetCore.Http.HttpResults.RazorComponentResult<ErrorPage> NotFound(IStringLocalizer<HelpText> h) =>
        Html.Page<ErrorPage>(new { Heading = h["NotFound.Heading"].Value, Message = h["NotFound.Message"].Value }, StatusCodes.Status404NotFound);
}
