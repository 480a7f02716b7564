using OurSociety.ActivityPub;
using OurSociety.ActivityPub.Vocabulary;
using OurSociety.Core.Hubs;
using OurSociety.Core.Work;
using OurSociety.Federation.Delivery;

namespace OurSociety.Federation.Actors;

/// <summary>
/// Tells the hub's followers when an admin changes its name, description, locality or logo: an Update of the whole
/// Group, as <see cref="HubWork.Updated"/> runs (like a member's profile change, <see cref="MemberFederation"/>).
/// </summary>
public sealed class HubFederation(LocalActors locals, ActorKeys keys, Outbox outbox, NodeIdentity node)
{
    public async Task UpdatedAsync(WorkItem item, CancellationToken ct)
    {
        _ = WorkPayload.Read<HubEvent>(item);   // checks the shape; the hub is sent as it is now, the latest for followers
        var actor = locals.Hub;
        var document = ActorDocuments.Build(actor, await keys.PairOfAsync(actor.Username, ct), node.Authority);
        var update = Activities.UpdateActor(outbox.ActivityIdFor(item), document, [ActivityStreams.Public], [ApUrls.Followers(actor.Id)], ActorDocuments.Context());
        await outbox.CompleteAsync(item, [new(actor.Username, update, await outbox.FollowerInboxesAsync(actor.Username, ct))], ct);
    }
}
