using Dapper;
using OurSociety.Core;
using OurSociety.Core.Federation;
using OurSociety.Core.Moderation;
using OurSociety.Storage.Sql;

namespace OurSociety.Storage.Stores;

/// <summary>
/// The sanction columns of <c>member</c> and <c>remote_actor</c> (migration 0022). Kept apart from the member and actor
/// stores on purpose: their upserts never name these columns, so a re-fetch of an actor cannot lift a suspension.
/// </summary>
public sealed class AccountSanctionStore(IDbConnectionFactory db) : IAccountSanctionStore
{
    public async Task SetMemberLimitAsync(Guid memberId, DateTimeOffset? at, ITransaction tx, CancellationToken ct)
    {
        var (connection, transaction) = tx.Sql();
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE member SET limited_at = @At WHERE id = @Id", new { Id = memberId, At = at }, transaction, cancellationToken: ct));
    }

    public async Task SetMemberSuspensionAsync(Guid memberId, DateTimeOffset? at, string? reason, ITransaction tx, CancellationToken ct)
    {
        var (connection, transaction) = tx.Sql();
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE member SET suspended_at = @At, suspension_reason = @Reason WHERE id = @Id",
            new { Id = memberId, At = at, Reason = at is null ? null : reason }, transaction, cancellationToken: ct));
    }

    public async Task<RemoteSanction> FindRemoteAsync(string actorId, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        var row = await connection.QuerySingleOrDefaultAsync<SanctionRow>(new CommandDefinition(
            "SELECT limited_at, suspended_at FROM remote_actor WHERE id = @Id", new { Id = actorId }, cancellationToken: ct));
        return row is null ? RemoteSanction.None : new RemoteSanction(row.LimitedAt, row.SuspendedAt);
    }

    public async Task<RemoteActor?> FindRemoteByHandleAsync(string username, string host, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        var id = await connection.QueryFirstOrDefaultAsync<string>(new CommandDefinition(
            "SELECT id FROM remote_actor WHERE LOWER(username) = LOWER(@Username) AND host = LOWER(@Host) ORDER BY fetched_at DESC",
            new { Username = username, Host = host }, cancellationToken: ct));
        return id is null ? null : await new RemoteActorStore(db).FindAsync(id, ct);
    }

    public async Task SetRemoteLimitAsync(string actorId, DateTimeOffset? at, ITransaction tx, CancellationToken ct)
    {
        var (connection, transaction) = tx.Sql();
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE remote_actor SET limited_at = @At WHERE id = @Id", new { Id = actorId, At = at }, transaction, cancellationToken: ct));
    }

    public async Task SetRemoteSuspensionAsync(string actorId, DateTimeOffset? at, ITransaction tx, CancellationToken ct)
    {
        var (connection, transaction) = tx.Sql();
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE remote_actor SET suspended_at = @At WHERE id = @Id", new { Id = actorId, At = at }, transaction, cancellationToken: ct));
    }

    public async Task<RemotePurge> PurgeRemoteContentAsync(string actorId, ITransaction tx, CancellationToken ct)
    {
        var (connection, transaction) = tx.Sql();
        var p = new { Actor = actorId };
        // Cached copies of their pictures used by nothing else: their rows go here, their files once this commits.
        var media = (await connection.QueryAsync<MediaFileRow>(new CommandDefinition("""
            SELECT DISTINCT m.id, m.media_type FROM post_image i JOIN post p ON p.id = i.post_id JOIN media m ON m.id = i.media_id
            WHERE p.remote_author = @Actor AND m.owner_id IS NULL
              AND NOT EXISTS (SELECT 1 FROM post_image o JOIN post q ON q.id = o.post_id
                              WHERE o.media_id = i.media_id AND (q.remote_author IS NULL OR q.remote_author <> @Actor))
            """, p, transaction, cancellationToken: ct))).ToList();
        // Their reactions to posts here; mentions in their posts; then the posts (topics, images, sources, reactions
        // and notifications about them cascade; the search index follows through its triggers).
        await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM post_reaction WHERE actor = @Actor AND is_local = 0", p, transaction, cancellationToken: ct));
        await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM mention WHERE subject IN (SELECT 'post:' || id FROM post WHERE remote_author = @Actor)", p, transaction, cancellationToken: ct));
        await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM notification WHERE actor = @Actor AND is_local = 0", p, transaction, cancellationToken: ct));
        // Replies by others to their posts go with the thread (post.parent_id/root_id cascade).
        var posts = await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM post WHERE remote_author = @Actor", p, transaction, cancellationToken: ct));
        await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM proposal WHERE remote_author = @Actor", p, transaction, cancellationToken: ct));
        // Their posts sent to the hub, in any state: a moderator can never approve what a purged account wrote, and
        // nothing of it is kept (the moderation log keeps the answers already given).
        await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM hub_submission WHERE actor_id = @Actor", p, transaction, cancellationToken: ct));
        if (media.Count > 0)
        {
            // Text, not Guid: Dapper expands a list parameter element by element, past the Guid type handler.
            var ids = media.Select(m => m.Id.ToString("D")).ToList();
            await connection.ExecuteAsync(new CommandDefinition(
                "DELETE FROM media_version WHERE media_id IN @Ids", new { Ids = ids }, transaction, cancellationToken: ct));
            await connection.ExecuteAsync(new CommandDefinition(
                "DELETE FROM media WHERE id IN @Ids AND owner_id IS NULL", new { Ids = ids }, transaction, cancellationToken: ct));
        }

        return new RemotePurge(posts, [.. media.Select(m => new Core.Media.MediaFileRef(m.Id, m.MediaType))]);
    }

    private sealed record MediaFileRow(Guid Id, string MediaType);

    public async Task<IReadOnlyList<string>> LocalActorsLinkedToAsync(string actorId, FollowDirection direction, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        return (await connection.QueryAsync<string>(new CommandDefinition(
            "SELECT local_actor FROM follow WHERE remote_actor = @Actor AND direction = @Direction ORDER BY local_actor",
            new { Actor = actorId, Direction = DirectionName(direction) }, cancellationToken: ct))).ToList();
    }

    public async Task<int> DeleteFollowsAsync(string actorId, FollowDirection direction, ITransaction tx, CancellationToken ct)
    {
        var (connection, transaction) = tx.Sql();
        return await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM follow WHERE remote_actor = @Actor AND direction = @Direction",
            new { Actor = actorId, Direction = DirectionName(direction) }, transaction, cancellationToken: ct));
    }

    public async Task<IReadOnlyList<SanctionedAccount>> ListSanctionedAsync(int limit, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        var rows = await connection.QueryAsync<ListRow>(new CommandDefinition("""
            SELECT kind, account, label, limited_at, suspended_at FROM (
                SELECT 'member' AS kind, '@' || username AS account, '@' || username AS label, limited_at, suspended_at,
                       COALESCE(suspended_at, limited_at) AS since
                FROM member WHERE limited_at IS NOT NULL OR suspended_at IS NOT NULL
                UNION ALL
                SELECT 'remote-account', id, CASE WHEN username IS NULL THEN id ELSE '@' || username || '@' || host END,
                       limited_at, suspended_at, COALESCE(suspended_at, limited_at)
                FROM remote_actor WHERE limited_at IS NOT NULL OR suspended_at IS NOT NULL)
            ORDER BY since DESC, account
            LIMIT @Limit
            """, new { Limit = limit }, cancellationToken: ct));
        return [.. rows.Select(r => new SanctionedAccount(r.Kind, r.Account, r.Label, r.LimitedAt, r.SuspendedAt))];
    }

    private static string DirectionName(FollowDirection direction) => direction == FollowDirection.In ? "in" : "out";

    private sealed class SanctionRow
    {
        public DateTimeOffset? LimitedAt { get; init; }
        public DateTimeOffset? SuspendedAt { get; init; }
    }

    private sealed class ListRow
    {
        public required string Kind { get; init; }
        public required string Account { get; init; }
        public required string Label { get; init; }
        public DateTimeOffset? LimitedAt { get; init; }
        public DateTimeOffset? SuspendedAt { get; init; }
    }
}
