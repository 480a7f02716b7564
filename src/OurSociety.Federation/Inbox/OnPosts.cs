using OurSociety.ActivityPub.Vocabulary;
using OurSociety.Core.Federation;
using OurSociety.Federation.Actors;
using OurSociety.Federation.Introductions;
using OurSociety.Federation.Needs;
using OurSociety.Federation.Posts;

namespace OurSociety.Federation.Inbox;

/// <summary>A new post (Note, Article, Page): kept when someone here has reason to see it (<see cref="PostInbox.CreateAsync"/>).</summary>
public sealed class OnCreate(PostInbox posts, ProposalInbox needs, IntroductionInbox introductions) : IInboxHandler
{
    public string Type => ActivityTypes.Create;

    // A reply to an introduction's direct note is an answer, not a post (IntroductionInbox.CreateAsync); a need or
    // offer (FEP-0837) is kept as one; anything else is a post.
    public async Task<InboxOutcome> HandleAsync(ReceivedActivity received, CancellationToken ct) =>
        await introductions.CreateAsync(received, ct)
        ?? await needs.CreateAsync(received.Activity, received.ActorId, ct)
        ?? await posts.CreateAsync(received.Activity, received.ActorId, ct);
}

/// <summary>"This helped me" from elsewhere.</summary>
public sealed class OnLike(PostInbox posts) : IInboxHandler
{
    public string Type => ActivityTypes.Like;

    public Task<InboxOutcome> HandleAsync(ReceivedActivity received, CancellationToken ct) => posts.LikeAsync(received.Activity, received.ActorId, ct);
}

/// <summary>A share of one of our posts, or a boost (by someone followed here) of a post elsewhere.</summary>
public sealed class OnAnnounce(PostInbox posts, ProposalInbox needs) : IInboxHandler
{
    public string Type => ActivityTypes.Announce;

    public async Task<InboxOutcome> HandleAsync(ReceivedActivity received, CancellationToken ct) =>
        await needs.AnnounceAsync(received.Activity, received.ActorId, ct)   // a hub's boost of a need or offer, else a post
        ?? await posts.AnnounceAsync(received.Activity, received.ActorId, ct);
}

/// <summary>An actor deleted itself (it is forgotten, with its follows) or one of its posts.</summary>
public sealed class OnDelete(
    PostInbox posts, RemoteActors remoteActors, IRemoteActorStore remoteActorStore, ProposalInbox needs, Core.Moderation.IAccountSanctionStore content,
    Core.Hubs.IHubLinkStore hubLinks)
    : IInboxHandler
{
    public string Type => ActivityTypes.Delete;

    public async Task<InboxOutcome> HandleAsync(ReceivedActivity received, CancellationToken ct)
    {
        if (received.Activity.ObjectId != received.ActorId)
        {
            return await needs.DeleteAsync(received.Activity, received.ActorId, ct)   // a need or offer we have, else a post
                ?? await posts.DeleteAsync(received.Activity, received.ActorId, ct);
        }

        if (await remoteActorStore.FindAsync(received.ActorId, ct) is null)
        {
            return new InboxOutcome.Ignored("actor unknown");
        }

        remoteActors.Forget(received.ActorId);
        var forgetNeeds = needs.ForgetActor(received.ActorId);   // its needs and offers go with it
        var link = await hubLinks.FindByHubAsync(received.ActorId, ct);   // a deleted hub's link ends
        return new InboxOutcome.Done("actor deleted")
        {
            Writes = async (tx, ct) =>
            {
                await forgetNeeds(tx, ct);
                // Its posts, replies and reactions go too (as after a suspension's grace period on its own server).
                await content.PurgeRemoteContentAsync(received.ActorId, tx, ct);
                await remoteActorStore.DeleteAsync(received.ActorId, tx, ct);
                if (link is not null)
                {
                    await hubLinks.DeleteAsync(link.Id, tx, ct);
                }
            },
        };
    }
}

/// <summary>An actor changed its own profile, or edited one of its posts.</summary>
public sealed class OnUpdate(PostInbox posts, RemoteActors remoteActors, ProposalInbox needs, IntroductionInbox introductions) : IInboxHandler
{
    public string Type => ActivityTypes.Update;

    public async Task<InboxOutcome> HandleAsync(ReceivedActivity received, CancellationToken ct)
    {
        var activity = received.Activity;
        if (activity.EmbeddedObject is { } relationship && relationship.Types.Contains(ObjectTypes.Relationship))
        {
            return await introductions.StateUpdateAsync(received, relationship, ct);   // a glue-er says where an introduction stands
        }

        if (activity.ObjectId != received.ActorId)
        {
            return await needs.UpdateAsync(activity, received.ActorId, ct)   // a need or offer we have, else a post
                ?? await posts.UpdateAsync(activity, received.ActorId, ct);
        }

        // The actor changed its own profile (signed by itself, checked at the inbox): taken as sent.
        if (activity.EmbeddedObject is { } embedded && ActivityPub.Json.ApActor.From(embedded).Actor is { } actor && actor.Id == received.ActorId)
        {
            await remoteActors.SaveAsync(actor, embedded.Json.ToJsonString(), ct);
            return new InboxOutcome.Done("actor updated");
        }

        await remoteActors.GetAsync(received.ActorId, refresh: true, ct);
        return new InboxOutcome.Done("actor refetched");
    }
}
