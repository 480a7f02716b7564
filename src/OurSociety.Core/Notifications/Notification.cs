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

    // Asking for help (subject "help-request:{id}"): a new request for a glue-er, an invitation into a request's
    // thread (matched by skills, or by a glue-er), a reply in the thread.
    HelpRequested,
    HelpInvited,
    HelpReply,
    /// <summary>A glue-er asks the member whether they would like to meet someone (introductions).</summary>
    IntroductionAsked,

    /// <summary>Both said yes: the introduction is made (to both parties and the glue-er).</summary>
    IntroductionMade,

    /// <summary>An introduction the member is part of will not go ahead (never says why or who).</summary>
    IntroductionNotGoingAhead,

    /// <summary>To the glue-er: one of the two said yes (never which).</summary>
    IntroductionAccepted,

    /// <summary>To the glue-er: a reply to a direct note needs their review (not a clear yes, no or stop).</summary>
    IntroductionNeedsReview,

    /// <summary>A <c>@user@host</c> the member wrote could not be found: it stays plain text and no one was told (<see cref="Notification.Actor"/> is the handle).</summary>
    MentionUnknown,

    /// <summary>To moderators and admins: a new report (or appeal) is in the queue (subject <c>report:{id}</c>).</summary>
    ReportReceived,

    /// <summary>To the member who reported something: their report was closed (never what was done; subject <c>report:{id}</c>).</summary>
    ReportClosed,

    /// <summary>A moderator warned the member; the reason is read on <c>/appeal</c> (subject <c>moderation:{entry id}</c>).</summary>
    Warned,

    /// <summary>A reply to the member's story or lesson waits for their approval (its reply policy held it).</summary>
    ReplyAwaitingApproval,

    /// <summary>To admins: another hub asks to link with ours (subject <c>hub-link:{id}</c>; <see cref="Notification.Actor"/> is that hub).</summary>
    HubLinkRequested,

    /// <summary>To admins: a hub our hub asked (or that ended its side) now links with ours (subject <c>hub-link:{id}</c>).</summary>
    HubLinkMade,

    /// <summary>To admins: the hub our hub asked declined to link; our hub still follows it (subject <c>hub-link:{id}</c>).</summary>
    HubLinkDeclined,

    /// <summary>To admins: a linked hub ended its link with ours (subject <c>hub-link:{id}</c>; the link may be gone).</summary>
    HubLinkEnded,

    /// <summary>To admins and moderators: a post from elsewhere waits in the hub's queue (subject <c>hub-submission:{id}</c>; the actor is its author).</summary>
    HubSubmissionWaiting,
}

/// <summary>Something that happened to a member's account or posts; <see cref="Actor"/> is a member id or a remote IRI.</summary>
/// <param name="Subject">What it is about when that is not a post, as <c>kind:id</c> (<see cref="NotificationSubjects"/>).</param>
public sealed record Notification(
    Guid Id, Guid MemberId, NotificationKind Kind, string Actor, bool IsLocal, Guid? PostId, DateTimeOffset CreatedAt, DateTimeOffset? ReadAt,
    string? Subject = null);

/// <summary>How <see cref="Notification.Subject"/> names things that are not posts: <c>introduction:{id}</c> and so on.</summary>
public static class NotificationSubjects
{
    public static string Of(string kind, Guid id) => kind + ":" + id.ToString("D");

    public static bool TryParse(string? subject, out string kind, out Guid id)
    {
        kind = "";
        id = Guid.Empty;
        var colon = subject?.IndexOf(':', StringComparison.Ordinal) ?? -1;
        if (colon <= 0 || !Guid.TryParse(subject.AsSpan(colon + 1), out id))
        {
            return false;
        }

        kind = subject![..colon];
        return true;
    }
}

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
        NotificationKind.HelpRequested => "help-requested",
        NotificationKind.HelpInvited => "help-invited",
        NotificationKind.HelpReply => "help-reply",
        NotificationKind.IntroductionAsked => "introduction-asked",
        NotificationKind.IntroductionMade => "introduction-made",
        NotificationKind.IntroductionNotGoingAhead => "introduction-not-going-ahead",
        NotificationKind.IntroductionAccepted => "introduction-accepted",
        NotificationKind.IntroductionNeedsReview => "introduction-needs-review",
        NotificationKind.MentionUnknown => "mention-unknown",
        NotificationKind.ReportReceived => "report-received",
        NotificationKind.ReportClosed => "report-closed",
        NotificationKind.Warned => "warned",
        NotificationKind.ReplyAwaitingApproval => "reply-awaiting-approval",
        NotificationKind.HubLinkRequested => "hub-link-requested",
        NotificationKind.HubLinkMade => "hub-link-made",
        NotificationKind.HubLinkDeclined => "hub-link-declined",
        NotificationKind.HubLinkEnded => "hub-link-ended",
        NotificationKind.HubSubmissionWaiting => "hub-submission-waiting",
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
        "help-requested" => NotificationKind.HelpRequested,
        "help-invited" => NotificationKind.HelpInvited,
        "help-reply" => NotificationKind.HelpReply,
        "introduction-asked" => NotificationKind.IntroductionAsked,
        "introduction-made" => NotificationKind.IntroductionMade,
        "introduction-not-going-ahead" => NotificationKind.IntroductionNotGoingAhead,
        "introduction-accepted" => NotificationKind.IntroductionAccepted,
        "introduction-needs-review" => NotificationKind.IntroductionNeedsReview,
        "mention-unknown" => NotificationKind.MentionUnknown,
        "report-received" => NotificationKind.ReportReceived,
        "report-closed" => NotificationKind.ReportClosed,
        "warned" => NotificationKind.Warned,
        "reply-awaiting-approval" => NotificationKind.ReplyAwaitingApproval,
        "hub-link-requested" => NotificationKind.HubLinkRequested,
        "hub-link-made" => NotificationKind.HubLinkMade,
        "hub-link-declined" => NotificationKind.HubLinkDeclined,
        "hub-link-ended" => NotificationKind.HubLinkEnded,
        "hub-submission-waiting" => NotificationKind.HubSubmissionWaiting,
        _ => NotificationKind.Tried,
    };
}
