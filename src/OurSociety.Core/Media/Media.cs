namespace OurSociety.Core.Media;

/// <summary>
/// A picture kept on this node: one a member uploaded (<paramref name="OwnerId"/>), or a copy of a remote one
/// (<paramref name="RemoteUrl"/>), so readers' browsers never contact other servers. The bytes are always our own
/// re-encoding, never the file as it was sent.
/// </summary>
public sealed record MediaItem(Guid Id, Guid? OwnerId, string MediaType, int Width, int Height, long Size, string? RemoteUrl, DateTimeOffset CreatedAt);

public interface IMediaStore
{
    Task AddAsync(MediaItem item, CancellationToken ct);

    Task<MediaItem?> FindAsync(Guid id, CancellationToken ct);

    Task<MediaItem?> FindByRemoteUrlAsync(string remoteUrl, CancellationToken ct);
}
