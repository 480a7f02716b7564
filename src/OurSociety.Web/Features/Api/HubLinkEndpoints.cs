using System.ComponentModel;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using OurSociety.Core;
using OurSociety.Core.Federation;
using OurSociety.Core.Hubs;
using OurSociety.Federation.Hubs;
using OurSociety.Web.Hosting;

namespace OurSociety.Web.Features.Api;

/// <summary>An admin's request to link with another hub.</summary>
internal sealed record HubLinkRequest(
    [property: Description("The other hub: its handle (@hub@example.org) or the link to it. It must be an Our Society hub (a Group whose software takes introductions).")] string? Hub,
    [property: Description("A note for the other hub's admins, plain text, up to 1000 characters.")] string? Note = null,
    [property: Description("Reshare the linked hub's members' own public stories and lessons to our hub's followers (one hop). Off unless true.")] bool Reshare = false);

/// <summary>A change to a link.</summary>
internal sealed record HubLinkChange([property: Description("Reshare the linked hub's members' own public stories and lessons to our hub's followers.")] bool? Reshare);

/// <summary>A link (or request for one) with another hub.</summary>
internal sealed record HubLinkResponse(
    Guid Id,
    [property: Description("The other hub's actor id (its Group).")] string Hub,
    [property: Description("Its name, when known.")] string? Name,
    [property: Description("Its page, when known.")] string? Url,
    [property: Description("requested (we asked, or approved and wait for their hub to accept our follow), awaiting-our-approval (they asked; approve or decline), linked (both hubs follow each other), one-way (we follow them, they do not follow us) or declined (they asked and we said no; they stay a follower).")] string State,
    [property: Description("True when our admin asked; false when their hub asked.")] bool AskedByUs,
    [property: Description("The asking admin's note.")] string Note,
    bool Reshare,
    DateTimeOffset Created,
    DateTimeOffset Updated)
{
    public static HubLinkResponse From(HubLink link, RemoteActor? actor) => new(
        link.Id, link.HubActorId, actor?.Name, actor?.Url, HubLinkStates.Name(link.State), link.AskedByUs, link.Note, link.Reshare, link.CreatedAt, link.UpdatedAt);
}

