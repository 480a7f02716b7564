using System.ComponentModel;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using OurSociety.Core;
using OurSociety.Core.Federation;
using OurSociety.Core.Notifications;
using OurSociety.Core.Posts;
using OurSociety.Core.Search;
using OurSociety.Federation;
using OurSociety.Federation.Actors;
using OurSociety.Federation.Hubs;
using OurSociety.Web.Features.Api;
using OurSociety.Web.Hosting;
using OurSociety.Web.Posts;

namespace OurSociety.Web.Features.Finding;

public sealed record TopicResponse(
    [property: Description("The topic: a plain word, lower case, without '#'.")] string Name,
    [property: Description("Its page (also the href of its ActivityPub Hashtag).")] string Url,
    [property: Description("Whether you follow it (its posts come to your home timeline).")] bool Following);

public sealed record TopicsResponse(IReadOnlyList<TopicResponse> Items);

public sealed record FoundOnResponse(
    [property: Description("The hub's actor id (its Group).")] string ActorId,
    [property: Description("The hub's name.")] string Name,
    [property: Description("True for this hub; false for a linked hub.")] bool Ours);

public sealed record SearchResponse(
    [property: Description("This hub's results first (best first), then each linked hub's (source=linked, first page only), each marked with foundOn.")]
    IReadOnlyList<PostResponse> Items,
    [property: Description("The cursor of the next page of this hub's results; null on the last.")] string? Next,
    [property: Description("Linked hubs that were asked and did not answer usably in time (source=linked); their results are missing.")]
    IReadOnlyList<FoundOnResponse> Unavailable)
{
    [Description("True when source=linked was asked for but the linked hubs were not asked this time: this client made more than " +
                 "OurSociety:RateLimits:LinkedSearchPerMinute linked searches in the last minute, so only this hub's results are here.")]
    public bool LinkedNotAsked { get; init; }
}

public sealed record NotificationPostResponse(Guid Id, string Url, string? Title);

public sealed record NotificationResponse(
    Guid Id,
    [property: Description("reply, mention, follow, follow-request, like, share, tried (\"I tried this\"), help-requested, help-invited, help-reply, " +
                           "mention-unknown (a @user@host you wrote could not be found: the actor's actorId is the handle as written), " +
                           "introduction-asked, introduction-made, introduction-not-going-ahead, introduction-accepted, introduction-needs-review, " +
                           "report-received, report-closed, warned, reply-awaiting-approval; " +
                           "to admins: hub-link-requested (the actor, another hub, asks to link with ours), hub-link-made (the hub we asked linked with ours), " +
                           "hub-link-declined (it declined; our hub still follows it), hub-link-ended (a linked hub ended the link); " +
                           "to admins and moderators: hub-submission-waiting (a post by the actor, from elsewhere, waits in the hub's queue).")] string Kind,
    [property: Description("Who did it, here or on another server.")] AuthorResponse Actor,
    [property: Description("The story or lesson it is about (for replies: the one replied to), if any.")] NotificationPostResponse? Post,
    [property: Description("For replies and \"I tried this\": the reply itself.")] string? ReplyUrl,
    DateTimeOffset Created,
    bool Read)
{
    [Description("What it is about when that is not a post, as kind:id (help-request:{id} for help-requested, help-invited and help-reply; " +
                 "hub-link:{id} for hub-link-*, the link's id in /admin/hub-links; hub-submission:{id} for hub-submission-waiting, its id in /admin/hub-submissions).")]
    public string? Subject { get; init; }
}

