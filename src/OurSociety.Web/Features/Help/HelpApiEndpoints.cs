using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using OurSociety.Core;
using OurSociety.Core.HelpRequests;
using OurSociety.Web.Features.Api;
using OurSociety.Web.Hosting;
using OurSociety.Web.Posts;

namespace OurSociety.Web.Features.Help;

/// <summary>
/// Asking for help in the JSON API. A request the caller may not read answers 404 on every route, exactly as one that
/// does not exist: its existence is not told to anyone outside its thread.
/// </summary>
internal static class HelpApiEndpoints
{
    public static RouteGroupBuilder MapHelpApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/help-requests").WithTags("Help requests");
        group.MapPost("", AskAsync)
            .WithName("AskForHelp").WithSummary("Ask for help")
            .WithDescription("A short question with topics. It goes to the hub's glue-ers and, with \"shareWithHelpers\": true, to " +
                             "members here who can help with its topics, who are invited into its thread. It is never a public post and " +
                             "never leaves this hub: only the people of its thread can read it.")
            .Produces<HelpRequestResponse>(StatusCodes.Status201Created)
            .ProducesValidationProblem();
        group.MapGet("", ListAsync)
            .WithName("ListHelpRequests").WithSummary("Your requests for help")
            .WithDescription("The requests you asked and those you were invited to help with; for glue-ers also every open request " +
                             "of the hub. Newest first.")
            .Produces<PageResponse<HelpRequestResponse>>()
            .ProducesValidationProblem();
        group.MapGet("/{id:guid}", GetAsync)
            .WithName("GetHelpRequest").WithSummary("A request for help")
            .WithDescription("For its asker, the hub's glue-ers and invited helpers; 404 for anyone else.")
            .Produces<HelpRequestResponse>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/{id:guid}/replies", RepliesAsync)
            .WithName("ListHelpReplies").WithSummary("The answers in a request's thread")
            .WithDescription("Oldest first. For the people of the thread; 404 for anyone else.")
            .Produces<PageResponse<HelpReplyResponse>>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/{id:guid}/replies", ReplyAsync)
            .WithName("ReplyToHelpRequest").WithSummary("Answer in a request's thread")
            .WithDescription("Everyone else in the thread is notified. 409 once the request is closed; 404 for anyone outside the thread.")
            .Produces<HelpReplyResponse>(StatusCodes.Status201Created)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPost("/{id:guid}/close", CloseAsync)
            .WithName("CloseHelpRequest").WithSummary("Close your request")
            .WithDescription("Only its asker can close it (403 for the others in the thread). It stays readable and takes no more answers; " +
                             "409 when it is closed already.")
            .Produces<HelpRequestResponse>()
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPost("/{id:guid}/helpers", InviteAsync)
            .WithName("InviteHelper").WithSummary("Invite a member to help (glue-ers)")
            .WithDescription("A glue-er brings a member of this hub into the thread; they are notified. 403 for the asker and helpers, " +
                             "409 when the member is in the thread already or the request is closed.")
            .Produces<HelpRequestResponse>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        return group;
    }

    private static async Task<Results<Created<HelpRequestResponse>, ValidationProblem, ProblemHttpResult>> AskAsync(
        HelpRequestRequest request, ClaimsPrincipal user, HelpRequestService service, PostAuthors authors, IOptions<NodeOptions> node,
        IStringLocalizer<HelpText> h, CancellationToken ct)
    {
        var me = user.MemberId();
        var asked = await service.AskAsync(me, request.Question, request.Topics, request.ShareWithHelpers ?? false, ct);
        if (asked is not Outcome<HelpRequest>.Ok(var created))
        {
            return ApiResults.From(asked, _ => TypedResults.Created("", default(HelpRequestResponse)), ApiText.MemberNotFound);
        }

        var response = await ResponseAsync(created.Id, me, service, authors, node.Value, h, ct);
        return TypedResults.Created($"{ApiEndpoints.Prefix}/help-requests/{created.Id:D}", response);
    }

    private static async Task<Results<Ok<PageResponse<HelpRequestResponse>>, ValidationProblem>> ListAsync(
        string? limit, string? cursor, ClaimsPrincipal user, HelpRequestService service, PostAuthors authors, IOptions<NodeOptions> node,
        IStringLocalizer<HelpText> h, CancellationToken ct)
    {
        if (ApiPaging.Read(limit, cursor, out var take, out var after) is { } bad)
        {
            return bad;
        }

        var me = user.MemberId();
        var page = await service.ListAsync(me, after, take, ct);
        var views = await HelpViews.ListAsync(page, me, service, authors, node.Value, h, ct);
        return TypedResults.Ok(new PageResponse<HelpRequestResponse>([.. views.Select(v => HelpRequestResponse.From(v, node.Value))], page.Next));
    }

    private static async Task<Results<Ok<HelpRequestResponse>, ProblemHttpResult>> GetAsync(
        Guid id, ClaimsPrincipal user, HelpRequestService service, PostAuthors authors, IOptions<NodeOptions> node, IStringLocalizer<HelpText> h,
        CancellationToken ct) =>
        await service.GetAsync(id, user.MemberId(), ct) is Outcome<HelpThread>.Ok(var thread)
            ? TypedResults.Ok(HelpRequestResponse.From(await HelpViews.ForAsync(thread, authors, node.Value, h, ct), node.Value))
            : NotFound(h);

    private static async Task<Results<Ok<PageResponse<HelpReplyResponse>>, ValidationProblem, ProblemHttpResult>> RepliesAsync(
        Guid id, string? limit, string? cursor, ClaimsPrincipal user, HelpRequestService service, PostAuthors authors, IStringLocalizer<HelpText> h,
        CancellationToken ct)
    {
        // Who may read it first: someone outside the thread gets the same 404 whatever else they send.
        if (await service.GetAsync(id, user.MemberId(), ct) is not Outcome<HelpThread>.Ok)
        {
            return NotFound(h);
        }

        if (ApiPaging.Read(limit, cursor, out var take, out var after) is { } bad)
        {
            return bad;
        }

        return await service.RepliesAsync(id, user.MemberId(), after, take, ct) is Outcome<Core.Paging.Page<HelpReply>>.Ok(var page)
            ? TypedResults.Ok(new PageResponse<HelpReplyResponse>([.. (await HelpViews.RepliesAsync(page, authors, ct)).Select(HelpReplyResponse.From)], page.Next))
            : NotFound(h);
    }

    private static async Task<Results<Created<HelpReplyResponse>, ValidationProblem, ProblemHttpResult>> ReplyAsync(
        Guid id, HelpReplyRequest request, ClaimsPrincipal user, HelpRequestService service, PostAuthors authors, IStringLocalizer<HelpText> h,
        CancellationToken ct)
    {
        var outcome = await service.ReplyAsync(id, user.MemberId(), request.Body, ct);
        if (outcome is Outcome<HelpReply>.Ok(var reply))
        {
            var view = new HelpReplyView(reply, HelpPerson.From(await authors.MemberAsync(reply.AuthorId, ct)));
            return TypedResults.Created($"{ApiEndpoints.Prefix}/help-requests/{id:D}/replies", HelpReplyResponse.From(view));
        }

        return ApiResults.From(outcome, _ => TypedResults.Created("", default(HelpReplyResponse)), h["NotFound.Message"]);
    }

    private static async Task<Results<Ok<HelpRequestResponse>, ValidationProblem, ProblemHttpResult>> CloseAsync(
        Guid id, ClaimsPrincipal user, HelpRequestService service, PostAuthors authors, IOptions<NodeOptions> node, IStringLocalizer<HelpText> h,
        CancellationToken ct)
    {
        var outcome = await service.CloseAsync(id, user.MemberId(), ct);
        if (outcome is Outcome<HelpRequest>.Ok)
        {
            return TypedResults.Ok(await ResponseAsync(id, user.MemberId(), service, authors, node.Value, h, ct));
        }

        return ApiResults.From(outcome, _ => TypedResults.Ok(default(HelpRequestResponse)!), h["NotFound.Message"]);
    }

    private static async Task<Results<Ok<HelpRequestResponse>, ValidationProblem, ProblemHttpResult>> InviteAsync(
        Guid id, HelpHelperRequest request, ClaimsPrincipal user, HelpRequestService service, PostAuthors authors, IOptions<NodeOptions> node,
        IStringLocalizer<HelpText> h, CancellationToken ct) =>
        await service.InviteAsync(id, user.MemberId(), request.Username, ct) switch
        {
            Outcome<HelpThread>.Ok(var thread) => TypedResults.Ok(HelpRequestResponse.From(await HelpViews.ForAsync(thread, authors, node.Value, h, ct), node.Value)),
            var refused => ApiResults.From(refused, _ => TypedResults.Ok(default(HelpRequestResponse)!), h["NotFound.Message"]),
        };

    private static async Task<HelpRequestResponse> ResponseAsync(
        Guid id, Guid reader, HelpRequestService service, PostAuthors authors, NodeOptions node, IStringLocalizer<HelpText> h, CancellationToken ct)
    {
        var thread = ((Outcome<HelpThread>.Ok)await service.GetAsync(id, reader, ct)).Value;
        return HelpRequestResponse.From(await HelpViews.ForAsync(thread, authors, node, h, ct), node);
    }

    private static ProblemHttpResult NotFound(IStringLocalizer<HelpText> h) => ApiResults.Problem(StatusCodes.Status404NotFound, h["NotFound.Message"]);
}
