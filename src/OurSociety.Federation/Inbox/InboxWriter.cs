using System.Threading.Channels;
using OurSociety.Core;
using OurSociety.Core.Federation;
using OurSociety.Core.Work;

namespace OurSociety.Federation.Inbox;

/// <summary>
/// Stores received activities durably in batches: each request waits for the commit of the batch its activity is in,
/// so a 202 always means "on disk", while many concurrent deliveries share one transaction (and one fsync).
/// </summary>
public sealed partial class InboxWriter(
    IInboxStore store, IWorkItemStore work, IDeliveryStore deliveries, ITransactions transactions, WorkSignal signal, ILogger<InboxWriter> logger)
    : BackgroundService
{
    private const int MaxBatch = 512;

    private readonly Channel<Pending> _queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });

    /// <summary>Stores one activity; true when it was new, false when its id was already stored (a duplicate).</summary>
    public Task<bool> StoreAsync(InboxActivity activity, CancellationToken ct)
    {
        var pending = new Pending(activity, new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously));
        if (!_queue.Writer.TryWrite(pending))
        {
            throw new InvalidOperationException("The inbox is shutting down.");
        }

        return pending.Done.Task.WaitAsync(ct);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<Pending>(MaxBatch);
        while (await _queue.Reader.WaitToReadAsync(stoppingToken))
        {
            batch.Clear();
            while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var item))
            {
                // Two copies of one id in one batch (shared and personal inbox at once): the second is the duplicate.
                batch.Add(item);
            }

            await WriteAsync(batch, stoppingToken);
        }
    }

    private async Task WriteAsync(List<Pending> batch, CancellationToken ct)
    {
        try
        {
            var unique = batch.DistinctBy(p => p.Activity.ActivityId, StringComparer.Ordinal).Select(p => p.Activity).ToList();
            IReadOnlySet<string> added;
            await using (var tx = await transactions.BeginAsync(ct))
            {
                // Each new activity and the work of handling it commit together: a 202 means both are on disk.
                added = await store.AddAsync(unique, tx, ct);
                await work.AddAsync([.. unique.Where(a => added.Contains(a.ActivityId) && a.Outcome is null).Select(InboxWork.Item)], tx, ct);
                await tx.CommitAsync(ct);
            }

            var claimed = new HashSet<string>(StringComparer.Ordinal);
            foreach (var item in batch)
            {
                item.Done.TrySetResult(added.Contains(item.Activity.ActivityId) && claimed.Add(item.Activity.ActivityId));
            }

            if (added.Count > 0)
            {
                signal.Notify();
                // A host that sends us signed activities is up: deliveries to it may start again (Mastodon does the same).
                await deliveries.RecordHostsSuccessAsync(
                    [.. unique.Where(a => added.Contains(a.ActivityId)).Select(a => new Uri(a.Actor).Authority).Distinct(StringComparer.Ordinal)], ct);
            }
        }
        catch (Exception e) when (e is System.Data.Common.DbException or OperationCanceledException)
        {
            LogWriteFailed(e, batch.Count);
            foreach (var item in batch)
            {
                item.Done.TrySetException(e);
            }
        }
    }

    [LoggerMessage(5201, LogLevel.Error, "Could not store {Count} received activities")]
    private partial void LogWriteFailed(Exception exception, int count);

    private sealed record Pending(InboxActivity Activity, TaskCompletionSource<bool> Done);
}
