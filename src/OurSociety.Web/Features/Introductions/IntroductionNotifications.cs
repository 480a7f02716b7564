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
/// notification to the glue-er about their own introduction ("…Yours") does not name them to themselves. When a hub is
/// a party, each reader has their own wording (<see cref="HubWording"/>): an admin told because our hub is a party
/// ("….Hub") reads of "your hub" and who it is introduced to, not of themselves; the glue-er ("….Yours.HubParty", or
/// "….Yours.HubParties" for two hubs) reads of the hub and the other party by name; a person introduced to a hub
/// ("….HubParty") reads of that hub rather than of "someone".
/// </summary>
internal static class IntroductionNotifications
{
    public const string Subject = "introduction";

    /// <summary>The sentence, or null when the notification is not about an introduction.</summary>
    /// <param name="hubWordings">From <see cref="HubWordingsAsync"/>: for introductions with a hub party.</param>
    public static MarkupString? Sentence(NotificationView item, IStringLocalizer<IntroductionsText> text, IReadOnlyDictionary<Guid, HubWording>? hubWordings = null)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(text);
        var n = item.Notification;
        if (!NotificationSubjects.TryParse(n.Subject, out var kind, out var id) || kind != Subject)
        {
            return null;
        }

        var key = $"Notification.{NotificationKinds.Name(n.Kind)}";
        if (hubWordings is not null && hubWordings.TryGetValue(id, out var wording) && text[key + wording.Suffix] is { ResourceNotFound: false } hub)
        {
            // The names come after the actor ({0}) and the link ({1}), in the order the wording gives them.
            (string, string?)[] parts = [(item.ActorName, item.ActorPageUrl), (text["Notification.Link"], Link(id)), .. wording.Names.Select(name => (name, (string?)null))];
            return NotificationViews.Sentence(hub.Value, parts);
        }

        var own = n.IsLocal && n.Actor == n.MemberId.ToString("D");
        var yours = text[key + ".Yours"];
        var template = own && !yours.ResourceNotFound ? yours.Value : text[key].Value;
        return NotificationViews.Sentence(template, (item.ActorName, item.ActorPageUrl), (text["Notification.Link"], Link(id)));
    }

    public static string Link(Guid id) => $"/introductions/{id:D}";

    /// <summary>
    /// For the notifications about introductions with a hub party: how the member reads of it, by introduction id. One
    /// lookup per introduction on the page (notifications about other things, or about introductions of people only,
    /// read as before). Names are looked up here, as the page shows them: our hub by its current name, an account
    /// elsewhere this hub has not fetched by its address.
    /// </summary>
    /// <param name="ourHub">Our hub's name as it shows itself now.</param>
    public static async Task<IReadOnlyDictionary<Guid, HubWording>> HubWordingsAsync(
        IEnumerable<Notification> notifications, IIntroductionStore introductions, PostAuthors authors, string ourHub, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(notifications);
        ArgumentNullException.ThrowIfNull(introductions);
        ArgumentNullException.ThrowIfNull(authors);
        var wordings = new Dictionary<Guid, HubWording>();
        var looked = new HashSet<Guid>();
        foreach (var n in notifications)
        {
            if (!NotificationSubjects.TryParse(n.Subject, out var kind, out var id) || kind != Subject || !looked.Add(id)
                || await introductions.FindAsync(id, ct) is not { HasHub: true } introduction)
            {
                continue;
            }

            async Task<string> NameAsync(IntroductionParty party)
            {
                if (party.IsOurHub)
                {
                    return ourHub;
                }

                var author = await authors.ActorAsync(party.Actor, party.IsLocal, ct);
                return party.IsLocal || author.Handle != party.Actor ? author.DisplayName : party.Handle;
            }

            if (introduction.IsIntroducer(n.MemberId))
            {
                // The glue-er: the hub first, then the other party (two hubs in the order they were named).
                var ordered = introduction.Parties.OrderBy(p => p.IsHub ? 0 : 1).ThenBy(p => p.Position).ToList();
                wordings[id] = new HubWording(
                    introduction.Parties.All(p => p.IsHub) ? ".Yours.HubParties" : ".Yours.HubParty",
                    [await NameAsync(ordered[0]), await NameAsync(ordered[1])]);
            }
            else if (introduction.PositionOf(n.MemberId) is { } mine)
            {
                // A person introduced to a hub (a person introduced to a person reads as before).
                var other = introduction.Parties.First(p => p.Position != mine);
                if (other.IsHub)
                {
                    wordings[id] = new HubWording(".HubParty", [await NameAsync(other)]);
                }
            }
            else if (introduction.HubPosition is { } hub)
            {
                // An admin, told because our hub is a party: of "your hub" and the other party.
                wordings[id] = new HubWording(".Hub", [await NameAsync(introduction.Parties.First(p => p.Position != hub))]);
            }
        }

        return wordings;
    }
}

/// <summary>
/// How a member reads of an introduction with a hub party: the suffix of the resource key for its notifications (after
/// <c>Notification.{kind}</c>) and the names its sentences place after the actor and the link (<c>{2}</c>, <c>{3}</c>).
/// A kind with no such key reads as for people.
/// </summary>
public sealed record HubWording(string Suffix, IReadOnlyList<string> Names);
