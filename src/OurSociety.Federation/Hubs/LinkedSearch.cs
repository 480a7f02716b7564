using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using OurSociety.Content;
using OurSociety.Core.Federation;
using OurSociety.Core.Hubs;
using OurSociety.Core.Moderation;
using OurSociety.Federation.Http;

namespace OurSociety.Federation.Hubs;

/// <summary>A linked hub, as a search answer names it.</summary>
/// <param name="ActorId">Its Group's actor id.</param>
/// <param name="Name">Its name as its actor gives it (its host when we have not fetched the actor).</param>
public sealed record LinkedHub(string ActorId, string Name);

/// <summary>One story or lesson a linked hub's own search found: only what a result list shows, plain text.</summary>
public sealed record LinkedSearchHit
{
    public required LinkedHub Hub { get; init; }

    public required Guid Id { get; init; }

    /// <summary><c>story</c> or <c>lesson</c>.</summary>
    public required string Kind { get; init; }

    /// <summary>The post's own page, on the hub that wrote it.</summary>
    public required string Url { get; init; }

    public required string ApId { get; init; }

    public required string Title { get; init; }

    public string? Summary { get; init; }

    public required string AuthorUsername { get; init; }

    public required string AuthorName { get; init; }

    public required string AuthorActorId { get; init; }

    public required string AuthorUrl { get; init; }

    public DateTimeOffset? Published { get; init; }

    public required IReadOnlyList<string> Topics { get; init; }

    public string? Locality { get; init; }

    public string Licence { get; init; } = "";
}

/// <summary>What the linked hubs answered: their hits (each hub's in its own order, hubs by name) and who did not answer.</summary>
public sealed record LinkedSearchResult(IReadOnlyList<LinkedSearchHit> Hits, IReadOnlyList<LinkedHub> Unavailable)
{
    public static readonly LinkedSearchResult None = new([], []);
}

