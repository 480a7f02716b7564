namespace OurSociety.Core.Federation;

/// <summary><c>Out</c>: a local actor follows a remote one. <c>In</c>: a remote actor follows a local one.</summary>
public enum FollowDirection
{
    Out,
    In,
}

public enum FollowState
{
    /// <summary>Sent and not yet accepted (ours), or waiting for the local member's approval (theirs).</summary>
    Pending,
    Accepted,
}

/// <summary>A follow between a local actor (member or hub, by username) and a remote actor.</summary>
public sealed record Follow(
    Guid Id,
    string LocalActor,
    string RemoteActorId,
    FollowDirection Direction,
    FollowState State,
    string ActivityId,
    DateTimeOffset CreatedAt,
    DateTimeOffset? AcceptedAt);

/// <summary>A follow with the remote actor, for lists.</summary>
public sealed record FollowEntry(Follow Follow, RemoteActor Actor);

public interface IFollowStore
{
    /// <summary>Adds the follow, or replaces the pair's existing one in the same direction (a repeated Follow); returns it.</summary>
    Task<Follow> PutAsync(Follow follow, ITransaction tx, CancellationToken ct);

    Task<Follow?> FindAsync(Guid id, CancellationToken ct);

    Task<Follow?> FindAsync(string localActor, string remoteActorId, FollowDirection direction, CancellationToken ct);

    Task<Follow?> FindByActivityAsync(string activityId, CancellationToken ct);

    /// <summary>True when some local actor (a member or the hub) has an accepted follow of this remote actor.</summary>
    Task<bool> IsFollowedHereAsync(string remoteActorId, CancellationToken ct);

    /// <summary>Marks a pending follow accepted; false when it was not pending.</summary>
    Task<bool> AcceptAsync(Guid id, DateTimeOffset now, ITransaction tx, CancellationToken ct);

    Task<bool> DeleteAsync(Guid id, ITransaction tx, CancellationToken ct);

    /// <summary>Removes follows both ways between the two (after a block).</summary>
    Task<int> DeleteBetweenAsync(string localActor, string remoteActorId, ITransaction tx, CancellationToken ct);

    /// <summary>Removes every follow of a local actor, both ways (its account was deleted).</summary>
    Task<int> DeleteAllOfAsync(string localActor, ITransaction tx, CancellationToken ct);

    /// <summary>Removes the inbound follows of every remote actor whose delivery inbox is gone (404/410).</summary>
    Task<int> DeleteFollowersAtInboxAsync(string inbox, CancellationToken ct);

    /// <summary>Follows in one direction, newest first; <paramref name="state"/> null lists pending and accepted together.</summary>
    Task<Paging.Page<FollowEntry>> ListAsync(string localActor, FollowDirection direction, FollowState? state, Paging.Cursor after, int limit, CancellationToken ct);

    Task<long> CountAsync(string localActor, FollowDirection direction, FollowState state, CancellationToken ct);

    /// <summary>The distinct delivery inboxes (shared inbox, else inbox) of a local actor's accepted followers.</summary>
    Task<IReadOnlyList<string>> FollowerInboxesAsync(string localActor, CancellationToken ct);

    /// <summary>Ids of accepted remote actors in one direction, newest first, for the followers/following collections.</summary>
    Task<Paging.Page<string>> ActorIdsAsync(string localActor, FollowDirection direction, Paging.Cursor after, int limit, CancellationToken ct);
}
