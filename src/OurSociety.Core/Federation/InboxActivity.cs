namespace OurSociety.Core.Federation;

/// <summary>An activity received and verified, kept until processed (and after, as the replay guard).</summary>
public sealed record InboxActivity(string ActivityId, string Actor, string Type, string? Recipient, string Body, DateTimeOffset ReceivedAt)
{
    /// <summary>Set when nothing is left to do (no handler for the type): stored as processed at once.</summary>
    public string? Outcome { get; init; }
}

public interface IInboxStore
{
    /// <summary>Stores new activities in one transaction; ids already stored are skipped. Returns the ids that were new.</summary>
    Task<IReadOnlySet<string>> AddAsync(IReadOnlyList<InboxActivity> activities, CancellationToken ct);

    /// <summary>Unprocessed activities, oldest first.</summary>
    Task<IReadOnlyList<InboxActivity>> PendingAsync(int limit, CancellationToken ct);

    Task MarkProcessedAsync(IReadOnlyList<(string ActivityId, string Outcome)> results, DateTimeOffset now, CancellationToken ct);

    Task<long> CountPendingAsync(CancellationToken ct);
}
