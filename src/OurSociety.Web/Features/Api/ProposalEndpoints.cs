using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using OurSociety.Core;
using OurSociety.Core.Needs;
using OurSociety.Core.Posts;
using OurSociety.Web.Features.Needs;
using OurSociety.Web.Hosting;

namespace OurSociety.Web.Features.Api;

/// <summary>
/// Needs and offers: posting, editing, closing and deleting one's own (or the hub's, for admins); the lists are open
/// data; glue-ers see which offers match a need.
/// </summary>
internal static class ProposalEndpoints
{
    public static RouteGroupBuilder MapProposalEndpoints(this RouteGroupBuilder api)
    {
        MapKind(api.MapGroup("/needs").WithTags("Needs and offers"), ProposalKind.Need);
        MapKind(api.MapGroup("/offers").WithTags("Needs and offers"), ProposalKind.Offer);
        api.MapGet("/needs/{id:guid}/matches", MatchesAsync).WithTags("Needs and offers")
            .WithName("ListNeedMatches").WithSummary("Offers that may meet a need (glue-ers)")
            .WithDescription("Open offers, here and received from elsewhere, that share topics, the locality or words with the need, or whose " +
                             "author can help with its topics (their profile), " +
                             "best first, each with a link to propose the introduction. Only members with the glue-er role may ask.")
            .Produces<IReadOnlyList<ProposalMatchResponse>>()
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status410Gone);
        api.MapGet("/search/needs-and-offers", SearchAsync).WithTags("Search", "Needs and offers").AllowAnonymous()
            .WithName("SearchNeedsAndOffers").WithSummary("Search needs and offers")
            .WithDescription("Every word in q must match (title, details, topics, place); best matches first, open and closed ones, " +
                             "from here and other hubs. Words are matched as words, as in GET /search (which searches stories and lessons).")
            .Produces<PageResponse<ProposalResponse>>()
            .ProducesValidationProblem();
        return api;
    }

    private static async Task<Results<Ok<PageResponse<ProposalResponse>>, ValidationProblem>> SearchAsync(
        string? q, string? limit, string? cursor, Core.Search.ISearchIndex search, ProposalAuthors authors, IOptions<NodeOptions> node, TimeProvider time, CancellationToken ct)
    {
        if (ApiPaging.Read(limit, cursor, out var take, out var after) is { } bad)
        {
            return bad;
        }

        if (Core.Search.SearchTerms.Parse(q) is Outcome<Core.Search.SearchTerms>.Invalid(var errors))
        {
            return TypedResults.ValidationProblem(errors);
        }

        var page = await search.SearchProposalsAsync(((Outcome<Core.Search.SearchTerms>.Ok)Core.Search.SearchTerms.Parse(q)).Value, after, take, ct);
        var items = new List<ProposalResponse>();
        foreach (var proposal in page.Items)
        {
            items.Add(await ProposalResponses.FromAsync(proposal, authors, node.Value.Origin, time.GetUtcNow(), ct));
        }

        return TypedResults.Ok(new PageResponse<ProposalResponse>(items, page.Next));
    }

    private static void MapKind(RouteGroupBuilder group, ProposalKind kind)
    {
        var noun = ProposalNames.Name(kind);
        var name = kind == ProposalKind.Need ? "Need" : "Offer";
        var plural = kind == ProposalKind.Need ? "Needs" : "Offers";
        group.MapPost("", (ProposalRequest request, ClaimsPrincipal user, ProposalService service, ProposalAuthors authors, IOptions<NodeOptions> node, TimeProvider time, CancellationToken ct) =>
                CreateAsync(kind, request, user, service, authors, node, time, ct))
            .WithName("Create" + name).WithSummary($"Post a {noun}")
            .WithDescription($"Posts a {noun} (\"asHub\": true posts it in the hub's name; admins only). Your followers on other servers, " +
                             "and the hub's followers, are sent it. An end date in the past is refused.")
            .Produces<ProposalResponse>(StatusCodes.Status201Created)
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden);
        group.MapGet("", (string? topic, string? locality, string? source, string? state, string? limit, string? cursor, IProposalStore store,
                ProposalAuthors authors, IOptions<NodeOptions> node, TimeProvider time, CancellationToken ct) =>
                ListAsync(kind, topic, locality, source, state, limit, cursor, store, authors, node, time, ct))
            .AllowAnonymous()
            .WithName("List" + plural).WithSummary($"{plural} (open data)")
            .WithDescription($"{plural}, newest first. Filters: topic; locality; source (local: posted here; network: received from " +
                             "other servers; all, the default); state (open, the default: not closed and not past its end date; closed; all). " +
                             "Pages with limit and the cursor from \"next\". No sign-in needed.")
            .Produces<PageResponse<ProposalResponse>>()
            .ProducesValidationProblem();
        group.MapGet("/{id:guid}", (Guid id, ProposalService service, ProposalAuthors authors, IOptions<NodeOptions> node, TimeProvider time, CancellationToken ct) =>
                GetAsync(kind, id, service, authors, node, time, ct))
            .AllowAnonymous()
            .WithName("Get" + name).WithSummary($"A {noun}")
            .WithDescription($"Here or received from elsewhere, open or closed. Answers 410 once deleted.")
            .Produces<ProposalResponse>()
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status410Gone);
        group.MapPut("/{id:guid}", (Guid id, ProposalRequest request, ClaimsPrincipal user, ProposalService service, ProposalAuthors authors, IOptions<NodeOptions> node, TimeProvider time, CancellationToken ct) =>
                UpdateAsync(kind, id, request, user, service, authors, node, time, ct))
            .WithName("Update" + name).WithSummary($"Edit your {noun}")
            .WithDescription("Replaces its fields. Only its author may (any admin for the hub's own); a closed one cannot be changed (409). " +
                             "Servers that have it are sent the new version.")
            .Produces<ProposalResponse>()
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status410Gone);
        group.MapDelete("/{id:guid}", (Guid id, ClaimsPrincipal user, ProposalService service, CancellationToken ct) => DeleteAsync(kind, id, user, service, ct))
            .WithName("Delete" + name).WithSummary($"Delete your {noun}")
            .WithDescription("Servers that have it are told to delete it; its address answers 410 from now on. To keep it in history, close it instead.")
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status410Gone);
        group.MapPost("/{id:guid}/close", (Guid id, ClaimsPrincipal user, ProposalService service, ProposalAuthors authors, IOptions<NodeOptions> node, TimeProvider time, CancellationToken ct) =>
                CloseAsync(kind, id, user, service, authors, node, time, ct))
            .WithName("Close" + name).WithSummary($"Close your {noun} (\"found, thank you\")")
            .WithDescription("It stays, shown as closed, and is no longer matched or listed as open. Closing it again answers 409.")
            .Produces<ProposalResponse>()
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status410Gone);
    }

    private static async Task<Results<Created<ProposalResponse>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        ProposalKind kind, ProposalRequest request, ClaimsPrincipal user, ProposalService service, ProposalAuthors authors, IOptions<NodeOptions> node,
        TimeProvider time, CancellationToken ct)
    {
        var outcome = await service.CreateAsync(user.MemberId(), kind, request.ToInput(), ct);
        if (outcome is Outcome<Proposal>.Ok(var proposal))
        {
            var response = await ProposalResponses.FromAsync(proposal, authors, node.Value.Origin, time.GetUtcNow(), ct);
            return TypedResults.Created(response.Url, response);
        }

        return Refusal<Created<ProposalResponse>>(outcome);
    }

    private static async Task<Results<Ok<ProposalResponse>, ValidationProblem, ProblemHttpResult>> UpdateAsync(
        ProposalKind kind, Guid id, ProposalRequest request, ClaimsPrincipal user, ProposalService service, ProposalAuthors authors,
        IOptions<NodeOptions> node, TimeProvider time, CancellationToken ct) =>
        await Answer(await service.UpdateAsync(user.MemberId(), kind, id, request.ToInput(), ct), authors, node, time, ct);

    private static async Task<Results<Ok<ProposalResponse>, ValidationProblem, ProblemHttpResult>> CloseAsync(
        ProposalKind kind, Guid id, ClaimsPrincipal user, ProposalService service, ProposalAuthors authors, IOptions<NodeOptions> node,
        TimeProvider time, CancellationToken ct) =>
        await Answer(await service.CloseAsync(user.MemberId(), kind, id, ct), authors, node, time, ct);

    private static async Task<Results<Ok<ProposalResponse>, ValidationProblem, ProblemHttpResult>> GetAsync(
        ProposalKind kind, Guid id, ProposalService service, ProposalAuthors authors, IOptions<NodeOptions> node, TimeProvider time, CancellationToken ct) =>
        await Answer(await service.ReadAsync(kind, id, ct), authors, node, time, ct);

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(ProposalKind kind, Guid id, ClaimsPrincipal user, ProposalService service, CancellationToken ct) =>
        ApiResults.Deleted(await service.DeleteAsync(user.MemberId(), kind, id, ct), CoreText.Get("Need.NotFound"));

    private static async Task<Results<Ok<PageResponse<ProposalResponse>>, ValidationProblem>> ListAsync(
        ProposalKind kind, string? topic, string? locality, string? source, string? state, string? limit, string? cursor, IProposalStore store,
        ProposalAuthors authors, IOptions<NodeOptions> node, TimeProvider time, CancellationToken ct)
    {
        if (ApiPaging.Read(limit, cursor, out var take, out var after) is { } bad)
        {
            return bad;
        }

        var errors = new Dictionary<string, string[]>();
        var query = Query(kind, topic, locality, source, state, time.GetUtcNow(), errors);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var page = await store.ListAsync(query, after, take, ct);
        var items = new List<ProposalResponse>();
        foreach (var proposal in page.Items)
        {
            items.Add(await ProposalResponses.FromAsync(proposal, authors, node.Value.Origin, time.GetUtcNow(), ct));
        }

        return TypedResults.Ok(new PageResponse<ProposalResponse>(items, page.Next));
    }

    /// <summary>The list filters, checked: a bad value names its parameter.</summary>
    internal static ProposalQuery Query(
        ProposalKind? kind, string? topic, string? locality, string? source, string? state, DateTimeOffset now, Dictionary<string, string[]> errors)
    {
        var query = new ProposalQuery
        {
            Kind = kind,
            Topic = string.IsNullOrWhiteSpace(topic) ? null : PostService.NormaliseTopic(topic),
            Localities = string.IsNullOrWhiteSpace(locality) ? [] : [locality.Trim()],
        };
        query = source switch
        {
            null or "" or "all" => query,
            "local" => query with { Local = true },
            "network" => query with { Local = false },
            _ => Invalid(query, errors, "source", ApiText.SourceUnknown),
        };
        return state switch
        {
            null or "" or "open" => query with { OpenAt = now },
            "closed" => query with { ClosedOnly = true },
            "all" => query,
            _ => Invalid(query, errors, "state", CoreText.Get("Need.StateUnknown")),
        };
    }

    private static async Task<Results<Ok<IReadOnlyList<ProposalMatchResponse>>, ProblemHttpResult>> MatchesAsync(
        Guid id, ClaimsPrincipal user, ProposalService service, ProposalAuthors authors, IOptions<NodeOptions> node, TimeProvider time,
        IStringLocalizer<NeedsText> text, CancellationToken ct)
    {
        var outcome = await service.MatchesAsync(user.MemberId(), id, ct);
        if (outcome is not Outcome<IReadOnlyList<ProposalMatch>>.Ok(var matches))
        {
            return outcome switch
            {
                Outcome<IReadOnlyList<ProposalMatch>>.Forbidden(var why) => ApiResults.Problem(StatusCodes.Status403Forbidden, why),
                Outcome<IReadOnlyList<ProposalMatch>>.Gone(var why) => ApiResults.Problem(StatusCodes.Status410Gone, why),
                _ => ApiResults.Problem(StatusCodes.Status404NotFound, CoreText.Get("Need.NotFound")),
            };
        }

        var need = ((Outcome<Proposal>.Ok)await service.ReadAsync(ProposalKind.Need, id, ct)).Value;
        var needAuthor = await authors.OfAsync(need, ct);
        var items = new List<ProposalMatchResponse>();
        foreach (var match in matches)
        {
            var offerAuthor = await authors.OfAsync(match.Offer, ct);
            var reason = IntroductionLinks.Reason(text, need, needAuthor.DisplayName, match.Offer, offerAuthor.DisplayName);
            items.Add(new ProposalMatchResponse(
                match.Score,
                match.SharedTopics,
                match.SameLocality,
                match.SharedWords,
                match.SharedSkills,
                await ProposalResponses.FromAsync(match.Offer, authors, node.Value.Origin, time.GetUtcNow(), ct),
                IntroductionLinks.For(authors.FullHandle(needAuthor), authors.FullHandle(offerAuthor), reason)));
        }

        return TypedResults.Ok<IReadOnlyList<ProposalMatchResponse>>(items);
    }

    private static async Task<Results<Ok<ProposalResponse>, ValidationProblem, ProblemHttpResult>> Answer(
        Outcome<Proposal> outcome, ProposalAuthors authors, IOptions<NodeOptions> node, TimeProvider time, CancellationToken ct) =>
        outcome is Outcome<Proposal>.Ok(var proposal)
            ? TypedResults.Ok(await ProposalResponses.FromAsync(proposal, authors, node.Value.Origin, time.GetUtcNow(), ct))
            : Refusal<Ok<ProposalResponse>>(outcome);

    private static Results<TOk, ValidationProblem, ProblemHttpResult> Refusal<TOk>(Outcome<Proposal> outcome)
        where TOk : IResult => outcome switch
        {
            Outcome<Proposal>.Invalid(var errors) => TypedResults.ValidationProblem(errors),
            Outcome<Proposal>.Forbidden(var why) => ApiResults.Problem(StatusCodes.Status403Forbidden, why),
            Outcome<Proposal>.Conflict(var why) => ApiResults.Problem(StatusCodes.Status409Conflict, why),
            Outcome<Proposal>.Gone(var why) => ApiResults.Problem(StatusCodes.Status410Gone, why),
            _ => ApiResults.Problem(StatusCodes.Status404NotFound, CoreText.Get("Need.NotFound")),
        };

    private static ProposalQuery Invalid(ProposalQuery query, Dictionary<string, string[]> errors, string field, string message)
    {
        errors[field] = [message];
        return query;
    }
}
