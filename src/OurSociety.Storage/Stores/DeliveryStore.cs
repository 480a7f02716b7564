using Dapper;
using OurSociety.Core;
using OurSociety.Core.Federation;
using OurSociety.Core.Paging;
using OurSociety.Storage.Sql;

namespace OurSociety.Storage.Stores;

public sealed class DeliveryStore(IDbConnectionFactory db) : IDeliveryStore
{
    private const string DeliveryColumns = "id, activity_id, inbox, host, attempts, state, next_attempt_at, last_status, last_error";
    private const string ActivityColumns = "id, actor, type, object_id, is_public, body, created_at";

    /// <summary>Ids per <c>IN</c> list: far below SQLite's limit of 32 766 parameters.</summary>
    private const int IdChunk = 500;

    public async Task AddAsync(OutboxActivity activity, IReadOnlyCollection<string> inboxes, DateTimeOffset now, ITransaction tx, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(activity);
        ArgumentNullException.ThrowIfNull(inboxes);
        var (connection, transaction) = tx.Sql();
        // The activity and all its deliveries commit with the change that caused them: after a crash either all exist
        // or none. Both inserts skip what is there already, so a work item that runs again adds nothing.
        await connection.ExecuteAsync(new CommandDefinition($"""
            INSERT INTO outbox_activity ({ActivityColumns}) VALUES (@Id, @Actor, @Type, @ObjectId, @IsPublic, @Body, @CreatedAt)
            ON CONFLICT (id) DO NOTHING
            """, new { activity.Id, activity.Actor, activity.Type, activity.ObjectId, IsPublic = activity.IsPublic ? 1 : 0, activity.Body, activity.CreatedAt },
            transaction, cancellationToken: ct));
        // One statement for all rows, prepared once and run per row (Dapper reuses the command for a list): parsing
        // it anew for each of 10 000 followers' inboxes took twice as long. (Many rows per INSERT was slower still:
        // thousands of named parameters.) A host marked unavailable gets its row already skipped: nothing is sent
        // until it is back.
        await connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO delivery (id, activity_id, inbox, host, attempts, state, next_attempt_at, created_at, finished_at)
            SELECT @Id, @ActivityId, @Inbox, @Host, 0, CASE WHEN u.host IS NULL THEN 'pending' ELSE 'skipped' END, @Now, @Now,
                   CASE WHEN u.host IS NULL THEN NULL ELSE @Now END
            FROM (SELECT 1 AS one) AS row
            LEFT JOIN host_status u ON u.host = @Host AND u.unavailable_since IS NOT NULL
            WHERE true   -- SQLite needs a WHERE before an upsert's ON CONFLICT after a SELECT
            ON CONFLICT (activity_id, inbox) DO NOTHING
            """,
            inboxes.Distinct(StringComparer.Ordinal).Select(inbox => new
            {
                Id = Guid.CreateVersion7(now),
                ActivityId = activity.Id,
                Inbox = inbox,
                Host = new Uri(inbox).Authority,
                Now = now,
            }).ToList(),
            transaction, cancellationToken: ct));
    }

    public async Task<IReadOnlyList<DueDelivery>> ClaimDueAsync(string owner, DateTimeOffset now, DateTimeOffset leaseUntil, int limit, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(owner);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        await using var tx = await db.BeginAsync(ct);
        var (connection, transaction) = tx.Sql();
        // One statement, so two claimers never both take a delivery: SQLite runs it under its one write lock, and on
        // PostgreSQL the dialect's SKIP LOCKED makes a claimer pass rows another is claiming. The inner SELECT walks
        // ix_delivery_due (pending, by next_attempt_at) and passes over the few rows in flight.
        var claimed = (await connection.QueryAsync<DeliveryRow>(new CommandDefinition(
            ClaimSql(db.Dialect), new { Owner = owner, Until = leaseUntil, Now = now, Limit = limit }, transaction, cancellationToken: ct))).ToList();
        if (claimed.Count == 0)
        {
            await tx.CommitAsync(ct);
            return [];
        }

        // RETURNING cannot join, so the signer and body come from a second query: per activity, not per delivery (a
        // batch is mostly one activity to many inboxes, and they share one body string).
        var activities = new Dictionary<string, (string Actor, string Body)>(StringComparer.Ordinal);
        foreach (var chunk in claimed.Select(d => d.ActivityId).Distinct(StringComparer.Ordinal).Chunk(IdChunk))
        {
            foreach (var a in await connection.QueryAsync<(string Id, string Actor, string Body)>(new CommandDefinition(
                "SELECT id, actor, body FROM outbox_activity WHERE id IN @Ids", new { Ids = chunk }, transaction, cancellationToken: ct)))
            {
                activities[a.Id] = (a.Actor, a.Body);
            }
        }

        await tx.CommitAsync(ct);

        // A delivery without its activity cannot be: it cascades from it (a row deleted meanwhile is gone with it).
        return [.. claimed
            .Where(d => activities.ContainsKey(d.ActivityId))
            .OrderBy(d => d.NextAttemptAt).ThenBy(d => d.Id)
            .Select(d => new DueDelivery(d.ToDomain(), activities[d.ActivityId].Actor, activities[d.ActivityId].Body))];
    }

    /// <summary>The claim (a test checks that SQLite finds its rows through <c>ix_delivery_due</c>).</summary>
    internal static string ClaimSql(ISqlDialect dialect) => $"""
        UPDATE delivery SET lease_owner = @Owner, lease_until = @Until
        WHERE id IN (
            SELECT id FROM delivery
            WHERE state = 'pending' AND next_attempt_at <= @Now AND (lease_until IS NULL OR lease_until < @Now)
            ORDER BY next_attempt_at
            LIMIT @Limit
            {dialect.SkipLockedClause})
        RETURNING {DeliveryColumns}
        """;

    public async Task<int> ReleaseAllLeasesAsync(CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        return await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE delivery SET lease_owner = NULL, lease_until = NULL WHERE lease_until IS NOT NULL", cancellationToken: ct));
    }

    public async Task<DateTimeOffset?> NextDueAsync(CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        return await connection.ExecuteScalarAsync<DateTimeOffset?>(new CommandDefinition(
            "SELECT MIN(next_attempt_at) FROM delivery WHERE state = 'pending'", cancellationToken: ct));
    }

    public async Task MarkDeliveredAsync(Guid id, int status, DateTimeOffset now, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition("""
            UPDATE delivery SET state = 'delivered', attempts = attempts + 1, last_status = @Status, last_error = NULL, finished_at = @Now,
                lease_owner = NULL, lease_until = NULL
            WHERE id = @Id
            """, new { Id = id, Status = status, Now = now }, cancellationToken: ct));
    }

    public async Task MarkDeliveredAsync(IReadOnlyCollection<(Guid Id, int Status)> deliveries, DateTimeOffset now, CancellationToken ct)
    {
        await using var tx = await db.BeginAsync(ct);
        var (connection, transaction) = tx.Sql();
        // One statement per status (almost always a single 202 or 200), one commit for the lot.
        foreach (var group in deliveries.GroupBy(d => d.Status))
        {
            // Ids as the text they are stored as (a list parameter would bypass the Guid type handler).
            foreach (var chunk in group.Select(d => d.Id.ToString("D")).Chunk(IdChunk))
            {
                await connection.ExecuteAsync(new CommandDefinition("""
                    UPDATE delivery SET state = 'delivered', attempts = attempts + 1, last_status = @Status, last_error = NULL, finished_at = @Now,
                        lease_owner = NULL, lease_until = NULL
                    WHERE id IN @Ids
                    """, new { Ids = chunk, Status = group.Key, Now = now }, transaction, cancellationToken: ct));
            }
        }

        await tx.CommitAsync(ct);
    }

    public async Task MarkRetryAsync(Guid id, int attempts, DateTimeOffset nextAttemptAt, int? status, string reason, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition("""
            UPDATE delivery SET attempts = @Attempts, next_attempt_at = @Next, last_status = @Status, last_error = @Error,
                lease_owner = NULL, lease_until = NULL
            WHERE id = @Id
            """, new { Id = id, Attempts = attempts, Next = nextAttemptAt, Status = status, Error = reason }, cancellationToken: ct));
    }

    public async Task MarkFailedAsync(Guid id, int attempts, int? status, string reason, DateTimeOffset now, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition("""
            UPDATE delivery SET state = 'failed', attempts = @Attempts, last_status = @Status, last_error = @Error, finished_at = @Now,
                lease_owner = NULL, lease_until = NULL
            WHERE id = @Id
            """, new { Id = id, Attempts = attempts, Status = status, Error = reason, Now = now }, cancellationToken: ct));
    }

    public async Task<bool> RecordHostFailureAsync(string host, DateOnly day, int daysUntilUnavailable, DateTimeOffset now, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var dayText = day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        // Counts distinct days, not attempts: a burst of retries in one afternoon is one bad day.
        await connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO host_status (host, last_failure_day, failure_days, unavailable_since) VALUES (@Host, @Day, 1, NULL)
            ON CONFLICT (host) DO UPDATE SET
                failure_days = CASE WHEN host_status.last_failure_day = excluded.last_failure_day
                                    THEN host_status.failure_days ELSE host_status.failure_days + 1 END,
                last_failure_day = excluded.last_failure_day
            """, new { Host = host, Day = dayText }, transaction, cancellationToken: ct));
        var becameUnavailable = await connection.ExecuteAsync(new CommandDefinition("""
            UPDATE host_status SET unavailable_since = @Now
            WHERE host = @Host AND failure_days >= @Limit AND unavailable_since IS NULL
            """, new { Host = host, Limit = daysUntilUnavailable, Now = now }, transaction, cancellationToken: ct)) == 1;
        if (becameUnavailable)
        {
            // What was still queued for it waits for nothing now; new deliveries are skipped until it is back.
            await connection.ExecuteAsync(new CommandDefinition("""
                UPDATE delivery SET state = 'skipped', finished_at = @Now, last_error = 'host unavailable'
                WHERE host = @Host AND state = 'pending'
                """, new { Host = host, Now = now }, transaction, cancellationToken: ct));
        }

        await transaction.CommitAsync(ct);
        return becameUnavailable;
    }

    public async Task RecordHostSuccessAsync(string host, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM host_status WHERE host = @Host", new { Host = host }, cancellationToken: ct));
    }

    public async Task RecordHostsSuccessAsync(IReadOnlyCollection<string> hosts, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM host_status WHERE host IN @Hosts", new { Hosts = hosts }, cancellationToken: ct));
    }

    public async Task<bool> IsHostUnavailableAsync(string host, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT COUNT(*) FROM host_status WHERE host = @Host AND unavailable_since IS NOT NULL", new { Host = host }, cancellationToken: ct)) > 0;
    }

    public async Task<IReadOnlyList<string>> FailingHostsAsync(CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        return (await connection.QueryAsync<string>(new CommandDefinition("SELECT host FROM host_status", cancellationToken: ct))).ToList();
    }

    public async Task<IReadOnlyList<Delivery>> ListForActivityAsync(string activityId, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        return (await connection.QueryAsync<DeliveryRow>(new CommandDefinition(
            $"SELECT {DeliveryColumns} FROM delivery WHERE activity_id = @ActivityId ORDER BY inbox",
            new { ActivityId = activityId }, cancellationToken: ct))).Select(r => r.ToDomain()).ToList();
    }

    public async Task<OutboxActivity?> FindActivityAsync(string id, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        return (await connection.QuerySingleOrDefaultAsync<ActivityRow>(new CommandDefinition(
            $"SELECT {ActivityColumns} FROM outbox_activity WHERE id = @Id", new { Id = id }, cancellationToken: ct)))?.ToDomain();
    }

    /// <summary>
    /// What an outbox lists: the actor's public Creates and Announces, less those whose object was deleted since or
    /// whose Announce was taken back (an outbox must not hand out what its author withdrew). A post deleted here is
    /// left out from the moment it is deleted, not only once the work its deletion queued has written the Delete: our
    /// posts' ids end with the post's id (36 characters), which its row is found by.
    /// </summary>
    private const string Listed = """
        o.actor = @Actor AND o.is_public = 1 AND o.type IN ('Create', 'Announce')
        AND NOT EXISTS (SELECT 1 FROM outbox_activity d WHERE d.object_id = o.object_id AND d.type = 'Delete')
        AND NOT EXISTS (SELECT 1 FROM outbox_activity u WHERE u.object_id = o.id AND u.type = 'Undo')
        AND NOT EXISTS (SELECT 1 FROM post p WHERE p.id = substr(o.object_id, length(o.object_id) - 35) AND p.deleted_at IS NOT NULL)
        """;

    public async Task<Page<OutboxActivity>> PublicActivitiesAsync(string actor, Cursor after, int limit, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        var rows = (await connection.QueryAsync<ActivityRow>(new CommandDefinition($"""
            SELECT {ActivityColumns} FROM outbox_activity o
            WHERE {Listed} AND (created_at, id) < (@Key, @Id)
            ORDER BY created_at DESC, id DESC
            LIMIT @Take
            """, new { Actor = actor, after.Key, after.Id, Take = limit + 1 }, cancellationToken: ct))).Select(r => r.ToDomain()).ToList();
        var shown = rows.Take(limit).ToList();
        var next = rows.Count > limit ? new Cursor(DapperSetup.Format(shown[^1].CreatedAt), shown[^1].Id).Encode() : null;
        return new Page<OutboxActivity>(shown, next);
    }

    public async Task<long> CountPublicActivitiesAsync(string actor, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            $"SELECT COUNT(*) FROM outbox_activity o WHERE {Listed}", new { Actor = actor }, cancellationToken: ct));
    }

    private sealed class DeliveryRow
    {
        public required Guid Id { get; init; }
        public required string ActivityId { get; init; }
        public required string Inbox { get; init; }
        public required string Host { get; init; }
        public required long Attempts { get; init; }
        public required string State { get; init; }
        public required DateTimeOffset NextAttemptAt { get; init; }
        public long? LastStatus { get; init; }
        public string? LastError { get; init; }

        public Delivery ToDomain() => new(
            Id, ActivityId, Inbox, Host, (int)Attempts, Enum.Parse<DeliveryState>(State, ignoreCase: true), NextAttemptAt, (int?)LastStatus, LastError);
    }

    private sealed class ActivityRow
    {
        public required string Id { get; init; }
        public required string Actor { get; init; }
        public required string Type { get; init; }
        public string? ObjectId { get; init; }
        public required long IsPublic { get; init; }
        public required string Body { get; init; }
        public required DateTimeOffset CreatedAt { get; init; }

        public OutboxActivity ToDomain() => new(Id, Actor, Type, ObjectId, IsPublic != 0, Body, CreatedAt);
    }
}
