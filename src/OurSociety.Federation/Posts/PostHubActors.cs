using System.Collections.Concurrent;
using OurSociety.ActivityPub.Discovery;
using OurSociety.Core.Federation;
using OurSociety.Core.Moderation;
using OurSociety.Core.Posts;
using OurSociety.Core.Work;
using OurSociety.Federation.Actors;

namespace OurSociety.Federation.Posts;

/// <summary>The hub a received post named as its <c>audience</c>, to be fetched (payload of <see cref="PostHubActors.WorkKind"/>).</summary>
public sealed record PostHubEvent(string HubId);

/// <summary>
/// Gets to know the hub a received post came through (its FEP-1b12 <c>audience</c>, e.g. another Our Society hub or a
/// Lemmy community) so that cards on <c>/network</c> show its name and locality, not only its host. Nothing is fetched
/// while a person waits: storing the post queues one item per unknown hub, which fetches its actor and keeps it only when
/// it is a <c>Group</c> (an audience that is a Person or junk is left alone; the card keeps showing the host).
/// Bounded: no item for a known hub, one already waiting, our own origin, a domain we do not federate with, or a hub
/// found not to be a Group lately; one hub is fetched once at a time (its own partition); a failure is retried on the
/// queue's schedule and then buried, never forever.
/// </summary>
public sealed partial class PostHubActors(
    IRemoteActorStore store, RemoteActors actors, IWorkItemStore work, IDomainRules rules, LocalActors locals, TimeProvider time,
    ILogger<PostHubActors> logger) : IWorkHandler
{
    /// <summary>Payload: <see cref="PostHubEvent"/>, in the hub's partition (<see cref="Partition"/>).</summary>
    public const string WorkKind = "post.hub-actor";

    /// <summary>How long a hub found not to be a Group (or gone, or failing to the last try) is not asked for again.</summary>
    public static readonly TimeSpan ForgetRefusedAfter = TimeSpan.FromDays(1);

    /// <summary>Remembered refusals at most: beyond it the list starts again (each is one fetch more, nothing worse).</summary>
    private const int MaxRemembered = 10_000;

    private readonly ConcurrentDictionary<string, DateTimeOffset> _refused = new(StringComparer.Ordinal);

    public string Kind => WorkKind;

    public static string Partition(string hubId) => "hub-actor:" + hubId;

    public static NewWorkItem Item(string hubId) => new(WorkKind, WorkPayload.Write(new PostHubEvent(hubId)), Partition(hubId));

    /// <summary>
    /// The item that gets to know the hub <paramref name="post"/> names, when one is due; none when the hub is known, its
    /// item already waits (a burst of posts to one hub queues one), or it is not to be fetched. Added by the caller in the
    /// transaction that stores the post. The fetch is not counted in the fetch budget of the activity that brought the
    /// post (<c>FetchBudget</c>): it is its own item, one fetch at most per hub, bounded by these checks instead.
    /// </summary>
    public async Task<IReadOnlyCollection<NewWorkItem>> WorkForAsync(Post post, CancellationToken ct)
    {
        // Two deliveries handled at the same moment may both find none waiting and queue one each: the second then finds
        // the hub stored (same partition, so it runs after the first) and does nothing.
        return post.Hub is { } hubId && await IsWantedAsync(hubId, ct) && !await work.IsPendingAsync(WorkKind, Partition(hubId), ct)
            ? [Item(hubId)]
            : [];
    }

    public async Task RunAsync(WorkItem item, CancellationToken ct)
    {
        var hubId = WorkPayload.Read<PostHubEvent>(item).HubId;
        if (!await IsWantedAsync(hubId, ct))
        {
            return;   // known by now (an earlier item, a follow), or blocked since it was queued: nothing to fetch
        }

        var (group, error, final) = await actors.GetGroupAsync(hubId, ct);
        if (group is not null)
        {
            // Stored under its own id: a Group that says it is another id leaves this hub unnamed, and is not asked for again.
            if (group.Id == hubId)
            {
                LogKnown(hubId);
            }
            else
            {
                Remember(hubId);
            }

            return;
        }

        if (final || item.Attempts >= WorkRetrySchedule.MaxAttempts)
        {
            // Not a Group, gone, or the last try: not asked for again for a while, however many posts name it.
            Remember(hubId);
            LogNotAHub(hubId, error ?? "");
            if (final)
            {
                return;
            }
        }

        throw new HttpRequestException($"The hub {hubId} could not be fetched: {error}");
    }

    private async Task<bool> IsWantedAsync(string hubId, CancellationToken ct)
    {
        if (!Uri.TryCreate(hubId, UriKind.Absolute, out var url) || url.Scheme is not ("https" or "http")
            || Origins.SameOrigin(hubId, locals.Origin) || IsRemembered(hubId))
        {
            return false;
        }

        return (await rules.ForAsync(url.Authority, ct)).Federates && await store.FindAsync(hubId, ct) is null;
    }

    private bool IsRemembered(string hubId)
    {
        if (!_refused.TryGetValue(hubId, out var until))
        {
            return false;
        }

        if (until > time.GetUtcNow())
        {
            return true;
        }

        _refused.TryRemove(new KeyValuePair<string, DateTimeOffset>(hubId, until));
        return false;
    }

    private void Remember(string hubId)
    {
        if (_refused.Count >= MaxRemembered)
        {
            _refused.Clear();
        }

        _refused[hubId] = time.GetUtcNow() + ForgetRefusedAfter;
    }

    [LoggerMessage(5902, LogLevel.Debug, "Got to know the hub {HubId} a received post names")]
    private partial void LogKnown(string hubId);

    [LoggerMessage(5903, LogLevel.Information, "The hub {HubId} a received post names is not kept: {Why}")]
    private partial void LogNotAHub(string hubId, string why);
}
