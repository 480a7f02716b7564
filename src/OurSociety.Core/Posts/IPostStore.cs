using OurSociety.Core.Paging;

namespace OurSociety.Core.Posts;

public enum ReactionKind
{
    /// <summary>"This helped me": a Like.</summary>
    Like,

    /// <summary>A share: an Announce.</summary>
    Share,
}

/// <summary>A like or share by a member here (<see cref="IsLocal"/>, actor = member id) or by a remote actor (IRI).</summary>
public sealed record Reaction(Guid PostId, ReactionKind Kind, string Actor, bool IsLocal, string? ActivityId, DateTimeOffset CreatedAt);

/// <summary>
/// Which posts a list shows. Lists are stories and lessons (never replies), published, not deleted, newest first; each
/// set filter narrows it. <see cref="Viewer"/> decides followers-only posts: the author, and followers of a remote author.
/// </summary>
public sealed record PostQuery
{
    public PostKind? Kind { get; init; }

    public Guid? AuthorId { get; init; }

    public string? RemoteAuthor { get; init; }

    public string? Topic { get; init; }

    public string? Locality { get; init; }

    public DateTimeOffset? Since { get; init; }

    public DateTimeOffset? Until { get; init; }

    /// <summary>True: written here only; false: received only; null: both.</summary>
    public bool? Local { get; init; }

    /// <summary>Only public posts (timelines, topics, feeds, open data); otherwise unlisted ones too (an author's page).</summary>
    public bool PublicOnly { get; init; } = true;

    /// <summary>The member looking: sees their own drafts? No — drafts only with <see cref="Drafts"/>.</summary>
    public Guid? Viewer { get; init; }

    /// <summary>The home timeline of this member: local posts, posts by actors they follow or shared by them, and followed topics.</summary>
    public Guid? HomeOf { get; init; }

    /// <summary>The author's own drafts instead of published posts (needs <see cref="AuthorId"/>).</summary>
    public bool Drafts { get; init; }

    /// <summary>The member looking: what they muted or blocked (accounts, domains) is left out (issue 13, mutes).</summary>
    public Guid? HiddenFor { get; init; }

    /// <summary>The hub's page: posts written here and posts from elsewhere whose submission to the hub was approved (issue 14).</summary>
    public bool OnHub { get; init; }
    /// <summary>Only received posts that came through this hub (their FEP-1b12 <c>audience</c>, an actor id).</summary>
    public string? Hub { get; init; }

    /// <summary>
    /// Only posts from this place: the post's own locality or the locality of the hub it came through (as that hub's
    /// actor says), either matching case-insensitively (the network timeline's filter, issue 14).
    /// </summary>
    public string? PostOrHubLocality { get; init; }
}

public interface IPostStore
{
    /// <summary>Adds a post with its topics, images and sources in one transaction; false when its ap id is known already.</summary>
    Task<bool> AddAsync(Post post, ITransaction tx, CancellationToken ct);

    /// <summary>Replaces a post's content, topics, images and sources in one transaction.</summary>
    Task<bool> UpdateAsync(Post post, ITransaction tx, CancellationToken ct);

    Task<Post?> FindAsync(Guid id, CancellationToken ct);

    Task<Post?> FindByApIdAsync(string apId, CancellationToken ct);

    /// <summary>Everything a member wrote here (drafts and replies too, not deleted ones), oldest first: their data export.</summary>
    Task<IReadOnlyList<Post>> AllByAuthorAsync(Guid authorId, CancellationToken ct);

    /// <summary>A received post by its ActivityPub id or its web page on its own server (links people paste).</summary>
    Task<Post?> FindByApIdOrUrlAsync(string url, CancellationToken ct);

    /// <summary>Deletes the content but keeps the row (a 410 and a Tombstone answer for it).</summary>
    Task<bool> MarkDeletedAsync(Guid id, DateTimeOffset at, ITransaction tx, CancellationToken ct);

    /// <summary>
    /// Deletes the content like <see cref="MarkDeletedAsync"/> and keeps why and by whom the moderators removed it;
    /// false when it was deleted or removed already (nothing changes then).
    /// </summary>
    Task<bool> MarkRemovedAsync(Guid id, PostRemoval removal, ITransaction tx, CancellationToken ct);

    Task<Page<Post>> ListAsync(PostQuery query, Cursor after, int limit, CancellationToken ct);

    /// <summary>Every reply of a thread (hidden ones too, flagged), oldest first.</summary>
    Task<IReadOnlyList<Post>> RepliesAsync(Guid rootId, CancellationToken ct);

    /// <summary>Lessons (here or received) that name <paramref name="url"/> as adapted from.</summary>
    Task<IReadOnlyList<Post>> AdaptationsAsync(IReadOnlyCollection<string> urls, CancellationToken ct);

    /// <summary>Lessons (here or received) that name one of <paramref name="urls"/> among the stories they were learned from.</summary>
    Task<IReadOnlyList<Post>> DerivedFromAsync(IReadOnlyCollection<string> urls, CancellationToken ct);

    Task<bool> SetHiddenAsync(Guid id, bool hidden, CancellationToken ct);

    /// <summary>Moves a reply from <paramref name="before"/> to <paramref name="after"/>; false when it was not in <paramref name="before"/>.</summary>
    Task<bool> SetReplyStateAsync(Guid id, ReplyState before, ReplyState after, ITransaction tx, CancellationToken ct);

    /// <summary>Replies held for approval under the stories and lessons of <paramref name="authorId"/>, oldest first.</summary>
    Task<IReadOnlyList<Post>> HeldRepliesAsync(Guid authorId, CancellationToken ct);

    Task<bool> AddReactionAsync(Reaction reaction, ITransaction tx, CancellationToken ct);

    Task<Reaction?> FindReactionAsync(Guid postId, ReactionKind kind, string actor, CancellationToken ct);

    Task<Reaction?> FindReactionByActivityAsync(string activityId, CancellationToken ct);

    Task<bool> RemoveReactionAsync(Guid postId, ReactionKind kind, string actor, ITransaction tx, CancellationToken ct);

    Task<IReadOnlyList<string>> FollowedTopicsAsync(Guid memberId, CancellationToken ct);

    Task<bool> FollowTopicAsync(Guid memberId, string topic, DateTimeOffset at, CancellationToken ct);

    Task<bool> UnfollowTopicAsync(Guid memberId, string topic, CancellationToken ct);
}
