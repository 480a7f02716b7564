using System.Diagnostics;
using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using OurSociety.Core;
using OurSociety.Core.Federation;
using OurSociety.Core.Introductions;
using OurSociety.Core.Members;
using OurSociety.Federation;
using OurSociety.Web.Features.Introductions;
using OurSociety.Web.Hosting;

namespace OurSociety.Web.Features.Api;

/// <summary>
/// Introductions: a glue-er proposes that two people meet; each answers privately; they are introduced only when both
/// say yes. An introduction exists only for the three people in it: to anyone else every route answers 404.
/// </summary>
internal static class IntroductionEndpoints
{
    public static RouteGroupBuilder MapIntroductionEndpoints(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/introductions").WithTags("Introductions");
        group.MapPost("/", ProposeAsync)
            .WithName("ProposeIntroduction")
            .WithSummary("Introduce two people")
            .WithDescription("For glue-ers (or every member, when the hub allows it). Each party is a member here (@name), someone on " +
                             "another server (@name@server) or a link to their profile; each is asked privately and nothing is " +
                             "shared with the other until both say yes. Refused (and nothing stored) when the two are the same " +
                             "person or one is you (400), unknown (404 or 400 when their server cannot be reached), their choice " +
                             "of who may introduce them or a block says no (403), or you already introduced them and they have " +
                             "not both answered, or you have too many introductions waiting (409). Problems name the field. " +
                             "A party may be a hub, for glue-ers and admins (403 for anyone else): @hub (this hub; its admins " +
                             "answer) or an Our Society hub elsewhere by its address (its admins answer there). A group on other " +
                             "software, which cannot answer, or anyone on a domain this hub blocks is refused (400).")
            .Produces<IntroductionResponse>(StatusCodes.Status201Created)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        group.MapGet("/", ListAsync)
            .WithName("ListIntroductions")
            .WithSummary("Your introductions")
            .WithDescription("Newest first: ?role=asked (default) lists those you are asked about, ?role=proposed those you proposed. " +
                             "?state=proposed, accepted-by-one (yours as a glue-er only), made or not-going-ahead filters them.")
            .ProducesValidationProblem();
        group.MapGet("/{id:guid}", GetAsync)
            .WithName("GetIntroduction")
            .WithSummary("One introduction")
            .WithDescription("Only for the glue-er and the two people; 404 for anyone else. A party sees their own answer (myAnswer) " +
                             "and the state as proposed, made or not-going-ahead. The glue-er also sees the replies waiting for " +
                             "their review (reviews).")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/{id:guid}/accept", (Guid id, ClaimsPrincipal user, IntroductionService service, IMemberStore members, IRemoteActorStore actors, NodeIdentity node, CancellationToken ct) =>
                AnswerAsync(id, accept: true, user, service, members, actors, node, ct))
            .WithName("AcceptIntroduction")
            .WithSummary("Say yes to meeting")
            .WithDescription("For one of the two people, or an admin when this hub is one of them (the hub's answer, sent from the hub). " +
                             "The glue-er hears that one said yes, never which. 409 once it is made or not going ahead.")
            .Produces<IntroductionResponse>()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPost("/{id:guid}/decline", (Guid id, ClaimsPrincipal user, IntroductionService service, IMemberStore members, IRemoteActorStore actors, NodeIdentity node, CancellationToken ct) =>
                AnswerAsync(id, accept: false, user, service, members, actors, node, ct))
            .WithName("DeclineIntroduction")
            .WithSummary("Say no, or take back a yes")
            .WithDescription("For one of the two people, also after saying yes, until it is made. It stops going ahead; nobody is told " +
                             "who said no. 409 once it is made or not going ahead.")
            .Produces<IntroductionResponse>()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPost("/{id:guid}/withdraw", WithdrawAsync)
            .WithName("WithdrawIntroduction")
            .WithSummary("Withdraw an introduction you proposed")
            .WithDescription("For the glue-er, until it is made. 409 once it is made or not going ahead.")
            .Produces<IntroductionResponse>()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPost("/{id:guid}/reviews/{reviewId:guid}/accept",
                (Guid id, Guid reviewId, ClaimsPrincipal user, IntroductionService service, IMemberStore members, IRemoteActorStore actors,
                    NodeIdentity node, CancellationToken ct) => ReviewAsync(id, reviewId, accept: true, user, service, members, actors, node, ct))
            .WithName("CountIntroductionReplyAsYes")
            .WithSummary("Count a reply as yes")
            .WithDescription("For the glue-er: a reply listed in reviews (not a clear yes, no or stop) counts as that person's yes, " +
                             "exactly as if they had said it; it is then no longer listed. 404 for anyone else or a reply not " +
                             "waiting; 409 once it is made or not going ahead (nothing changes).")
            .Produces<IntroductionResponse>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPost("/{id:guid}/reviews/{reviewId:guid}/decline",
                (Guid id, Guid reviewId, ClaimsPrincipal user, IntroductionService service, IMemberStore members, IRemoteActorStore actors,
                    NodeIdentity node, CancellationToken ct) => ReviewAsync(id, reviewId, accept: false, user, service, members, actors, node, ct))
            .WithName("CountIntroductionReplyAsNo")
            .WithSummary("Count a reply as no")
            .WithDescription("For the glue-er: a reply listed in reviews counts as that person's no, so it will not go ahead (a no " +
                             "after their yes takes the yes back); it is then no longer listed. 404 for anyone else or a reply " +
                             "not waiting; 409 once it is made or not going ahead (nothing changes).")
            .Produces<IntroductionResponse>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        var policy = api.MapGroup("/me/introduction-policy").WithTags("Introductions");
        policy.MapGet("/", GetPolicyAsync)
            .WithName("GetIntroductionPolicy")
            .WithSummary("Who may introduce you")
            .WithDescription("anyone, glue-ers (the default) or nobody. Shown on your profile and published on your actor.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        policy.MapPut("/", SetPolicyAsync)
            .WithName("SetIntroductionPolicy")
            .WithSummary("Choose who may introduce you")
            .WithDescription("{\"allow\": \"anyone\" | \"glue-ers\" | \"nobody\"}. Introductions already proposed stay as they are.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);
        return group;
    }

    internal static async Task<Results<Created<IntroductionResponse>, ValidationProblem, ProblemHttpResult>> ProposeAsync(
        ProposeIntroductionRequest request, ClaimsPrincipal user, IntroductionService service, IntroductionParties parties,
        IMemberStore members, IRemoteActorStore actors, NodeIdentity node, CancellationToken ct)
    {
        if (request.Parties is not { Count: 2 } typed)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { [IntroductionFields.Parties] = [ApiText.IntroductionParties] });
        }

