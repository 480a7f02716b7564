using Dapper;
using OurSociety.Core;
using OurSociety.Core.Federation;
using OurSociety.Core.Moderation;
using OurSociety.Storage.Sql;

namespace OurSociety.Storage.Stores;

/// <summary>
/// Finds what this node keeps from one domain. Rows are narrowed with LIKE on the name, then each URL's host is parsed
/// and compared as a <see cref="DomainName"/> (a LIKE alone would also match the name inside a path or another host).
/// </summary>
public sealed class DomainContentStore(IDbConnectionFactory db) : IDomainContentStore
{
    public async Task<IReadOnlyList<string>> ActorIdsAsync(DomainName domain, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        var ids = await connection.QueryAsync<string>(new CommandDefinition(
            "SELECT id FROM remote_actor WHERE id LIKE @Pattern", new { Pattern = Pattern(domain) }, cancellationToken: ct));
        return [.. ids.Where(id => Under(domain, id))];
    }

    public async Task<IReadOnlyList<Guid>> PostIdsAsync(DomainName domain, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        var rows = await connection.QueryAsync<PostRow>(new CommandDefinition(
            "SELECT id, remote_author FROM post WHERE remote_author LIKE @Pattern AND deleted_at IS NULL",
            new { Pattern = Pattern(domain) }, cancellationToken: ct));
        return [.. rows.Where(r => Under(domain, r.RemoteAuthor)).Select(r => r.Id)];
    }

    public async Task<IReadOnlyList<Follow>> FollowsAsync(DomainName domain, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        var rows = await connection.QueryAsync<FollowStore.Row>(new CommandDefinition(
            "SELECT id, local_actor, remote_actor, direction, state, activity_id, created_at, accepted_at FROM follow WHERE remote_actor LIKE @Pattern",
            new { Pattern = Pattern(domain) }, cancellationToken: ct));
        return [.. rows.Where(r => Under(domain, r.RemoteActor)).Select(r => r.ToDomain())];
    }

    public async Task<IReadOnlyList<DomainMedia>> MediaAsync(DomainName domain, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        var rows = await connection.QueryAsync<MediaRow>(new CommandDefinition(
            "SELECT id, media_type, remote_url FROM media WHERE remote_url LIKE @Pattern",
            new { Pattern = Pattern(domain) }, cancellationToken: ct));
        return [.. rows.Where(r => Under(domain, r.RemoteUrl)).Select(r => new DomainMedia(r.Id, r.MediaType))];
    }

    public async Task DeleteMediaAsync(IReadOnlyList<Guid> ids, ITransaction tx, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(ids);
        var (connection, transaction) = tx.Sql();
        // Text, not Guid: Dapper expands a list parameter element by element, past the Guid type handler.
        foreach (var chunk in ids.Select(i => i.ToString("D")).Chunk(500))
        {
            // Pictures in posts point at these rows by id; those posts are the domain's and are deleted too.
            await connection.ExecuteAsync(new CommandDefinition(
                "UPDATE post_image SET media_id = NULL WHERE media_id IN @Ids", new { Ids = chunk }, transaction, cancellationToken: ct));
            await connection.ExecuteAsync(new CommandDefinition(
                "DELETE FROM media_version WHERE media_id IN @Ids", new { Ids = chunk }, transaction, cancellationToken: ct));
            await connection.ExecuteAsync(new CommandDefinition(
                "DELETE FROM media WHERE id IN @Ids", new { Ids = chunk }, transaction, cancellationToken: ct));
        }
    }

    public async Task DeleteReactionsAsync(IReadOnlyList<string> actorIds, ITransaction tx, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actorIds);
        var (connection, transaction) = tx.Sql();
        foreach (var chunk in actorIds.Chunk(500))
        {
            await connection.ExecuteAsync(new CommandDefinition(
                "DELETE FROM post_reaction WHERE is_local = 0 AND actor IN @Actors", new { Actors = chunk }, transaction, cancellationToken: ct));
        }
    }

    /// <summary>Narrows rows to those with the name somewhere in them (LIKE's own wildcards in a name cannot occur).</summary>
    private static string Pattern(DomainName domain) => "%" + domain.Value + "%";

    private static bool Under(DomainName domain, string? url) =>
        url is not null && Uri.TryCreate(url, UriKind.Absolute, out var uri)
        && DomainName.TryParse(uri.Host, out var host, out DomainNameProblem _) && domain.Covers(host);

    private sealed class PostRow
    {
        public required Guid Id { get; init; }
        public string? RemoteAuthor { get; init; }
    }

    private sealed class MediaRow
    {
        public required Guid Id { get; init; }
        public required string MediaType { get; init; }
        public string? RemoteUrl { get; init; }
    }
}