/// <summary>The JSON side of finding things: timelines, topics, search, notifications and the CSV export.</summary>
internal static class FindingApiEndpoints
{
    public static RouteGroupBuilder MapFindingApi(this RouteGroupBuilder api)
    {
        var timelines = api.MapGroup("/timelines").WithTags("Timelines");
        timelines.MapGet("/home", (string? limit, string? cursor, ClaimsPrincipal user, IPostStore posts, PostAuthors authors, IOptions<NodeOptions> node, CancellationToken ct) =>
                TimelineAsync(new PostQuery { HomeOf = user.MemberId(), HiddenFor = user.MemberId() }, limit, cursor, posts, authors, node, ct))
            .WithName("HomeTimeline").WithSummary("Your home timeline")
            .WithDescription("Stories and lessons written here, by people and hubs you follow (and shared by them), and on topics you follow; newest first.");
        timelines.MapGet("/local", (string? limit, string? cursor, ClaimsPrincipal user, IPostStore posts, PostAuthors authors, IOptions<NodeOptions> node, CancellationToken ct) =>
                TimelineAsync(new PostQuery { Local = true, HiddenFor = user.MemberIdOrNull() }, limit, cursor, posts, authors, node, ct))
            .AllowAnonymous()
            .WithName("LocalTimeline").WithSummary("Public stories and lessons written on this hub")
            .WithDescription("Newest first. No sign-in needed.");
        timelines.MapGet("/network", NetworkTimelineAsync)
            .AllowAnonymous()
            .WithName("NetworkTimeline").WithSummary("Public stories and lessons received from other servers")
            .WithDescription("Newest first. No sign-in needed. Each item's hub is the hub it came through (its FEP-1b12 audience), or null. " +
                             "Filter with hub, locality and topic (together they all apply); a bad value is a 400 naming its field.")
            .ProducesValidationProblem();

        var topics = api.MapGroup("/topics").WithTags("Topics");
        topics.MapGet("", FollowedTopicsAsync).WithName("ListFollowedTopics").WithSummary("Topics you follow");
        topics.MapPost("/{topic}/follow", (string topic, ClaimsPrincipal user, IPostStore posts, TimeProvider time, IOptions<NodeOptions> node, CancellationToken ct) =>
                FollowTopicAsync(topic, true, user, posts, time, node, ct))
            .WithName("FollowTopic").WithSummary("Follow a topic")
            .WithDescription("Its public stories and lessons, from here and elsewhere, come to your home timeline.")
            .ProducesValidationProblem();
        topics.MapDelete("/{topic}/follow", (string topic, ClaimsPrincipal user, IPostStore posts, TimeProvider time, IOptions<NodeOptions> node, CancellationToken ct) =>
                FollowTopicAsync(topic, false, user, posts, time, node, ct))
            .WithName("UnfollowTopic").WithSummary("Stop following a topic")
            .ProducesValidationProblem();

        api.MapGet("/search", SearchAsync).WithTags("Search").AllowAnonymous()
            .WithName("Search").WithSummary("Search public stories and lessons")
            .WithDescription("Every word in q must match (title, teaser, text, lesson parts, topics, place); best matches first. " +
                             "Words are matched as words: quotes, *, -, NEAR and the like are not search syntax. " +
                             "source: all (default: written here and received from other servers), local (written here), network (received), " +
                             "or linked (all, plus each linked hub's own results for source=local, asked at once with 2 s each; on the first page only, " +
                             "after ours; hubs that did not answer are listed in unavailable; beyond OurSociety:RateLimits:LinkedSearchPerMinute per client, " +
                             "linked hubs are not asked and linkedNotAsked is true). Posts of people who chose not to be found by search are left out. " +
                             "Needs and offers are searched with GET /search/needs-and-offers.")
            .ProducesValidationProblem();

        var notifications = api.MapGroup("/notifications").WithTags("Notifications");
        notifications.MapGet("", NotificationsAsync).WithName("ListNotifications").WithSummary("Your notifications")
            .WithDescription("Replies, mentions, follows, follow requests, likes, shares and \"I tried this\" reports; newest first.");
        notifications.MapPost("/read", MarkReadAsync).WithName("MarkNotificationsRead").WithSummary("Mark all your notifications read");

        api.MapGet("/export.csv", ExportAsync).WithTags("Stories", "Lessons").AllowAnonymous()
            .WithName("ExportCsv").WithSummary("Public stories and lessons of this hub as CSV (open data)")
            .WithDescription("One row per story or lesson written here: kind, id, url, apId, title, author, authorUrl, published, updated, " +
                             "locality, topics, licence (SPDX id), licenceUrl, sources (provenance links), adaptedFrom, teaser. RFC 4180; " +
                             "cells that a spreadsheet would run as a formula start with an apostrophe. No sign-in needed.")
            .Produces(StatusCodes.Status200OK, contentType: "text/csv");
        return api;
    }

    private static async Task<Results<Ok<PageResponse<PostResponse>>, ValidationProblem>> TimelineAsync(
        PostQuery query, string? limit, string? cursor, IPostStore posts, PostAuthors authors, IOptions<NodeOptions> node, CancellationToken ct)
    {
        if (ApiPaging.Read(limit, cursor, out var take, out var after) is { } bad)
        {
            return bad;
        }

        var page = await posts.ListAsync(query, after, take, ct);
        return TypedResults.Ok(await ResponsesAsync(page.Items, page.Next, authors, node.Value.Origin, ct));
    }

