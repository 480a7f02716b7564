using OurSociety.Core.Paging;

namespace OurSociety.Core.Work;

/// <summary>
/// The durable work queue. Items are added in the caller's transaction, claimed with a lease (a process that dies
/// loses its lease and the item runs again: at-least-once), and completed, retried or buried by the lease's owner.
/// </summary>
public interface IWorkItemStore
{
    /// <summary>Adds items in <paramref name="tx"/>: they exist exactly when the change that caused them commits.</summary>
    Task AddAsync(IReadOnlyCollection<NewWorkItem> items, ITransaction tx, CancellationToken ct);

    /// <summary>
    /// Leases up to <paramref name="max"/> due items to <paramref name="owner"/> for <paramref name="lease"/> and counts
    /// an attempt on each, in one statement: two claimers never get the same item. Only the first pending item of a
    /// partition can be claimed.
    /// </summary>
    Task<IReadOnlyList<WorkItem>> ClaimDueAsync(string owner, int max, TimeSpan lease, CancellationToken ct);

    /// <summary>Deletes a finished item, if <paramref name="owner"/> still holds this claim of it.</summary>
    Task<bool> CompleteAsync(WorkItem item, string owner, CancellationToken ct);

    /// <summary>
    /// Completes many at once (each only if still held by <paramref name="owner"/> in the same claim), in one
    /// transaction: what the runner does with a batch's successes. Returns how many were completed.
    /// </summary>
    Task<int> CompleteAllAsync(IReadOnlyCollection<WorkItem> items, string owner, CancellationToken ct);

    /// <summary>As <see cref="CompleteAsync(WorkItem, string, CancellationToken)"/>, in a transaction with the handler's own writes.</summary>
    Task<bool> CompleteAsync(WorkItem item, string owner, ITransaction tx, CancellationToken ct);

    /// <summary>Releases the lease and sets the next try; the reason (the error) is kept for admins.</summary>
    Task<bool> RetryAsync(WorkItem item, string owner, DateTimeOffset runAt, string reason, CancellationToken ct);

    /// <summary>Marks the item dead with the reason (its error): it stays until an admin retries it, and no longer blocks its partition.</summary>
    Task<bool> BuryAsync(WorkItem item, string owner, string reason, CancellationToken ct);

    /// <summary>When the next pending item can be claimed (its run time, or its lease's end), or null when none is pending.</summary>
    Task<DateTimeOffset?> NextDueAsync(CancellationToken ct);

    Task<WorkSummary> SummaryAsync(CancellationToken ct);

    /// <summary>
    /// Pending items in the order they run (run time, then id), or dead items newest death first; keyset-paged
    /// (<see cref="Cursor.Start"/> for the first page).
    /// </summary>
    Task<Page<WorkItem>> ListAsync(WorkState state, Cursor after, int limit, CancellationToken ct);

    Task<WorkItem?> FindAsync(Guid id, CancellationToken ct);

    /// <summary>A dead item becomes pending again, due now, with its attempts reset; false when it is not dead or unknown.</summary>
    Task<bool> RetryDeadAsync(Guid id, CancellationToken ct);

    /// <summary>
    /// Frees every lease: only for a node that knows no other process works this database (it holds the data
    /// directory's lock), so what the last run held when it stopped runs now instead of when its leases run out.
    /// Returns how many were freed.
    /// </summary>
    Task<int> ReleaseAllLeasesAsync(CancellationToken ct);

    /// <summary>True while an item of <paramref name="kind"/> in <paramref name="partition"/> waits or runs (not dead).</summary>
    Task<bool> IsPendingAsync(string kind, string partition, CancellationToken ct);
}
