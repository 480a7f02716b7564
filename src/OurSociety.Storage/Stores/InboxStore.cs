using Dapper;
using OurSociety.Core.Federation;
using OurSociety.Storage.Sql;

namespace OurSociety.Storage.Stores;

public sealed class InboxStore(IDbConnectionFactory db) : IInboxStore
{
    /// <summary>Rows per INSERT statement: 8 parameters each stays far below SQLite's and PostgreSQL's limits.</summary>
    private const int RowsPerInsert = 128;

    public async Task<IReadOnlySet<string>> AddAsync(IReadOnlyList<InboxActivity> activities, CancellationToken ct)
    {
        var added = new HashSet<string>(StringComparer.Ordinal);
        await using var connection = await db.OpenAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        // One transaction per batch (one commit for hundreds of activities) and one multi-row INSERT per chunk: the
        // ids that come back are the new ones, the others were already stored (replays and duplicates).
        foreach (var chunk in activities.Chunk(RowsPerInsert))
        {
            var values = new System.Text.StringBuilder();
            var parameters = new DynamicParameters();
            for (var i = 0; i < chunk.Length; i++)
            {
                values.Append(i == 0 ? "" : ",\n").Append(System.Globalization.CultureInfo.InvariantCulture,
                    $"(@ActivityId{i}, @Actor{i}, @Type{i}, @Recipient{i}, @Body{i}, @ReceivedAt{i}, @ProcessedAt{i}, @Outcome{i})");
                parameters.Add("ActivityId" + i, chunk[i].ActivityId);
                parameters.Add("Actor" + i, chunk[i].Actor);
                parameters.Add("Type" + i, chunk[i].Type);
                parameters.Add("Recipient" + i, chunk[i].Recipient);
                parameters.Add("Body" + i, chunk[i].Body);
                parameters.Add("ReceivedAt" + i, chunk[i].ReceivedAt);
                parameters.Add("ProcessedAt" + i, chunk[i].Outcome is null ? null : chunk[i].ReceivedAt);
                parameters.Add("Outcome" + i, chunk[i].Outcome);
            }

            added.UnionWith(await connection.QueryAsync<string>(new CommandDefinition($"""
                INSERT INTO inbox_activity (activity_id, actor, type, recipient, body, received_at, processed_at, outcome)
                VALUES {values}
                ON CONFLICT (activity_id) DO NOTHING
                RETURNING activity_id
                """, parameters, transaction, cancellationToken: ct)));
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
        // Most of a batch shares an outcome ("kept"): one UPDATE per outcome, not one per activity.
        foreach (var group in results.GroupBy(r => r.Outcome, StringComparer.Ordinal))
        {
            foreach (var ids in group.Select(r => r.ActivityId).Chunk(RowsPerInsert * 4))
            {
                await connection.ExecuteAsync(new CommandDefinition(
                    "UPDATE inbox_activity SET processed_at = @Now, outcome = @Outcome WHERE activity_id IN @Ids",
                    new { Ids = ids, Outcome = group.Key, Now = now }, transaction, cancellationToken: ct));
            }
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
