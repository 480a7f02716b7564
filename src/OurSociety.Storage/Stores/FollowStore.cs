using Dapper;
using OurSociety.Core;
using OurSociety.Core.Federation;
using OurSociety.Core.Paging;
using OurSociety.Storage.Sql;

namespace OurSociety.Storage.Stores;

public sealed class FollowStore(IDbConnectionFactory db) : IFollowStore
{
    private const string Columns = "id, local_actor, remote_actor, direction, state, activity_id, created_at, accepted_at";

    public async Task<Follow> PutAsync(Follow follow, ITransaction tx, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(follow);
        var (connection, transaction) = tx.Sql();
        // A repeated Follow keeps the pair's row (and its id) and takes the new activity id, as Mastodon fast-forwards.
        return (await connection.QuerySingleAsync<Row>(new CommandDefinition($"""
            INSERT INTO follow ({Columns})
            VALUES (@Id, @LocalActor, @RemoteActorId, @Direction, @State, @ActivityId, @CreatedAt, @AcceptedAt)
            ON CONFLICT (local_actor, remote_actor, direction) DO UPDATE SET
                activity_id = excluded.activity_id,
                state = CASE WHEN follow.state = 'accepted' THEN follow.state ELSE excluded.state END,
                accepted_at = COALESCE(follow.accepted_at, excluded.accepted_at)
            RETURNING {Columns}
            """, Row.From(follow), transaction, cancellationToken: ct))).ToDomain();
    }

    public async Task<Follow?> FindAsync(Guid id, CancellationToken ct) =>
        await FindWhereAsync("id = @Id", new { Id = id }, ct);

    public async Task<Follow?> FindAsync(string localActor, string remoteActorId, FollowDirection direction, CancellationToken ct) =>
        await FindWhereAsync(
            "local_actor = @LocalActor AND remote_actor = @Remote AND direction = @Direction",
            new { LocalActor = localActor, Remote = remoteActorId, Direction = Name(direction) },
            ct);

    public async Task<Follow?> FindByActivityAsync(string activityId, CancellationToken ct) =>
        await FindWhereAsync("activity_id = @ActivityId", new { ActivityId = activityId }, ct);