        // Refuse who may not introduce before looking anyone up elsewhere: no lookups for a request that cannot succeed.
        if (await members.FindAsync(user.MemberId(), ct) is not { } me)
        {
            return ApiResults.Problem(StatusCodes.Status404NotFound, ApiText.MemberNotFound);
        }

        if (!await service.MayProposeAsync(me, ct))
        {
            return ApiResults.Problem(StatusCodes.Status403Forbidden, CoreText.Get("Introduction.NotGlueEr"));
        }

        var candidates = new IntroductionCandidate?[2];
        var errors = new Dictionary<string, string[]>();
        for (var i = 0; i < 2; i++)
        {
            var (candidate, error) = await parties.ResolveAsync(typed[i], ct);
            candidates[i] = candidate;
            if (error is not null)
            {
                errors[IntroductionFields.Party(i)] = [error];
            }
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var language = CultureInfo.CurrentUICulture.TwoLetterISOLanguageName;
        return await service.ProposeAsync(me.Id, candidates[0], candidates[1], request.Reason, language, ct) switch
        {
            Outcome<Introduction>.Ok(var introduction) => TypedResults.Created(
                $"{ApiEndpoints.Prefix}/introductions/{introduction.Id:D}",
                await ResponseAsync(IntroductionView.Of(introduction, me.Id)!, members, actors, node, ct)),
            Outcome<Introduction>.Invalid(var invalid) => TypedResults.ValidationProblem(invalid),
            var refused => Refusal(refused),
        };
    }

