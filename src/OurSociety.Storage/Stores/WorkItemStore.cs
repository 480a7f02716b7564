using Dapper;
using OurSociety.Core;
using OurSociety.Core.Paging;
using OurSociety.Core.Work;
using OurSociety.Storage.Sql;

namespace OurSociety.Storage.Stores;

/// <summary>
/// The work queue in one table (<c>work_item</c>, migration 0008). Every change of an item by a worker names its
/// claim (lease owner and attempt), so a worker whose lease ran out and whose item was claimed again changes nothing.
/// </summary>
public sealed class WorkItemStore(IDbConnectionFactory db, TimeProvider time) : IWorkItemStore
{
    private const string Columns =
        "id, kind, payload, partition_key, state, run_at, attempts, lease_owner, lease_until, last_error, created_at, dead_at";

    /// <summary>The claim is ours: lease owner and attempt count both match (a re-claim counts an attempt).</summary>
    private const string OurClaim = "id = @Id AND lease_owner = @Owner AND attempts = @Attempts AND state = 'pending'";

    /// <summary>
    /// An item of a partition waits while an earlier one (lower id) of the same partition is pending: running, due
    /// or waiting for a retry. A dead one no longer holds the others back.
    /// </summary>
    private const string HeadOfPartition = """
        (w.partition_key IS NULL OR NOT EXISTS (
            SELECT 1 FROM work_item e WHERE e.partition_key = w.partition_key AND e.state = 'pending' AND e.id < w.id))
        """;

    private readonly MonotonicIds _ids = new(time);

    public async Task AddAsync(IReadOnlyCollection<NewWorkItem> items, ITransaction tx, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(items);
        if (items.Count == 0)
        {
            return;
        }

        foreach (var item in items)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(item.Kind, nameof(items));
            ArgumentNullException.ThrowIfNull(item.Payload, nameof(items));
        }

