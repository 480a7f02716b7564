using System.Text.Json.Nodes;
using OurSociety.ActivityPub;
using OurSociety.Core.Federation;
using OurSociety.Federation.Actors;

namespace OurSociety.Federation.Delivery;

/// <summary>
/// Sends activities: each becomes an outbox row and one delivery row per target inbox in one transaction (so a crash
/// loses nothing), collapsed to shared inboxes so a host gets one POST per activity. The delivery worker does the rest.
/// </summary>
public sealed class Outbox(IDeliveryStore deliveries, IFollowStore follows, LocalActors locals, DeliverySignal signal, TimeProvider time)
{
    /// <summary>A new activity id on this node.</summary>
    public string NewActivityId() => ApUrls.Activity(locals.Origin, Guid.CreateVersion7(time.GetUtcNow()));

    /// <summary>
    /// Sends <paramref name="activity"/> (which has its id, type and actor set) from a local actor to the given
    /// inboxes and, when <paramref name="toFollowers"/>, to every accepted follower's (shared) inbox.
    /// </summary>
    public async Task SendAsync(
        string fromUsername, JsonObject activity, IEnumerable<string> inboxesOf, bool toFollowers, CancellationToken ct)
    {
        var inboxes = new HashSet<string>(inboxesOf, StringComparer.Ordinal);

        if (toFollowers)
        {
            inboxes.UnionWith(await follows.FollowerInboxesAsync(fromUsername, ct));
        }

        activity["@context"] ??= ActorDocuments.Context();
        var id = (string)activity["id"]!;
        var isPublic = Addressed(activity, "to").Concat(Addressed(activity, "cc")).Contains(ActivityStreams.Public);
        var objectId = activity["object"] switch
        {
            JsonValue value => value.GetValue<string>(),
            JsonObject embedded => (string?)embedded["id"],
            _ => null,
        };
        await deliveries.AddAsync(
            new OutboxActivity(id, fromUsername, (string)activity["type"]!, objectId, isPublic, activity.ToJsonString(), time.GetUtcNow()),
            inboxes,
            time.GetUtcNow(),
            ct);
        signal.Notify();
    }

    private static IEnumerable<string> Addressed(JsonObject activity, string property) => activity[property] switch
    {
        JsonArray array => array.OfType<JsonValue>().Select(v => v.GetValue<string>()),
        JsonValue value => [value.GetValue<string>()],
        _ => [],
    };
}