/// <summary>
/// Search across linked hubs (issue 14): asks each hub we are linked with for its own public results
/// (<c>GET {origin}/api/oursociety/v1/search?q=…&amp;source=local</c>, unsigned: nothing but public posts), all at once,
/// each within <see cref="Cap"/>. This runs while a person waits (ARCHITECTURE.md lists it), so every failure — no
/// answer in time, an error status, HTML, JSON of the wrong shape, a body over the cap, an address or domain our
/// rules refuse — only leaves that hub out and names it; it never fails the search.
/// </summary>
public sealed partial class LinkedSearch(
    IHubLinkStore links, IRemoteActorStore actors, IDomainRules domains, GuardedHttp http, TimeProvider time, ILogger<LinkedSearch> log)
{
    /// <summary>How long each hub has, from asking to the last byte of its answer.</summary>
    public static readonly TimeSpan Cap = TimeSpan.FromSeconds(2);

    /// <summary>The most of an answer read: a page of results is a few kilobytes.</summary>
    public const int MaxBodyBytes = 256 * 1024;

    /// <summary>The most results taken from one hub, whatever it sends.</summary>
    public const int MaxHitsPerHub = 20;

    private const int TitleMax = 300;
    private const int SummaryMax = 1000;
    private const int NameMax = 200;

    /// <summary>Asks every linked hub for <paramref name="words"/>; up to <paramref name="limit"/> results from each.</summary>
    public async Task<LinkedSearchResult> SearchAsync(IReadOnlyList<string> words, int limit, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(words);
        var hubs = new List<(LinkedHub Hub, Uri Origin)>();
        foreach (var link in await links.ListAsync(HubLinkState.Linked, ct))
        {
            if (!Uri.TryCreate(link.HubActorId, UriKind.Absolute, out var id) || id.Scheme is not ("https" or "http"))
            {
                continue;
            }

            // A hub on a blocked domain (or off the allow list) is not asked, nor named: moderation has hidden it.
            // GuardedHttp would refuse it anyway; checking first keeps it out of the "did not answer" list.
            if (!(await domains.ForAsync(id.Authority, ct)).Federates)
            {
                continue;
            }

            var actor = await actors.FindAsync(link.HubActorId, ct);
            var name = PlainText.CleanOrNull(actor?.Name, NameMax) ?? id.Authority;
            hubs.Add((new LinkedHub(link.HubActorId, name), new Uri(id.GetLeftPart(UriPartial.Authority))));
        }

        if (hubs.Count == 0)
        {
            return LinkedSearchResult.None;
        }

        var query = Uri.EscapeDataString(string.Join(' ', words));
        var take = Math.Clamp(limit, 1, MaxHitsPerHub);
        var answers = await Task.WhenAll(hubs
            .OrderBy(h => h.Hub.Name, StringComparer.CurrentCultureIgnoreCase)
            .ThenBy(h => h.Hub.ActorId, StringComparer.Ordinal)
            .Select(h => AskAsync(h.Hub, new Uri(h.Origin, $"/api/oursociety/v1/search?q={query}&source=local&limit={take}"), take, ct)));
        return new LinkedSearchResult(
            [.. answers.Where(a => a.Hits is not null).SelectMany(a => a.Hits!)],
            [.. answers.Where(a => a.Hits is null).Select(a => a.Hub)]);
    }

    private async Task<(LinkedHub Hub, IReadOnlyList<LinkedSearchHit>? Hits)> AskAsync(LinkedHub hub, Uri url, int take, CancellationToken ct)
    {
        // The node's clock, not the socket's: the cap is about the person waiting, and tests move it on without waiting.
        using var cap = new CancellationTokenSource(Cap, time);
        using var both = CancellationTokenSource.CreateLinkedTokenSource(ct, cap.Token);
        try
        {
            using var response = await http.SendAsync(url, hop => new HttpRequestMessage(HttpMethod.Get, hop)
            {
                Headers = { { "Accept", "application/json" } },
            }, both.Token);
            var status = (int)response.StatusCode;
            if (status is < 200 or > 299)
            {
                LogStatus(hub.ActorId, status);
                return (hub, null);
            }

            var type = response.Response.Content.Headers.ContentType?.MediaType ?? "";
            if (!type.Equals("application/json", StringComparison.OrdinalIgnoreCase)
                && !type.EndsWith("+json", StringComparison.OrdinalIgnoreCase))
            {
                LogNotJson(hub.ActorId, type);
                return (hub, null);
            }

            return Read(hub, url, await response.ReadBodyAsync(MaxBodyBytes), take) is { } hits ? (hub, hits) : (hub, null);
        }
        catch (FederationHttpException e)
        {
            LogSkipped(hub.ActorId, e.Message);
            return (hub, null);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            LogSkipped(hub.ActorId, "no answer within the time allowed");
            return (hub, null);
        }
    }

    /// <summary>The hits in a search answer (<c>{items: [...]}</c>), or null when it is not one. Items that are not usable are skipped.</summary>
    private List<LinkedSearchHit>? Read(LinkedHub hub, Uri url, byte[] body, int take)
    {
        try
        {
            using var json = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 16 });
            if (json.RootElement.ValueKind != JsonValueKind.Object
                || !json.RootElement.TryGetProperty("items", out var items) || items.ValueKind != JsonValueKind.Array)
            {
                LogSkipped(hub.ActorId, "the answer has no list of items");
                return null;
            }

            var hits = new List<LinkedSearchHit>();
            foreach (var item in items.EnumerateArray())
            {
                if (hits.Count >= take)
                {
                    break;
                }

                if (Hit(hub, url, item) is { } hit)
                {
                    hits.Add(hit);
                }
            }

            return hits;
        }
        catch (JsonException)
        {
            LogSkipped(hub.ActorId, "the answer is not JSON");
            return null;
        }
    }

    /// <summary>
    /// One item, when it is a story or lesson of the hub itself (its id and page on the hub's own host) with a title;
    /// text is taken as plain text and cut, links only as http(s), so nothing it sends is run or shown as markup.
    /// </summary>
    private static LinkedSearchHit? Hit(LinkedHub hub, Uri asked, JsonElement item)
    {
        if (item.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        var kind = Text(item, "kind");
        var apId = OwnUrl(Text(item, "apId"), asked);
        var url = OwnUrl(Text(item, "originalUrl"), asked) ?? OwnUrl(Text(item, "url"), asked);
        var title = PlainText.Clean(Text(item, "title"), TitleMax);
        if (kind is not ("story" or "lesson") || apId is null || url is null || title.Length == 0)
        {
            return null;
        }

        var author = item.TryGetProperty("author", out var a) && a.ValueKind == JsonValueKind.Object ? a : default;
        var authorActor = author.ValueKind == JsonValueKind.Object ? HttpUrl(Text(author, "actorId")) : null;
        var authorUsername = author.ValueKind == JsonValueKind.Object ? PlainText.Clean(Text(author, "username"), NameMax) : "";
        var authorName = author.ValueKind == JsonValueKind.Object ? PlainText.Clean(Text(author, "displayName"), NameMax) : "";
        return new LinkedSearchHit
        {
            Hub = hub,
            Id = Guid.TryParse(Text(item, "id"), out var id) ? id : Guid.Empty,
            Kind = kind,
            Url = url,
            ApId = apId,
            Title = title,
            Summary = PlainText.CleanOrNull(Text(item, "summary"), SummaryMax),
            AuthorUsername = authorUsername,
            AuthorName = authorName.Length > 0 ? authorName : authorUsername,
            AuthorActorId = authorActor ?? "",
            AuthorUrl = (author.ValueKind == JsonValueKind.Object ? HttpUrl(Text(author, "url")) : null) ?? authorActor ?? "",
            Published = DateTimeOffset.TryParse(Text(item, "published"), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var published)
                ? published
                : null,
            Topics = item.TryGetProperty("topics", out var topics) && topics.ValueKind == JsonValueKind.Array
                ? [.. topics.EnumerateArray().Where(t => t.ValueKind == JsonValueKind.String).Select(t => PlainText.Clean(t.GetString(), 50))
                    .Where(t => t.Length > 0).Take(20)]
                : [],
            Locality = PlainText.CleanOrNull(Text(item, "locality"), NameMax),
            Licence = PlainText.Clean(Text(item, "licence"), 100),
        };
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static string? HttpUrl(string? value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http" ? uri.AbsoluteUri : null;

    /// <summary>An http(s) URL on the host that was asked: a hub answers for its own posts only.</summary>
    private static string? OwnUrl(string? value, Uri asked) =>
        HttpUrl(value) is { } url && string.Equals(new Uri(url).Authority, asked.Authority, StringComparison.OrdinalIgnoreCase) ? url : null;

    [LoggerMessage(EventId = 2701, Level = LogLevel.Information, Message = "Linked search left out hub {HubActorId}: {Reason}")]
    private partial void LogSkipped(string hubActorId, string reason);

    [LoggerMessage(EventId = 2702, Level = LogLevel.Information, Message = "Linked search left out hub {HubActorId}: it answered {Status}")]
    private partial void LogStatus(string hubActorId, int status);

    [LoggerMessage(EventId = 2703, Level = LogLevel.Information, Message = "Linked search left out hub {HubActorId}: it answered '{MediaType}', not JSON")]
    private partial void LogNotJson(string hubActorId, string mediaType);
}
