using Dapper;
using OurSociety.Core;
using OurSociety.Core.Federation;
using OurSociety.Storage.Sql;

namespace OurSociety.Storage.Stores;

public sealed class InboxStore(IDbConnectionFactory db) : IInboxStore
{
    /// <summary>Rows per INSERT statement: 8 parameters each stays far below SQLite's and PostgreSQL's limits.</summary>
    private const int RowsPerInsert = 128;

    private const string Columns = "activity_id, actor, type, recipient, body, received_at, processed_at, outcome";

    public async Task<IReadOnlySet<string>> AddAsync(IReadOnlyList<InboxActivity> activities, ITransaction tx, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(activities);
        var added = new HashSet<string>(StringComparer.Ordinal);
        if (activities.Count == 0)
        {
            return added;
        }

        var (connection, transaction) = tx.Sql();
        // In the caller's transaction (with the work the activities cause), one multi-row INSERT per chunk: the ids
        // that come back are the new ones, the others were already stored (replays and duplicates).
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
                INSERT INTO inbox_activity ({Columns})
                VALUES {values}
                ON CONFLICT (activity_id) DO NOTHING
                RETURNING activity_id
                """, parameters, transaction, cancellationToken: ct)));
        }

        return added;
    }

    public async Task<InboxActivity?> FindAsync(string activityId, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        return (await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
            $"SELECT {Columns} FROM inbox_activity WHERE activity_id = @Id", new { Id = activityId }, cancellationToken: ct)))?.ToDomain();
    }

    public async Task MarkProcessedAsync(string activityId, string outcome, DateTimeOffset now, ITransaction tx, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(activityId);
        ArgumentNullException.ThrowIfNull(outcome);
        var (connection, transaction) = tx.Sql();
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE inbox_activity SET processed_at = @Now, outcome = @Outcome WHERE activity_id = @Id",
            new { Id = activityId, Outcome = outcome, Now = now }, transaction, cancellationToken: ct));
    }

    public async Task<long> CountPendingAsync(CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT COUNT(*) FROM inbox_activity WHERE processed_at IS NULL", cancellationToken: ct));
    }

    private sealed class Row
    {
        public required string ActivityId { get; init; }
        public required string Actor { get; init; }
        public required string Type { get; init; }
        public string? Recipient { get; init; }
        public required string Body { get; init; }
        public required DateTimeOffset ReceivedAt { get; init; }
        public string? Outcome { get; init; }

        public InboxActivity ToDomain() => new(ActivityId, Actor, Type, Recipient, Body, ReceivedAt) { Outcome = Outcome };
    }
}
