using OurSociety.Core.Paging;

namespace OurSociety.Core.Notifications;

public enum NotificationKind
{
    Reply,
    Mention,
    Follow,
    FollowRequest,
    Like,
    Share,
    Tried,
}

/// <summary>Something that happened to a member's account or posts; <see cref="Actor"/> is a member id or a remote IRI.</summary>
public sealed record Notification(
    Guid Id, Guid MemberId, NotificationKind Kind, string Actor, bool IsLocal, Guid? PostId, DateTimeOffset CreatedAt, DateTimeOffset? ReadAt);

public interface INotificationStore
{
    /// <summary>Adds notifications in the transaction of what caused them.</summary>
    Task AddAsync(IReadOnlyCollection<Notification> notifications, ITransaction tx, CancellationToken ct);

    Task<Page<Notification>> ListAsync(Guid memberId, Cursor after, int limit, CancellationToken ct);

    Task<int> CountUnreadAsync(Guid memberId, CancellationToken ct);

    Task MarkAllReadAsync(Guid memberId, DateTimeOffset at, CancellationToken ct);
}

public static class NotificationKinds
{
    public static string Name(NotificationKind kind) => kind switch
    {
        NotificationKind.Reply => "reply",
        NotificationKind.Mention => "mention",
        NotificationKind.Follow => "follow",
        NotificationKind.FollowRequest => "follow-request",
        NotificationKind.Like => "like",
        NotificationKind.Share => "share",
        _ => "tried",
    };

    public static NotificationKind Parse(string name) => name switch
    {
        "reply" => NotificationKind.Reply,
        "mention" => NotificationKind.Mention,
        "follow" => NotificationKind.Follow,
        "follow-request" => NotificationKind.FollowRequest,
        "like" => NotificationKind.Like,
        "share" => NotificationKind.Share,
        _ => NotificationKind.Tried,
    };
}
