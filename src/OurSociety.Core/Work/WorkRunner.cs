using System.Collections.Frozen;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace OurSociety.Core.Work;

/// <summary>
/// Runs due work items: claims a batch, runs each with the handler of its kind (a few at once), and completes,
/// retries or buries it. A failing item is recorded on the item and never stops the queue or blocks other items
/// (only the later items of its own partition wait, until it succeeds or is buried).
/// </summary>
public sealed partial class WorkRunner
{
    /// <summary>Errors are kept for admins to read, not as a log: long ones are cut.</summary>
    public const int MaxErrorLength = 2000;

    private const int MaxDrainRounds = 1000;

    private readonly FrozenDictionary<string, IWorkHandler> _handlers;
    private readonly IWorkItemStore _store;
    private readonly WorkerOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<WorkRunner> _logger;

    public WorkRunner(
        IEnumerable<IWorkHandler> handlers, IWorkItemStore store, IOptions<WorkerOptions> options, TimeProvider time, ILogger<WorkRunner> logger)
    {
        ArgumentNullException.ThrowIfNull(handlers);
        ArgumentNullException.ThrowIfNull(options);
        var table = new Dictionary<string, IWorkHandler>(StringComparer.Ordinal);
        foreach (var handler in handlers)
        {
            if (!table.TryAdd(handler.Kind, handler))
            {
                throw new InvalidOperationException(
                    $"Two work handlers for the kind \"{handler.Kind}\": {table[handler.Kind].GetType().Name} and {handler.GetType().Name}.");
            }
        }

        _handlers = table.ToFrozenDictionary(StringComparer.Ordinal);
        _store = store;
        _options = options.Value;
        _time = time;
        _logger = logger;
        // Per process (and per runner, so two in one test process are two owners): a restarted node does not take
        // over its predecessor's leases; they run out and the items are claimed again.
        Owner = $"{Environment.MachineName}:{Environment.ProcessId}:{RandomNumberGenerator.GetHexString(8, lowercase: true)}";
    }

    /// <summary>The lease owner this runner claims items as.</summary>
    public string Owner { get; }

    /// <summary>
    /// Claims the items due now (up to a batch), runs them and records each outcome. Returns how many it ran (0:
    /// nothing was due). Cancelled, it stops at once and leaves the items it held leased: they run again after the lease.
    /// </summary>
    public async Task<int> ProcessDueAsync(CancellationToken ct)
    {
        var batch = await ClaimAsync(_options.BatchSize, ct);
        if (batch.Count == 0)
        {
            return 0;
        }

        var done = new System.Collections.Concurrent.ConcurrentBag<WorkItem>();
        await Parallel.ForEachAsync(
            batch, new ParallelOptions { MaxDegreeOfParallelism = _options.Concurrency, CancellationToken = ct }, async (item, token) =>
            {
                if (await RunAsync(item, token))
                {
                    done.Add(item);
                }
            });
        await CompleteAsync([.. done], ct);
        return batch.Count;
    }

    /// <summary>Claims up to <paramref name="max"/> due items for this runner, with a lease.</summary>
    public Task<IReadOnlyList<WorkItem>> ClaimAsync(int max, CancellationToken ct) =>
        _store.ClaimDueAsync(Owner, max, _options.LeaseDuration, ct);

    /// <summary>
    /// Ends items that ran well, many in one commit (those whose handler ended them in its own transaction are gone
    /// already). Until then they stay leased: a crash before it only means they run again, which handlers allow.
    /// </summary>
    public Task CompleteAsync(IReadOnlyCollection<WorkItem> items, CancellationToken ct) =>
        items.Count == 0 ? Task.CompletedTask : _store.CompleteAllAsync(items, Owner, ct);

    /// <summary>Runs due items until none is due (for tests and tools); returns how many ran.</summary>
    public async Task<int> DrainAsync(CancellationToken ct)
    {
        var total = 0;
        for (var round = 0; round < MaxDrainRounds; round++)
        {
            var ran = await ProcessDueAsync(ct);
            if (ran == 0)
            {
                return total;
            }

            total += ran;
        }

        throw new InvalidOperationException($"The work queue was still busy after {MaxDrainRounds} rounds: work keeps making more work.");
    }

    /// <summary>
    /// Runs one claimed item with the handler of its kind. True when it ran well (the caller completes it, see
    /// <see cref="CompleteAsync"/>); a failure is recorded here: retried later, or buried.
    /// </summary>
    public async Task<bool> RunAsync(WorkItem item, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(item);
        if (!_handlers.TryGetValue(item.Kind, out var handler))
        {
            // Retrying cannot help until a version that knows the kind runs; an admin can retry it then.
            var unknown = $"No handler for work of kind \"{item.Kind}\" in this version of Our Society.";
            LogBuried(item.Id, item.Kind, item.Attempts, unknown);
            await _store.BuryAsync(item, Owner, unknown, ct);
            return false;
        }

        Exception? failure = null;
        try
        {
            await handler.RunAsync(item, ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            throw;   // shutting down: not a failure; the item stays leased and runs again after the lease
        }
        catch (Exception e)
        {
            // Whatever one item throws is recorded on that item (retried or buried below), so one bad item cannot
            // stop the queue. Nothing is swallowed: each failed attempt is logged once, with the exception.
            failure = e;
        }

        if (failure is null)
        {
            return true;
        }

        if (failure is WorkPayloadException)
        {
            LogBadPayload(failure, item.Id, item.Kind, item.Attempts);
            await _store.BuryAsync(item, Owner, Describe(failure), ct);
        }
        else if (WorkRetrySchedule.NextRun(item.Attempts, _time.GetUtcNow(), Random.Shared) is { } next)
        {
            LogRetry(failure, item.Id, item.Kind, item.Attempts, next);
            await _store.RetryAsync(item, Owner, next, Describe(failure), ct);
        }
        else
        {
            LogGaveUp(failure, item.Id, item.Kind, item.Attempts);
            await _store.BuryAsync(item, Owner, Describe(failure), ct);
        }

        return false;
    }

    private static string Describe(Exception e)
    {
        var text = e is WorkPayloadException ? e.Message : $"{e.GetType().Name}: {e.Message}";
        return text.Length <= MaxErrorLength ? text : string.Concat(text.AsSpan(0, MaxErrorLength - 1), "…");
    }

    [LoggerMessage(EventId = 4901, Level = LogLevel.Warning,
        Message = "Work item {WorkItemId} ({Kind}) failed on attempt {Attempt}; it will be tried again at {NextRunAt}")]
    private partial void LogRetry(Exception exception, Guid workItemId, string kind, int attempt, DateTimeOffset nextRunAt);

    [LoggerMessage(EventId = 4902, Level = LogLevel.Error,
        Message = "Work item {WorkItemId} ({Kind}) failed on attempt {Attempt}, the last: it is dead until an admin retries it")]
    private partial void LogGaveUp(Exception exception, Guid workItemId, string kind, int attempt);

    [LoggerMessage(EventId = 4903, Level = LogLevel.Error,
        Message = "Work item {WorkItemId} ({Kind}) has a payload this version cannot read (attempt {Attempt}): it is dead until an admin retries it")]
    private partial void LogBadPayload(Exception exception, Guid workItemId, string kind, int attempt);

    [LoggerMessage(EventId = 4904, Level = LogLevel.Error,
        Message = "Work item {WorkItemId} ({Kind}) cannot run (attempt {Attempt}): {Reason} It is dead until an admin retries it")]
    private partial void LogBuried(Guid workItemId, string kind, int attempt, string reason);
}