    private static async Task<Results<Ok<PageResponse<PostResponse>>, ValidationProblem>> NetworkTimelineAsync(
        string? limit,
        string? cursor,
        [Description("Only what came through this hub: its actor id, as an item's hub.actorId gives it.")] string? hub,
        [Description("Only posts from this place: the post's own locality or its hub's locality, ignoring case.")] string? locality,
        [Description("Only posts with this topic (a plain word; a leading # is ignored).")] string? topic,
        ClaimsPrincipal user,
        IPostStore posts,
        PostAuthors authors,
        IOptions<NodeOptions> node,
        CancellationToken ct)
    {
        var (filter, bad) = NetworkFilter.Read(hub, locality, topic);
        if (bad.Count > 0)
        {
            return TypedResults.ValidationProblem(NetworkFilter.ApiErrors(bad));
        }

        return await TimelineAsync(filter.Narrow(new PostQuery { Local = false, HiddenFor = user.MemberIdOrNull() }), limit, cursor, posts, authors, node, ct);
    }

    private static async Task<PageResponse<PostResponse>> ResponsesAsync(
        IReadOnlyList<Post> items, string? next, PostAuthors authors, string origin, CancellationToken ct)
    {
        var responses = new List<PostResponse>(items.Count);
        foreach (var post in items)
        {
            responses.Add(await PostResponses.StoryOrLessonAsync(post, authors, origin, ct));
        }

        return new PageResponse<PostResponse>(responses, next);
    }

    private static async Task<Ok<TopicsResponse>> FollowedTopicsAsync(ClaimsPrincipal user, IPostStore posts, IOptions<NodeOptions> node, CancellationToken ct) =>
        TypedResults.Ok(new TopicsResponse([.. (await posts.FollowedTopicsAsync(user.MemberId(), ct)).Select(t => new TopicResponse(t, PostUrls.Topic(node.Value.Origin, t), true))]));

