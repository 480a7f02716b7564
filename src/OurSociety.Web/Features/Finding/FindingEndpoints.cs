using System.Security.Claims;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using OurSociety.Core;
using OurSociety.Core.Hubs;
using OurSociety.Core.Members;
using OurSociety.Core.Notifications;
using OurSociety.Core.Paging;
using OurSociety.Core.Posts;
using OurSociety.Core.Search;
using OurSociety.Federation;
using OurSociety.Web.Hosting;
using OurSociety.Web.Pages;
using OurSociety.Web.Posts;
using OurSociety.Web.Resources;

namespace OurSociety.Web.Features.Finding;

/// <summary>
/// Pages that list posts (the home, local and network timelines, topics, search), notifications, and the Atom feeds
/// of the hub, each member and each topic. Every list pages by keyset: "Older" carries the cursor.
/// </summary>
internal static class FindingEndpoints
{
    public const int PageSize = 20;

    public static RouteGroupBuilder MapFindingEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("").ExcludeFromDescription();
        group.MapGet("/home", HomeAsync).RequireAuthorization(Policies.Member);
        group.MapGet("/local", (string? cursor, ClaimsPrincipal user, IPostStore posts, PostAuthors authors, IStringLocalizer<FindingText> f, CancellationToken ct) =>
            TimelineAsync("local", new PostQuery { Local = true }, cursor, user, posts, authors, f, ct)).CacheOutput(PageCaching.Policy);
        group.MapGet("/network", NetworkAsync).CacheOutput(PageCaching.Policy);
        group.MapGet("/tags/{tag}", TopicAsync).CacheOutput(PageCaching.Policy);
        group.MapPost("/tags/{tag}/follow", (string tag, ClaimsPrincipal user, IPostStore posts, TimeProvider time, CancellationToken ct) =>
                FollowTopicAsync(tag, follow: true, user, posts, time, ct))
            .RequireAuthorization(Policies.Member).RequireAntiforgery();
        group.MapPost("/tags/{tag}/unfollow", (string tag, ClaimsPrincipal user, IPostStore posts, TimeProvider time, CancellationToken ct) =>
                FollowTopicAsync(tag, follow: false, user, posts, time, ct))
            .RequireAuthorization(Policies.Member).RequireAntiforgery();
        group.MapGet("/search", SearchAsync);
        group.MapGet("/notifications", NotificationsAsync).RequireAuthorization(Policies.Member);
        group.MapPost("/notifications/read", MarkReadAsync).RequireAuthorization(Policies.Member).RequireAntiforgery();
        group.MapGet("/feed.atom", HubFeedAsync).CacheOutput(PageCaching.Policy);
        group.MapGet("/@{username}/feed.atom", MemberFeedAsync).CacheOutput(PageCaching.Policy);
        group.MapGet("/tags/{tag}/feed.atom", TopicFeedAsync).CacheOutput(PageCaching.Policy);
        return group;
    }

    internal static Task<IResult> HomeAsync(
        string? cursor, string? notice, ClaimsPrincipal user, IPostStore posts, PostAuthors authors, IStringLocalizer<FindingText> f, CancellationToken ct) =>
        TimelineAsync("home", new PostQuery { HomeOf = user.MemberId() }, cursor, user, posts, authors, f, ct, notice);

    /// <summary>The network timeline, narrowed by hub, locality and topic (issue 14); a bad filter is shown in its form.</summary>
    internal static async Task<IResult> NetworkAsync(
        string? cursor, string? hub, string? locality, string? topic, ClaimsPrincipal user, IPostStore posts, PostAuthors authors,
        IStringLocalizer<FindingText> f, CancellationToken ct)
    {
        var (filter, bad) = NetworkFilter.Read(hub, locality, topic);
        if (bad.Count > 0)
        {
            return Html.Page<TimelinePage>(new
            {
                Which = "network",
                List = PostList.Empty,
                SignedIn = user.MemberIdOrNull() is not null,
                Filter = filter,
                Errors = bad.ToDictionary(field => field, field => new[] { f.Format($"Network.Filter.Bad.{field}", ("max", PostLimits.LocalityMax)) }, StringComparer.Ordinal),
            }, StatusCodes.Status400BadRequest);
        }

        return await TimelineAsync("network", filter.Narrow(new PostQuery { Local = false }), cursor, user, posts, authors, f, ct, filter: filter);
    }

    private static async Task<IResult> TimelineAsync(
        string which, PostQuery query, string? cursor, ClaimsPrincipal user, IPostStore posts, PostAuthors authors, IStringLocalizer<FindingText> f,
        CancellationToken ct, string? notice = null, NetworkFilter? filter = null)
    {
        if (!Cursor.TryDecode(cursor, out var after))
        {
            return BadLink(f);
        }

        query = query with { HiddenFor = user.MemberIdOrNull() };   // what the member muted or blocked (issue 13)

        var list = await PostCards.ListAsync(await posts.ListAsync(query, after, PageSize, ct), authors, next => filter is { IsEmpty: false }
            ? $"/{which}?{filter.QueryString(next)}"
            : $"/{which}?cursor={next}", ct);
        return Html.Page<TimelinePage>(new
        {
            Which = which,
            List = list,
            SignedIn = user.MemberIdOrNull() is not null,
            FeedUrl = which == "local" ? "/feed.atom" : null,
            Notice = Notices.Text(notice, f),
            Filter = filter,
        });
    }

    internal static async Task<IResult> TopicAsync(
        string tag, string? cursor, string? notice, ClaimsPrincipal user, IPostStore posts, PostAuthors authors, IStringLocalizer<FindingText> f,
        IStringLocalizer<Text> text, CancellationToken ct)
    {
        if (!Topics.TryNormalise(tag, out var topic))
        {
            return NotFound(f);
        }

        if (!string.Equals(topic, tag, StringComparison.Ordinal))
        {
            // One address per topic (the one ActivityPub hashtags link to), whatever case a link used.
            return Results.Redirect($"/tags/{Uri.EscapeDataString(topic)}", permanent: true);
        }

        if (!Cursor.TryDecode(cursor, out var after))
        {
            return BadLink(f);
        }

        var page = await posts.ListAsync(new PostQuery { Topic = topic, HiddenFor = user.MemberIdOrNull() }, after, PageSize, ct);
        var list = await PostCards.ListAsync(page, authors, next => $"/tags/{Uri.EscapeDataString(topic)}?cursor={next}", ct);
        bool? following = user.MemberIdOrNull() is { } memberId ? (await posts.FollowedTopicsAsync(memberId, ct)).Contains(topic) : null;
        return Html.Page<TopicPage>(new { Topic = topic, List = list, Following = following, Notice = Notices.Text(notice, f, text) });
    }

    internal static async Task<IResult> FollowTopicAsync(string tag, bool follow, ClaimsPrincipal user, IPostStore posts, TimeProvider time, CancellationToken ct)
    {
        if (!Topics.TryNormalise(tag, out var topic))
        {
            return TypedResults.StatusCode(StatusCodes.Status404NotFound);
        }

        _ = follow
            ? await posts.FollowTopicAsync(user.MemberId(), topic, time.GetUtcNow(), ct)
            : await posts.UnfollowTopicAsync(user.MemberId(), topic, ct);
        return TypedResults.Redirect($"/tags/{Uri.EscapeDataString(topic)}?notice={(follow ? "topic-followed" : "topic-unfollowed")}");
    }

    /// <summary>How many needs and offers the search page shows above the stories and lessons.</summary>
    private const int NeedsShown = 5;

    internal static async Task<IResult> SearchAsync(
        string? q, string? source, string? cursor, ISearchIndex search, PostAuthors authors, IStringLocalizer<FindingText> f,
        Needs.ProposalViews needs, Microsoft.Extensions.Options.IOptions<NodeOptions> node, ClaimsPrincipal user, Core.Moderation.IMuteStore mutes,
        OurSociety.Federation.Hubs.LinkedSearch linked, LinkedSearchAllowance allowance, HttpContext http, CancellationToken ct)
    {
        if (q is null)
        {
            return Html.Page<SearchPage>();
        }

        var sourceErrors = SearchSources.Parse(source) is Outcome<SearchSource>.Invalid(var bad) ? bad : null;
        if (SearchTerms.Parse(q) is Outcome<SearchTerms>.Invalid(var errors) || sourceErrors is not null)
        {
            var all = new Dictionary<string, string[]>(sourceErrors ?? new Dictionary<string, string[]>());
            if (SearchTerms.Parse(q) is Outcome<SearchTerms>.Invalid(var wordErrors))
            {
                foreach (var (field, messages) in wordErrors)
                {
                    all[field] = messages;
                }
            }

            return Html.Page<SearchPage>(new { Query = q, Source = source, Errors = all }, StatusCodes.Status400BadRequest);
        }

        var from = ((Outcome<SearchSource>.Ok)SearchSources.Parse(source)).Value;

        if (!Cursor.TryDecode(cursor, out var after))
        {
            return BadLink(f);
        }

        var terms = ((Outcome<SearchTerms>.Ok)SearchTerms.Parse(q)).Value;
        var page = await search.SearchAsync(terms, from.Scope(), after, PageSize, ct);
        var filter = user.MemberIdOrNull() is { } me ? await mutes.FilterOfAsync(me, ct) : Core.Moderation.MemberFilter.None;
        if (!filter.IsEmpty)
        {
            // What the member muted or blocked is left out (the index knows nothing of members); the cursor still
            // follows the index, so a page may be shorter.
            page = page with { Items = [.. page.Items.Where(p => !filter.Hides(p))] };
        }

        var results = await PostCards.ListAsync(
            page, authors, next => $"/search?q={Uri.EscapeDataString(q)}&source={from.Name()}&cursor={next}", ct);
        // Linked hubs on the first page only (their cursors cannot ride in ours); a post we hold already is shown once.
        // Past the address's allowance of linked searches (OurSociety:RateLimits:LinkedSearchPerMinute): ours alone, saying so.
        var askLinked = from == SearchSource.Linked && string.IsNullOrEmpty(cursor);
        var notAsked = askLinked && !allowance.TrySpend(http);
        var answer = askLinked && !notAsked ? await linked.SearchAsync(terms.Words, PageSize, ct) : null;
        var held = page.Items.Select(p => p.ApId).ToHashSet(StringComparer.Ordinal);
        // Needs and offers: the best few, on the first page only (their own lists have the rest).
        var proposals = string.IsNullOrEmpty(cursor)
            ? await needs.CardsAsync((await search.SearchProposalsAsync(terms, Cursor.Start, NeedsShown, ct)).Items, node.Value.Origin, null, ct)
            : null;
        return Html.Page<SearchPage>(new
        {
            Query = q,
            Source = from.Name(),
            Results = results,
            Proposals = proposals,
            Linked = answer is null ? null : (IReadOnlyList<OurSociety.Federation.Hubs.LinkedSearchHit>)[.. answer.Hits.Where(h => !filter.Hides(h.AuthorActorId, false) && held.Add(h.ApId))],
            Unavailable = answer?.Unavailable,
            LinkedNotAsked = notAsked,
        });
    }

    internal static async Task<IResult> NotificationsAsync(
        string? cursor, string? notice, ClaimsPrincipal user, INotificationStore notifications, IPostStore posts, PostAuthors authors,
        IStringLocalizer<FindingText> f, Core.Moderation.INotificationRequestStore requests, Core.Introductions.IIntroductionStore introductions,
        HubIdentity hub, CancellationToken ct)
    {
        if (!Cursor.TryDecode(cursor, out var after))
        {
            return BadLink(f);
        }

        var memberId = user.MemberId();
        var page = await notifications.ListAsync(memberId, after, PageSize, ct);
        return Html.Page<NotificationsPage>(new
        {
            Items = await NotificationViews.ForAsync(page, posts, authors, "", ct),
            Unread = await notifications.CountUnreadAsync(memberId, ct),
            Requests = await requests.CountAsync(memberId, ct),   // held mentions and replies (issue 13)
            OlderHref = page.Next is { } next ? $"/notifications?cursor={Uri.EscapeDataString(next)}" : null,
            Notice = Notices.Text(notice, f),
            HubIntroductions = await Introductions.IntroductionNotifications.HubWordingsAsync(page.Items, introductions, authors, hub.Current.Name, ct),
        });
    }

    internal static async Task<IResult> MarkReadAsync(ClaimsPrincipal user, INotificationStore notifications, TimeProvider time, CancellationToken ct)
    {
        await notifications.MarkAllReadAsync(user.MemberId(), time.GetUtcNow(), ct);
        return TypedResults.Redirect("/notifications?notice=notifications-read");
    }

    internal static async Task<IResult> HubFeedAsync(
        HttpContext http, IPostStore posts, PostAuthors authors, IOptions<NodeOptions> node, HubIdentity hub, IStringLocalizer<FindingText> f,
        TimeProvider time, CancellationToken ct)
    {
        var origin = node.Value.Origin;
        var page = await posts.ListAsync(new PostQuery { Local = true }, Cursor.Start, AtomFeed.Size, ct);
        var feed = new FeedInfo(origin + "/feed.atom", hub.Current.Name, string.IsNullOrWhiteSpace(hub.Current.Description) ? null : hub.Current.Description,
            origin + "/local", hub.Current.Name, $"{origin}/@{hub.ActorUsername}");
        return await AtomFeed.ResultAsync(feed, page.Items, authors, origin, f, time.GetUtcNow(), http, ct);
    }

    internal static async Task<IResult> MemberFeedAsync(
        string username, HttpContext http, IMemberStore members, IPostStore posts, PostAuthors authors, IOptions<NodeOptions> node,
        HubIdentity hub, IStringLocalizer<FindingText> f, TimeProvider time, CancellationToken ct)
    {
        if (string.Equals(username, hub.Username, StringComparison.OrdinalIgnoreCase))
        {
            return Results.Redirect("/feed.atom", permanent: true);
        }

        var member = username.Length is 0 or > Username.MaxLength ? null : await members.FindByUsernameAsync(username, ct);
        if (member is not { State: MemberState.Active })
        {
            return Results.NotFound();
        }

        var origin = node.Value.Origin;
        var page = await posts.ListAsync(new PostQuery { AuthorId = member.Id }, Cursor.Start, AtomFeed.Size, ct);
        var profile = Links.Profile(node.Value, member.Username);
        var feed = new FeedInfo($"{profile}/feed.atom", member.DisplayName, null, profile, member.DisplayName, profile);
        return await AtomFeed.ResultAsync(feed, page.Items, authors, origin, f, time.GetUtcNow(), http, ct);
    }

    internal static async Task<IResult> TopicFeedAsync(
        string tag, HttpContext http, IPostStore posts, PostAuthors authors, IOptions<NodeOptions> node, HubIdentity hub,
        IStringLocalizer<FindingText> f, TimeProvider time, CancellationToken ct)
    {
        if (!Topics.TryNormalise(tag, out var topic))
        {
            return Results.NotFound();
        }

        var origin = node.Value.Origin;
        var page = await posts.ListAsync(new PostQuery { Topic = topic }, Cursor.Start, AtomFeed.Size, ct);
        var url = PostUrls.Topic(origin, topic);
        var feed = new FeedInfo($"{url}/feed.atom", $"#{topic} · {hub.Current.Name}", null, url, hub.Current.Name, $"{origin}/@{hub.ActorUsername}");
        return await AtomFeed.ResultAsync(feed, page.Items, authors, origin, f, time.GetUtcNow(), http, ct);
    }

    /// <summary>A list for a profile or hub page: cards and the "Older" link back to the same page.</summary>
    public static async Task<PostList?> ListForPageAsync(
        PostQuery query, string? cursor, string path, IPostStore posts, PostAuthors authors, CancellationToken ct)
    {
        if (!Cursor.TryDecode(cursor, out var after))
        {
            return null;
        }

        return await PostCards.ListAsync(await posts.ListAsync(query, after, PageSize, ct), authors, next => $"{path}?cursor={next}", ct);
    }

    private static Microsoft.AspNetCore.Http.HttpResults.RazorComponentResult<ErrorPage> NotFound(IStringLocalizer<FindingText> f) => Html.Page<ErrorPage>(
        new { Heading = f["Topic.NotFound.Heading"].Value, Message = f["Topic.NotFound.Message"].Value }, StatusCodes.Status404NotFound);

    public static Microsoft.AspNetCore.Http.HttpResults.RazorComponentResult<ErrorPage> BadLink(IStringLocalizer<FindingText> f) => Html.Page<ErrorPage>(
        new { Heading = f["BadLink.Heading"].Value, Message = f["BadLink.Message"].Value }, StatusCodes.Status400BadRequest);
}
