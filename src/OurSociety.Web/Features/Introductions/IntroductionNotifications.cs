using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Localization;
using OurSociety.Core.Notifications;
using OurSociety.Web.Features.Finding;

namespace OurSociety.Web.Features.Introductions;

/// <summary>
/// The sentences of introduction notifications, each linking to the introduction's page (<see cref="Notification.Subject"/>
/// names it). Their actor is always the glue-er, whoever caused them: which party said yes or no is never told. A
/// notification to the glue-er about their own introduction ("…Yours") does not name them to themselves.
/// </summary>
internal static class IntroductionNotifications
{
    public const string Subject = "introduction";

    /// <summary>The sentence, or null when the notification is not about an introduction.</summary>
    public static MarkupString? Sentence(NotificationView item, IStringLocalizer<IntroductionsText> text)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(text);
        var n = item.Notification;
        if (!NotificationSubjects.TryParse(n.Subject, out var kind, out var id) || kind != Subject)
        {
            return null;
        }

        var key = $"Notification.{NotificationKinds.Name(n.Kind)}";
        var own = n.IsLocal && n.Actor == n.MemberId.ToString("D");
        var yours = text[key + ".Yours"];
        var template = own && !yours.ResourceNotFound ? yours.Value : text[key].Value;
        return NotificationViews.Sentence(template, (item.ActorName, item.ActorPageUrl), (text["Notification.Link"], Link(id)));
    }

    public static string Link(Guid id) => $"/introductions/{id:D}";
}
