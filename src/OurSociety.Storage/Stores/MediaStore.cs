using Dapper;
using OurSociety.Core.Media;
using OurSociety.Storage.Sql;

namespace OurSociety.Storage.Stores;

public sealed class MediaStore(IDbConnectionFactory db) : IMediaStore
{
    private const string Columns = "id, owner_id, media_type, width, height, size, remote_url, created_at, versions_made_at";

    /// <summary>
    /// Adds the row. Two fetches of the same remote image may race: the second insert is skipped, and the caller
    /// reads the winner back with <see cref="FindByRemoteUrlAsync"/>.
    /// </summary>
    public async Task AddAsync(MediaItem item, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO media (id, owner_id, media_type, width, height, size, remote_url, created_at)
            VALUES (@Id, @OwnerId, @MediaType, @Width, @Height, @Size, @RemoteUrl, @CreatedAt)
            ON CONFLICT (remote_url) DO NOTHING
            """, new { item.Id, item.OwnerId, item.MediaType, item.Width, item.Height, item.Size, item.RemoteUrl, item.CreatedAt },
            cancellationToken: ct));
    }

    public async Task<MediaItem?> FindAsync(Guid id, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        return (await connection.QuerySingleOrDefaultAsync<MediaRow>(new CommandDefinition(
            $"SELECT {Columns} FROM media WHERE id = @Id", new { Id = id }, cancellationToken: ct)))?.ToDomain();
    }

    public async Task<MediaItem?> FindByRemoteUrlAsync(string remoteUrl, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        return (await connection.QuerySingleOrDefaultAsync<MediaRow>(new CommandDefinition(
            $"SELECT {Columns} FROM media WHERE remote_url = @RemoteUrl", new { RemoteUrl = remoteUrl }, cancellationToken: ct)))?.ToDomain();
    }

    /// <summary>Writes the rows of a picture's versions and its mark together, so a mark never stands without its rows.</summary>
    public async Task RecordVersionsAsync(Guid id, IReadOnlyList<MediaVersion> versions, DateTimeOffset madeAt, CancellationToken ct)
    {
        await using var tx = await db.BeginAsync(ct);
        var (connection, transaction) = tx.Sql();
        await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM media_version WHERE media_id = @Id", new { Id = id }, transaction, cancellationToken: ct));
        await connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO media_version (media_id, width, height, media_type, size)
            VALUES (@Id, @Width, @Height, @MediaType, @Size)
            """, versions.Select(v => new { Id = id, v.Width, v.Height, v.MediaType, v.Size }), transaction, cancellationToken: ct));
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE media SET versions_made_at = @MadeAt WHERE id = @Id", new { Id = id, MadeAt = madeAt }, transaction, cancellationToken: ct));
        await tx.CommitAsync(ct);
    }

    public async Task<IReadOnlyList<MediaVersion>> VersionsAsync(Guid id, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        var rows = await connection.QueryAsync<VersionRow>(new CommandDefinition(
            "SELECT width, height, media_type, size FROM media_version WHERE media_id = @Id ORDER BY width, media_type",
            new { Id = id }, cancellationToken: ct));
        return [.. rows.Select(r => new MediaVersion(checked((int)r.Width), checked((int)r.Height), r.MediaType, r.Size))];
    }

    private sealed class VersionRow
    {
        public required long Width { get; init; }
        public required long Height { get; init; }
        public required string MediaType { get; init; }
        public required long Size { get; init; }
    }

    private sealed class MediaRow
    {
        public required Guid Id { get; init; }
        public Guid? OwnerId { get; init; }
        public required string MediaType { get; init; }
        public required long Width { get; init; }
        public required long Height { get; init; }
        public required long Size { get; init; }
        public string? RemoteUrl { get; init; }
        public required DateTimeOffset CreatedAt { get; init; }
        public DateTimeOffset? VersionsMadeAt { get; init; }

        public MediaItem ToDomain() => new(Id, OwnerId, MediaType, checked((int)Width), checked((int)Height), Size, RemoteUrl, CreatedAt)
        {
            VersionsMadeAt = VersionsMadeAt,
        };
    }
}
