using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using OurSociety.ActivityPub.Vocabulary;
using OurSociety.Core.Federation;
using OurSociety.Core.Members;
using OurSociety.Core.Paging;
using OurSociety.Federation;
using OurSociety.Federation.Actors;
using OurSociety.Web.Hosting;

namespace OurSociety.Web.Features.Federation;

/// <summary>
/// The ActivityPub face of the node: actors (content-negotiated with their HTML pages), inboxes, and the outbox,
/// followers and following collections.
/// </summary>
internal static class ActorEndpoints
{
    private const int CollectionPageSize = 20;

    public static IEndpointRouteBuilder MapActorEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("").ExcludeFromDescription();
        group.MapGet("/users/{username}", ActorAsync);
        group.MapGet("/actor", InstanceActorAsync);
        group.MapGet("/users/{username}/outbox", OutboxAsync);
        group.MapGet("/users/{username}/followers", (string username, string? page, HttpContext http, CollectionServices s, CancellationToken ct) =>
            FollowCollectionAsync(username, FollowDirection.In, page, http, s, ct));
        group.MapGet("/users/{username}/following", (string username, string? page, HttpContext http, CollectionServices s, CancellationToken ct) =>
            FollowCollectionAsync(username, FollowDirection.Out, page, http, s, ct));
        group.MapGet("/users/{username}/moderators", ModeratorsAsync);
        group.MapGet("/actor/outbox", (HttpContext http, NodeIdentity node) => EmptyCollection(http, ApUrls.Outbox(ApUrls.InstanceActor(node.Origin))));
        group.MapGet("/actor/followers", (HttpContext http, NodeIdentity node) => EmptyCollection(http, ApUrls.Followers(ApUrls.InstanceActor(node.Origin))));
        group.MapGet("/actor/following", (HttpContext http, NodeIdentity node) => EmptyCollection(http, ApUrls.Following(ApUrls.InstanceActor(node.Origin))));
        group.MapGet("/activities/{id:guid}", ActivityAsync);

