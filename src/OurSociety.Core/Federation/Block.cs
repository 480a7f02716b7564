namespace OurSociety.Core.Federation;

/// <summary><c>Out</c>: a local member blocks a remote actor. <c>In</c>: a remote actor blocked a local one.</summary>
public sealed record Block(string LocalActor, string RemoteActorId, FollowDirection Direction, string ActivityId, DateTimeOffset CreatedAt);

public interface IBlockStore
{
    /// <summary>Adds the block; false when it was already there.</summary>
    Task<bool> AddAsync(Block block, ITransaction tx, CancellationToken ct);

    Task<Block?> FindAsync(string localActor, string remoteActorId, FollowDirection direction, CancellationToken ct);

    Task<bool> DeleteAsync(string localActor, string remoteActorId, FollowDirection direction, ITransaction tx, CancellationToken ct);

    Task<Paging.Page<Block>> ListAsync(string localActor, FollowDirection direction, Paging.Cursor after, int limit, CancellationToken ct);
}
