using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Localization;
using OurSociety.Core.Needs;
using OurSociety.Core.Notifications;
using OurSociety.Web.Features.Finding;

namespace OurSociety.Web.Features.Needs;

/// <summary>
/// The sentences of notifications about a need or an offer (<see cref="Notification.Subject"/> <c>need:{id}</c> or
/// <c>offer:{id}</c>): someone elsewhere mentioned the member in one, or a <c>@user@host</c> the member wrote in theirs
/// could not be found. Each links to its page.
/// </summary>
internal static class ProposalNotifications
{
    /// <summary>The sentence, or null when the notification is not about a need or offer (or has no sentence of ours).</summary>
    public static MarkupString? Sentence(NotificationView item, IStringLocalizer<NeedsText> text)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(text);
        var n = item.Notification;
        if (!NotificationSubjects.TryParse(n.Subject, out var kind, out var id) || !ProposalNames.TryParseKind(kind, out var proposalKind))
        {
            return null;
        }

        var sentence = text[$"Notification.{NotificationKinds.Name(n.Kind)}.{kind}"];
        return sentence.ResourceNotFound
            ? null
            : NotificationViews.Sentence(sentence.Value, (item.ActorName, item.ActorPageUrl), (text[$"Notification.Link.{kind}"], $"/{ProposalNames.Segment(proposalKind)}/{id:D}"));
    }
}
