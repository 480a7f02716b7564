namespace OurSociety.Core.Work;

/// <summary>
/// Work to do later, written in the transaction of the change that causes it (<see cref="IWorkItemStore.AddAsync"/>).
/// </summary>
/// <param name="Kind">Which <see cref="IWorkHandler"/> runs it, e.g. <c>deliver</c>.</param>
/// <param name="Payload">JSON text the handler reads with <see cref="WorkPayload.Read{T}(WorkItem)"/>.</param>
/// <param name="Partition">
/// Items with the same partition run one at a time, in the order they were added: e.g. <c>post:{id}</c>, so a post's
/// Create is sent before its Delete, or an actor's inbox activities in arrival order. Null: no ordering.
/// </param>
/// <param name="RunAt">Not before this time; null means now.</param>
public sealed record NewWorkItem(string Kind, string Payload, string? Partition = null, DateTimeOffset? RunAt = null);

public enum WorkState
{
    /// <summary>Waiting to run, running (leased) or waiting for a retry.</summary>
    Pending,

    /// <summary>Failed for good: kept with its error until an admin retries it.</summary>
    Dead,
}

/// <summary>A stored work item. When claimed, <see cref="LeaseOwner"/> and <see cref="Attempts"/> identify the claim.</summary>
public sealed record WorkItem(
    Guid Id,
    string Kind,
    string Payload,
    string? Partition,
    int Attempts,
    DateTimeOffset RunAt,
    DateTimeOffset CreatedAt,
    string? LastError,
    WorkState State,
    string? LeaseOwner,
    DateTimeOffset? LeaseUntil,
    DateTimeOffset? DeadAt);

/// <summary>How the queue is doing, for admins.</summary>
/// <param name="Pending">Not dead: waiting, running or waiting for a retry.</param>
/// <param name="DueNow">Pending, due and not leased: what would be taken now.</param>
/// <param name="Leased">Being run (or held by a process that stopped, until its lease ends).</param>
/// <param name="Dead">Failed for good.</param>
/// <param name="OldestPendingAge">How long the oldest pending item has waited since it was added; null when none.</param>
public sealed record WorkSummary(long Pending, long DueNow, long Leased, long Dead, TimeSpan? OldestPendingAge);
