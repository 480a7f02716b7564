using System.Data.Common;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace OurSociety.Core.Work;

/// <summary>
/// Runs the work queue in the background: runs what is due, then sleeps until woken (<see cref="WorkSignal"/>), the
/// next item comes due or the poll interval passes. Off when <see cref="WorkerOptions.RunInBackground"/> is false
/// (tests drive <see cref="WorkRunner"/> themselves).
/// </summary>
public sealed partial class WorkWorker(
    WorkRunner runner,
    IWorkItemStore store,
    WorkSignal signal,
    IOptions<WorkerOptions> options,
    TimeProvider time,
    IHostApplicationLifetime lifetime,
    ILogger<WorkWorker> logger) : BackgroundService
{
    /// <summary>The shortest sleep: an item due "now" but not yet claimable (a lease ending this instant) costs no busy loop.</summary>
    internal static readonly TimeSpan MinimumWait = TimeSpan.FromMilliseconds(50);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (!settings.RunInBackground)
        {
            return;
        }

        // Hosted services start in order, and the one that migrates the database may come after this one: the queue
        // is looked at only once the host has started.
        await WhenStartedAsync(stoppingToken);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (await runner.ProcessDueAsync(stoppingToken) > 0)
                {
                    continue;
                }

                await signal.WaitAsync(WaitFor(await store.NextDueAsync(stoppingToken), time.GetUtcNow(), settings.PollInterval), stoppingToken);
            }
            catch (DbException e)
            {
                // The database is unusable for now (locked for long, disk full): try again later. Items taken before
                // the failure stay leased and run again after their lease.
                LogQueueUnavailable(e, settings.PollInterval);
                await signal.WaitAsync(settings.PollInterval, stoppingToken);
            }
        }
    }

    /// <summary>How long to sleep when nothing ran: until the next item is due, at least a moment, at most the poll interval.</summary>
    internal static TimeSpan WaitFor(DateTimeOffset? nextDue, DateTimeOffset now, TimeSpan pollInterval)
    {
        var wait = nextDue is { } next ? next - now : pollInterval;
        return wait < MinimumWait ? MinimumWait : wait > pollInterval ? pollInterval : wait;
    }

    private async Task WhenStartedAsync(CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var registration = lifetime.ApplicationStarted.Register(() => started.TrySetResult());
        await started.Task.WaitAsync(stoppingToken);
    }

    [LoggerMessage(EventId = 4905, Level = LogLevel.Error, Message = "The work queue could not be read or written; trying again in {PollInterval}")]
    private partial void LogQueueUnavailable(Exception exception, TimeSpan pollInterval);
}
