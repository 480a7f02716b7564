using Microsoft.Extensions.Options;
using OurSociety.ActivityPub.Json;
using OurSociety.ActivityPub.Replies;
using OurSociety.ActivityPub.Vocabulary;
using OurSociety.Content;
using OurSociety.Core;
using OurSociety.Core.Federation;
using OurSociety.Core.Introductions;
using OurSociety.Core.Members;
using OurSociety.Core.Notifications;
using OurSociety.Federation.Actors;
using OurSociety.Federation.Delivery;
using OurSociety.Federation.Inbox;

namespace OurSociety.Federation.Introductions;

/// <summary>
/// What received activities do to introductions (federation-specs/introductions.md). On a party's node: a glue-er's
/// <c>Offer</c> of a <c>Relationship</c> (stored and the member asked, or refused by the member's policy with an
/// automatic <c>Reject</c>) and the glue-er's <c>Update{Relationship}</c>. On the glue-er's node: a party's
/// <c>Accept</c>, <c>Reject</c> or <c>Undo{Accept}</c> of our Offer, a party's <c>Block</c> of the glue-er (a no), and
/// a reply to our direct note (yes, no, stop, or kept for the glue-er to read). Only the person asked may answer:
/// anything from anyone else changes nothing.
/// </summary>
public sealed partial class IntroductionInbox(
    IIntroductionStore introductions,
    IntroductionService service,
    IIntroductionReplyStore replies,
    IBlockStore blocks,
    INotificationStore notifications,
    LocalActors locals,
    RemoteActors remoteActors,
    Outbox outbox,
    IOptions<IntroductionOptions> options,
    TimeProvider time,
    ILogger<IntroductionInbox> logger)
{
    /// <summary>The <c>relationship</c> of an introduction, compact (as we send it) or expanded.</summary>
    private static readonly string[] IntroducedTo = [IntroductionTerms.IntroducedTo, "https://w3id.org/oursociety/ns#introducedTo", "introducedTo"];

    /// <summary>True when the embedded object is an introduction's <c>Relationship</c>.</summary>
    public static bool IsIntroduction(ApDocument? obj) =>
        obj is not null && obj.Types.Contains(ObjectTypes.Relationship)
        && IntroducedTo.Contains(obj.GetString(AsProperties.Relationship), StringComparer.Ordinal);

    /// <summary>A glue-er elsewhere offers to introduce one of our members to someone.</summary>
    public async Task<InboxOutcome> OfferAsync(ReceivedActivity received, ApDocument relationship, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(received);
        ArgumentNullException.ThrowIfNull(relationship);
        var offer = received.Activity;
        var glueErId = received.ActorId;
        if (relationship.Id is not { } apId || !ActivityPub.Discovery.Origins.SameOrigin(apId, glueErId))
        {
            return new InboxOutcome.Refused("the introduction is not the glue-er's own");
        }

        var subject = relationship.GetReference(AsProperties.Subject);
        var otherId = relationship.GetReference(AsProperties.Object);
        if (subject is null || otherId is null || subject == otherId || otherId == glueErId
            || offer.GetReference(AsProperties.Target) is { } target && target != subject)
        {
            return new InboxOutcome.Refused("the introduction does not name two people");
        }

        var asked = await locals.FindByIdAsync(subject, ct);
        if (asked is { Kind: LocalActorKind.Hub })
        {
            return await OfferToHubAsync(received, apId, otherId, ct);
        }

        if (asked is not { Kind: LocalActorKind.Member, Member: { } member })
        {
            return new InboxOutcome.Ignored("not one of our members");
        }

        if (await introductions.FindByApIdAsync(apId, ct) is { } known)
        {
            // Both people are members here: the glue-er's second Offer asks the other one, whose answer names it.
            return SecondOffer(known, known.PositionOf(member.Id), received, "introduction received (its other party)");
        }

        if (await blocks.FindAsync(member.Username, glueErId, FollowDirection.Out, ct) is not null
            || await blocks.FindAsync(member.Username, glueErId, FollowDirection.In, ct) is not null)
        {
            return new InboxOutcome.Ignored("a block stands between them");
        }

        var (glueEr, _) = await remoteActors.GetAsync(glueErId, refresh: false, ct);
        if (Refuses(member, glueEr) is { } why)
        {
            // Refused by the member's own choice: the glue-er hears no, as from any party (which rule said so is theirs).
            var reject = IntroductionDocuments.Answer(
                accept: false, outbox.ActivityIdFor(received.Id, "reject"), ApUrls.Actor(locals.Origin, member.Username), received.Id, glueErId);
            var inbox = glueEr?.DeliveryInbox;
            LogRefused(glueErId, member.Username, why);
            return inbox is null
                ? new InboxOutcome.Ignored("refused by the member's policy: " + why)
                : new InboxOutcome.Done("refused by the member's policy: " + why)
                {
                    Writes = (tx, ct) => outbox.AddAsync([new Outgoing(member.Username, reject, [inbox])], tx, ct),
                    Sends = true,
                };
        }

        // The other person: their public profile, for the member to look at before answering.
        if (await OtherPartyAsync(otherId, ct) is not { } otherParty)
        {
            return new InboxOutcome.Ignored("the other person cannot be found");
        }

        var now = time.GetUtcNow();
        var introduction = new Introduction(
            Guid.CreateVersion7(now), apId, glueErId, false, ReceivedReason(offer), IntroductionState.Proposed, now,
            now.AddDays(options.Value.ExpiryDays), null, null, null,
            [
                new IntroductionParty(0, member.Id.ToString("D"), true, $"{member.Username}@{new Uri(locals.Origin).Authority}",
                    ApUrls.Profile(locals.Origin, member.Username), PartyChannel.Local, received.Id, PartyAnswer.Pending, null, null, false),
                otherParty,
            ]);
        return new InboxOutcome.Done("introduction received")
        {
            Writes = async (tx, ct) => await service.AddReceivedAsync(introduction, tx, ct),
        };
    }

    /// <summary>
    /// An Offer of an introduction we have already: from its glue-er, to a party here (<paramref name="position"/>) not
    /// yet asked, it is that party's own Offer (their answer will name it); anything else is a repeat.
    /// </summary>
    private InboxOutcome SecondOffer(Introduction known, int? position, ReceivedActivity received, string what) =>
        known.Introducer == received.ActorId && position is { } asked && known.Party(asked).OfferId is null
            ? new InboxOutcome.Done(what)
            {
                Writes = async (tx, ct) =>
                {
                    if (await introductions.FindAsync(known.Id, tx, ct) is { } current)
                    {
                        await introductions.UpdateAsync(
                            current with { Parties = [.. current.Parties.Select(p => p.Position == asked ? p with { OfferId = received.Id } : p)] }, tx, ct);
                    }
                },
            }
            : new InboxOutcome.Ignored("this introduction is here already");

    /// <summary>
    /// A glue-er elsewhere offers to introduce our hub (its <c>Group</c>) to someone: stored for our admins, who answer
    /// for the hub. A hub takes introductions from anyone its node lets propose them (their node checked that they are
    /// a glue-er or an admin), but only from Our Society: nobody on other software can carry an introduction through.
    /// </summary>
    private async Task<InboxOutcome> OfferToHubAsync(ReceivedActivity received, string apId, string otherId, CancellationToken ct)
    {
        var glueErId = received.ActorId;
        var hub = locals.Hub;
        if (await introductions.FindByApIdAsync(apId, ct) is { } known)
        {
            // The other party is a member here: the glue-er's second Offer asks the hub, whose answer names it.
            return SecondOffer(known, known.HubPosition, received, "introduction received (our hub, its other party)");
        }

        var (glueEr, _) = await remoteActors.GetAsync(glueErId, refresh: false, ct);
        if (glueEr is not { ImplementsIntroductions: true })
        {
            var inbox = glueEr?.DeliveryInbox;
            var reject = IntroductionDocuments.Answer(accept: false, outbox.ActivityIdFor(received.Id, "reject"), hub.Id, received.Id, glueErId);
            LogRefused(glueErId, hub.Username, "Our Society glue-ers and admins");
            return inbox is null
                ? new InboxOutcome.Ignored("a hub is introduced only from Our Society")
                : new InboxOutcome.Done("refused: a hub is introduced only from Our Society")
                {
                    Writes = (tx, ct) => outbox.AddAsync([new Outgoing(hub.Username, reject, [inbox])], tx, ct),
                    Sends = true,
                };
        }

        if (await OtherPartyAsync(otherId, ct) is not { } otherParty)
        {
            return new InboxOutcome.Ignored("the other party cannot be found");
        }

        var now = time.GetUtcNow();
        var introduction = new Introduction(
            Guid.CreateVersion7(now), apId, glueErId, false, ReceivedReason(received.Activity), IntroductionState.Proposed, now,
            now.AddDays(options.Value.ExpiryDays), null, null, null,
            [
                new IntroductionParty(0, hub.Id, true, $"{hub.Username}@{new Uri(locals.Origin).Authority}", hub.ProfileUrl, PartyChannel.Local,
                    received.Id, PartyAnswer.Pending, null, null, false) { IsHub = true },
                otherParty,
            ]);
        return new InboxOutcome.Done("introduction of our hub received")
        {
            Writes = async (tx, ct) => await service.AddReceivedAsync(introduction, tx, ct),
        };
    }

    /// <summary>
    /// The other party of a received introduction, at position 1: a member or our hub here, else someone elsewhere
    /// (fetched, for the person answering to look at), a hub when it is a <c>Group</c>. Null when it cannot be found.
    /// </summary>
    private async Task<IntroductionParty?> OtherPartyAsync(string otherId, CancellationToken ct)
    {
        var authority = new Uri(locals.Origin).Authority;
        if (await locals.FindByIdAsync(otherId, ct) is { } otherLocal)
        {
            return new IntroductionParty(1, otherLocal.Member?.Id.ToString("D") ?? otherLocal.Id, otherLocal.Member is not null || otherLocal.Kind == LocalActorKind.Hub,
                $"{otherLocal.Username}@{authority}", otherLocal.ProfileUrl, PartyChannel.Local, null, PartyAnswer.Pending, null, null, false)
            {
                IsHub = otherLocal.Kind == LocalActorKind.Hub,
            };
        }

        var (other, _) = await remoteActors.GetAsync(otherId, refresh: false, ct);
        return other is null
            ? null
            : new IntroductionParty(1, other.Id, false, other.Username is { } user ? $"{user}@{other.Host}" : other.Id, other.Url ?? other.Id,
                other.ImplementsIntroductions ? PartyChannel.Offer : PartyChannel.Note, null, PartyAnswer.Pending, null, null, false)
            {
                IsHub = string.Equals(other.Type, "Group", StringComparison.Ordinal),
            };
    }

    /// <summary>
    /// A party's <c>Accept</c> or <c>Reject</c> of one of our Offers; null when its object is not one (a Follow's answer).
    /// Only the party the Offer went to may answer it.
    /// </summary>
    public async Task<InboxOutcome?> AnswerAsync(ReceivedActivity received, bool accept, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(received);
        if (received.Activity.ObjectId is not { } offerId || await introductions.FindByOfferIdAsync(offerId, ct) is not { } found)
        {
            return null;
        }

        return Record(received, found, offerId, accept ? PartyAnswer.Accepted : PartyAnswer.Declined, accept ? "accepted" : "declined");
    }

    /// <summary>A party takes back their Accept (<c>Undo{Accept}</c>): a no, until it is made; null when it is not about our Offer.</summary>
    public async Task<InboxOutcome?> UndoAcceptAsync(ReceivedActivity received, ApDocument accept, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(received);
        ArgumentNullException.ThrowIfNull(accept);
        if (accept.ObjectId is not { } offerId || await introductions.FindByOfferIdAsync(offerId, ct) is not { } found)
        {
            return null;
        }

        return Record(received, found, offerId, PartyAnswer.Declined, "accept undone");
    }

    /// <summary>
    /// The glue-er's <c>Update{Relationship}</c> on a party's node: made (<c>accepted</c>) or not going ahead. Only the
    /// glue-er who offered it may say so.
    /// </summary>
    public async Task<InboxOutcome> StateUpdateAsync(ReceivedActivity received, ApDocument relationship, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(received);
        ArgumentNullException.ThrowIfNull(relationship);
        if (relationship.Id is not { } apId || await introductions.FindByApIdAsync(apId, ct) is not { } introduction)
        {
            return new InboxOutcome.Ignored("no such introduction here");
        }

        if (introduction.IntroducerIsLocal || introduction.Introducer != received.ActorId)
        {
            return new InboxOutcome.Refused("not the glue-er of this introduction");
        }

        IntroductionState? state = relationship.GetString(IntroductionTerms.ConsentState) switch
        {
            IntroductionTerms.Accepted => IntroductionState.Made,
            IntroductionTerms.NotGoingAhead => IntroductionState.NotGoingAhead,
            _ => null,
        };
        if (state is not { } changed)
        {
            return new InboxOutcome.Ignored("no consent state we know");
        }

        return new InboxOutcome.Done("introduction " + changed.Name())
        {
            Writes = async (tx, ct) => await service.ApplyRemoteStateAsync(introduction.Id, changed, tx, ct),
        };
    }

    /// <summary>
    /// A remote actor blocked one of our members: if the member is the glue-er of introductions that actor is asked
    /// about, each counts as their no. The changes to add to the block's own, or null when there are none.
    /// </summary>
    public Func<ITransaction, CancellationToken, Task>? Blocked(ReceivedActivity received, LocalActor blocked)
    {
        ArgumentNullException.ThrowIfNull(received);
        ArgumentNullException.ThrowIfNull(blocked);
        if (blocked.Member is not { } glueEr)
        {
            return null;
        }

        return async (tx, ct) =>
        {
            foreach (var id in await replies.OpenProposedToAsync(received.ActorId, glueEr.Id, tx, ct))
            {
                if (await introductions.FindAsync(id, tx, ct) is { } introduction
                    && introduction.Parties.FirstOrDefault(p => !p.IsLocal && p.Actor == received.ActorId) is { } party)
                {
                    await service.RecordRemoteAnswerAsync(id, party.Position, PartyAnswer.Declined, received.Id, tx, ct);
                }
            }
        };
    }

    /// <summary>
    /// A received <c>Create</c> about an introduction; null when it is not (an ordinary post). A reply to our direct
    /// note from the person it asked is read as yes, no or stop, or kept for the glue-er ("needs your review"); from
    /// anyone else it changes nothing. The direct note a glue-er elsewhere sends once it is made is kept with no
    /// effect here: their <c>Update{Relationship}</c> says so.
    /// </summary>
    public async Task<InboxOutcome?> CreateAsync(ReceivedActivity received, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(received);
        if (received.Activity.EmbeddedObject is not { } note || !note.Types.Contains(ObjectTypes.Note))
        {
            return null;
        }

        if (note.GetReference(IntroductionTerms.Introduction) is { } apId
            && await introductions.FindByApIdAsync(apId, ct) is { IntroducerIsLocal: false } theirs && theirs.Introducer == received.ActorId)
        {
            return new InboxOutcome.Ignored("the glue-er's note about an introduction: its Update says where it stands");
        }

        if (note.GetReference(AsProperties.InReplyTo) is not { } inReplyTo || await introductions.FindByOfferIdAsync(inReplyTo, ct) is not { } found)
        {
            return null;
        }

        var (introduction, position) = found;
        var party = introduction.Party(position);
        if (!introduction.IntroducerIsLocal || party.IsLocal || party.Channel != PartyChannel.Note)
        {
            return null;
        }

        if (party.Actor != received.ActorId || note.GetReference(AsProperties.AttributedTo) is { } author && author != received.ActorId)
        {
            LogNotTheParty(received.ActorId, introduction.Id);
            return new InboxOutcome.Ignored("a reply to an introduction from someone who was not asked");
        }

        var content = note.GetString(AsProperties.Content) ?? note.GetObject(AsProperties.ContentMap)?.Select(e => ApDocument.AsString(e.Value)).FirstOrDefault(v => v is not null);
        var answer = YesNoReply.Read(content, introduction.Language);
        LogReply(introduction.Id, position, answer.ToString());
        switch (answer)
        {
            case YesNoAnswer.Yes or YesNoAnswer.No:
                var said = answer == YesNoAnswer.Yes ? PartyAnswer.Accepted : PartyAnswer.Declined;
                return new InboxOutcome.Done(answer == YesNoAnswer.Yes ? "replied yes" : "replied no")
                {
                    Writes = async (tx, ct) => await service.RecordRemoteAnswerAsync(introduction.Id, position, said, received.Id, tx, ct),
                };
            case YesNoAnswer.Stop:
                var stop = new IntroductionStop(received.ActorId, received.Id, time.GetUtcNow());
                return new InboxOutcome.Done("replied stop")
                {
                    Writes = async (tx, ct) =>
                    {
                        // Never again from this node, and nothing pending to them stays open.
                        await replies.AddStopAsync(stop, tx, ct);
                        foreach (var id in await replies.OpenProposedToAsync(received.ActorId, null, tx, ct))
                        {
                            await service.CloseAsync(id, IntroductionEnd.Stopped, tx, ct);
                        }
                    },
                };
            default:
                if (introduction.State is IntroductionState.Made or IntroductionState.NotGoingAhead)
                {
                    // Nothing is left to decide: the glue-er could not count it, so it is not kept for them either.
                    return new InboxOutcome.Ignored("an unclear reply to an introduction already decided");
                }

                var now = time.GetUtcNow();
                var review = new IntroductionReview(
                    Guid.CreateVersion7(now), introduction.Id, position, received.ActorId, received.Id, note.Id ?? received.Id,
                    SafeHtml.Clean(content), now);
                return new InboxOutcome.Done("kept for the glue-er's review")
                {
                    Writes = async (tx, ct) =>
                    {
                        if (await replies.AddReviewAsync(review, tx, ct) && introduction.IntroducerMemberId is { } glueEr)
                        {
                            await notifications.AddAsync(
                                [new Notification(Guid.CreateVersion7(now), glueEr, NotificationKind.IntroductionNeedsReview, received.ActorId, false, null, now,
                                    null, NotificationSubjects.Of("introduction", introduction.Id))], tx, ct);
                        }
                    },
                };
        }
    }

    private InboxOutcome Record(ReceivedActivity received, (Introduction Introduction, int Position) found, string offerId, PartyAnswer answer, string what)
    {
        var (introduction, position) = found;
        var party = introduction.Party(position);
        if (!introduction.IntroducerIsLocal || party.IsLocal || party.Channel != PartyChannel.Offer)
        {
            return new InboxOutcome.Ignored("not an Offer of ours");
        }

        if (party.Actor != received.ActorId)
        {
            LogNotTheParty(received.ActorId, introduction.Id);
            return new InboxOutcome.Refused($"only the party asked may answer {offerId}");
        }

        return new InboxOutcome.Done("introduction " + what)
        {
            Writes = async (tx, ct) => await service.RecordRemoteAnswerAsync(introduction.Id, position, answer, received.Id, tx, ct),
        };
    }

    /// <summary>
    /// Why the member's own choice refuses this glue-er, or null. "Glue-ers only" takes an introducer elsewhere whose
    /// actor carries our glue-er marker (their node made them one) and refuses introducers on other software.
    /// </summary>
    private static string? Refuses(Member member, RemoteActor? glueEr) => member.IntroductionPolicy switch
    {
        IntroductionPolicy.Nobody => "nobody",
        IntroductionPolicy.GlueErsOnly when glueEr is not { ImplementsIntroductions: true, IsGlueEr: true } => "glue-ers only",
        _ => null,
    };

    /// <summary>The reason as received, made safe: the Offer's <c>content</c> (HTML), else its first <c>contentMap</c> entry.</summary>
    private static string ReceivedReason(ApDocument offer)
    {
        var html = offer.GetString(AsProperties.Content)
            ?? offer.GetObject(AsProperties.ContentMap)?.Select(e => ApDocument.AsString(e.Value)).FirstOrDefault(v => v is not null);
        return SafeHtml.Clean(html);
    }

    [LoggerMessage(6211, LogLevel.Information, "Refused an introduction of {Username} by {GlueEr}: the member allows {Policy}")]
    private partial void LogRefused(string glueEr, string username, string policy);

    [LoggerMessage(6212, LogLevel.Information, "Ignored an answer from {ActorId} to introduction {IntroductionId}: not the party asked")]
    private partial void LogNotTheParty(string actorId, Guid introductionId);

    [LoggerMessage(6213, LogLevel.Information, "Introduction {IntroductionId}: party {Position} replied, read as {Answer}")]
    private partial void LogReply(Guid introductionId, int position, string answer);
}
