using OurSociety.ActivityPub.Vocabulary;
using OurSociety.Core;
using OurSociety.Core.Federation;
using OurSociety.Core.Notifications;
using OurSociety.Federation.Actors;
using OurSociety.Federation.Delivery;
using OurSociety.Federation.Follows;

namespace OurSociety.Federation.Inbox;

/// <summary>
/// Someone asks to follow one of our actors. <see cref="FollowRules"/> answer: accepted at once, pending for a locked
/// account, or rejected (the instance actor, a blocked account). The follow, the member's notification and the Accept
/// or Reject are committed together with the outcome; the answer's id comes from the Follow's, so handling it twice sends nothing new.
/// </summary>
public sealed partial class OnFollow(
    LocalActors locals,
    RemoteActors remoteActors,
    IFollowStore follows,
    INotificationStore notifications,
    FollowRules rules,
    FollowService followService,
    Notifier notifier,
    Outbox outbox,
    Hubs.HubLinkInbox hubLinks,
    TimeProvider time,
    ILogger<OnFollow> logger) : IInboxHandler
{
    public string Type => ActivityTypes.Follow;

    public async Task<InboxOutcome> HandleAsync(ReceivedActivity received, CancellationToken ct)
    {
        if (received.Activity.ObjectId is not { } objectId || await locals.FindByIdAsync(objectId, ct) is not { } local)
        {
            return new InboxOutcome.Ignored("not one of our actors");
        }

        var (actor, error) = await remoteActors.GetAsync(received.ActorId, refresh: false, ct);
        if (actor is null)
        {
            return new InboxOutcome.Ignored($"follower unknown ({error})");
        }

        var now = time.GetUtcNow();
        var follow = new Follow(Guid.CreateVersion7(now), local.Username, actor.Id, FollowDirection.In, FollowState.Pending, received.Id, now, null);
        var answerId = outbox.ActivityIdFor(received.Id, "answer");
        var answer = await rules.AnswerAsync(local.Username, takesFollowers: local.Kind != LocalActorKind.Instance, local.ManuallyApprovesFollowers, actor.Id, ct);
        if (answer == FollowAnswer.Reject)
        {
            var rejection = await followService.AnswerAsync(accept: false, follow, answerId, ct);
            return new InboxOutcome.Done("rejected") { Writes = (tx, ct) => outbox.AddAsync(rejection, tx, ct), Sends = true };
        }

        var state = answer == FollowAnswer.Pending ? FollowState.Pending : FollowState.Accepted;
        var before = await follows.FindAsync(local.Username, actor.Id, FollowDirection.In, ct);
        // A repeated Follow (the same state again, or this one handled again) tells the member nothing new.
        var told = local.Member is { } member && before?.State != state
            ? notifier.Make(member.Id, state == FollowState.Accepted ? NotificationKind.Follow : NotificationKind.FollowRequest, actor.Id, isLocal: false, null)
            : null;
        // Also for a repeated Follow of an existing follower: the Accept carries the new Follow's id.
        var accepted = state == FollowState.Accepted ? await followService.AnswerAsync(accept: true, follow, answerId, ct) : [];
        // A hub's follow of our hub may ask for a link, or complete one (federation-specs/hub-links.md).
        var link = state == FollowState.Accepted && local.Kind == LocalActorKind.Hub ? await hubLinks.FollowedAsync(received, actor, ct) : null;
        LogFollowed(actor.Id, local.Username, state == FollowState.Accepted ? "accepted" : "waiting for approval");
        return new InboxOutcome.Done(state == FollowState.Accepted ? "accepted" : "pending")
        {
            Writes = async (tx, ct) =>
            {
                await follows.PutAsync(follow with { State = state, AcceptedAt = state == FollowState.Accepted ? now : null }, tx, ct);
                if (told is not null)
                {
                    await notifications.AddAsync([told], tx, ct);
                }

                await outbox.AddAsync(accepted, tx, ct);
                if (link is not null)
                {
                    await link(tx, ct);
                }
            },
            Sends = accepted.Count > 0,
        };
    }

    [LoggerMessage(5501, LogLevel.Information, "{ActorId} follows {Username}: {State}")]
    private partial void LogFollowed(string actorId, string username, string state);
}