    private static async Task<Results<Ok<TopicResponse>, ValidationProblem>> FollowTopicAsync(
        string topic, bool follow, ClaimsPrincipal user, IPostStore posts, TimeProvider time, IOptions<NodeOptions> node, CancellationToken ct)
    {
        if (!Topics.TryNormalise(topic, out var name))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["topic"] = [$"A topic is one word of letters and digits (up to {PostLimits.TopicMax}), like \"foodbank\"."],
            });
        }

        _ = follow
            ? await posts.FollowTopicAsync(user.MemberId(), name, time.GetUtcNow(), ct)
            : await posts.UnfollowTopicAsync(user.MemberId(), name, ct);
        return TypedResults.Ok(new TopicResponse(name, PostUrls.Topic(node.Value.Origin, name), follow));
    }

    private static async Task<Results<Ok<SearchResponse>, ValidationProblem>> SearchAsync(
        string? q, string? source, string? limit, string? cursor, ClaimsPrincipal user, ISearchIndex search, Core.Moderation.IMuteStore mutes,
        PostAuthors authors, LinkedSearch linked, LinkedSearchAllowance allowance, HttpContext http, LocalActors actors, IOptions<NodeOptions> node,
        CancellationToken ct)
    {
        if (ApiPaging.Read(limit, cursor, out var take, out var after) is { } bad)
        {
            return bad;
        }

        if (SearchTerms.Parse(q) is not Outcome<SearchTerms>.Ok(var terms))
        {
            return TypedResults.ValidationProblem(((Outcome<SearchTerms>.Invalid)SearchTerms.Parse(q)).Errors);
        }

        if (SearchSources.Parse(source) is not Outcome<SearchSource>.Ok(var from))
        {
            return TypedResults.ValidationProblem(((Outcome<SearchSource>.Invalid)SearchSources.Parse(source)).Errors);
        }

        var page = await search.SearchAsync(terms, from.Scope(), after, take, ct);
        // What the member muted or blocked is left out here (the index knows nothing of members); the cursor still
        // follows the index, so a page may be shorter than the limit.
        var filter = user.MemberIdOrNull() is { } me ? await mutes.FilterOfAsync(me, ct) : Core.Moderation.MemberFilter.None;
        var ours = new FoundOnResponse(actors.Hub.Id, actors.Hub.DisplayName, true);
        var items = new List<PostResponse>();
        foreach (var post in page.Items.Where(p => !filter.Hides(p)))
        {
            items.Add(await PostResponses.StoryOrLessonAsync(post, authors, node.Value.Origin, ct) with { FoundOn = ours });
        }

        // Linked hubs answer for the first page only: their own cursors cannot be carried in ours.
        // Past the client's allowance of linked searches, ours alone, saying so (LinkedNotAsked).
        var askLinked = from == SearchSource.Linked && string.IsNullOrEmpty(cursor);
        var notAsked = askLinked && !allowance.TrySpend(http);
        var answer = askLinked && !notAsked ? await linked.SearchAsync(terms.Words, take, ct) : LinkedSearchResult.None;
        // Ours first, then each linked hub's results in its own order (hubs by name): scores from different indexes do
        // not compare. A post we already hold (we follow that hub) is shown once, as ours.
        var seen = items.Select(i => i.ApId).ToHashSet(StringComparer.Ordinal);
        // The member's mutes and blocks apply to other hubs' authors as to ours.
        items.AddRange(answer.Hits.Where(h => !filter.Hides(h.AuthorActorId, false) && seen.Add(h.ApId)).Select(LinkedResponse));
        return TypedResults.Ok(new SearchResponse(items, page.Next, [.. answer.Unavailable.Select(h => new FoundOnResponse(h.ActorId, h.Name, false))])
        {
            LinkedNotAsked = notAsked,
        });
    }

    /// <summary>A linked hub's result: what a list shows, its links on that hub; no text or pictures.</summary>
    private static PostResponse LinkedResponse(LinkedSearchHit hit) => new()
    {
        Id = hit.Id,
        Kind = hit.Kind,
        Url = hit.Url,
        ApId = hit.ApId,
        OriginalUrl = hit.Url,
        Author = new AuthorResponse(hit.AuthorUsername, hit.AuthorName, hit.AuthorActorId, hit.AuthorUrl),
        Published = hit.Published,
        Title = hit.Title,
        Summary = hit.Summary,
        Format = "markdown",
        Locality = hit.Locality,
        Topics = hit.Topics,
        Licence = hit.Licence,
        Visibility = "public",
        ReplyPolicy = "anyone",
        Draft = false,
        Replies = 0,
        Likes = 0,
        Shares = 0,
        FoundOn = new FoundOnResponse(hit.Hub.ActorId, hit.Hub.Name, false),
    };

    private static async Task<Results<Ok<PageResponse<NotificationResponse>>, ValidationProblem>> NotificationsAsync(
        string? limit, string? cursor, ClaimsPrincipal user, INotificationStore notifications, IPostStore posts, PostAuthors authors,
        IOptions<NodeOptions> node, CancellationToken ct)
    {
        if (ApiPaging.Read(limit, cursor, out var take, out var after) is { } bad)
        {
            return bad;
        }

        var page = await notifications.ListAsync(user.MemberId(), after, take, ct);
        var views = await NotificationViews.ForAsync(page, posts, authors, node.Value.Origin, ct);
        return TypedResults.Ok(new PageResponse<NotificationResponse>([.. views.Select(v => new NotificationResponse(
            v.Notification.Id,
            NotificationKinds.Name(v.Notification.Kind),
            v.Actor,
            v.Post is { } p ? new NotificationPostResponse(p.Id, p.Url, p.Title) : null,
            v.Post?.ReplyUrl,
            v.Notification.CreatedAt,
            v.Notification.ReadAt is not null) { Subject = v.Notification.Subject })], page.Next));
    }

    private static async Task<NoContent> MarkReadAsync(ClaimsPrincipal user, INotificationStore notifications, TimeProvider time, CancellationToken ct)
    {
        await notifications.MarkAllReadAsync(user.MemberId(), time.GetUtcNow(), ct);
        return TypedResults.NoContent();
    }

    private static IResult ExportAsync(HttpContext http, IPostStore posts, PostAuthors authors, IOptions<NodeOptions> node)
    {
        http.Response.Headers.CacheControl = "public, max-age=300";
        return Results.Stream(
            output => CsvExport.WriteAsync(output, posts, authors, node.Value.Origin, http.RequestAborted),
            CsvExport.ContentType,
            fileDownloadName: "stories-and-lessons.csv");
    }
}
