using OurSociety.Core.Members;
using OurSociety.Core.Notifications;

namespace OurSociety.Core.Hubs;

/// <summary>
/// Who on this hub hears of what other hubs and people elsewhere do to it (issue 14): every admin, of a link another hub
/// asks for, answers or ends; admins and moderators, of a post from elsewhere waiting in the hub's queue. Written in the
/// transaction of the change, so a change handled twice (a repeated activity) tells no one twice as long as the caller
/// only calls this for a change that really happens.
/// </summary>
public sealed class HubNotices(IMemberStore members, INotificationStore notifications, Notifier notifier)
{
    /// <summary>At most this many admins (and, for submissions, as many moderators) are told, as for reports.</summary>
    public const int StaffMax = 200;

    /// <summary>The kinds of <see cref="Notification.Subject"/> (<see cref="NotificationSubjects"/>).</summary>
    public const string LinkSubjectKind = "hub-link";

    public const string SubmissionSubjectKind = "hub-submission";

    public static string LinkSubject(Guid linkId) => NotificationSubjects.Of(LinkSubjectKind, linkId);

    public static string SubmissionSubject(Guid submissionId) => NotificationSubjects.Of(SubmissionSubjectKind, submissionId);

    /// <summary>Tells every admin about <paramref name="link"/> (the other hub is the notification's actor).</summary>
    public async Task LinkAsync(HubLink link, NotificationKind kind, ITransaction tx, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(link);
        var admins = await members.ListIdsWithRoleAsync(Role.Admin, StaffMax, tx, ct);
        await TellAsync(admins, kind, link.HubActorId, LinkSubject(link.Id), tx, ct);
    }

    /// <summary>Tells admins and moderators that <paramref name="submission"/> waits for an answer (its author is the actor).</summary>
    public async Task SubmissionWaitingAsync(HubSubmission submission, ITransaction tx, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(submission);
        var staff = (await members.ListIdsWithRoleAsync(Role.Admin, StaffMax, tx, ct))
            .Concat(await members.ListIdsWithRoleAsync(Role.Moderator, StaffMax, tx, ct))
            .Distinct()
            .ToList();
        await TellAsync(staff, NotificationKind.HubSubmissionWaiting, submission.ActorId, SubmissionSubject(submission.Id), tx, ct);
    }

    private async Task TellAsync(IReadOnlyCollection<Guid> memberIds, NotificationKind kind, string actor, string subject, ITransaction tx, CancellationToken ct)
    {
        var told = memberIds.Select(id => notifier.Make(id, kind, actor, isLocal: false, null, subject)).OfType<Notification>().ToList();
        if (told.Count > 0)
        {
            await notifications.AddAsync(told, tx, ct);
        }
    }
}
