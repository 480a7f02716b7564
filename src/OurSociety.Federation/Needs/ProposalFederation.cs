using System.Text.Json.Nodes;
using OurSociety.ActivityPub;
using OurSociety.ActivityPub.Vocabulary;
using OurSociety.Core.Members;
using OurSociety.Core.Needs;
using OurSociety.Core.Notifications;
using OurSociety.Core.Posts;
using OurSociety.Core.Work;
using OurSociety.Federation.Actors;
using OurSociety.Federation.Delivery;
using OurSociety.Federation.Posts;

namespace OurSociety.Federation.Needs;

/// <summary>
/// Tells other servers about needs and offers posted here, as the work items of <see cref="ProposalWork"/> run:
/// Create, Update (edits and closing) and Delete (Tombstone) to the author's followers. A member's ones are also
/// boosted by the hub to its followers (Announce by id, as for stories), who get their Updates and Deletes too; the
/// hub's own ones go from the hub to its followers. Each item's activities and its completion commit together; their
/// ids come from the item, so an item run twice sends nothing new.
/// <para>
/// The <c>@user@host</c> handles its details name are looked up by the Create's or Update's own item before it is built
/// (<see cref="MentionResolver"/>: kept under <c>need:{id}</c> or <c>offer:{id}</c>, the author told of unknown ones, in
/// one commit, so a retry looks nothing up again); the people found are linked, tagged, in <c>cc</c> and sent it, and
/// its Delete too, after which what it named is forgotten.
/// </para>
/// </summary>
public sealed partial class ProposalFederation(
    Outbox outbox,
    LocalActors locals,
    IProposalStore proposals,
    IMemberStore members,
    MentionResolver mentionResolver,
    IMentionStore mentionStore,
    INotificationStore notifications,
    Notifier notifier,
    UnitOfWork unit,
    ILogger<ProposalFederation> logger)
{
    public async Task PublishedAsync(WorkItem item, CancellationToken ct)
    {
        if (await LiveAsync(item, ct) is not { } proposal || await AuthorAsync(proposal, ct) is not { } author)
        {
            return;   // deleted before it went out: its Delete follows in the same partition
        }

        var mentioned = await ResolveMentionsAsync(proposal, ct);
        var obj = Document(proposal, author.ActorId, mentioned);
        var sent = new List<Outgoing>
        {
            new(author.Username, Activities.Create(outbox.ActivityIdFor(item), author.ActorId, obj, proposal.CreatedAt),
                [.. await outbox.FollowerInboxesAsync(author.Username, ct), .. await mentionResolver.InboxesAsync(mentioned, ct)]),
        };
        // A limited member's new ones are not boosted by the hub, as for their posts (earlier boosts stay).
        if (!proposal.AsHub && !await AuthorLimitedAsync(proposal, ct))
        {
            var hub = locals.Hub;
            sent.Add(new(hub.Username, Activities.Announce(outbox.ActivityIdFor(item, "announce"), hub.Id, (string)obj["id"]!, proposal.CreatedAt,
                [ActivityStreams.Public], [ApUrls.Followers(hub.Id), author.ActorId]), await outbox.FollowerInboxesAsync(hub.Username, ct)));
        }

        await outbox.CompleteAsync(item, sent, ct);
        LogSent(ActivityTypes.Create, proposal.Id);
    }

    public async Task UpdatedAsync(WorkItem item, CancellationToken ct)
    {
        if (await LiveAsync(item, ct) is not { } proposal || await AuthorAsync(proposal, ct) is not { } author)
        {
            return;
        }

        var mentioned = await ResolveMentionsAsync(proposal, ct);
        var update = Activities.Update(outbox.ActivityIdFor(item), author.ActorId, Document(proposal, author.ActorId, mentioned), proposal.UpdatedAt ?? proposal.CreatedAt);
        await outbox.CompleteAsync(item, [new(author.Username, update,
            [.. await InboxesAsync(proposal, author.Username, ct), .. await mentionResolver.InboxesAsync(mentioned, ct)])], ct);
        LogSent(ActivityTypes.Update, proposal.Id);
    }

    public async Task DeletedAsync(WorkItem item, CancellationToken ct)
    {
        if (await proposals.FindAsync(WorkPayload.Read<ProposalEvent>(item).ProposalId, ct) is not { IsLocal: true } proposal
            || await AuthorAsync(proposal, ct) is not { } author)
        {
            return;
        }

        // Its text is gone; whom it named is kept until now, so their servers drop their copies too, and forgotten with the Delete.
        var subject = ProposalDocuments.MentionSubject(proposal);
        var named = (await mentionStore.ListAsync(subject, ct)).Where(m => m.IsFound).ToList();
        var tombstone = ProposalDocuments.Tombstone(ProposalUrls.Page(locals.Origin, proposal), proposal.DeletedAt);
        var delete = Activities.Delete(outbox.ActivityIdFor(item), author.ActorId, tombstone, [ActivityStreams.Public],
            [ApUrls.Followers(author.ActorId), .. named.Select(m => m.ActorId!)]);
        await outbox.CompleteAsync(item, [new(author.Username, delete,
            [.. await InboxesAsync(proposal, author.Username, ct), .. await mentionResolver.InboxesAsync(named, ct)])],
            (tx, ct) => mentionStore.DeleteAsync(subject, tx, ct), ct);
        LogSent(ActivityTypes.Delete, proposal.Id);
    }

    private async Task<bool> AuthorLimitedAsync(Proposal proposal, CancellationToken ct) =>
        proposal.AuthorId is { } authorId && await members.FindAsync(authorId, ct) is { LimitedAt: not null };

    /// <summary>The object of one posted here, attributed to its member or to the hub (null when its author is gone).</summary>
    public async Task<JsonObject?> ObjectAsync(Proposal proposal, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(proposal);
        return await AuthorAsync(proposal, ct) is { } author
            ? Document(proposal, author.ActorId, proposal.IsLocal ? await mentionStore.ListAsync(ProposalDocuments.MentionSubject(proposal), ct) : [])
            : null;
    }

    /// <summary>The actor it is attributed to and the key-store name that signs for it: the member, or the hub.</summary>
    public async Task<(string ActorId, string Username)?> AuthorAsync(Proposal proposal, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(proposal);
        if (proposal.AsHub && proposal.RemoteAuthor is null)
        {
            return (locals.Hub.Id, locals.HubUsername);
        }

        return proposal.AuthorId is { } id && await members.FindAsync(id, ct) is { } member
            ? (ApUrls.Actor(locals.Origin, member.Username), member.Username)
            : null;
    }

    private JsonObject Document(Proposal proposal, string authorId, IReadOnlyCollection<Mention> mentioned) =>
        ProposalDocuments.Build(proposal, new ProposalContext(locals.Origin, authorId, locals.Hub.Id), mentioned);

    /// <summary>
    /// Looks up the handles its details name (the network, at most once each) and tells its author, or the admin who
    /// posted it as the hub, of those not found, and a member here named as <c>@name@ourhost</c> that they were named
    /// (nothing is delivered to them); kept and told in one commit. The people found.
    /// </summary>
    private async Task<IReadOnlyList<Mention>> ResolveMentionsAsync(Proposal proposal, CancellationToken ct)
    {
        if (Mentions.RemoteHandles(proposal.Details).Count == 0)
        {
            return [];
        }

        var subject = ProposalDocuments.MentionSubject(proposal);
        if ((proposal.AuthorId ?? proposal.PostedBy) is not { } author)
        {
            return Mentions.Current(await mentionStore.ListAsync(subject, ct), proposal.Details);   // its poster is gone: nobody to tell
        }

        var lookup = await mentionResolver.LookUpAsync(subject, [proposal.Details], ct);
        if (lookup.New.Count > 0)
        {
            var told = new List<Notification?>(mentionResolver.UnknownNotices(lookup, author, null, subject));
            foreach (var mention in lookup.New.Where(m => m.IsFound && mentionResolver.IsLocal(m)))
            {
                if (await locals.FindByIdAsync(mention.ActorId!, ct) is { Member: { } member } && member.Id != author)
                {
                    told.Add(notifier.Make(member.Id, NotificationKind.Mention, author.ToString("D"), isLocal: true, null, subject));
                }
            }

            await unit.CommitAsync(async tx =>
            {
                await mentionResolver.KeepAsync(subject, lookup, tx, ct);
                await notifications.AddAsync([.. told.OfType<Notification>()], tx, ct);
                return [];
            }, ct);
        }

        return lookup.Found;
    }

    private async Task<Proposal?> LiveAsync(WorkItem item, CancellationToken ct) =>
        await proposals.FindAsync(WorkPayload.Read<ProposalEvent>(item).ProposalId, ct) is { IsDeleted: false, IsLocal: true } proposal ? proposal : null;

    /// <summary>The author's followers and, for a member's one, the hub's followers (who got it through the hub's boost).</summary>
    private async Task<List<string>> InboxesAsync(Proposal proposal, string username, CancellationToken ct)
    {
        var inboxes = new List<string>(await outbox.FollowerInboxesAsync(username, ct));
        if (!proposal.AsHub)
        {
            inboxes.AddRange(await outbox.FollowerInboxesAsync(locals.HubUsername, ct));
        }

        return inboxes;
    }

    [LoggerMessage(5851, LogLevel.Debug, "Sent {Type} for need or offer {ProposalId}")]
    private partial void LogSent(string type, Guid proposalId);
}
