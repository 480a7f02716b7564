namespace OurSociety.Core.Federation;

/// <summary>An activity a local actor sent; deliveries point at it, the outbox lists the public ones.</summary>
public sealed record OutboxActivity(string Id, string Actor, string Type, string? ObjectId, bool IsPublic, string Body, DateTimeOffset CreatedAt);

public enum DeliveryState
{
    Pending,
    Delivered,
    Failed,
    Skipped,
}

/// <summary>One activity to one inbox.</summary>
public sealed record Delivery(
    Guid Id,
    string ActivityId,
    string Inbox,
    string Host,
    int Attempts,
    DeliveryState State,
    DateTimeOffset NextAttemptAt,
    int? LastStatus,
    string? LastError);

/// <summary>A due delivery with what sending it needs.</summary>
public sealed record DueDelivery(Delivery Delivery, string Signer, string Body);

public interface IDeliveryStore
{
    /// <summary>
    /// Stores the activity (once per id) and one pending delivery per distinct inbox (once per inbox) in the
    /// transaction of the change that caused it; repeating it changes nothing.
    /// </summary>
    Task AddAsync(OutboxActivity activity, IReadOnlyCollection<string> inboxes, DateTimeOffset now, ITransaction tx, CancellationToken ct);

    /// <summary>
    /// Claims pending deliveries due by <paramref name="now"/> (oldest first) whose lease is free or ran out: leased to
    /// <paramref name="owner"/> until <paramref name="leaseUntil"/>, so no other worker sends them meanwhile and a
    /// crashed worker's are sent again once their lease runs out.
    /// </summary>
    Task<IReadOnlyList<DueDelivery>> ClaimDueAsync(string owner, DateTimeOffset now, DateTimeOffset leaseUntil, int limit, CancellationToken ct);

    Task<DateTimeOffset?> NextDueAsync(CancellationToken ct);

    /// <summary>Frees every delivery's lease (see <see cref="Work.IWorkItemStore.ReleaseAllLeasesAsync"/>); returns how many.</summary>
    Task<int> ReleaseAllLeasesAsync(CancellationToken ct);

    Task MarkDeliveredAsync(Guid id, int status, DateTimeOffset now, CancellationToken ct);

    /// <summary>Marks many deliveries delivered (each with its answer's status) in one transaction.</summary>
    Task MarkDeliveredAsync(IReadOnlyCollection<(Guid Id, int Status)> deliveries, DateTimeOffset now, CancellationToken ct);

    Task MarkRetryAsync(Guid id, int attempts, DateTimeOffset nextAttemptAt, int? status, string reason, CancellationToken ct);

    Task MarkFailedAsync(Guid id, int attempts, int? status, string reason, DateTimeOffset now, CancellationToken ct);

    /// <summary>Records a failure day for the host; returns true when it has just become unavailable.</summary>
    Task<bool> RecordHostFailureAsync(string host, DateOnly day, int daysUntilUnavailable, DateTimeOffset now, CancellationToken ct);

    /// <summary>Clears a host's failure record (a delivery succeeded, or it sent us a signed request).</summary>
    Task RecordHostSuccessAsync(string host, CancellationToken ct);

    /// <summary>As <see cref="RecordHostSuccessAsync(string, CancellationToken)"/> for several hosts in one statement.</summary>
    Task RecordHostsSuccessAsync(IReadOnlyCollection<string> hosts, CancellationToken ct);

    Task<bool> IsHostUnavailableAsync(string host, CancellationToken ct);

    /// <summary>Hosts with failures on record (the worker clears them on the next success, also after a restart).</summary>
    Task<IReadOnlyList<string>> FailingHostsAsync(CancellationToken ct);

    Task<IReadOnlyList<Delivery>> ListForActivityAsync(string activityId, CancellationToken ct);

    Task<OutboxActivity?> FindActivityAsync(string id, CancellationToken ct);

    /// <summary>A local actor's public posts (Create and Announce, as Mastodon lists), newest first, for the outbox.</summary>
    Task<Paging.Page<OutboxActivity>> PublicActivitiesAsync(string actor, Paging.Cursor after, int limit, CancellationToken ct);

    Task<long> CountPublicActivitiesAsync(string actor, CancellationToken ct);
}

public interface IActorKeyStore
{
    /// <summary>The stored key pair of a local actor, or null.</summary>
    Task<ActorKeyPair?> FindAsync(string actor, CancellationToken ct);

    /// <summary>Stores a key pair unless one exists; returns the pair that is stored (first writer wins).</summary>
    Task<ActorKeyPair> AddOrGetAsync(string actor, string privatePem, string publicPem, DateTimeOffset now, CancellationToken ct);
}

/// <summary>A local actor's key pair as PEM text; <see cref="CreatedAt"/> is also when the actor first federated.</summary>
public sealed record ActorKeyPair(string PrivateKeyPem, string PublicKeyPem, DateTimeOffset CreatedAt);
