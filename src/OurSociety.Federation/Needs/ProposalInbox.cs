using OurSociety.ActivityPub.Discovery;
using OurSociety.ActivityPub.Json;
using OurSociety.ActivityPub.Vocabulary;
using OurSociety.Core.Federation;
using OurSociety.Core.Needs;
using OurSociety.Core.Notifications;
using OurSociety.Federation.Actors;
using OurSociety.Federation.Inbox;

namespace OurSociety.Federation.Needs;

/// <summary>
/// Received needs and offers: a <c>Create</c> of an object carrying the FEP-0837 proposal structure (any type, a
/// <c>Note</c> from us) from someone followed here, a hub's boost of one (fetched from its own server), and their
/// <c>Update</c> and <c>Delete</c> by their own author. The inbox handlers of those types ask here first, and hand
/// everything that is not a proposal on to posts. Kept as needs and offers from elsewhere (source "network"). One that
/// mentions a member here (a <c>Mention</c> tag) is kept even when nobody here follows its author, and they are told.
/// </summary>
public sealed partial class ProposalInbox(
    IProposalStore proposals,
    IFollowStore follows,
    IDocumentFetcher fetcher,
    RemoteActors remoteActors,
    LocalActors locals,
    INotificationStore notifications,
    Notifier notifier,
    TimeProvider time,
    ILogger<ProposalInbox> logger)
{
    /// <summary>A new one, kept when its author is followed here (by a member or the hub); null when the object is not a proposal.</summary>
    public async Task<InboxOutcome?> CreateAsync(ApDocument activity, string actorId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(activity);
        if (activity.EmbeddedObject is not { } obj || !ProposalDocuments.IsProposal(obj))
        {
            return null;
        }

        if (OriginRules.ObjectOriginError(obj, actorId) is { } originError)
        {
            return new InboxOutcome.Refused(originError);
        }

        if (!obj.IsAddressedToPublic)
        {
            return new InboxOutcome.Ignored("a need or offer that is not public");
        }

        if (await proposals.FindByApIdAsync(obj.Id!, ct) is not null)
        {
            return new InboxOutcome.Ignored("already stored");
        }

        var mentioned = await MentionedMembersAsync(obj, ct);
        if (mentioned.Count == 0 && !await follows.IsFollowedHereAsync(actorId, ct))
        {
            return new InboxOutcome.Ignored("no one here follows its author");
        }

        return Store(obj, actorId, mentioned);
    }

    /// <summary>
    /// A boost of a need or offer elsewhere, by someone followed here (a hub, typically): it is fetched from its own
    /// server (never taken inline, INTEROP §7.4) and kept. Null when the boosted object is not one.
    /// </summary>
    public async Task<InboxOutcome?> AnnounceAsync(ApDocument activity, string actorId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(activity);
        if (activity.ObjectId is not { } objectId || !ProposalUrls.LooksLikeOne(objectId))
        {
            return null;
        }

        if (await proposals.FindByApIdAsync(objectId, ct) is not null)
        {
            return new InboxOutcome.Ignored("already stored");
        }

        if (!activity.IsAddressedToPublic || !await follows.IsFollowedHereAsync(actorId, ct))
        {
            return new InboxOutcome.Ignored("no one here follows the booster");
        }

        if (!Uri.TryCreate(objectId, UriKind.Absolute, out var url) || (await fetcher.FetchAsync(url, ct)).Document is not { } obj)
        {
            return new InboxOutcome.Ignored("the boosted need or offer could not be fetched");
        }

        if (!ProposalDocuments.IsProposal(obj))
        {
            return null;   // a post at an address like ours: posts decide
        }

        if (obj.GetReference("attributedTo") is not { } author || OriginRules.ObjectOriginError(obj, author) is not null || obj.Id is null)
        {
            return new InboxOutcome.Refused("its author is not on its server");
        }

        if (!obj.IsAddressedToPublic)
        {
            return new InboxOutcome.Ignored("a need or offer that is not public");
        }

        if (await proposals.FindByApIdAsync(obj.Id, ct) is not null)
        {
            return new InboxOutcome.Ignored("already stored");
        }

        // The author's profile, for the name pages show.
        await remoteActors.GetAsync(author, refresh: false, ct);
        return Store(obj, author, await MentionedMembersAsync(obj, ct));
    }

    /// <summary>An edit (or closing) by its own author; null when the object is not a proposal we have.</summary>
    public async Task<InboxOutcome?> UpdateAsync(ApDocument activity, string actorId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(activity);
        if (activity.EmbeddedObject is not { Id: { } id } obj || await proposals.FindByApIdAsync(id, ct) is not { } stored)
        {
            return null;
        }

        if (stored.RemoteAuthor != actorId || OriginRules.ObjectOriginError(obj, actorId) is not null)
        {
            return new InboxOutcome.Refused("not the author's own need or offer");
        }

        if (stored.IsDeleted)
        {
            return new InboxOutcome.Ignored("deleted");
        }

        var updated = ProposalDocuments.Read(obj, actorId, stored, time.GetUtcNow());
        return new InboxOutcome.Done("updated " + ProposalNames.Name(stored.Kind)) { Writes = (tx, ct) => proposals.UpdateAsync(updated, tx, ct) };
    }

    /// <summary>A deletion by its own author; null when the object is not a proposal we have.</summary>
    public async Task<InboxOutcome?> DeleteAsync(ApDocument activity, string actorId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(activity);
        if (activity.ObjectId is not { } objectId || await proposals.FindByApIdAsync(objectId, ct) is not { } stored)
        {
            return null;
        }

        if (stored.RemoteAuthor != actorId)
        {
            return new InboxOutcome.Refused("not the author's own need or offer");
        }

        if (stored.IsDeleted)
        {
            return new InboxOutcome.Ignored("deleted already");
        }

        var now = time.GetUtcNow();
        return new InboxOutcome.Done("deleted " + ProposalNames.Name(stored.Kind)) { Writes = (tx, ct) => proposals.MarkDeletedAsync(stored.Id, now, tx, ct) };
    }

    /// <summary>The writes that forget every need and offer of an actor that deleted itself.</summary>
    public Func<Core.ITransaction, CancellationToken, Task> ForgetActor(string actorId) =>
        async (tx, ct) => await proposals.DeleteAllByRemoteAuthorAsync(actorId, tx, ct);

    private InboxOutcome.Done Store(ApDocument obj, string actorId, IReadOnlyList<Guid> mentioned)
    {
        var proposal = ProposalDocuments.Read(obj, actorId, null, time.GetUtcNow());
        var subject = ProposalDocuments.MentionSubject(proposal);
        var told = mentioned.Select(m => notifier.Make(m, NotificationKind.Mention, actorId, isLocal: false, null, subject)).OfType<Notification>().ToList();
        LogStored(proposal.Kind, obj.Id!, actorId);
        return new InboxOutcome.Done("stored " + ProposalNames.Name(proposal.Kind))
        {
            Writes = async (tx, ct) =>
            {
                if (await proposals.AddAsync(proposal, tx, ct))
                {
                    await notifications.AddAsync(told, tx, ct);   // once: a copy kept already tells nobody again
                }
            },
        };
    }

    /// <summary>The members here its <c>Mention</c> tags name, each once (at most 50 tags are read).</summary>
    private async Task<List<Guid>> MentionedMembersAsync(ApDocument obj, CancellationToken ct)
    {
        var found = new List<Guid>();
        foreach (var tag in obj.GetObjects(AsProperties.Tag).Take(50))
        {
            if (tag.Type == ObjectTypes.Mention && tag.GetString(AsProperties.Href) is { } href
                && await locals.FindByIdAsync(href, ct) is { Member: { } member } && !found.Contains(member.Id))
            {
                found.Add(member.Id);
            }
        }

        return found;
    }

    [LoggerMessage(5951, LogLevel.Information, "Stored a received {Kind} {ApId} by {ActorId}")]
    private partial void LogStored(ProposalKind kind, string apId, string actorId);
}
