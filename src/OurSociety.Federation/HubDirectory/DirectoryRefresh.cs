using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OurSociety.ActivityPub.Discovery;
using OurSociety.ActivityPub.Json;
using OurSociety.ActivityPub.Vocabulary;
using OurSociety.Content;
using OurSociety.Core.Federation;
using OurSociety.Core.Hubs;
using OurSociety.Core.Moderation;
using OurSociety.Core.Posts;
using OurSociety.Core.Work;
using OurSociety.Federation.Actors;
using OurSociety.Federation.Http;

namespace OurSociety.Federation.HubDirectory;

/// <summary>
/// The network directory's background refresh (<see cref="DirectoryWork.Refresh"/>): reads the hubs we are linked with
/// (hops 1) and the Our Society hubs they follow (hops 2, never further) from their actors, NodeInfo and public
/// <c>following</c> collections. Every fetch happens here, never while a person waits, and all of it is bounded: a
/// fetch budget for the whole refresh, a timeout per request, a cap on pages and items per collection and on hubs.
/// A hub that fails to answer keeps its last good entry; the crawl goes on with the next one.
/// </summary>
public sealed partial class DirectoryRefresh(
    IHubLinkStore links,
    IDirectoryStore directory,
    RemoteActors actors,
    IDocumentFetcher fetcher,
    GuardedHttp http,
    IDomainRules rules,
    LocalActors locals,
    UnitOfWork unit,
    IOptions<DirectoryOptions> options,
    TimeProvider time,
    ILogger<DirectoryRefresh> log)
{
    /// <summary>Queues a refresh now (the one scheduled later becomes stale): after a link is made, or in tests.</summary>
    public async Task ScheduleNowAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        await unit.CommitAsync(async tx =>
        {
            await directory.ScheduleAsync(now, null, tx, ct);
            return [DirectoryWork.Item(now)];
        }, ct);
    }

    /// <summary>Queues the first refresh when none was ever scheduled and we are linked with a hub (read at start).</summary>
    public async Task EnsureScheduledAsync(CancellationToken ct)
    {
        if (await directory.ScheduledForAsync(ct) is null && (await links.ListAsync(HubLinkState.Linked, ct)).Count > 0)
        {
            await ScheduleNowAsync(ct);
        }
    }

    public async Task RunAsync(WorkItem item, CancellationToken ct)
    {
        var round = WorkPayload.Read<DirectoryRound>(item);
        if (await directory.ScheduledForAsync(ct) is { } scheduled && scheduled != round.ScheduledFor)
        {
            // An older schedule (a refresh was asked for since), or this item ran already and scheduled the next one.
            return;
        }

        var settings = options.Value;
        var now = time.GetUtcNow();
        var previous = (await directory.AllAsync(ct)).ToDictionary(e => e.ActorId, StringComparer.Ordinal);
        var entries = new Dictionary<string, DirectoryEntry>(StringComparer.Ordinal);
        var crawl = new Crawl(settings);
        // Our own cap (MaxFetches) bounds the refresh: FetchBudget is sized for one inbound activity (16 fetches).
        {
            var linked = (await links.ListAsync(HubLinkState.Linked, ct)).Select(l => l.HubActorId).Distinct(StringComparer.Ordinal).ToList();
            var found = new Dictionary<string, SortedSet<string>>(StringComparer.Ordinal);
            // MaxHubs counts the hubs looked at, not only those listed: a collection of thousands of ids that are no
            // hubs costs no more than a list of real ones.
            var looked = 0;
            foreach (var hub in linked)
            {
                if (looked++ >= settings.MaxHubs)
                {
                    LogCapped(settings.MaxHubs);
                    break;
                }

                if (!await AllowedAsync(hub, ct))
                {
                    continue;
                }

                var read = await ReadHubAsync(hub, hops: 1, [], requireOurs: false, previous.GetValueOrDefault(hub), crawl, now, ct);
                if ((read.Entry ?? Keep(previous, hub, 1, [])) is { } entry)
                {
                    entries[hub] = entry;
                }

                foreach (var followed in read.Following)
                {
                    if (!found.TryGetValue(followed, out var via))
                    {
                        found[followed] = via = new SortedSet<string>(StringComparer.Ordinal);
                    }

                    via.Add(hub);
                }
            }

            var ourHub = locals.Hub.Id;
            foreach (var (hub, via) in found)
            {
                if (hub == ourHub || linked.Contains(hub, StringComparer.Ordinal) || !await AllowedAsync(hub, ct))
                {
                    continue;
                }

                if (looked++ >= settings.MaxHubs)
                {
                    LogCapped(settings.MaxHubs);
                    break;
                }

                var read = await ReadHubAsync(hub, hops: 2, [.. via], requireOurs: true, previous.GetValueOrDefault(hub), crawl, now, ct);
                if ((read.Entry ?? Keep(previous, hub, 2, [.. via])) is { } entry)
                {
                    entries[hub] = entry;
                }
            }
        }

        var next = now.AddHours(settings.RefreshHours);
        await unit.CommitAsync(async tx =>
        {
            await directory.ReplaceAsync(entries.Values, tx, ct);
            await directory.ScheduleAsync(next, now, tx, ct);
            return [DirectoryWork.Item(next)];
        }, ct);
        LogRefreshed(entries.Count, crawl.Fetches, next);
    }

    /// <summary>The last good entry of a hub that did not answer well this time, with where it stands now.</summary>
    private static DirectoryEntry? Keep(Dictionary<string, DirectoryEntry> previous, string hub, int hops, IReadOnlyList<string> via) =>
        previous.TryGetValue(hub, out var entry) ? entry with { Hops = hops, LinkedTo = via } : null;

    private async Task<bool> AllowedAsync(string actorId, CancellationToken ct) =>
        Uri.TryCreate(actorId, UriKind.Absolute, out var url) && url.Scheme is "https" or "http"
        && (await rules.ForAsync(url.Authority, ct)) is { Federates: true, Severity: DomainSeverity.None };

    /// <summary>One hub: its actor, its node's NodeInfo and (for linked hubs) the hubs its <c>following</c> lists.</summary>
    private async Task<HubRead> ReadHubAsync(
        string hubId, int hops, IReadOnlyList<string> via, bool requireOurs, DirectoryEntry? last, Crawl crawl, DateTimeOffset now,
        CancellationToken ct)
    {
        var (actor, error) = await WithTimeoutAsync(crawl, t => actors.GetAsync(hubId, refresh: true, t), ct);
        // RemoteActors gives its stored copy when the origin fails to answer: that is not a good read of the hub now.
        if (actor is null || actor.FetchedAt < now)
        {
            LogHubUnread(hubId, error ?? "no answer in time");
            return HubRead.Nothing;
        }

        if (actor.Type != ObjectTypes.Group || (requireOurs && !actor.ImplementsIntroductions))
        {
            // Only Our Society hubs are listed: a Lemmy community or a person someone follows is not one.
            return HubRead.Nothing;
        }

        var document = ApDocument.Parse(System.Text.Encoding.UTF8.GetBytes(actor.Document)).Document;
        var origin = new Uri(actor.Id).GetLeftPart(UriPartial.Authority);
        var info = await NodeInfoAsync(origin, crawl, ct);
        var place = document?.GetObject("location") is { } location ? ApDocument.AsString(location["name"]) : null;
        // NodeInfo that did not answer well this time: what it said last time stands.
        var entry = new DirectoryEntry(
            actor.Id,
            new Uri(actor.Id).Authority,
            Plain(actor.Name ?? actor.Username ?? actor.Id, DirectoryLimits.Name),
            Plain(info?.Locality ?? last?.Locality ?? place ?? "", DirectoryLimits.Locality),
            Plain(info?.Description ?? last?.Description ?? PlainText.Clean(document?.GetString("summary"), DirectoryLimits.Description), DirectoryLimits.Description),
            info?.Topics ?? last?.Topics ?? [],
            info?.Members ?? last?.Members,
            via,
            hops,
            actor.Url,
            now);
        var following = hops == 1 && document?.GetReference("following") is { } collection
            ? await FollowingAsync(collection, crawl, ct)
            : [];
        return new HubRead(entry, following);
    }

    /// <summary>
    /// The actor ids a <c>following</c> collection lists: its first page and the ones after, at most
    /// <see cref="DirectoryOptions.MaxPagesPerCollection"/> pages and <see cref="DirectoryOptions.MaxItemsPerCollection"/>
    /// items, so an endless or enormous collection costs no more than a small one.
    /// </summary>
    private async Task<IReadOnlyList<string>> FollowingAsync(string collectionId, Crawl crawl, CancellationToken ct)
    {
        var ids = new List<string>();
        if (!Uri.TryCreate(collectionId, UriKind.Absolute, out var url))
        {
            return ids;
        }

        var collection = await FetchAsync(url, crawl, ct);
        if (collection is null)
        {
            return ids;
        }

        var seen = new HashSet<string>(StringComparer.Ordinal) { collectionId };
        var page = collection;
        for (var pages = 0; page is not null && pages <= crawl.Options.MaxPagesPerCollection; pages++)
        {
            foreach (var node in Items(page))
            {
                if (ids.Count >= crawl.Options.MaxItemsPerCollection)
                {
                    LogCollectionCapped(collectionId, crawl.Options.MaxItemsPerCollection);
                    return ids;
                }

                if (ApDocument.ReferenceOf(node) is { } id && Uri.TryCreate(id, UriKind.Absolute, out _) && !ids.Contains(id, StringComparer.Ordinal))
                {
                    ids.Add(id);
                }
            }

            // The collection itself may embed its first page or name it; a page names the next one.
            var nextRef = page == collection ? ApDocument.ReferenceOf(collection.Json["first"]) : page.GetReference("next");
            if (page == collection && collection.Json["first"] is JsonObject embedded)
            {
                page = ApDocument.From(embedded).Document;
                continue;
            }

            if (nextRef is null || !seen.Add(nextRef) || !Uri.TryCreate(nextRef, UriKind.Absolute, out var nextUrl)
                || pages + 1 > crawl.Options.MaxPagesPerCollection)
            {
                break;
            }

            page = await FetchAsync(nextUrl, crawl, ct);
        }

        return ids;
    }

    private static JsonArray Items(ApDocument page) =>
        (page.Json["orderedItems"] ?? page.Json["items"]) switch
        {
            JsonArray array => array,
            JsonNode single => [single.DeepClone()],
            _ => [],
        };

    private async Task<ApDocument?> FetchAsync(Uri url, Crawl crawl, CancellationToken ct)
    {
        var fetched = await WithTimeoutAsync(crawl, t => fetcher.FetchAsync(url, t), ct);
        return fetched?.Document;
    }

    /// <summary>The node's NodeInfo metadata and member count (2.1, else 2.0), read once per node per refresh.</summary>
    private async Task<NodeInfoRead?> NodeInfoAsync(string origin, Crawl crawl, CancellationToken ct)
    {
        if (crawl.NodeInfo.TryGetValue(origin, out var known))
        {
            return known;
        }

        NodeInfoRead? read = null;
        var node = new Uri(origin);
        if (NodeInfoDocument.DocumentLink(await GetJsonAsync(new Uri(node, "/.well-known/nodeinfo"), crawl, ct), node) is { } url
            && await GetJsonAsync(url, crawl, ct) is JsonObject info)
        {
            var metadata = info["metadata"] as JsonObject;
            read = new NodeInfoRead(
                ApDocument.AsString(metadata?["locality"]),
                ApDocument.AsString(metadata?["description"]) ?? ApDocument.AsString(metadata?["nodeDescription"]),
                Topics(metadata?["topics"]),
                (info["usage"]?["users"]?["total"] as JsonValue) is { } total && total.TryGetValue<long>(out var members) && members >= 0 ? members : null);
        }

        crawl.NodeInfo[origin] = read;
        return read;
    }

    private static IReadOnlyList<string> Topics(JsonNode? node)
    {
        var raw = node switch
        {
            JsonArray array => array.Select(ApDocument.AsString).OfType<string>(),
            JsonValue value when ApDocument.AsString(value) is { } text => text.Split([',', ' '], StringSplitOptions.RemoveEmptyEntries),
            _ => [],
        };
        return [.. raw.Select(PostService.NormaliseTopic)
            .Where(t => t.Length is > 0 and <= PostLimits.TopicMax && t.All(c => char.IsLetterOrDigit(c) || c == '_'))
            .Distinct(StringComparer.Ordinal)
            .Take(DirectoryLimits.Topics)];
    }

    /// <summary>A GET for plain JSON (NodeInfo is not ActivityPub), bounded like every other fetch here.</summary>
    private async Task<JsonNode?> GetJsonAsync(Uri url, Crawl crawl, CancellationToken ct) =>
        await WithTimeoutAsync<JsonNode?>(crawl, async t =>
        {
            try
            {
                using var response = await http.SendAsync(url, hop =>
                {
                    var request = new HttpRequestMessage(HttpMethod.Get, hop);
                    request.Headers.TryAddWithoutValidation("Accept", "application/json");
                    return request;
                }, t);
                if ((int)response.StatusCode is < 200 or > 299
                    || response.Response.Content.Headers.ContentType?.MediaType is not { } type || !type.EndsWith("json", StringComparison.OrdinalIgnoreCase))
                {
                    return null;
                }

                return JsonNode.Parse(await response.ReadBodyAsync(), documentOptions: new JsonDocumentOptions { MaxDepth = ApDocument.MaxDepth });
            }
            catch (Exception e) when (e is FederationHttpException or JsonException)
            {
                return null;
            }
        }, ct);

    /// <summary>
    /// Runs one request under the refresh's cap of fetches and the per-request timeout. A timeout or a spent cap gives
    /// null; the refresh itself is only stopped by its own cancellation.
    /// </summary>
    private static async Task<T?> WithTimeoutAsync<T>(Crawl crawl, Func<CancellationToken, Task<T>> fetch, CancellationToken ct)
    {
        if (crawl.Fetches >= crawl.Options.MaxFetches)
        {
            return default;
        }

        crawl.Fetches++;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(crawl.Options.RequestTimeoutSeconds));
        try
        {
            return await fetch(timeout.Token);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return default;
        }
    }

    private static string Plain(string text, int max)
    {
        // Names and texts from elsewhere: HTML and invisible characters taken out, whitespace made single spaces.
        var plain = string.Join(' ', PlainText.Clean(text, max).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        return plain.Length <= max ? plain : plain[..max];
    }

    [LoggerMessage(EventId = 2901, Level = LogLevel.Information, Message = "The network directory was refreshed: {Hubs} hubs, {Fetches} fetches; next refresh at {Next}")]
    private partial void LogRefreshed(int hubs, int fetches, DateTimeOffset next);

    [LoggerMessage(EventId = 2902, Level = LogLevel.Information, Message = "The directory could not read the hub {Hub}: {Reason}; its last entry is kept, if any")]
    private partial void LogHubUnread(string hub, string reason);

    [LoggerMessage(EventId = 2903, Level = LogLevel.Warning, Message = "The directory holds at most {Max} hubs (OurSociety:Directory:MaxHubs); the others are left out")]
    private partial void LogCapped(int max);

    [LoggerMessage(EventId = 2904, Level = LogLevel.Warning, Message = "The following collection {Collection} lists more than {Max} items; the rest are not read")]
    private partial void LogCollectionCapped(string collection, int max);

    private sealed class Crawl(DirectoryOptions options)
    {
        public DirectoryOptions Options { get; } = options;

        public Dictionary<string, NodeInfoRead?> NodeInfo { get; } = new(StringComparer.Ordinal);

        public int Fetches { get; set; }
    }

    private sealed record NodeInfoRead(string? Locality, string? Description, IReadOnlyList<string> Topics, long? Members);

    private sealed record HubRead(DirectoryEntry? Entry, IReadOnlyList<string> Following)
    {
        public static readonly HubRead Nothing = new(null, []);
    }
}
