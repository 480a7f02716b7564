using System.Text.Json.Nodes;
using OurSociety.Content;
using OurSociety.Core;
using OurSociety.Core.Federation;
using OurSociety.Core.Introductions;
using OurSociety.Core.Members;
using OurSociety.Core.Posts;
using OurSociety.Core.Work;
using OurSociety.Federation.Actors;
using OurSociety.Federation.Delivery;
using OurSociety.Federation.Posts;

namespace OurSociety.Federation.Introductions;

/// <summary>
/// Tells other servers about introductions, as the work items of <see cref="IntroductionWork"/> run: asks a remote
/// party (an Offer to an Our Society node, else a direct note), sends our member's answer to a remote glue-er, and
/// tells remote parties that it was made or is not going ahead. Every activity is addressed to the people it is about
/// alone and takes its id from the work item (or from the introduction and party), so running an item twice sends
/// nothing new. What is sent and the item's end commit together.
/// </summary>
public sealed partial class IntroductionFederation(
    IIntroductionStore introductions,
    IMemberStore members,
    LocalActors locals,
    RemoteActors remoteActors,
    Outbox outbox,
    IWorkItemStore work,
    ITransactions transactions,
    NodeIdentity node,
    TimeProvider time,
    MentionResolver mentionResolver,
    IMentionStore mentionStore,
    ILogger<IntroductionFederation> logger)
{
    /// <summary>
    /// <see cref="IntroductionWork.ResolveMentions"/>: looks up the handles the glue-er's reason names, keeps them and
    /// tells the glue-er of those not found. Only links come of it: a person named in a reason is never sent the
    /// introduction, which stays between its three people.
    /// </summary>
    public async Task ResolveMentionsAsync(WorkItem item, CancellationToken ct)
    {
        var introduction = await introductions.FindAsync(WorkPayload.Read<IntroductionEvent>(item).IntroductionId, ct);
        if (introduction is { IntroducerIsLocal: true, IntroducerMemberId: { } glueEr })
        {
            await mentionResolver.ResolveAsync(IntroductionWork.MentionSubject(introduction.Id), glueEr, postId: null, [introduction.Reason], ct);
        }

        await CompleteAsync(item, ct);
    }

    /// <summary><see cref="IntroductionWork.Send"/>: the Offer (a party on an Our Society node) or the direct note (anyone else).</summary>
    public async Task SendAsync(WorkItem item, CancellationToken ct)
    {
        var payload = WorkPayload.Read<IntroductionPartyEvent>(item);
        var introduction = await introductions.FindAsync(payload.IntroductionId, ct);
        if (introduction is not { IntroducerIsLocal: true, IsOpen: true }
            || introduction.Parties.FirstOrDefault(p => p.Position == payload.Position) is not { IsLocal: false, OfferId: null } party
            || await GlueErAsync(introduction, ct) is not { } glueEr)
        {
            await CompleteAsync(item, ct);   // decided, gone, or asked already: nothing to send
            return;
        }

        var (remote, error) = await remoteActors.GetAsync(party.Actor, refresh: false, ct);
        if (remote is null)
        {
            throw new InvalidOperationException($"The party {party.Actor} cannot be reached now: {error}");   // retried later
        }

        var other = await PersonAsync(introduction.Party(1 - party.Position), ct);
        var asked = Person(party, remote);
        var reason = await ReasonHtmlAsync(introduction, ct);
        var now = time.GetUtcNow();
        string offerId;
        JsonObject activity;
        if (party.Channel == PartyChannel.Offer)
        {
            offerId = outbox.ActivityIdFor(item);
            activity = IntroductionDocuments.Offer(offerId, glueEr.Person, introduction.ApId, asked, other, reason, now, introduction.Language, party.IsHub);
        }
        else
        {
            // Other software ignores Offer (Mastodon drops it): a direct note they can answer by replying.
            offerId = outbox.ActivityIdFor(item, "note");
            activity = IntroductionDocuments.Ask(
                outbox.ActivityIdFor(item), offerId, glueEr.Person, introduction.ApId, asked, other, reason, node.Authority, now, introduction.Language);
        }

        await using (var tx = await transactions.BeginAsync(ct))
        {
            // Read again in the transaction: an answer may have come in meanwhile, and must not be written over.
            if (await introductions.FindAsync(introduction.Id, tx, ct) is { IsOpen: true } current)
            {
                await introductions.UpdateAsync(
                    current with { Parties = [.. current.Parties.Select(p => p.Position == party.Position ? p with { OfferId = offerId } : p)] }, tx, ct);
                await outbox.AddAsync([new Outgoing(glueEr.Username, activity, [remote.DeliveryInbox])], tx, ct);
            }

            await work.CompleteAsync(item, item.LeaseOwner ?? "", tx, ct);
            await tx.CommitAsync(ct);
        }

        outbox.Wake();
        LogSent(introduction.Id, party.Position, party.Channel.Name());
    }

    /// <summary><see cref="IntroductionWork.Answer"/>: our member's Accept, Reject or Undo{Accept}, to the remote glue-er alone.</summary>
    public async Task AnswerAsync(WorkItem item, CancellationToken ct)
    {
        var payload = WorkPayload.Read<IntroductionAnswerEvent>(item);
        var introduction = await introductions.FindAsync(payload.IntroductionId, ct);
        if (introduction is not { IntroducerIsLocal: false }
            || introduction.Parties.FirstOrDefault(p => p.Position == payload.Position) is not { IsLocal: true, OfferId: { } offerId } party
            || await AnswererAsync(party, ct) is not { } username)
        {
            await CompleteAsync(item, ct);
            return;
        }

        var (glueEr, error) = await remoteActors.GetAsync(introduction.Introducer, refresh: false, ct);
        if (glueEr is null)
        {
            throw new InvalidOperationException($"The glue-er {introduction.Introducer} cannot be reached now: {error}");
        }

        var partyId = ApUrls.Actor(node.Origin, username);
        var seed = $"introduction:{introduction.Id:D}:{party.Position}";
        // One Accept per party at most (a no ends it), so its id follows from the party: the Undo can embed it later.
        var acceptId = outbox.ActivityIdFor(seed, "accept");
        var activity = (payload.Answer, payload.UndoesAccept) switch
        {
            ("accepted", _) => IntroductionDocuments.Answer(accept: true, acceptId, partyId, offerId, glueEr.Id),
            (_, true) => IntroductionDocuments.UndoAccept(outbox.ActivityIdFor(seed, "undo-accept"), partyId, acceptId, offerId, glueEr.Id),
            _ => IntroductionDocuments.Answer(accept: false, outbox.ActivityIdFor(seed, "reject"), partyId, offerId, glueEr.Id),
        };
        await outbox.CompleteAsync(item, [new Outgoing(username, activity, [glueEr.DeliveryInbox])], ct);
        LogAnswered(introduction.Id, payload.Answer);
    }

    /// <summary>
    /// Who sends a local party's answer: the member, or for our hub its <c>Group</c> (an admin decided; the Offer was
    /// addressed to the hub, so the hub answers). Null when the member is gone.
    /// </summary>
    private async Task<string?> AnswererAsync(IntroductionParty party, CancellationToken ct)
    {
        if (party.IsOurHub)
        {
            return locals.HubUsername;
        }

        return party.MemberId is { } memberId && await members.FindAsync(memberId, ct) is { } member ? member.Username : null;
    }

    /// <summary>
    /// <see cref="IntroductionWork.Made"/>: the direct note naming both, to each remote party (a Mention of each, so
    /// Mastodon notifies them), and <c>Update{Relationship}</c> <c>accepted</c> to parties on Our Society nodes.
    /// </summary>
    public async Task MadeAsync(WorkItem item, CancellationToken ct)
    {
        var introduction = await introductions.FindAsync(WorkPayload.Read<IntroductionEvent>(item).IntroductionId, ct);
        if (introduction is not { IntroducerIsLocal: true, State: IntroductionState.Made } || await GlueErAsync(introduction, ct) is not { } glueEr)
        {
            await CompleteAsync(item, ct);
            return;
        }

        var remotes = await RemotePartiesAsync(introduction, ct);
        var a = await PersonAsync(introduction.Party(0), ct);
        var b = await PersonAsync(introduction.Party(1), ct);
        var now = time.GetUtcNow();
        var note = IntroductionDocuments.Made(
            outbox.ActivityIdFor(item), outbox.ActivityIdFor(item, "note"), glueEr.Person, introduction.ApId, a, b,
            await ReasonHtmlAsync(introduction, ct), now, introduction.Language);
        var outgoing = new List<Outgoing> { new(glueEr.Username, note, [.. remotes.Select(r => r.Actor.DeliveryInbox).Distinct(StringComparer.Ordinal)]) };
        outgoing.AddRange(StateUpdates(item, introduction, glueEr, remotes, IntroductionTerms.Accepted, now));
        await outbox.CompleteAsync(item, outgoing, ct);
        LogTold(introduction.Id, "made", remotes.Count);
    }

    /// <summary>
    /// <see cref="IntroductionWork.Ended"/>: <c>Update{Relationship}</c> <c>not-going-ahead</c> to the parties on Our
    /// Society nodes that were sent an Offer. No name, no reason: who said no, or why, is nobody's business.
    /// </summary>
    public async Task EndedAsync(WorkItem item, CancellationToken ct)
    {
        var introduction = await introductions.FindAsync(WorkPayload.Read<IntroductionEvent>(item).IntroductionId, ct);
        if (introduction is not { IntroducerIsLocal: true, State: IntroductionState.NotGoingAhead } || await GlueErAsync(introduction, ct) is not { } glueEr)
        {
            await CompleteAsync(item, ct);
            return;
        }

        var remotes = await RemotePartiesAsync(introduction, ct);
        var outgoing = StateUpdates(item, introduction, glueEr, remotes, IntroductionTerms.NotGoingAhead, time.GetUtcNow());
        await outbox.CompleteAsync(item, outgoing, ct);
        LogTold(introduction.Id, "not going ahead", outgoing.Count);
    }

    private List<Outgoing> StateUpdates(
        WorkItem item, Introduction introduction, GlueEr glueEr, IReadOnlyList<(IntroductionParty Party, RemoteActor Actor)> remotes, string state,
        DateTimeOffset now) =>
        [.. remotes
            .Where(r => r.Party.Channel == PartyChannel.Offer && r.Party.OfferId is not null)
            .Select(r => new Outgoing(
                glueEr.Username,
                IntroductionDocuments.StateUpdate(outbox.ActivityIdFor(item, $"update-{r.Party.Position}"), glueEr.Person.ActorId, introduction.ApId, r.Actor.Id, state, now),
                [r.Actor.DeliveryInbox]))];

    /// <summary>The remote parties with their actors; throws (the item is retried) while one cannot be fetched.</summary>
    private async Task<List<(IntroductionParty Party, RemoteActor Actor)>> RemotePartiesAsync(Introduction introduction, CancellationToken ct)
    {
        var found = new List<(IntroductionParty, RemoteActor)>();
        foreach (var party in introduction.Parties.Where(p => !p.IsLocal))
        {
            var (actor, error) = await remoteActors.GetAsync(party.Actor, refresh: false, ct);
            found.Add((party, actor ?? throw new InvalidOperationException($"The party {party.Actor} cannot be reached now: {error}")));
        }

        return found;
    }

    /// <summary>The reason as HTML, the people it names linked (as looked up); never a Mention tag or an address.</summary>
    private async Task<string> ReasonHtmlAsync(Introduction introduction, CancellationToken ct) =>
        MarkdownHtml.Render(introduction.Reason, await mentionStore.ListAsync(IntroductionWork.MentionSubject(introduction.Id), ct)).Trim();

    private async Task<GlueEr?> GlueErAsync(Introduction introduction, CancellationToken ct) =>
        introduction.IntroducerMemberId is { } id && await members.FindAsync(id, ct) is { State: MemberState.Active } member
            ? new GlueEr(member.Username, Person(locals.FromMember(member)))
            : null;

    private async Task<IntroducedPerson> PersonAsync(IntroductionParty party, CancellationToken ct)
    {
        if (party.IsOurHub)
        {
            return Person(locals.Hub);
        }

        if (party.IsLocal)
        {
            var member = party.MemberId is { } id ? await members.FindAsync(id, ct) : null;
            if (member is not null)
            {
                return Person(locals.FromMember(member));
            }
        }

        var (remote, _) = party.IsLocal ? (null, null) : await remoteActors.GetAsync(party.Actor, refresh: false, ct);
        return Person(party, remote);
    }

    private IntroducedPerson Person(LocalActor actor) =>
        new(actor.Id, $"{actor.Username}@{node.Authority}", actor.ProfileUrl, actor.DisplayName);

    private static IntroducedPerson Person(IntroductionParty party, RemoteActor? remote) =>
        new(remote?.Id ?? party.Actor, party.Handle, party.Url ?? remote?.Url ?? party.Actor, remote?.Name is { Length: > 0 } name ? name : "@" + party.Handle);

    private async Task CompleteAsync(WorkItem item, CancellationToken ct)
    {
        await using var tx = await transactions.BeginAsync(ct);
        await work.CompleteAsync(item, item.LeaseOwner ?? "", tx, ct);
        await tx.CommitAsync(ct);
    }

    private sealed record GlueEr(string Username, IntroducedPerson Person);

    [LoggerMessage(6201, LogLevel.Information, "Introduction {IntroductionId}: asked party {Position} by {Channel}")]
    private partial void LogSent(Guid introductionId, int position, string channel);

    [LoggerMessage(6202, LogLevel.Information, "Introduction {IntroductionId}: our member's answer ({Answer}) sent to the glue-er")]
    private partial void LogAnswered(Guid introductionId, string answer);

    [LoggerMessage(6203, LogLevel.Information, "Introduction {IntroductionId}: told {Count} remote parties it is {State}")]
    private partial void LogTold(Guid introductionId, string state, int count);
}
