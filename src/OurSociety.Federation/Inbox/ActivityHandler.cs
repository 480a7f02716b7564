using OurSociety.ActivityPub.Json;
using OurSociety.Core.Federation;
using OurSociety.Core.Notifications;
using OurSociety.Federation.Actors;
using OurSociety.Federation.Follows;
using OurSociety.Federation.Posts;

namespace OurSociety.Federation.Inbox;

/// <summary>
/// What a received activity does here. It runs after the inbox stored the activity, whose signature, key owner and
/// origins were checked then; each handler also checks that the activity is about something its actor owns
/// (INTEROP §7.2). Handlers are idempotent: after a crash an activity may be handled again.
/// </summary>
public sealed partial class ActivityHandler(
    IFollowStore follows,
    IBlockStore blocks,
    IRemoteActorStore remoteActorStore,
    RemoteActors remoteActors,
    LocalActors locals,
    FollowService followService,
    PostInbox postInbox,
    Notifier notifier,
    TimeProvider time,
    ILogger<ActivityHandler> logger)
{
    /// <summary>True for the types this version acts on; the others are only kept.</summary>
    public static bool Handles(string type) =>
        type is "Follow" or "Accept" or "Reject" or "Undo" or "Block" or "Delete" or "Update" or "Create" or "Like" or "Announce";

    /// <summary>Handles one activity; the answer is a short outcome kept beside it for admins (and tests).</summary>
    public async Task<string> HandleAsync(InboxActivity received, CancellationToken ct)
    {
        if (!Handles(received.Type))
        {
            return "kept";   // nothing to do here for these: no need to parse the body a second time
        }

        if (ApDocument.Parse(System.Text.Encoding.UTF8.GetBytes(received.Body)).Document is not { } activity)
        {
            return "unreadable";
        }

        return received.Type switch
        {
            "Follow" => await FollowAsync(activity, received.Actor, ct),
            "Accept" => await AnswerAsync(activity, received.Actor, accepted: true, ct),
            "Reject" => await AnswerAsync(activity, received.Actor, accepted: false, ct),
            "Undo" => await UndoAsync(activity, received.Actor, ct),
            "Block" => await BlockAsync(activity, received.Actor, ct),
            "Delete" => await DeleteAsync(activity, received.Actor, ct),
            "Update" => await UpdateAsync(activity, received.Actor, ct),
            "Create" => await postInbox.CreateAsync(activity, received.Actor, ct),
            "Like" => await postInbox.LikeAsync(activity, received.Actor, ct),
            "Announce" => await postInbox.AnnounceAsync(activity, received.Actor, ct),
            _ => "kept",
        };
    }

    private async Task<string> FollowAsync(ApDocument activity, string actorId, CancellationToken ct)
    {
        if (activity.ObjectId is not { } objectId || await locals.FindByIdAsync(objectId, ct) is not { } local)
        {
            return "ignored: not one of our actors";
        }

        var (actor, error) = await remoteActors.GetAsync(actorId, refresh: false, ct);
        if (actor is null)
        {
            return $"ignored: follower unknown ({error})";
        }

        var follow = new Follow(Guid.CreateVersion7(time.GetUtcNow()), local.Username, actor.Id, FollowDirection.In, FollowState.Pending, activity.Id!, time.GetUtcNow(), null);
        if (local.Kind == LocalActorKind.Instance || await blocks.FindAsync(local.Username, actor.Id, FollowDirection.Out, ct) is not null)
        {
            // The instance actor follows no one back and is followed by no one; a blocked account is told no.
            await followService.AnswerAsync("Reject", follow with { LocalActor = local.Kind == LocalActorKind.Instance ? ApUrls.InstanceActorName : local.Username }, ct);
            return "rejected";
        }

        var before = await follows.FindAsync(local.Username, actor.Id, FollowDirection.In, ct);
        var stored = await follows.PutAsync(follow with { State = local.ManuallyApprovesFollowers ? FollowState.Pending : FollowState.Accepted, AcceptedAt = local.ManuallyApprovesFollowers ? null : time.GetUtcNow() }, ct);
        if (local.Member is { } member && before?.State != stored.State)
        {
            // A repeated Follow (the same state again) tells the member nothing new.
            await notifier.NotifyAsync(
                member.Id, stored.State == FollowState.Accepted ? NotificationKind.Follow : NotificationKind.FollowRequest, actor.Id, isLocal: false, null, ct);
        }

        if (stored.State == FollowState.Accepted)
        {
            // Also for a repeated Follow of an existing follower: the answer carries the new Follow's id.
            await followService.AnswerAsync("Accept", stored, ct);
            LogFollowed(actor.Id, local.Username, "accepted");
            return "accepted";
        }

        LogFollowed(actor.Id, local.Username, "waiting for approval");
        return "pending";
    }

    private async Task<string> AnswerAsync(ApDocument activity, string actorId, bool accepted, CancellationToken ct)
    {
        // Matched by the Follow's id (ours); Mastodon-style embedded Follows without a usable id match by the pair.
        Follow? follow = null;
        if (activity.ObjectId is { } followId)
        {
            follow = await follows.FindByActivityAsync(followId, ct);
        }

        if (follow is null && activity.EmbeddedObject is { Type: "Follow" } embedded
            && embedded.ActorId is { } ourActor && embedded.ObjectId == actorId
            && ApUrls.LocalUsername(locals.Origin, ourActor) is { } username)
        {
            follow = await follows.FindAsync(username, actorId, FollowDirection.Out, ct);
        }

        if (follow is null || follow.Direction != FollowDirection.Out || follow.RemoteActorId != actorId)
        {
            LogUnmatchedAnswer(actorId, activity.ObjectId ?? "");
            return "ignored: no such follow of ours";
        }

        if (accepted)
        {
            await follows.AcceptAsync(follow.Id, time.GetUtcNow(), ct);
            return "follow accepted";
        }

        await follows.DeleteAsync(follow.Id, ct);
        return "follow rejected";
    }

    private async Task<string> UndoAsync(ApDocument activity, string actorId, CancellationToken ct)
    {
        var inner = activity.EmbeddedObject;
        if (inner is not null && inner.ActorId is { } innerActor && innerActor != actorId)
        {
            return "ignored: undoing someone else's activity";
        }

        switch (inner?.Type)
        {
            case "Block" when inner.ObjectId is { } target && await locals.FindByIdAsync(target, ct) is { } blocked:
                await blocks.DeleteAsync(blocked.Username, actorId, FollowDirection.In, ct);
                return "block undone";
            case "Like" or "Announce":
                return await postInbox.UndoReactionAsync(inner.Id ?? "", actorId, ct);
            case null when activity.ObjectId is { } undoneId && await follows.FindByActivityAsync(undoneId, ct) is null:
                return await postInbox.UndoReactionAsync(undoneId, actorId, ct);
            case "Follow" or null:
                var follow = activity.ObjectId is { } id ? await follows.FindByActivityAsync(id, ct) : null;
                if (follow is null && inner?.ObjectId is { } followed && await locals.FindByIdAsync(followed, ct) is { } local)
                {
                    follow = await follows.FindAsync(local.Username, actorId, FollowDirection.In, ct);
                }

                if (follow is not { Direction: FollowDirection.In } || follow.RemoteActorId != actorId)
                {
                    return "ignored: no such follow";
                }

                await follows.DeleteAsync(follow.Id, ct);
                LogUnfollowed(actorId, follow.LocalActor);
                return "follow undone";
            default:
                return "kept";
        }
    }

    private async Task<string> BlockAsync(ApDocument activity, string actorId, CancellationToken ct)
    {
        if (activity.ObjectId is not { } target || await locals.FindByIdAsync(target, ct) is not { } local)
        {
            return "ignored: not one of our actors";
        }

        await blocks.AddAsync(new Block(local.Username, actorId, FollowDirection.In, activity.Id!, time.GetUtcNow()), ct);
        await follows.DeleteBetweenAsync(local.Username, actorId, ct);
        return "blocked";
    }

    private async Task<string> DeleteAsync(ApDocument activity, string actorId, CancellationToken ct)
    {
        if (activity.ObjectId != actorId)
        {
            return await postInbox.DeleteAsync(activity, actorId, ct);
        }

        remoteActors.Forget(actorId);
        return await remoteActorStore.DeleteAsync(actorId, ct) ? "actor deleted" : "ignored: actor unknown";
    }

    private async Task<string> UpdateAsync(ApDocument activity, string actorId, CancellationToken ct)
    {
        if (activity.ObjectId != actorId)
        {
            return await postInbox.UpdateAsync(activity, actorId, ct);
        }

        // The actor changed its own profile (signed by itself, checked at the inbox): take it as sent.
        if (activity.EmbeddedObject is { } embedded && ApActor.From(embedded).Actor is { } actor && actor.Id == actorId)
        {
            await remoteActors.SaveAsync(actor, embedded.Json.ToJsonString(), ct);
            return "actor updated";
        }

        await remoteActors.GetAsync(actorId, refresh: true, ct);
        return "actor refetched";
    }

    [LoggerMessage(5501, LogLevel.Information, "{ActorId} follows {Username}: {State}")]
    private partial void LogFollowed(string actorId, string username, string state);

    [LoggerMessage(5502, LogLevel.Information, "{ActorId} stopped following {Username}")]
    private partial void LogUnfollowed(string actorId, string username);

    [LoggerMessage(5503, LogLevel.Information, "Ignored an Accept/Reject from {ActorId} for {FollowId}: not a follow we sent to them")]
    private partial void LogUnmatchedAnswer(string actorId, string followId);
}