    internal static async Task<Results<Ok<PageResponse<IntroductionResponse>>, ValidationProblem, ProblemHttpResult>> ListAsync(
        string? role, string? state, string? limit, string? cursor, ClaimsPrincipal user, IntroductionService service,
        IMemberStore members, IRemoteActorStore actors, NodeIdentity node, CancellationToken ct)
    {
        if (ApiPaging.Read(limit, cursor, out var take, out var after) is { } problem)
        {
            return problem;
        }

        var errors = new Dictionary<string, string[]>();
        var which = IntroductionRole.Asked;
        if (!string.IsNullOrEmpty(role))
        {
            switch (role.Trim().ToLowerInvariant())
            {
                case "asked":
                    break;
                case "proposed":
                    which = IntroductionRole.Proposed;
                    break;
                default:
                    errors[IntroductionFields.Role] = [ApiText.IntroductionRole];
                    break;
            }
        }

        IntroductionState? filter = null;
        if (!string.IsNullOrEmpty(state))
        {
            if (IntroductionNames.TryParse(state, out IntroductionState parsed))
            {
                filter = parsed;
            }
            else
            {
                errors[IntroductionFields.State] = [ApiText.IntroductionState];
            }
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var page = await service.ForMemberAsync(user.MemberId(), which, filter, after, take, ct);
        var items = new List<IntroductionResponse>();
        var introducers = new Dictionary<string, IntroductionPartyResponse>(StringComparer.Ordinal);
        foreach (var view in page.Items)
        {
            items.Add(await ResponseAsync(view, members, actors, node, ct, introducers));
        }

        return TypedResults.Ok(new PageResponse<IntroductionResponse>(items, page.Next));
    }

    internal static async Task<Results<Ok<IntroductionResponse>, ProblemHttpResult>> GetAsync(
        Guid id, ClaimsPrincipal user, IntroductionService service, IMemberStore members, IRemoteActorStore actors, NodeIdentity node,
        CancellationToken ct) =>
        await service.FindForViewerAsync(id, user.MemberId(), ct) is Outcome<IntroductionView>.Ok(var view)
            ? TypedResults.Ok(await ResponseAsync(view, members, actors, node, ct, reviewer: (service, user.MemberId())))
            : ApiResults.Problem(StatusCodes.Status404NotFound, ApiText.IntroductionNotFound);

    internal static async Task<Results<Ok<IntroductionResponse>, ProblemHttpResult>> ReviewAsync(
        Guid id, Guid reviewId, bool accept, ClaimsPrincipal user, IntroductionService service, IMemberStore members, IRemoteActorStore actors,
        NodeIdentity node, CancellationToken ct)
    {
        var me = user.MemberId();
        return await service.ReviewAsync(id, reviewId, me, accept, ct) switch
        {
            Outcome<IntroductionView>.Ok(var view) => TypedResults.Ok(await ResponseAsync(view, members, actors, node, ct, reviewer: (service, me))),
            // The glue-er learns the reply is not waiting; anyone else, as for every route, that there is no such introduction.
            Outcome<IntroductionView>.NotFound when await service.FindForViewerAsync(id, me, ct) is Outcome<IntroductionView>.Ok({ Viewer: IntroductionViewer.Introducer }) =>
                Problem(StatusCodes.Status404NotFound, ApiText.IntroductionReviewNotFound, "reviewId"),
            var refused => Refusal(refused),
        };
    }

    internal static async Task<Results<Ok<IntroductionResponse>, ProblemHttpResult>> AnswerAsync(
        Guid id, bool accept, ClaimsPrincipal user, IntroductionService service, IMemberStore members, IRemoteActorStore actors,
        NodeIdentity node, CancellationToken ct) =>
        await service.AnswerAsync(id, user.MemberId(), accept, ct) switch
        {
            Outcome<IntroductionView>.Ok(var view) => TypedResults.Ok(await ResponseAsync(view, members, actors, node, ct)),
            var refused => Refusal(refused),
        };

    internal static async Task<Results<Ok<IntroductionResponse>, ProblemHttpResult>> WithdrawAsync(
        Guid id, ClaimsPrincipal user, IntroductionService service, IMemberStore members, IRemoteActorStore actors, NodeIdentity node,
        CancellationToken ct) =>
        await service.WithdrawAsync(id, user.MemberId(), ct) switch
        {
            Outcome<IntroductionView>.Ok(var view) => TypedResults.Ok(await ResponseAsync(view, members, actors, node, ct)),
            var refused => Refusal(refused),
        };

    internal static async Task<Results<Ok<IntroductionPolicyResponse>, ProblemHttpResult>> GetPolicyAsync(
        ClaimsPrincipal user, IntroductionService service, CancellationToken ct) =>
        await service.PolicyAsync(user.MemberId(), ct) is Outcome<IntroductionPolicy>.Ok(var policy)
            ? TypedResults.Ok(new IntroductionPolicyResponse(policy.Name()))
            : ApiResults.Problem(StatusCodes.Status404NotFound, ApiText.MemberNotFound);

    internal static async Task<Results<Ok<IntroductionPolicyResponse>, ValidationProblem, ProblemHttpResult>> SetPolicyAsync(
        IntroductionPolicyRequest request, ClaimsPrincipal user, IntroductionService service, CancellationToken ct) =>
        await service.SetPolicyAsync(user.MemberId(), request.Allow, ct) switch
        {
            Outcome<IntroductionPolicy>.Ok(var policy) => TypedResults.Ok(new IntroductionPolicyResponse(policy.Name())),
            Outcome<IntroductionPolicy>.Invalid(var errors) => TypedResults.ValidationProblem(errors),
            _ => ApiResults.Problem(StatusCodes.Status404NotFound, ApiText.MemberNotFound),
        };

    /// <summary>
    /// A refusal as problem details whose <c>errors</c> names the field it is about, like a validation problem, so a
    /// client can show it beside the right input whatever the status.
    /// </summary>
    private static ProblemHttpResult Refusal<T>(Outcome<T> outcome) => outcome switch
    {
        Outcome<T>.Forbidden forbidden => Problem(StatusCodes.Status403Forbidden, forbidden.Reason, forbidden.Field),
        Outcome<T>.Conflict conflict => Problem(StatusCodes.Status409Conflict, conflict.Reason, conflict.Field),
        Outcome<T>.NotFound notFound => Problem(StatusCodes.Status404NotFound, notFound.Reason ?? ApiText.IntroductionNotFound, notFound.Field),
        Outcome<T>.Invalid invalid => Problem(StatusCodes.Status400BadRequest, invalid.Errors.Values.SelectMany(m => m).First(), invalid.Errors.Keys.First()),
        _ => throw new UnreachableException($"An introduction answered {outcome.GetType().Name}."),
    };

    private static ProblemHttpResult Problem(int status, string detail, string? field) => TypedResults.Problem(
        detail,
        statusCode: status,
        extensions: field is null ? null : new Dictionary<string, object?> { ["errors"] = new Dictionary<string, string[]> { [field] = [detail] } });

    /// <param name="reviewer">On one introduction: the viewer, whose replies to review are included when they are its glue-er.</param>
    private static async Task<IntroductionResponse> ResponseAsync(
        IntroductionView view, IMemberStore members, IRemoteActorStore actors, NodeIdentity node, CancellationToken ct,
        Dictionary<string, IntroductionPartyResponse>? known = null, (IntroductionService Service, Guid Viewer)? reviewer = null)
    {
        if (known is null || !known.TryGetValue(view.Introducer, out var introducer))
        {
            introducer = await IntroducerAsync(view, members, actors, node, ct);
            known?.Add(view.Introducer, introducer);
        }

        IReadOnlyList<IntroductionReview>? reviews = null;
        if (reviewer is { } asked && view.Viewer == IntroductionViewer.Introducer
            && await asked.Service.ReviewsAsync(view.Id, asked.Viewer, ct) is Outcome<IReadOnlyList<IntroductionReview>>.Ok(var kept))
        {
            reviews = kept;
        }

        return IntroductionResponse.From(view, node.Origin, introducer, reviews);
    }

    private static async Task<IntroductionPartyResponse> IntroducerAsync(
        IntroductionView view, IMemberStore members, IRemoteActorStore actors, NodeIdentity node, CancellationToken ct)
    {
        if (view.IntroducerIsLocal)
        {
            // A glue-er whose account is gone keeps their id only: the introduction was closed when it went.
            return Guid.TryParse(view.Introducer, out var id) && await members.FindAsync(id, ct) is { } member
                ? new IntroductionPartyResponse($"{member.Username}@{node.Authority}", ApUrls.Actor(node.Origin, member.Username), ApUrls.Profile(node.Origin, member.Username))
                : new IntroductionPartyResponse(view.Introducer, view.Introducer, null);
        }

        return await actors.FindAsync(view.Introducer, ct) is { } actor
            ? new IntroductionPartyResponse(actor.Handle.TrimStart('@'), actor.Id, actor.Url)
            : new IntroductionPartyResponse(view.Introducer, view.Introducer, null);
    }
}
