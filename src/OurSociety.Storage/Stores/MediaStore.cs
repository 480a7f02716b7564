using Dapper;
using OurSociety.Core.Media;
using OurSociety.Storage.Sql;

namespace OurSociety.Storage.Stores;

public sealed class MediaStore(IDbConnectionFactory db) : IMediaStore
{
    private const string Columns = "id, owner_id, media_type, width, height, size, remote_url, created_at";

    public async Task AddAsync(MediaItem item, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(
            $"INSERT INTO media ({Columns}) VALUES (@Id, @OwnerId, @MediaType, @Width, @Height, @Size, @RemoteUrl, @CreatedAt) ON CONFLICT DO NOTHING",
            item, cancellationToken: ct));
    }

    public async Task<MediaItem?> FindAsync(Guid id, CancellationToken ct) => await FindWhereAsync("id = @Id", new { Id = id }, ct);

    public async Task<MediaItem?> FindByRemoteUrlAsync(string remoteUrl, CancellationToken ct) =>
        await FindWhereAsync("remote_url = @RemoteUrl", new { RemoteUrl = remoteUrl }, ct);

    private async Task<MediaItem?> FindWhereAsync(string where, object parameters, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        var row = await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition($"SELECT {Columns} FROM media WHERE {where}", parameters, cancellationToken: ct));
        return row is null ? null : new MediaItem(row.Id, row.OwnerId, row.MediaType, (int)row.Width, (int)row.Height, row.Size, row.RemoteUrl, row.CreatedAt);
    }

    private sealed class Row
    {
        public required Guid Id { get; init; }
        public Guid? OwnerId { get; init; }
        public required string MediaType { get; init; }
        public required long Width { get; init; }
        public required long Height { get; init; }
        public required long Size { get; init; }
        public string? RemoteUrl { get; init; }
        public required DateTimeOffset CreatedAt { get; init; }
    }
}
