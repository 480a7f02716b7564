using System.Data.Common;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace OurSociety.Core.Work;

/// <summary>
/// Runs the work queue in the background, as a pipeline: up to <see cref="WorkerOptions.Concurrency"/> items run at
/// once, and a slot that frees up takes the next due item at once (one slow item, a picture from a server that does
/// not answer, never holds up the rest). Items that ran well are completed a batch per commit. With nothing due it
/// sleeps until woken (<see cref="WorkSignal"/>), the next item comes due or the poll interval passes. Off when
/// <see cref="WorkerOptions.RunInBackground"/> is false (tests drive <see cref="WorkRunner"/> themselves).
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
        var running = new HashSet<Task>();
        var done = new System.Collections.Concurrent.ConcurrentQueue<WorkItem>();
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    await CompleteAsync(done, stoppingToken);
                    running.RemoveWhere(t => t.IsCompleted);
                    var free = settings.Concurrency - running.Count;
                    var claimed = free > 0 ? await runner.ClaimAsync(Math.Min(free, settings.BatchSize), stoppingToken) : [];
                    foreach (var item in claimed)
                    {
                        running.Add(RunAsync(item, done, stoppingToken));
                    }

                    if (claimed.Count == 0)
                    {
                        // Woken by new work, by an item finishing (a free slot, a partition's next item), or when due.
                        var wait = running.Count > 0 ? settings.PollInterval : WaitFor(await store.NextDueAsync(stoppingToken), time.GetUtcNow(), settings.PollInterval);
                        await signal.WaitAsync(wait, stoppingToken);
                    }
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
        finally
        {
            // Stopping: what is still running stops at its next await and stays leased; what finished is recorded.
            await Task.WhenAll(running).WaitAsync(TimeSpan.FromSeconds(5), time, CancellationToken.None).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            await CompleteAsync(done, CancellationToken.None).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    private async Task RunAsync(WorkItem item, System.Collections.Concurrent.ConcurrentQueue<WorkItem> done, CancellationToken ct)
    {
        try
        {
            if (await runner.RunAsync(item, ct))
            {
                done.Enqueue(item);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Stopping: the item stays leased and runs again after the restart.
        }
        catch (DbException e)
        {
            // Its outcome could not be recorded: it stays leased and runs again when the lease runs out.
            LogQueueUnavailable(e, options.Value.PollInterval);
        }
        finally
        {
            signal.Notify();   // a slot is free, and this item's partition may have a next one
        }
    }

    private async Task CompleteAsync(System.Collections.Concurrent.ConcurrentQueue<WorkItem> done, CancellationToken ct)
    {
        var batch = new List<WorkItem>();
        while (batch.Count < 500 && done.TryDequeue(out var item))
        {
            batch.Add(item);
        }

        await runner.CompleteAsync(batch, ct);
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