        var (connection, transaction) = tx.Sql();
        var now = time.GetUtcNow();
        // Ids in the order given, increasing across calls: the order of a partition.
        await connection.ExecuteAsync(new CommandDefinition($"""
            INSERT INTO work_item ({Columns})
            VALUES (@Id, @Kind, @Payload, @Partition, 'pending', @RunAt, 0, NULL, NULL, NULL, @CreatedAt, NULL)
            """,
            items.Select(i => new { Id = _ids.Next(), i.Kind, i.Payload, i.Partition, RunAt = i.RunAt ?? now, CreatedAt = now }).ToList(),
            transaction, cancellationToken: ct));
    }

    public async Task<IReadOnlyList<WorkItem>> ClaimDueAsync(string owner, int max, TimeSpan lease, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(owner);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(max);
        var now = time.GetUtcNow();
        // One statement, so two claimers never both take an item: SQLite runs it under its one write lock, and on
        // PostgreSQL the dialect's SKIP LOCKED makes a claimer pass rows another is claiming.
        var rows = await db.WriteAsync((connection, transaction) => connection.QueryAsync<WorkItemRow>(new CommandDefinition($"""
            UPDATE work_item SET lease_owner = @Owner, lease_until = @Until, attempts = attempts + 1
            WHERE id IN (
                SELECT w.id FROM work_item w
                WHERE w.state = 'pending' AND w.run_at <= @Now AND (w.lease_until IS NULL OR w.lease_until < @Now)
                  AND {HeadOfPartition}
                ORDER BY w.run_at, w.id
                LIMIT @Max
                {db.Dialect.SkipLockedClause})
            RETURNING {Columns}
            """, new { Owner = owner, Until = now + lease, Now = now, Max = max }, transaction, cancellationToken: ct)), ct);
        return [.. rows.Select(r => r.ToDomain()).OrderBy(i => i.RunAt).ThenBy(i => i.Id)];
    }

    public async Task<bool> CompleteAsync(WorkItem item, string owner, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(item);
        await using var connection = await db.OpenAsync(ct);
        return await connection.ExecuteAsync(new CommandDefinition(
            $"DELETE FROM work_item WHERE {OurClaim}", Claim(item, owner), cancellationToken: ct)) == 1;
    }

    public async Task<int> CompleteAllAsync(IReadOnlyCollection<WorkItem> items, string owner, CancellationToken ct)
    {
        if (items.Count == 0)
        {
            return 0;
        }

        // One statement, run per item (Dapper does that for a list), one commit for the batch.
        return await db.WriteAsync((connection, transaction) => connection.ExecuteAsync(new CommandDefinition(
            $"DELETE FROM work_item WHERE {OurClaim}", items.Select(i => Claim(i, owner)).ToList(), transaction, cancellationToken: ct)), ct);
    }

    public async Task<bool> CompleteAsync(WorkItem item, string owner, ITransaction tx, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(item);
        var (connection, transaction) = tx.Sql();
        return await connection.ExecuteAsync(new CommandDefinition(
            $"DELETE FROM work_item WHERE {OurClaim}", Claim(item, owner), transaction, cancellationToken: ct)) == 1;
    }

    public async Task<bool> RetryAsync(WorkItem item, string owner, DateTimeOffset runAt, string reason, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(item);
        await using var connection = await db.OpenAsync(ct);
        return await connection.ExecuteAsync(new CommandDefinition($"""
            UPDATE work_item SET run_at = @RunAt, lease_owner = NULL, lease_until = NULL, last_error = @Reason
            WHERE {OurClaim}
            """, new { item.Id, Owner = owner, item.Attempts, RunAt = runAt, Reason = reason }, cancellationToken: ct)) == 1;
    }

    public async Task<bool> BuryAsync(WorkItem item, string owner, string reason, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(item);
        await using var connection = await db.OpenAsync(ct);
        return await connection.ExecuteAsync(new CommandDefinition($"""
            UPDATE work_item SET state = 'dead', dead_at = @Now, lease_owner = NULL, lease_until = NULL, last_error = @Reason
            WHERE {OurClaim}
            """, new { item.Id, Owner = owner, item.Attempts, Now = time.GetUtcNow(), Reason = reason }, cancellationToken: ct)) == 1;
    }

    public async Task<DateTimeOffset?> NextDueAsync(CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        // Only items that could be claimed then: the first of each partition, when due and its lease (if any) is over.
        return await connection.ExecuteScalarAsync<DateTimeOffset?>(new CommandDefinition($"""
            SELECT MIN(CASE WHEN w.lease_until IS NOT NULL AND w.lease_until > w.run_at THEN w.lease_until ELSE w.run_at END)
            FROM work_item w
            WHERE w.state = 'pending' AND {HeadOfPartition}
            """, cancellationToken: ct));
    }

    public async Task<WorkSummary> SummaryAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        await using var connection = await db.OpenAsync(ct);
        var row = await connection.QuerySingleAsync<SummaryRow>(new CommandDefinition("""
            SELECT
                COALESCE(SUM(CASE WHEN state = 'pending' THEN 1 ELSE 0 END), 0) AS pending,
                COALESCE(SUM(CASE WHEN state = 'pending' AND run_at <= @Now AND (lease_until IS NULL OR lease_until < @Now)
                                  THEN 1 ELSE 0 END), 0) AS due_now,
                COALESCE(SUM(CASE WHEN state = 'pending' AND lease_until >= @Now THEN 1 ELSE 0 END), 0) AS leased,
                COALESCE(SUM(CASE WHEN state = 'dead' THEN 1 ELSE 0 END), 0) AS dead,
                MIN(CASE WHEN state = 'pending' THEN created_at END) AS oldest_pending_at
            FROM work_item
            """, new { Now = now }, cancellationToken: ct));
        return new WorkSummary(row.Pending, row.DueNow, row.Leased, row.Dead,
            row.OldestPendingAt is { } oldest ? (now > oldest ? now - oldest : TimeSpan.Zero) : null);
    }

    public async Task<Page<WorkItem>> ListAsync(WorkState state, Cursor after, int limit, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(after);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        await using var connection = await db.OpenAsync(ct);
        if (state == WorkState.Pending)
        {
            // Oldest due first, as they run; Cursor.Start sorts after everything, so the first page starts from "".
            var start = after == Cursor.Start;
            var pending = (await connection.QueryAsync<WorkItemRow>(new CommandDefinition($"""
                SELECT {Columns} FROM work_item
                WHERE state = 'pending' AND (run_at, id) > (@Key, @Id)
                ORDER BY run_at, id
                LIMIT @Take
                """, new { Key = start ? "" : after.Key, Id = start ? "" : after.Id, Take = limit + 1 }, cancellationToken: ct)))
                .Select(r => r.ToDomain()).ToList();
            return KeysetPage.From(pending, limit, i => i.RunAt, i => i.Id);
        }

        var dead = (await connection.QueryAsync<WorkItemRow>(new CommandDefinition($"""
            SELECT {Columns} FROM work_item
            WHERE state = 'dead' AND (dead_at, id) < (@Key, @Id)
            ORDER BY dead_at DESC, id DESC
            LIMIT @Take
            """, new { after.Key, after.Id, Take = limit + 1 }, cancellationToken: ct))).Select(r => r.ToDomain()).ToList();
        return KeysetPage.From(dead, limit, i => i.DeadAt ?? i.CreatedAt, i => i.Id);
    }

    public async Task<WorkItem?> FindAsync(Guid id, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        return (await connection.QuerySingleOrDefaultAsync<WorkItemRow>(new CommandDefinition(
            $"SELECT {Columns} FROM work_item WHERE id = @Id", new { Id = id }, cancellationToken: ct)))?.ToDomain();
    }

    public async Task<bool> RetryDeadAsync(Guid id, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        // It keeps its id, so it is again the earliest pending item of its partition and runs before later ones.
        // The last error stays, for whoever looks while it runs again.
        return await connection.ExecuteAsync(new CommandDefinition("""
            UPDATE work_item SET state = 'pending', run_at = @Now, attempts = 0, dead_at = NULL, lease_owner = NULL, lease_until = NULL
            WHERE id = @Id AND state = 'dead'
            """, new { Id = id, Now = time.GetUtcNow() }, cancellationToken: ct)) == 1;
    }

    public async Task<bool> IsPendingAsync(string kind, string partition, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT COUNT(*) FROM work_item WHERE partition_key = @Partition AND kind = @Kind AND state = 'pending'",
            new { Partition = partition, Kind = kind }, cancellationToken: ct)) > 0;
    }

    public async Task<int> ReleaseAllLeasesAsync(CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        return await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE work_item SET lease_owner = NULL, lease_until = NULL WHERE lease_until IS NOT NULL", cancellationToken: ct));
    }

    private static object Claim(WorkItem item, string owner) => new { item.Id, Owner = owner, item.Attempts };

    private sealed class WorkItemRow
    {
        public required Guid Id { get; init; }
        public required string Kind { get; init; }
        public required string Payload { get; init; }
        public string? PartitionKey { get; init; }
        public required string State { get; init; }
        public required DateTimeOffset RunAt { get; init; }
        public required long Attempts { get; init; }
        public string? LeaseOwner { get; init; }
        public DateTimeOffset? LeaseUntil { get; init; }
        public string? LastError { get; init; }
        public required DateTimeOffset CreatedAt { get; init; }
        public DateTimeOffset? DeadAt { get; init; }

        public WorkItem ToDomain() => new(
            Id, Kind, Payload, PartitionKey, (int)Attempts, RunAt, CreatedAt, LastError,
            State == "dead" ? WorkState.Dead : WorkState.Pending, LeaseOwner, LeaseUntil, DeadAt);
    }

    private sealed class SummaryRow
    {
        public required long Pending { get; init; }
        public required long DueNow { get; init; }
        public required long Leased { get; init; }
        public required long Dead { get; init; }
        public DateTimeOffset? OldestPendingAt { get; init; }
    }
}