    public async Task<bool> IsFollowedHereAsync(string remoteActorId, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT EXISTS (SELECT 1 FROM follow WHERE remote_actor = @Actor AND direction = 'out' AND state = 'accepted')",
            new { Actor = remoteActorId }, cancellationToken: ct)) == 1;
    }

    public async Task<bool> AcceptAsync(Guid id, DateTimeOffset now, ITransaction tx, CancellationToken ct)
    {
        var (connection, transaction) = tx.Sql();
        return await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE follow SET state = 'accepted', accepted_at = @Now WHERE id = @Id AND state = 'pending'",
            new { Id = id, Now = now }, transaction, cancellationToken: ct)) == 1;
    }

    public async Task<bool> DeleteAsync(Guid id, ITransaction tx, CancellationToken ct)
    {
        var (connection, transaction) = tx.Sql();
        return await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM follow WHERE id = @Id", new { Id = id }, transaction, cancellationToken: ct)) == 1;
    }

    public async Task<int> DeleteBetweenAsync(string localActor, string remoteActorId, ITransaction tx, CancellationToken ct)
    {
        var (connection, transaction) = tx.Sql();
        return await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM follow WHERE local_actor = @LocalActor AND remote_actor = @Remote",
            new { LocalActor = localActor, Remote = remoteActorId }, transaction, cancellationToken: ct));
    }

    public async Task<int> DeleteAllOfAsync(string localActor, ITransaction tx, CancellationToken ct)
    {
        var (connection, transaction) = tx.Sql();
        return await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM follow WHERE local_actor = @LocalActor", new { LocalActor = localActor }, transaction, cancellationToken: ct));
    }

    public async Task<int> DeleteFollowersAtInboxAsync(string inbox, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        return await connection.ExecuteAsync(new CommandDefinition("""
            DELETE FROM follow
            WHERE direction = 'in'
              AND remote_actor IN (SELECT id FROM remote_actor WHERE COALESCE(shared_inbox, inbox) = @Inbox OR inbox = @Inbox)
            """, new { Inbox = inbox }, cancellationToken: ct));
    }

    public async Task<Page<FollowEntry>> ListAsync(
        string localActor, FollowDirection direction, FollowState? state, Cursor after, int limit, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        var stateFilter = state is null ? "" : "AND f.state = @State";
        var rows = (await connection.QueryAsync<Row, RemoteActorStore.Row, FollowEntry>(new CommandDefinition($"""
            SELECT f.id, f.local_actor, f.remote_actor, f.direction, f.state, f.activity_id, f.created_at, f.accepted_at,
                   a.id, a.type, a.username, a.host, a.name, a.inbox, a.shared_inbox, a.url, a.icon_url, a.key_id,
                   a.public_key_pem, a.manually_approves_followers, a.document, a.fetched_at
            FROM follow f JOIN remote_actor a ON a.id = f.remote_actor
            WHERE f.local_actor = @LocalActor AND f.direction = @Direction {stateFilter}
              AND (f.created_at, f.id) < (@Key, @Id)
            ORDER BY f.created_at DESC, f.id DESC
            LIMIT @Take
            """, new { LocalActor = localActor, Direction = Name(direction), State = state is { } s ? Name(s) : null, after.Key, after.Id, Take = limit + 1 },
            cancellationToken: ct), (f, a) => new FollowEntry(f.ToDomain(), a.ToDomain()), splitOn: "id")).ToList();
        return KeysetPage.From(rows, limit, r => r.Follow.CreatedAt, r => r.Follow.Id);
    }

    public async Task<long> CountAsync(string localActor, FollowDirection direction, FollowState state, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT COUNT(*) FROM follow WHERE local_actor = @LocalActor AND direction = @Direction AND state = @State",
            new { LocalActor = localActor, Direction = Name(direction), State = Name(state) }, cancellationToken: ct));
    }

    public async Task<IReadOnlyList<string>> FollowerInboxesAsync(string localActor, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        return (await connection.QueryAsync<string>(new CommandDefinition("""
            SELECT DISTINCT COALESCE(a.shared_inbox, a.inbox)
            FROM follow f JOIN remote_actor a ON a.id = f.remote_actor
            WHERE f.local_actor = @LocalActor AND f.direction = 'in' AND f.state = 'accepted'
            """, new { LocalActor = localActor }, cancellationToken: ct))).ToList();
    }

    public async Task<Page<string>> ActorIdsAsync(string localActor, FollowDirection direction, Cursor after, int limit, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        var rows = (await connection.QueryAsync<Row>(new CommandDefinition($"""
            SELECT {Columns} FROM follow
            WHERE local_actor = @LocalActor AND direction = @Direction AND state = 'accepted' AND (created_at, id) < (@Key, @Id)
            ORDER BY created_at DESC, id DESC
            LIMIT @Take
            """, new { LocalActor = localActor, Direction = Name(direction), after.Key, after.Id, Take = limit + 1 }, cancellationToken: ct)))
            .Select(r => r.ToDomain()).ToList();
        var page = KeysetPage.From(rows, limit, r => r.CreatedAt, r => r.Id);
        return new Page<string>(page.Items.Select(f => f.RemoteActorId).ToList(), page.Next);
    }

    private async Task<Follow?> FindWhereAsync(string where, object parameters, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        return (await connection.QueryFirstOrDefaultAsync<Row>(new CommandDefinition(
            $"SELECT {Columns} FROM follow WHERE {where}", parameters, cancellationToken: ct)))?.ToDomain();
    }

    internal static string Name(FollowDirection direction) => direction == FollowDirection.Out ? "out" : "in";

    private static string Name(FollowState state) => state.ToString().ToLowerInvariant();

    /// <summary>A follow row as Dapper reads it; also used by the stores that read follows for moderation.</summary>
    internal sealed class Row
    {
        public required Guid Id { get; init; }
        public required string LocalActor { get; init; }
        public required string RemoteActor { get; init; }
        public required string Direction { get; init; }
        public required string State { get; init; }
        public required string ActivityId { get; init; }
        public required DateTimeOffset CreatedAt { get; init; }
        public DateTimeOffset? AcceptedAt { get; init; }

        // Dapper binds parameters by property name: the domain's names are used in INSERT.
        public static object From(Follow f) => new
        {
            f.Id,
            f.LocalActor,
            f.RemoteActorId,
            Direction = Name(f.Direction),
            State = Name(f.State),
            f.ActivityId,
            f.CreatedAt,
            f.AcceptedAt,
        };

        public Follow ToDomain() => new(
            Id,
            LocalActor,
            RemoteActor,
            Direction == "out" ? FollowDirection.Out : FollowDirection.In,
            State == "accepted" ? FollowState.Accepted : FollowState.Pending,
            ActivityId,
            CreatedAt,
            AcceptedAt);
    }
}
