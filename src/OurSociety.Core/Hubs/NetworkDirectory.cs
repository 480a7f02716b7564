using OurSociety.Core.Paging;

namespace OurSociety.Core.Hubs;

/// <summary>
/// The <c>OurSociety:Directory</c> section: how the network directory is refreshed. Every number bounds the work of one
/// refresh, so a hostile or huge hub elsewhere costs a known, small amount.
/// </summary>
public sealed class DirectoryOptions
{
    public const string Section = "OurSociety:Directory";

    /// <summary>Hours between two refreshes.</summary>
    public int RefreshHours { get; set; } = 24;

    /// <summary>The most hubs one refresh keeps (linked ones first).</summary>
    public int MaxHubs { get; set; } = 500;

    /// <summary>Pages of one hub's <c>following</c> collection read at most.</summary>
    public int MaxPagesPerCollection { get; set; } = 5;

    /// <summary>Items of one hub's <c>following</c> collection looked at, over all its pages.</summary>
    public int MaxItemsPerCollection { get; set; } = 1000;

    /// <summary>Seconds one request may take, answer included, before it is given up.</summary>
    public double RequestTimeoutSeconds { get; set; } = 10;

    /// <summary>Documents one refresh fetches at most, all hubs together.</summary>
    public int MaxFetches { get; set; } = 2000;
}

/// <summary>One hub in the directory, as the last refresh read it.</summary>
/// <param name="LinkedTo">The hubs we are linked with whose <c>following</c> led here (empty for a linked hub).</param>
/// <param name="Hops">1: linked with us; 2: followed by a hub we are linked with.</param>
public sealed record DirectoryEntry(
    string ActorId,
    string Host,
    string Name,
    string Locality,
    string Description,
    IReadOnlyList<string> Topics,
    long? Members,
    IReadOnlyList<string> LinkedTo,
    int Hops,
    string? Url,
    DateTimeOffset RefreshedAt);

/// <summary>What a person searches the directory by (each optional, already checked).</summary>
public sealed record DirectoryFilter(string? Query, string? Locality, string? Topic)
{
    public static DirectoryFilter None { get; } = new(null, null, null);
}

/// <summary>The directory rows and the refresh schedule (migration 0028).</summary>
public interface IDirectoryStore
{
    /// <summary>Entries by hops then name (keyset: cursor key is <c>{hops}|{name}</c>), filtered.</summary>
    Task<Page<DirectoryEntry>> ListAsync(DirectoryFilter filter, Cursor after, int limit, CancellationToken ct);

    /// <summary>Every stored entry (the refresh keeps an entry's last good data when a read fails).</summary>
    Task<IReadOnlyList<DirectoryEntry>> AllAsync(CancellationToken ct);

    /// <summary>Replaces the whole directory with <paramref name="entries"/>.</summary>
    Task ReplaceAsync(IReadOnlyCollection<DirectoryEntry> entries, ITransaction tx, CancellationToken ct);

    /// <summary>When the refresh that counts is due, or null before the first one is scheduled.</summary>
    Task<DateTimeOffset?> ScheduledForAsync(CancellationToken ct);

    Task ScheduleAsync(DateTimeOffset scheduledFor, DateTimeOffset? lastRunAt, ITransaction tx, CancellationToken ct);
}

/// <summary>
/// The refresh as a work item: the one whose time the schedule names runs, any other is stale and does nothing. No
/// partition: a refresh asked for now must not wait behind the one queued for tomorrow.
/// </summary>
public static class DirectoryWork
{
    public const string Refresh = "directory.refresh";

    public static Work.NewWorkItem Item(DateTimeOffset scheduledFor) =>
        new(Refresh, Work.WorkPayload.Write(new DirectoryRound(scheduledFor)), null, scheduledFor);
}

/// <summary>The payload of a refresh: the schedule time it was made for (an item for an older time is stale).</summary>
public sealed record DirectoryRound(DateTimeOffset ScheduledFor);

/// <summary>The limits of what a person can search the directory by.</summary>
public static class DirectoryLimits
{
    public const int Query = 100;
    public const int Locality = 100;
    public const int Description = 2000;
    public const int Name = 100;
    public const int Topics = 10;
}
