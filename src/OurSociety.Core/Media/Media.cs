namespace OurSociety.Core.Media;

/// <summary>
/// A picture kept on this node: one a member uploaded (<paramref name="OwnerId"/>), or a copy of a remote one
/// (<paramref name="RemoteUrl"/>), so readers' browsers never contact other servers. The bytes are always our own
/// re-encoding, never the file as it was sent.
/// </summary>
public sealed record MediaItem(Guid Id, Guid? OwnerId, string MediaType, int Width, int Height, long Size, string? RemoteUrl, DateTimeOffset CreatedAt)
{
    /// <summary>When its smaller and lighter versions were made; null until then (pages fall back to the picture itself).</summary>
    public DateTimeOffset? VersionsMadeAt { get; init; }
}

/// <summary>A smaller or lighter copy of a <see cref="MediaItem"/> (a width in WebP or the picture's own type), served beside it.</summary>
public sealed record MediaVersion(int Width, int Height, string MediaType, long Size);

public interface IMediaStore
{
    Task AddAsync(MediaItem item, CancellationToken ct);

    Task<MediaItem?> FindAsync(Guid id, CancellationToken ct);

    Task<MediaItem?> FindByRemoteUrlAsync(string remoteUrl, CancellationToken ct);

    /// <summary>Records a picture's versions (replacing any recorded before) and when they were made, in one commit.</summary>
    Task RecordVersionsAsync(Guid id, IReadOnlyList<MediaVersion> versions, DateTimeOffset madeAt, CancellationToken ct);

    /// <summary>A picture's recorded versions, narrowest first.</summary>
    Task<IReadOnlyList<MediaVersion>> VersionsAsync(Guid id, CancellationToken ct);
}
