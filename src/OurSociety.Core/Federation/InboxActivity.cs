namespace OurSociety.Core.Federation;

/// <summary>An activity received and verified, kept until processed (and after, as the replay guard).</summary>
public sealed record InboxActivity(string ActivityId, string Actor, string Type, string? Recipient, string Body, DateTimeOffset ReceivedAt)
{
    /// <summary>Set when nothing is left to do (no handler for the type): stored as processed at once.</summary>
    public string? Outcome { get; init; }
}

public interface IInboxStore
{
    /// <summary>Stores new activities in the transaction; ids already stored are skipped. Returns the ids that were new.</summary>
    Task<IReadOnlySet<string>> AddAsync(IReadOnlyList<InboxActivity> activities, ITransaction tx, CancellationToken ct);

    Task<InboxActivity?> FindAsync(string activityId, CancellationToken ct);

    /// <summary>Records what handling the activity did (shown to admins, and read by tests).</summary>
    Task MarkProcessedAsync(string activityId, string outcome, DateTimeOffset now, ITransaction tx, CancellationToken ct);

    Task<long> CountPendingAsync(CancellationToken ct);
}
