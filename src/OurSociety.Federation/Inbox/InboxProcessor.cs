using OurSociety.Core.Federation;

namespace OurSociety.Federation.Inbox;

/// <summary>
/// Handles stored activities in the background: each actor's in arrival order, different actors' side by side (a
/// Follow mostly waits on the database and on its Accept being queued). An activity is marked processed only after
/// its handler finished, so a crash means it is handled again after the restart (handlers are idempotent).
/// </summary>
public sealed partial class InboxProcessor(
    IInboxStore store,
    IDeliveryStore deliveries,
    IServiceScopeFactory scopes,
    InboxSignal signal,
    TimeProvider time,
    ILogger<InboxProcessor> logger) : BackgroundService
{
    private const int BatchSize = 200;
    private const int ActorsAtOnce = 8;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            IReadOnlyList<InboxActivity> batch;
            try
            {
                batch = await store.PendingAsync(BatchSize, stoppingToken);
            }
            catch (System.Data.Common.DbException e)
            {
                LogFailed(e, "(reading the inbox)");
                batch = [];
            }

            if (batch.Count == 0)
            {
                await signal.WaitAsync(TimeSpan.FromSeconds(5), stoppingToken);
                continue;
            }

            var results = new System.Collections.Concurrent.ConcurrentBag<(string, string)>();
            await Parallel.ForEachAsync(
                batch.GroupBy(a => a.Actor, StringComparer.Ordinal),
                new ParallelOptions { MaxDegreeOfParallelism = ActorsAtOnce, CancellationToken = stoppingToken },
                async (ofOneActor, ct) =>
                {
                    using var scope = scopes.CreateScope();
                    var handler = scope.ServiceProvider.GetRequiredService<ActivityHandler>();
                    foreach (var activity in ofOneActor)
                    {
                        results.Add((activity.ActivityId, await HandleAsync(handler, activity, ct)));
                    }
                });

            await store.MarkProcessedAsync([.. results], time.GetUtcNow(), stoppingToken);
            // A host that sends us signed activities is up: deliveries to it may start again (Mastodon does the same).
            await deliveries.RecordHostsSuccessAsync(
                batch.Select(a => new Uri(a.Actor).Authority).Distinct(StringComparer.Ordinal).ToList(), stoppingToken);
        }
    }

    private async Task<string> HandleAsync(ActivityHandler handler, InboxActivity activity, CancellationToken ct)
    {
        try
        {
            var outcome = await handler.HandleAsync(activity, ct);
            LogHandled(activity.Type, activity.ActivityId, outcome);
            return outcome;
        }
        catch (Exception e) when (e is System.Data.Common.DbException or HttpRequestException or System.Text.Json.JsonException or InvalidOperationException or FormatException)
        {
            // One bad activity must not stop the queue: it is marked failed and the next one goes on.
            LogFailed(e, activity.ActivityId);
            return "failed: " + e.GetType().Name;
        }
    }

    [LoggerMessage(5601, LogLevel.Debug, "Handled {Type} {ActivityId}: {Outcome}")]
    private partial void LogHandled(string type, string activityId, string outcome);

    [LoggerMessage(5602, LogLevel.Error, "Could not handle activity {ActivityId}")]
    private partial void LogFailed(Exception exception, string activityId);
}
