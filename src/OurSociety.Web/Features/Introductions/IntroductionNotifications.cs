using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Localization;
using OurSociety.Core.Introductions;
using OurSociety.Core.Notifications;
using OurSociety.Web.Features.Finding;
using OurSociety.Web.Posts;

namespace OurSociety.Web.Features.Introductions;

/// <summary>
/// The sentences of introduction notifications, each linking to the introduction's page (<see cref="Notification.Subject"/>
/// names it). Their actor is always the glue-er, whoever caused them: which party said yes or no is never told. A
/// notification to the glue-er about their own introduction ("…Yours") does not name them to themselves. An admin told
/// because our hub is a party ("….Hub") reads of "your hub" and who it is introduced to, not of themselves.
/// </summary>
internal static class IntroductionNotifications
{
    public const string Subject = "introduction";

    /// <summary>The sentence, or null when the notification is not about an introduction.</summary>
    /// <param name="hubOthers">From <see cref="HubOthersAsync"/>: for introductions of our hub the member is told about as an admin.</param>
    public static MarkupString? Sentence(NotificationView item, IStringLocalizer<IntroductionsText> text, IReadOnlyDictionary<Guid, string>? hubOthers = null)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(text);
        var n = item.Notification;
        if (!NotificationSubjects.TryParse(n.Subject, out var kind, out var id) || kind != Subject)
        {
            return null;
        }

        var key = $"Notification.{NotificationKinds.Name(n.Kind)}";
        if (hubOthers is not null && hubOthers.TryGetValue(id, out var other) && text[key + ".Hub"] is { ResourceNotFound: false } hub)
        {
            return NotificationViews.Sentence(hub.Value, (item.ActorName, item.ActorPageUrl), (text["Notification.Link"], Link(id)), (other, null));
        }

        var own = n.IsLocal && n.Actor == n.MemberId.ToString("D");
        var yours = text[key + ".Yours"];
        var template = own && !yours.ResourceNotFound ? yours.Value : text[key].Value;
        return NotificationViews.Sentence(template, (item.ActorName, item.ActorPageUrl), (text["Notification.Link"], Link(id)));
    }

    public static string Link(Guid id) => $"/introductions/{id:D}";

    /// <summary>
    /// For the notifications about introductions of our hub that the member gets as one of its admins (not as a party
    /// themselves, nor as the glue-er): the other party's name, by introduction id. Looked up here, as the page shows
    /// people: an account elsewhere this hub has not fetched is named by its address.
    /// </summary>
    public static async Task<IReadOnlyDictionary<Guid, string>> HubOthersAsync(
        IEnumerable<Notification> notifications, IIntroductionStore introductions, PostAuthors authors, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(notifications);
        ArgumentNullException.ThrowIfNull(introductions);
        ArgumentNullException.ThrowIfNull(authors);
        var others = new Dictionary<Guid, string>();
        foreach (var n in notifications)
        {
            if (!NotificationSubjects.TryParse(n.Subject, out var kind, out var id) || kind != Subject || others.ContainsKey(id)
                || await introductions.FindAsync(id, ct) is not { HubPosition: { } hub } introduction
                || introduction.PositionOf(n.MemberId) is not null || introduction.IsIntroducer(n.MemberId))
            {
                continue;
            }

            var party = introduction.Parties.First(p => p.Position != hub);
            var author = await authors.ActorAsync(party.Actor, party.IsLocal, ct);
            others[id] = party.IsLocal || author.Handle != party.Actor ? author.DisplayName : party.Handle;
        }

        return others;
    }
}
