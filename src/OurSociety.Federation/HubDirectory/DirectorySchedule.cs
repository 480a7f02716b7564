using OurSociety.Core;
using OurSociety.Core.Hubs;
using OurSociety.Core.Work;

namespace OurSociety.Federation.HubDirectory;

/// <summary>
/// Asks for a directory refresh now, in the caller's transaction: a refresh scheduled for later becomes stale
/// (<see cref="DirectoryRefresh.RunAsync"/> runs only the round the schedule names).
/// </summary>
public sealed class DirectorySchedule(IDirectoryStore directory, IWorkItemStore work, TimeProvider time)
{
    /// <summary>
    /// A new link widens the directory (the hub and the hubs it links to): crawl now rather than at the next daily
    /// refresh, which would leave a node's first link out of the directory for up to a day.
    /// </summary>
    public async Task NowAsync(ITransaction tx, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        await directory.ScheduleAsync(now, null, tx, ct);
        await work.AddAsync([DirectoryWork.Item(now)], tx, ct);
    }
}
