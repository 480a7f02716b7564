using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Localization;
using OurSociety.Core.Notifications;
using OurSociety.Web.Features.Finding;

namespace OurSociety.Web.Features.Moderation;

/// <summary>
/// The sentences of report notifications: to moderators, a new report with a link to it on the desk; to the member who
/// reported something, that it was dealt with (never what was done, nor by whom).
/// </summary>
internal static class ReportNotifications
{
    public const string Subject = "report";

    /// <summary>The sentence, or null when the notification is not about a report.</summary>
    public static MarkupString? Sentence(NotificationView item, IStringLocalizer<ReportText> text)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(text);
        var n = item.Notification;
        if (!NotificationSubjects.TryParse(n.Subject, out var kind, out var id) || kind != Subject)
        {
            return null;
        }

        var template = text[$"Notification.{NotificationKinds.Name(n.Kind)}"].Value;
        return n.Kind == NotificationKind.ReportReceived
            ? NotificationViews.Sentence(template, (text["Notification.Link"], $"/admin/reports/{id:D}"))
            : NotificationViews.Sentence(template);
    }
}
