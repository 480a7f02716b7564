using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Localization;
using OurSociety.Core.Hubs;
using OurSociety.Core.Notifications;
using OurSociety.Web.Features.Finding;
using OurSociety.Web.Features.HubSubmissions;

namespace OurSociety.Web.Features.Admin;

/// <summary>
/// The sentences of the hub's notifications to its admins and moderators (<see cref="HubNotices"/>): another hub asks
/// to link (with a link to its row on <c>/admin/hub-links</c>), answered our request or ended its link; a post from
/// elsewhere waits in the queue (with a link to it on <c>/admin/hub-submissions</c>). The other hub or the author is
/// the notification's actor, linked to their page.
/// </summary>
internal static class HubNotifications
{
    /// <summary>The anchor of a link's row on the hub links page.</summary>
    public static string LinkAnchor(Guid linkId) => $"link-{linkId:D}";

    /// <summary>The anchor of a submission's item in the queue.</summary>
    public static string SubmissionAnchor(Guid submissionId) => $"submission-{submissionId:D}";

    /// <summary>The sentence, or null when the notification is not about a hub link or submission.</summary>
    public static MarkupString? Sentence(NotificationView item, IStringLocalizer<HubLinkText> links, IStringLocalizer<HubSubmissionText> submissions)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(links);
        ArgumentNullException.ThrowIfNull(submissions);
        var n = item.Notification;
        if (!NotificationSubjects.TryParse(n.Subject, out var kind, out var id))
        {
            return null;
        }

        var actor = (item.ActorName, item.ActorPageUrl);
        var template = $"Notification.{NotificationKinds.Name(n.Kind)}";
        return kind switch
        {
            HubNotices.LinkSubjectKind when n.Kind == NotificationKind.HubLinkRequested =>
                NotificationViews.Sentence(links[template], actor, (links["Notification.Answer"], $"/admin/hub-links#{LinkAnchor(id)}")),
            HubNotices.LinkSubjectKind => NotificationViews.Sentence(links[template], actor),
            HubNotices.SubmissionSubjectKind =>
                NotificationViews.Sentence(submissions[template], actor, (submissions["Notification.Review"], $"/admin/hub-submissions#{SubmissionAnchor(id)}")),
            _ => null,
        };
    }
}
