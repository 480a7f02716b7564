using System.Text.Json.Nodes;
using OurSociety.ActivityPub;
using OurSociety.ActivityPub.Json;
using OurSociety.ActivityPub.Vocabulary;
using OurSociety.Core;
using OurSociety.Core.Federation;
using OurSociety.Core.Work;
using OurSociety.Federation.Actors;

namespace OurSociety.Federation.Delivery;

/// <summary>An activity to send: from a local actor (by username) to these inboxes.</summary>
public sealed record Outgoing(string From, JsonObject Activity, IReadOnlyCollection<string> Inboxes);

/// <summary>
/// Sends activities: each becomes an outbox row and one delivery row per target inbox, written in the transaction of
/// the change (or the work item) that caused it, so a crash loses nothing and repeats nothing: rows are keyed by the
/// activity id and (activity, inbox). Inboxes collapse to shared inboxes, so a host gets one POST per activity. The
/// delivery worker does the rest.
/// </summary>
public sealed class Outbox(
    IDeliveryStore deliveries, IFollowStore follows, ITransactions transactions, IWorkItemStore work, NodeIdentity node, DeliverySignal signal, TimeProvider time)
{
    /// <summary>A new activity id on this node.</summary>
    public string NewActivityId() => ApUrls.Activity(node.Origin, Guid.CreateVersion7(time.GetUtcNow()));

    /// <summary>
    /// The id of an activity caused by <paramref name="cause"/> (a work item, a received activity): the same every
    /// time, so doing the work again after a crash sends the same activity again, which receivers drop by its id.
    /// </summary>
    public string ActivityIdFor(string cause, string purpose) => ApUrls.Activity(node.Origin, DerivedIds.From($"{purpose}|{cause}"));

    /// <summary>The id of the activity a work item sends (see <see cref="ActivityIdFor"/>).</summary>
    public string ActivityIdFor(WorkItem item, string purpose = "") =>
        purpose.Length == 0 ? ApUrls.Activity(node.Origin, item.Id) : ActivityIdFor(item.Id.ToString("D"), purpose);

    /// <summary>The distinct delivery inboxes of a local actor's accepted followers (read before the transaction).</summary>
    public Task<IReadOnlyList<string>> FollowerInboxesAsync(string username, CancellationToken ct) => follows.FollowerInboxesAsync(username, ct);

    /// <summary>Queues the activities in <paramref name="tx"/>; call <see cref="Wake"/> after the commit.</summary>
    public async Task AddAsync(IEnumerable<Outgoing> activities, ITransaction tx, CancellationToken ct)
    {
        foreach (var outgoing in activities)
        {
            var activity = outgoing.Activity;
            activity[AsProperties.AtContext] ??= ActorDocuments.Context();
            var document = ApDocument.From(activity).Document!;   // built by us: always readable
            await deliveries.AddAsync(
                new OutboxActivity(document.Id!, outgoing.From, document.Type!, document.ObjectId, document.IsAddressedToPublic, activity.ToJsonString(), time.GetUtcNow()),
                outgoing.Inboxes,
                time.GetUtcNow(),
                tx,
                ct);
        }
    }

    /// <summary>Queues the activities and completes the work item that made them, in one commit; then wakes the delivery worker.</summary>
    public async Task CompleteAsync(WorkItem item, IReadOnlyCollection<Outgoing> activities, CancellationToken ct)
    {
        await using (var tx = await transactions.BeginAsync(ct))
        {
            await AddAsync(activities, tx, ct);
            await work.CompleteAsync(item, item.LeaseOwner ?? "", tx, ct);
            await tx.CommitAsync(ct);
        }

        Wake();
    }

    /// <summary>
    /// As <see cref="CompleteAsync(WorkItem, IReadOnlyCollection{Outgoing}, CancellationToken)"/>, with
    /// <paramref name="alsoWrite"/> in the same commit (what the item forgets once its activities are queued).
    /// </summary>
    public async Task CompleteAsync(
        WorkItem item, IReadOnlyCollection<Outgoing> activities, Func<ITransaction, CancellationToken, Task> alsoWrite, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(alsoWrite);
        await using (var tx = await transactions.BeginAsync(ct))
        {
            await AddAsync(activities, tx, ct);
            await alsoWrite(tx, ct);
            await work.CompleteAsync(item, item.LeaseOwner ?? "", tx, ct);
            await tx.CommitAsync(ct);
        }

        Wake();
    }

    /// <summary>New deliveries are committed: the delivery worker looks at once instead of at its next poll.</summary>
    public void Wake() => signal.Notify();
}
