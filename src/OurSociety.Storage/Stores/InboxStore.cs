using Dapper;
using OurSociety.Core.Federation;
using OurSociety.Storage.Sql;

namespace OurSociety.Storage.Stores;

public sealed class InboxStore(IDbConnectionFactory db) : IInboxStore
{
    public async Task<IReadOnlySet<string>> AddAsync(IReadOnlyList<InboxActivity> activities, CancellationToken ct)
    {
        var added = new HashSet<string>(StringComparer.Ordinal);
        await using var connection = await db.OpenAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        // One transaction per batch: the inbox commits hundreds of activities with one fsync, not one each.
        foreach (var activity in activities)
        {
            var inserted = await connection.ExecuteAsync(new CommandDefinition("""
                INSERT INTO inbox_activity (activity_id, actor, type, recipient, body, received_at)
                VALUES (@ActivityId, @Actor, @Type, @Recipient, @Body, @ReceivedAt)
                ON CONFLICT (activity_id) DO NOTHING
                """, activity, transaction, cancellationToken: ct));
            if (inserted == 1)
            {
                added.Add(activity.ActivityId);
            }
        }

        await transaction.CommitAsync(ct);
        return added;
    }

    public async Task<IReadOnlyList<InboxActivity>> PendingAsync(int limit, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        return (await connection.QueryAsync<InboxActivity>(new CommandDefinition("""
            SELECT activity_id AS ActivityId, actor AS Actor, type AS Type, recipient AS Recipient, body AS Body, received_at AS ReceivedAt FROM inbox_activity
            WHERE processed_at IS NULL
            ORDER BY received_at
            LIMIT @Limit
            """, new { Limit = limit }, cancellationToken: ct))).ToList();
    }

    public async Task MarkProcessedAsync(IReadOnlyList<(string ActivityId, string Outcome)> results, DateTimeOffset now, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        foreach (var (activityId, outcome) in results)
        {
            await connection.ExecuteAsync(new CommandDefinition(
                "UPDATE inbox_activity SET processed_at = @Now, outcome = @Outcome WHERE activity_id = @ActivityId",
                new { ActivityId = activityId, Outcome = outcome, Now = now }, transaction, cancellationToken: ct));
        }

        await transaction.CommitAsync(ct);
    }

    public async Task<long> CountPendingAsync(CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT COUNT(*) FROM inbox_activity WHERE processed_at IS NULL", cancellationToken: ct));
    }
}