        return app;
    }

    /// <summary>A member's Person or the hub's Group as JSON; a browser is sent to the profile page instead.</summary>
    internal static async Task<IResult> ActorAsync(
        string username, HttpContext http, LocalActors locals, ActorKeys keys, SignedFetch signedFetch, IOptions<NodeOptions> node, CancellationToken ct)
    {
        if (await locals.FindAsync(username, ct) is not { } actor)
        {
            return ApResults.WantsActivityJson(http.Request) ? ApResults.Refuse(StatusCodes.Status404NotFound, "no such actor") : Results.NotFound();
        }

        if (!ApResults.WantsActivityJson(http.Request))
        {
            http.Response.Headers.Vary = "Accept";
            return Results.Redirect($"/@{actor.Username}");
        }

        if (actor.Username != username)
        {
            return Results.Redirect(actor.Id, permanent: true);
        }

        var document = ActorDocuments.Build(actor, await keys.PairOfAsync(actor.Username, ct), node.Value.PublicUri.Authority);
        // Unsigned requests in authorized-fetch mode still get the key: without it no server could verify us.
        if (await signedFetch.CheckAsync(http.Request, ct) is not null)
        {
            document = ActorDocuments.KeyOnly(document);
        }

        return ApResults.Json(http, document, cacheControl: "max-age=180, public");
    }

    /// <summary>The instance actor; always served unsigned (FEP-2677), browsers go to the home page.</summary>
    internal static async Task<IResult> InstanceActorAsync(HttpContext http, LocalActors locals, ActorKeys keys, IOptions<NodeOptions> node, CancellationToken ct)
    {
        if (!ApResults.WantsActivityJson(http.Request))
        {
            return Results.Redirect("/");
        }

        var document = ActorDocuments.Build(locals.Instance, await keys.PairOfAsync(ApUrls.InstanceActorName, ct), node.Value.PublicUri.Authority);
        return ApResults.Json(http, document, cacheControl: "max-age=180, public");
    }

    internal static async Task<IResult> OutboxAsync(string username, string? page, HttpContext http, CollectionServices s, CancellationToken ct)
    {
        if (await s.Locals.FindAsync(username, ct) is not { } actor)
        {
            return ApResults.Refuse(StatusCodes.Status404NotFound, "no such actor");
        }

        if (await s.SignedFetch.CheckAsync(http.Request, ct) is { } refused)
        {
            return ApResults.Refuse(StatusCodes.Status401Unauthorized, refused);
        }

        var id = ApUrls.Outbox(actor.Id);
        if (page is null)
        {
            return ApResults.Json(http, CollectionDocuments.Collection(id, await s.Deliveries.CountPublicActivitiesAsync(actor.Username, ct)), cacheControl: "max-age=180, public");
        }

        if (!Cursor.TryDecode(page == "true" ? null : page, out var cursor))
        {
            return ApResults.Refuse(StatusCodes.Status400BadRequest, "the page parameter is not one we made");
        }

        var items = await s.Deliveries.PublicActivitiesAsync(actor.Username, cursor, CollectionPageSize, ct);
        var ordered = new JsonArray(items.Items.Select(a => (JsonNode?)WithoutContext(JsonNode.Parse(a.Body)!.AsObject())).ToArray());
        return ApResults.Json(http, CollectionDocuments.Page(id, page, items.Next, ordered));
    }

    internal static async Task<IResult> FollowCollectionAsync(
        string username, FollowDirection direction, string? page, HttpContext http, CollectionServices s, CancellationToken ct)
    {
        if (await s.Locals.FindAsync(username, ct) is not { } actor)
        {
            return ApResults.Refuse(StatusCodes.Status404NotFound, "no such actor");
        }

        if (await s.SignedFetch.CheckAsync(http.Request, ct) is { } refused)
        {
            return ApResults.Refuse(StatusCodes.Status401Unauthorized, refused);
        }

        var id = direction == FollowDirection.In ? ApUrls.Followers(actor.Id) : ApUrls.Following(actor.Id);
        if (page is null)
        {
            return ApResults.Json(http, CollectionDocuments.Collection(id, await s.Follows.CountAsync(actor.Username, direction, FollowState.Accepted, ct)), cacheControl: "max-age=180, public");
        }

        if (!Cursor.TryDecode(page == "true" ? null : page, out var cursor))
        {
            return ApResults.Refuse(StatusCodes.Status400BadRequest, "the page parameter is not one we made");
        }

        var ids = await s.Follows.ActorIdsAsync(actor.Username, direction, cursor, CollectionPageSize, ct);
        return ApResults.Json(http, CollectionDocuments.Page(id, page, ids.Next, new JsonArray(ids.Items.Select(i => (JsonNode?)i).ToArray())));
    }

    /// <summary>One of our activities at its id: public ones to anyone (signed in authorized-fetch mode), others to no one.</summary>
    internal static async Task<IResult> ActivityAsync(Guid id, HttpContext http, CollectionServices s, CancellationToken ct)
    {
        var activity = await s.Deliveries.FindActivityAsync(ApUrls.Activity(s.Locals.Origin, id), ct);
        if (activity is null || !activity.IsPublic)
        {
            return ApResults.Refuse(StatusCodes.Status404NotFound, "no such activity");
        }

        if (await s.SignedFetch.CheckAsync(http.Request, ct) is { } refused)
        {
            return ApResults.Refuse(StatusCodes.Status401Unauthorized, refused);
        }

        return ApResults.Json(http, JsonNode.Parse(activity.Body)!.AsObject());
    }

    /// <summary>
    /// The hub's moderators (Lemmy's <c>moderators</c> collection, issue 14): the actor ids of its admins and
    /// moderators, who answer posts sent to the hub. Only the hub has one.
    /// </summary>
    internal static async Task<IResult> ModeratorsAsync(string username, HttpContext http, CollectionServices s, IMemberStore members, CancellationToken ct)
    {
        if (await s.Locals.FindAsync(username, ct) is not { Kind: LocalActorKind.Hub } hub || hub.Username != username)
        {
            return ApResults.Refuse(StatusCodes.Status404NotFound, "no such collection");
        }

        if (await s.SignedFetch.CheckAsync(http.Request, ct) is { } refused)
        {
            return ApResults.Refuse(StatusCodes.Status401Unauthorized, refused);
        }

        var moderators = await members.ListWithRolesAsync([Role.Admin, Role.Moderator], ModeratorsShown, ct);
        var ids = moderators.Where(m => m.State == MemberState.Active && !m.IsSuspended)
            .Select(m => ApUrls.Actor(s.Locals.Origin, m.Username)).ToList();
        return ApResults.Json(http, CollectionDocuments.Inline(ApUrls.Moderators(hub.Id), ids), cacheControl: "max-age=180, public");
    }

    /// <summary>A hub has a handful of moderators; more than this are not listed (the collection is not paged).</summary>
    private const int ModeratorsShown = 200;

    private static IResult EmptyCollection(HttpContext http, string id) => ApResults.Json(http, CollectionDocuments.Collection(id, 0));

    private static JsonObject WithoutContext(JsonObject activity)
    {
        activity.Remove("@context");
        return activity;
    }

}

/// <summary>What the collection endpoints share, injected as one.</summary>
internal sealed record CollectionServices(LocalActors Locals, IFollowStore Follows, IDeliveryStore Deliveries, SignedFetch SignedFetch);