/// <summary>
/// Links between our hub and other Our Society hubs (issue 14), for admins: ask, list, approve or decline a request,
/// choose whether to reshare, unlink. federation-specs/hub-links.md has the wire.
/// </summary>
internal static class HubLinkEndpoints
{
    public static RouteGroupBuilder MapHubLinkEndpoints(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/admin/hub-links").WithTags("Hub links").AddEndpointFilter(RoleFilters.AdminApiAsync)
            .ProducesProblem(StatusCodes.Status403Forbidden);
        group.MapPost("/", AskAsync)
            .WithName("AskHubLink").WithSummary("Ask another hub to link (admins)")
            .WithDescription("Our hub follows theirs with a Follow carrying os:linkRequest and the note; their hub accepts the follow at " +
                             "once and their admins approve (their hub follows ours back: linked) or decline (one-way). The hub is looked " +
                             "up (10 s at most). 400 naming hub: empty, this hub itself, not found, a person's account, a group that is " +
                             "not an Our Society hub (follow it instead), or a domain this hub blocks or does not allow; 400 naming note " +
                             "when over 1000 characters; 409 when there is a link or a request with that hub already.")
            .Produces<HubLinkResponse>(StatusCodes.Status201Created)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict);
        group.MapGet("/", ListAsync)
            .WithName("ListHubLinks").WithSummary("Links with other hubs (admins)")
            .WithDescription("Every link and request, newest change first; ?state= one of requested, awaiting-our-approval, linked, " +
                             "one-way, declined. A hub has a handful, so there is one page (next is null).")
            .Produces<PageResponse<HubLinkResponse>>()
            .ProducesValidationProblem();
        group.MapPost("/{id:guid}/approve", ApproveAsync)
            .WithName("ApproveHubLink").WithSummary("Say yes to a hub's request (admins)")
            .WithDescription("Our hub follows theirs back; the link is linked once their hub accepts (requested until then). " +
                             "404 for an unknown id; 409 when the link is not awaiting our approval.")
            .Produces<HubLinkResponse>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPost("/{id:guid}/decline", DeclineAsync)
            .WithName("DeclineHubLink").WithSummary("Say no to a hub's request (admins)")
            .WithDescription("Our hub does not follow back and tells theirs with a Reject carrying os:linkRequest; they stay an " +
                             "ordinary follower. 404 for an unknown id; 409 when the link is not awaiting our approval.")
            .Produces<HubLinkResponse>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPatch("/{id:guid}", ChangeAsync)
            .WithName("ChangeHubLink").WithSummary("Turn resharing on or off (admins)")
            .WithDescription("{\"reshare\": true|false}: whether our hub announces the linked hub's members' own public stories and " +
                             "lessons to our followers (never what it reshared, never replies). From now on. 400 naming reshare when " +
                             "missing; 404 for an unknown id.")
            .Produces<HubLinkResponse>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapDelete("/{id:guid}", UnlinkAsync)
            .WithName("UnlinkHub").WithSummary("Unlink, or withdraw our request (admins)")
            .WithDescription("Undo(Follow) for our hub's follow of theirs and Reject(Follow) for theirs of ours, and the link goes. For " +
                             "their request (awaiting or declined) only the entry goes: they stay an ordinary follower. 404 for an unknown id.")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesProblem(StatusCodes.Status404NotFound);
        return group;
    }

    private static async Task<Results<Created<HubLinkResponse>, ValidationProblem, ProblemHttpResult>> AskAsync(
        HubLinkRequest? request, ClaimsPrincipal user, HubLinkService service, IRemoteActorStore actors, CancellationToken ct)
    {
        request ??= new(null);
        return await service.AskAsync(new HubLinkAsk(request.Hub, request.Note, request.Reshare), user.MemberId(), ct) switch
        {
            Outcome<HubLink>.Ok(var link) => TypedResults.Created($"{ApiEndpoints.Prefix}/admin/hub-links/{link.Id:D}",
                HubLinkResponse.From(link, await actors.FindAsync(link.HubActorId, ct))),
            Outcome<HubLink>.Invalid(var errors) => TypedResults.ValidationProblem(errors),
            Outcome<HubLink>.Conflict(var why) => ApiResults.Problem(StatusCodes.Status409Conflict, why),
            _ => ApiResults.Problem(StatusCodes.Status400BadRequest),
        };
    }

    private static async Task<Results<Ok<PageResponse<HubLinkResponse>>, ValidationProblem>> ListAsync(
        string? state, HubLinkService service, IRemoteActorStore actors, CancellationToken ct)
    {
        HubLinkState? only = null;
        if (state is not null && (only = HubLinkStates.Parse(state)) is null)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["state"] = [ApiText.HubLinkState] });
        }

        var items = new List<HubLinkResponse>();
        foreach (var link in await service.ListAsync(only, ct))
        {
            items.Add(HubLinkResponse.From(link, await actors.FindAsync(link.HubActorId, ct)));
        }

        return TypedResults.Ok(new PageResponse<HubLinkResponse>(items, null));
    }

    private static async Task<Results<Ok<HubLinkResponse>, ValidationProblem, ProblemHttpResult>> ApproveAsync(
        Guid id, ClaimsPrincipal user, HubLinkService service, IRemoteActorStore actors, CancellationToken ct) =>
        await RespondAsync(await service.ApproveAsync(id, user.MemberId(), ct), actors, ct);

    private static async Task<Results<Ok<HubLinkResponse>, ValidationProblem, ProblemHttpResult>> DeclineAsync(
        Guid id, ClaimsPrincipal user, HubLinkService service, IRemoteActorStore actors, CancellationToken ct) =>
        await RespondAsync(await service.DeclineAsync(id, user.MemberId(), ct), actors, ct);

    private static async Task<Results<Ok<HubLinkResponse>, ValidationProblem, ProblemHttpResult>> ChangeAsync(
        Guid id, HubLinkChange? change, HubLinkService service, IRemoteActorStore actors, CancellationToken ct)
    {
        if (change?.Reshare is not { } reshare)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["reshare"] = [ApiText.HubLinkReshare] });
        }

        return await RespondAsync(await service.SetReshareAsync(id, reshare, ct), actors, ct);
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> UnlinkAsync(Guid id, HubLinkService service, CancellationToken ct) =>
        await service.UnlinkAsync(id, ct) is Outcome<HubLink>.Ok ? TypedResults.NoContent() : ApiResults.Problem(StatusCodes.Status404NotFound);

    private static async Task<Results<Ok<HubLinkResponse>, ValidationProblem, ProblemHttpResult>> RespondAsync(
        Outcome<HubLink> outcome, IRemoteActorStore actors, CancellationToken ct) => outcome is Outcome<HubLink>.Ok(var link)
        ? TypedResults.Ok(HubLinkResponse.From(link, await actors.FindAsync(link.HubActorId, ct)))
        : ApiResults.From(outcome, l => TypedResults.Ok(HubLinkResponse.From(l, null)));
}
