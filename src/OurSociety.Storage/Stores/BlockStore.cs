using Dapper;
using OurSociety.Core;
using OurSociety.Core.Federation;
using OurSociety.Core.Paging;
using OurSociety.Storage.Sql;

namespace OurSociety.Storage.Stores;

public sealed class BlockStore(IDbConnectionFactory db) : IBlockStore
{
    private const string Columns = "local_actor, remote_actor, direction, activity_id, created_at";

    public async Task<bool> AddAsync(Block block, ITransaction tx, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(block);
        var (connection, transaction) = tx.Sql();
        return await connection.ExecuteAsync(new CommandDefinition($"""
            INSERT INTO actor_block ({Columns}) VALUES (@LocalActor, @RemoteActorId, @Direction, @ActivityId, @CreatedAt)
            ON CONFLICT DO NOTHING
            """, new { block.LocalActor, block.RemoteActorId, Direction = FollowStore.Name(block.Direction), block.ActivityId, block.CreatedAt },
            transaction, cancellationToken: ct)) == 1;
    }

    public async Task<Block?> FindAsync(string localActor, string remoteActorId, FollowDirection direction, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        return (await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
            $"SELECT {Columns} FROM actor_block WHERE local_actor = @LocalActor AND remote_actor = @Remote AND direction = @Direction",
            new { LocalActor = localActor, Remote = remoteActorId, Direction = FollowStore.Name(direction) }, cancellationToken: ct)))?.ToDomain();
    }

    public async Task<bool> DeleteAsync(string localActor, string remoteActorId, FollowDirection direction, ITransaction tx, CancellationToken ct)
    {
        var (connection, transaction) = tx.Sql();
        return await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM actor_block WHERE local_actor = @LocalActor AND remote_actor = @Remote AND direction = @Direction",
            new { LocalActor = localActor, Remote = remoteActorId, Direction = FollowStore.Name(direction) }, transaction, cancellationToken: ct)) == 1;
    }

    public async Task<Page<Block>> ListAsync(string localActor, FollowDirection direction, Cursor after, int limit, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        // Keyed by (created_at, remote actor id): the cursor's id part is the actor IRI here, not a Guid.
        var rows = (await connection.QueryAsync<Row>(new CommandDefinition($"""
            SELECT {Columns} FROM actor_block
            WHERE local_actor = @LocalActor AND direction = @Direction AND (created_at, remote_actor) < (@Key, @Id)
            ORDER BY created_at DESC, remote_actor DESC
            LIMIT @Take
            """, new { LocalActor = localActor, Direction = FollowStore.Name(direction), after.Key, after.Id, Take = limit + 1 }, cancellationToken: ct)))
            .Select(r => r.ToDomain()).ToList();
        var shown = rows.Take(limit).ToList();
        var next = rows.Count > limit ? new Cursor(DapperSetup.Format(shown[^1].CreatedAt), shown[^1].RemoteActorId).Encode() : null;
        return new Page<Block>(shown, next);
    }

    private sealed class Row
    {
        public required string LocalActor { get; init; }
        public required string RemoteActor { get; init; }
        public required string Direction { get; init; }
        public required string ActivityId { get; init; }
        public required DateTimeOffset CreatedAt { get; init; }

        public Block ToDomain() => new(LocalActor, RemoteActor, Direction == "out" ? FollowDirection.Out : FollowDirection.In, ActivityId, CreatedAt);
    }
}
