using OurSociety.ActivityPub;
using OurSociety.ActivityPub.Vocabulary;
using OurSociety.Core;
using OurSociety.Core.Federation;
using OurSociety.Core.Members;
using OurSociety.Core.Work;
using OurSociety.Federation.Delivery;

namespace OurSociety.Federation.Actors;

/// <summary>
/// Tells a member's followers when their profile changes (Update of the Person, INTEROP §4.5) or their account is
/// deleted (Delete of the Person; their servers then forget the account), as the work items of <see cref="MemberWork"/> run.
/// </summary>
public sealed partial class MemberFederation(
    LocalActors locals,
    ActorKeys keys,
    Outbox outbox,
    IMemberStore members,
    IFollowStore follows,
    IWorkItemStore work,
    ITransactions transactions,
    NodeIdentity node,
    ILogger<MemberFederation> logger)
{
    public async Task UpdatedAsync(WorkItem item, CancellationToken ct)
    {
        // As the profile is now: several quick changes each send the latest, which is what followers should see.
        if (await members.FindAsync(WorkPayload.Read<MemberEvent>(item).MemberId, ct) is not { State: MemberState.Active } member)
        {
            return;
        }

        var actor = locals.FromMember(member);
        var document = ActorDocuments.Build(actor, await keys.PairOfAsync(member.Username, ct), node.Authority);
        var update = Activities.UpdateActor(outbox.ActivityIdFor(item), document, [ActivityStreams.Public], [ApUrls.Followers(actor.Id)], ActorDocuments.Context());
        await outbox.CompleteAsync(item, [new(member.Username, update, await outbox.FollowerInboxesAsync(member.Username, ct))], ct);
    }

    public async Task DeletedAsync(WorkItem item, CancellationToken ct)
    {
        var deleted = WorkPayload.Read<MemberEvent>(item);
        var actorId = ApUrls.Actor(locals.Origin, deleted.Username);
        var delete = Activities.Delete(actorId + "#delete", actorId, actorId, [ActivityStreams.Public]);
        // The followers' inboxes are read before their follows go; the key stays, to sign the Delete.
        var inboxes = await outbox.FollowerInboxesAsync(deleted.Username, ct);
        int removed;
        await using (var tx = await transactions.BeginAsync(ct))
        {
            await outbox.AddAsync([new(deleted.Username, delete, inboxes)], tx, ct);
            removed = await follows.DeleteAllOfAsync(deleted.Username, tx, ct);
            await work.CompleteAsync(item, item.LeaseOwner ?? "", tx, ct);
            await tx.CommitAsync(ct);
        }

        outbox.Wake();
        LogDeleted(deleted.Username, removed);
    }

    [LoggerMessage(5701, LogLevel.Information, "Told the followers of {Username} that the account is deleted; {Count} follows removed")]
    private partial void LogDeleted(string username, int count);
}
