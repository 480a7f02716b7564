using System.Text.Json.Nodes;
using OurSociety.ActivityPub.Discovery;
using OurSociety.Core;
using OurSociety.Core.Federation;
using OurSociety.Federation.Actors;
using OurSociety.Federation.Delivery;

namespace OurSociety.Federation.Follows;

/// <summary>Resolves a handle (<c>user@host</c>) to an actor id through WebFinger.</summary>
public interface IHandleResolver
{
    Task<(string? ActorId, string? Error)> ResolveAsync(Handle handle, CancellationToken ct);
}

/// <summary>
/// What a local member (or the hub) does about remote accounts: follow and unfollow, answer follow requests, block
/// and unblock. Each change is stored first and its activity queued in the same breath; the network is never
/// waited on, so an unreachable server never holds up the member.
/// </summary>
public sealed partial class FollowService(
    IFollowStore follows,
    IBlockStore blocks,
    RemoteActors remoteActors,
    IHandleResolver handles,
    LocalActors locals,
    Outbox outbox,
    TimeProvider time,
    ILogger<FollowService> logger)
{
    /// <summary>Finds a remote actor from what a person typed: <c>@user@host</c>, <c>user@host</c> or an actor URL.</summary>
    public async Task<Outcome<RemoteActor>> ResolveAsync(string target, CancellationToken ct)
    {
        target = target.Trim();
        string actorId;
        if (Uri.TryCreate(target, UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http")
        {
            actorId = uri.AbsoluteUri;
        }
        else if (Handle.TryParse(target) is { } handle)
        {
            if (string.Equals(handle.Host, new Uri(locals.Origin).Authority, StringComparison.OrdinalIgnoreCase))
            {
                return new Outcome<RemoteActor>.Invalid("target", "That account is on this server, not another one.");
            }

            var (resolved, error) = await handles.ResolveAsync(handle, ct);
            if (resolved is null)
            {
                return new Outcome<RemoteActor>.Invalid("target", $"We could not find {handle} ({error}).");
            }

            actorId = resolved;
        }
        else
        {
            return new Outcome<RemoteActor>.Invalid("target", "Type an address like @name@example.social, or the link to their profile.");
        }

        if (Origins.SameOrigin(actorId, locals.Origin))
        {
            return new Outcome<RemoteActor>.Invalid("target", "That account is on this server, not another one.");
        }

        var (actor, fetchError) = await remoteActors.GetAsync(actorId, refresh: false, ct);
        return actor is null
            ? new Outcome<RemoteActor>.Invalid("target", $"We could not reach that account ({fetchError}).")
            : new Outcome<RemoteActor>.Ok(actor);
    }

    /// <summary>Starts following: the follow stays pending until their server accepts.</summary>
    public async Task<Outcome<Follow>> FollowAsync(string username, string target, CancellationToken ct)
    {
        var resolved = await ResolveAsync(target, ct);
        if (resolved is not Outcome<RemoteActor>.Ok { Value: var actor })
        {
            return Relay<RemoteActor, Follow>(resolved);
        }

        if (await blocks.FindAsync(username, actor.Id, FollowDirection.Out, ct) is not null)
        {
            return new Outcome<Follow>.Conflict("You have blocked this account. Unblock it first.");
        }

        if (await blocks.FindAsync(username, actor.Id, FollowDirection.In, ct) is not null)
        {
            return new Outcome<Follow>.Forbidden("This account has blocked you.");
        }

        if (await follows.FindAsync(username, actor.Id, FollowDirection.Out, ct) is { } existing)
        {
            return new Outcome<Follow>.Ok(existing);
        }

        var me = ApUrls.Actor(locals.Origin, username);
        var activityId = outbox.NewActivityId();
        var follow = await follows.PutAsync(
            new Follow(Guid.CreateVersion7(time.GetUtcNow()), username, actor.Id, FollowDirection.Out, FollowState.Pending, activityId, time.GetUtcNow(), null),
            ct);
        await outbox.SendAsync(username, FollowActivities.Follow(activityId, me, actor.Id), [actor.Inbox], toFollowers: false, ct);
        LogFollowSent(username, actor.Id);
        return new Outcome<Follow>.Ok(follow);
    }

    /// <summary>Stops following (or withdraws a pending request): Undo(Follow) to their server.</summary>
    public async Task<Outcome<Follow>> UnfollowAsync(string username, Guid followId, CancellationToken ct)
    {
        if (await follows.FindAsync(followId, ct) is not { Direction: FollowDirection.Out } follow || follow.LocalActor != username)
        {
            return new Outcome<Follow>.NotFound();
        }

        await follows.DeleteAsync(follow.Id, ct);
        if (await remoteActors.GetAsync(follow.RemoteActorId, refresh: false, ct) is { Actor: { } actor })
        {
            var me = ApUrls.Actor(locals.Origin, username);
            var undo = FollowActivities.Undo(outbox.NewActivityId(), me, actor.Id, FollowActivities.Follow(follow.ActivityId, me, actor.Id));
            await outbox.SendAsync(username, undo, [actor.Inbox], toFollowers: false, ct);
        }

        LogUnfollowed(username, follow.RemoteActorId);
        return new Outcome<Follow>.Ok(follow);
    }

    /// <summary>Approves a pending follow request of a locked account.</summary>
    public async Task<Outcome<Follow>> AcceptRequestAsync(string username, Guid followId, CancellationToken ct)
    {
        if (await InboundAsync(username, followId, FollowState.Pending, ct) is not { } follow)
        {
            return new Outcome<Follow>.NotFound();
        }

        await follows.AcceptAsync(follow.Id, time.GetUtcNow(), ct);
        await AnswerAsync("Accept", follow, ct);
        return new Outcome<Follow>.Ok(follow with { State = FollowState.Accepted, AcceptedAt = time.GetUtcNow() });
    }

    /// <summary>Declines a pending follow request: Reject to their server.</summary>
    public Task<Outcome<Follow>> RejectRequestAsync(string username, Guid followId, CancellationToken ct) =>
        EndInboundAsync(username, followId, FollowState.Pending, ct);

    /// <summary>Removes an accepted follower: Reject to their server (Mastodon's way of saying "no longer").</summary>
    public Task<Outcome<Follow>> RemoveFollowerAsync(string username, Guid followId, CancellationToken ct) =>
        EndInboundAsync(username, followId, FollowState.Accepted, ct);

    private async Task<Outcome<Follow>> EndInboundAsync(string username, Guid followId, FollowState state, CancellationToken ct)
    {
        if (await InboundAsync(username, followId, state, ct) is not { } follow)
        {
            return new Outcome<Follow>.NotFound();
        }

        await follows.DeleteAsync(follow.Id, ct);
        await AnswerAsync("Reject", follow, ct);
        return new Outcome<Follow>.Ok(follow);
    }

    /// <summary>The member's own inbound follow in <paramref name="state"/>, or null (missing, someone else's, other state).</summary>
    private async Task<Follow?> InboundAsync(string username, Guid followId, FollowState state, CancellationToken ct) =>
        await follows.FindAsync(followId, ct) is { Direction: FollowDirection.In } follow && follow.State == state && follow.LocalActor == username
            ? follow
            : null;

    /// <summary>Blocks a remote actor: follows both ways end, and a Block tells their server.</summary>
    public async Task<Outcome<Block>> BlockAsync(string username, string target, CancellationToken ct)
    {
        var resolved = await ResolveAsync(target, ct);
        if (resolved is not Outcome<RemoteActor>.Ok { Value: var actor })
        {
            return Relay<RemoteActor, Block>(resolved);
        }

        if (await blocks.FindAsync(username, actor.Id, FollowDirection.Out, ct) is { } existing)
        {
            return new Outcome<Block>.Ok(existing);
        }

        var block = new Block(username, actor.Id, FollowDirection.Out, outbox.NewActivityId(), time.GetUtcNow());
        await blocks.AddAsync(block, ct);
        await follows.DeleteBetweenAsync(username, actor.Id, ct);
        await outbox.SendAsync(
            username, FollowActivities.Block(block.ActivityId, ApUrls.Actor(locals.Origin, username), actor.Id), [actor.Inbox], toFollowers: false, ct);
        LogBlocked(username, actor.Id);
        return new Outcome<Block>.Ok(block);
    }

    /// <summary>Lifts a block: Undo(Block) to their server.</summary>
    public async Task<Outcome<Block>> UnblockAsync(string username, string remoteActorId, CancellationToken ct)
    {
        if (await blocks.FindAsync(username, remoteActorId, FollowDirection.Out, ct) is not { } block)
        {
            return new Outcome<Block>.NotFound();
        }

        await blocks.DeleteAsync(username, remoteActorId, FollowDirection.Out, ct);
        if (await remoteActors.GetAsync(remoteActorId, refresh: false, ct) is { Actor: { } actor })
        {
            var me = ApUrls.Actor(locals.Origin, username);
            var undo = FollowActivities.Undo(outbox.NewActivityId(), me, actor.Id, FollowActivities.Block(block.ActivityId, me, actor.Id));
            await outbox.SendAsync(username, undo, [actor.Inbox], toFollowers: false, ct);
        }

        return new Outcome<Block>.Ok(block);
    }

    /// <summary>Sends Accept or Reject for an inbound follow, embedding their Follow.</summary>
    internal async Task AnswerAsync(string type, Follow follow, CancellationToken ct)
    {
        var me = ApUrls.ActorOf(locals.Origin, follow.LocalActor);
        var answer = FollowActivities.Answer(type, outbox.NewActivityId(), me, follow.RemoteActorId, follow.ActivityId);
        var (actor, _) = await remoteActors.GetAsync(follow.RemoteActorId, refresh: false, ct);
        if (actor is not null)
        {
            await outbox.SendAsync(follow.LocalActor, answer, [actor.Inbox], toFollowers: false, ct);
        }
    }

    private static Outcome<TOut> Relay<TIn, TOut>(Outcome<TIn> outcome) => outcome switch
    {
        Outcome<TIn>.Invalid invalid => new Outcome<TOut>.Invalid(invalid.Errors),
        Outcome<TIn>.Conflict conflict => new Outcome<TOut>.Conflict(conflict.Reason),
        Outcome<TIn>.Forbidden forbidden => new Outcome<TOut>.Forbidden(forbidden.Reason),
        _ => new Outcome<TOut>.NotFound(),
    };

    [LoggerMessage(5401, LogLevel.Information, "{Username} asked to follow {ActorId}")]
    private partial void LogFollowSent(string username, string actorId);

    [LoggerMessage(5402, LogLevel.Information, "{Username} stopped following {ActorId}")]
    private partial void LogUnfollowed(string username, string actorId);

    [LoggerMessage(5403, LogLevel.Information, "{Username} blocked {ActorId}")]
    private partial void LogBlocked(string username, string actorId);
}
