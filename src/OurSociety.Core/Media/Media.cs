namespace OurSociety.Core.Media;

public sealed record MediaItem(Guid Id, Guid? OwnerId, string MediaType, int Width, int Height, long Size, string? RemoteUrl, DateTimeOffset CreatedAt);
public interface IMediaStore
{
    Task AddAsync(MediaItem item, CancellationToken ct);
    Task<MediaItem?> FindAsync(Guid id, CancellationToken ct);
    Task<MediaItem?> FindByRemoteUrlAsync(string remoteUrl, CancellationToken ct);
}
