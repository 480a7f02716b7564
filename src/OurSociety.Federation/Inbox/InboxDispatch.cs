using System.Collections.Frozen;
using OurSociety.ActivityPub.Json;
using OurSociety.Core;
using OurSociety.Core.Federation;
using OurSociety.Core.Work;

namespace OurSociety.Federation.Inbox;

/// <summary>The work a received activity causes: handling it, once it is stored (written in the same commit).</summary>
public static class InboxWork
{
    /// <summary>Payload: <see cref="InboxEvent"/>. Partitioned by sender, so one actor's activities run in arrival order.</summary>
    public const string Kind = "inbox.activity";

    public static NewWorkItem Item(InboxActivity activity) =>
        new(Kind, WorkPayload.Write(new InboxEvent(activity.ActivityId)), "actor:" + activity.Actor);
}

public sealed record InboxEvent(string ActivityId);

/// <summary>
/// Runs a received activity through the handler of its type (a dispatch table built from the registered
/// <see cref="IInboxHandler"/>s), then commits what the handler decided (<see cref="InboxOutcome.Writes"/>), the work it
/// causes, the outcome beside the activity and the work item's end, together.
/// </summary>
public sealed partial class InboxDispatch : IWorkHandler
{
    private readonly FrozenDictionary<string, IInboxHandler> _handlers;
    private readonly IInboxStore _inbox;
    private readonly IWorkItemStore _work;
    private readonly ITransactions _transactions;
    private readonly WorkSignal _workSignal;
    private readonly Delivery.DeliverySignal _deliverySignal;
    private readonly TimeProvider _time;
    private readonly IPageCache _pages;
    private readonly ILogger<InboxDispatch> _logger;

    public InboxDispatch(
        IEnumerable<IInboxHandler> handlers,
        IInboxStore inbox,
        IWorkItemStore work,
        ITransactions transactions,
        WorkSignal workSignal,
        Delivery.DeliverySignal deliverySignal,
        TimeProvider time,
        IPageCache pages,
        ILogger<InboxDispatch> logger)
    {
        var table = new Dictionary<string, IInboxHandler>(StringComparer.Ordinal);
        foreach (var handler in handlers)
        {
            if (!table.TryAdd(handler.Type, handler))
            {
                throw new InvalidOperationException($"Two inbox handlers for {handler.Type}: {table[handler.Type].GetType().Name} and {handler.GetType().Name}.");
            }
        }

        _handlers = table.ToFrozenDictionary(StringComparer.Ordinal);
        _inbox = inbox;
        _work = work;
        _transactions = transactions;
        _workSignal = workSignal;
        _deliverySignal = deliverySignal;
        _time = time;
        _pages = pages;
        _logger = logger;
    }

    public string Kind => InboxWork.Kind;

    /// <summary>True for the types this version acts on; the others are stored as kept, with no work.</summary>
    public bool Handles(string type) => _handlers.ContainsKey(type);

    public async Task RunAsync(WorkItem item, CancellationToken ct)
    {
        var activityId = WorkPayload.Read<InboxEvent>(item).ActivityId;
        if (await _inbox.FindAsync(activityId, ct) is not { Outcome: null } stored)
        {
            return;   // handled already (the crash came after its commit), or gone
        }

        var outcome = await HandleAsync(stored, ct);
        await using (var tx = await _transactions.BeginAsync(ct))
        {
            // Its changes, the work they cause, its outcome and the item's end: all or nothing.
            if (outcome.Writes is { } writes)
            {
                await writes(tx, ct);
            }

            if (outcome.Work.Count > 0)
            {
                await _work.AddAsync(outcome.Work, tx, ct);
            }

            await _inbox.MarkProcessedAsync(activityId, outcome.ToString(), _time.GetUtcNow(), tx, ct);
            await _work.CompleteAsync(item, item.LeaseOwner ?? "", tx, ct);
            await tx.CommitAsync(ct);
        }

        if (outcome.Writes is not null)
        {
            await _pages.ChangedAsync();   // a received post, reply, reaction or profile may show on a kept page
        }

        if (outcome.Work.Count > 0)
        {
            _workSignal.Notify();
        }

        if (outcome.Sends)
        {
            _deliverySignal.Notify();
        }

        LogHandled(stored.Type, activityId, outcome.ToString());
    }

    private async Task<InboxOutcome> HandleAsync(InboxActivity stored, CancellationToken ct)
    {
        if (!_handlers.TryGetValue(stored.Type, out var handler))
        {
            return new InboxOutcome.Kept();
        }

        // Everything handling it fetches (and the work it leaves, which carries the rest) shares one budget.
        using var budget = Http.FetchBudget.Begin(Http.FetchBudget.PerActivity);

        return ApDocument.Parse(System.Text.Encoding.UTF8.GetBytes(stored.Body)).Document is { } activity
            ? await handler.HandleAsync(new ReceivedActivity(activity, stored.Actor, stored), ct)
            : new InboxOutcome.Unreadable();
    }

    [LoggerMessage(5601, LogLevel.Debug, "Handled {Type} {ActivityId}: {Outcome}")]
    private partial void LogHandled(string type, string activityId, string outcome);
}
