using OurSociety.ActivityPub.Discovery;
using OurSociety.ActivityPub.Vocabulary;
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
/// and unblock. Each change and the activity that tells their server commit together (a follow row and its Follow in
/// the outbox), so a crash never leaves one without the other. Only what the person typed is looked up over the
/// network (WebFinger and one actor fetch, at most <see cref="LookupLimit"/>); everything else uses what is stored.
/// </summary>
public sealed partial class FollowService(
    IFollowStore follows,
    IBlockStore blocks,
    IRemoteActorStore remoteActorStore,
    FollowRules rules,
    RemoteActors remoteActors,
    IHandleResolver handles,
    LocalActors locals,
    Outbox outbox,
    ITransactions transactions,
    TimeProvider time,
    ILogger<FollowService> logger)
{
    /// <summary>The most a person waits for an account they typed to be found (WebFinger plus the actor).</summary>
    public static readonly TimeSpan LookupLimit = TimeSpan.FromSeconds(10);

    /// <summary>Finds a remote actor from what a person typed: <c>@user@host</c>, <c>user@host</c> or an actor URL.</summary>
    public async Task<Outcome<RemoteActor>> ResolveAsync(string target, CancellationToken ct)
    {
        target = target.Trim();
        using var limit = new CancellationTokenSource(LookupLimit, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, limit.Token);
        try
        {
            return await ResolveWithinAsync(target, linked.Token);
        }
        catch (OperationCanceledException) when (limit.IsCancellationRequested && !ct.IsCancellationRequested)
        {
            return new Outcome<RemoteActor>.Invalid("target", CoreText.Format("Follow.Timeout", ("target", target)));
        }
    }

    private async Task<Outcome<RemoteActor>> ResolveWithinAsync(string target, CancellationToken ct)
    {
        string actorId;
        if (Uri.TryCreate(target, UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http")
        {
            actorId = uri.AbsoluteUri;
        }
        else if (Handle.TryParse(target) is { } handle)
        {
            if (string.Equals(handle.Host, new Uri(locals.Origin).Authority, StringComparison.OrdinalIgnoreCase))
            {
                return new Outcome<RemoteActor>.Invalid("target", CoreText.Get("Follow.Local"));
            }

            var (resolved, error) = await handles.ResolveAsync(handle, ct);
            if (resolved is null)
            {
                return new Outcome<RemoteActor>.Invalid("target", CoreText.Format("Follow.NotFound", ("handle", handle), ("error", error)));
            }

            actorId = resolved;
        }
        else
        {
            return new Outcome<RemoteActor>.Invalid("target", CoreText.Get("Follow.BadTarget"));
        }

        if (Origins.SameOrigin(actorId, locals.Origin))
        {
            return new Outcome<RemoteActor>.Invalid("target", CoreText.Get("Follow.Local"));
        }

        var (actor, fetchError) = await remoteActors.GetAsync(actorId, refresh: false, ct);
        return actor is null
            ? new Outcome<RemoteActor>.Invalid("target", CoreText.Format("Follow.Unreachable", ("error", fetchError)))
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

        if (await rules.RefusalToFollowAsync(username, actor.Id, ct) is { } refusal)
        {
            return Relay<bool, Follow>(refusal);
        }

        if (await follows.FindAsync(username, actor.Id, FollowDirection.Out, ct) is { } existing)
        {
            return new Outcome<Follow>.Ok(existing);
        }

        var me = ApUrls.Actor(locals.Origin, username);
        var activityId = outbox.NewActivityId();
        var follow = new Follow(Guid.CreateVersion7(time.GetUtcNow()), username, actor.Id, FollowDirection.Out, FollowState.Pending, activityId, time.GetUtcNow(), null);
        await using (var tx = await transactions.BeginAsync(ct))
        {
            follow = await follows.PutAsync(follow, tx, ct);
            await outbox.AddAsync([new(username, Activities.Follow(activityId, me, actor.Id), [actor.Inbox])], tx, ct);
            await tx.CommitAsync(ct);
        }

        outbox.Wake();
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

        var me = ApUrls.Actor(locals.Origin, username);
        var inbox = await StoredInboxAsync(follow.RemoteActorId, ct);
        await SendWithAsync(
            tx => follows.DeleteAsync(follow.Id, tx, ct),
            inbox is null ? [] : [new(username, Activities.Undo(outbox.NewActivityId(), me, Activities.Follow(follow.ActivityId, me, follow.RemoteActorId), [follow.RemoteActorId]), [inbox])],
            ct);
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

        var now = time.GetUtcNow();
        await SendWithAsync(tx => follows.AcceptAsync(follow.Id, now, tx, ct), await AnswerAsync(true, follow, outbox.NewActivityId(), ct), ct);
        return new Outcome<Follow>.Ok(follow with { State = FollowState.Accepted, AcceptedAt = now });
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

        await SendWithAsync(tx => follows.DeleteAsync(follow.Id, tx, ct), await AnswerAsync(false, follow, outbox.NewActivityId(), ct), ct);
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
        await SendWithAsync(
            async tx =>
            {
                await blocks.AddAsync(block, tx, ct);
                await follows.DeleteBetweenAsync(username, actor.Id, tx, ct);
            },
            [new(username, Activities.Block(block.ActivityId, ApUrls.Actor(locals.Origin, username), actor.Id), [actor.Inbox])],
            ct);
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

        var me = ApUrls.Actor(locals.Origin, username);
        var inbox = await StoredInboxAsync(remoteActorId, ct);
        await SendWithAsync(
            tx => blocks.DeleteAsync(username, remoteActorId, FollowDirection.Out, tx, ct),
            inbox is null ? [] : [new(username, Activities.Undo(outbox.NewActivityId(), me, Activities.Block(block.ActivityId, me, remoteActorId), [remoteActorId]), [inbox])],
            ct);
        return new Outcome<Block>.Ok(block);
    }

    /// <summary>
    /// Accept or Reject for an inbound follow, embedding their Follow, to the follower's inbox as stored (an actor we
    /// no longer know gets nothing: there is nowhere to send it).
    /// </summary>
    internal async Task<IReadOnlyCollection<Outgoing>> AnswerAsync(bool accept, Follow follow, string activityId, CancellationToken ct)
    {
        if (await StoredInboxAsync(follow.RemoteActorId, ct) is not { } inbox)
        {
            return [];
        }

        var me = ApUrls.ActorOf(locals.Origin, follow.LocalActor);
        var answer = accept
            ? Activities.AcceptFollow(activityId, me, follow.RemoteActorId, follow.ActivityId)
            : Activities.RejectFollow(activityId, me, follow.RemoteActorId, follow.ActivityId);
        return [new(follow.LocalActor, answer, [inbox])];
    }

    /// <summary>
    /// The personal inbox of a remote actor as stored (Follow, Accept, Reject, Undo and Block go to the one actor): no
    /// fetch on a person's request, and a stale copy still gets the mail.
    /// </summary>
    private async Task<string?> StoredInboxAsync(string actorId, CancellationToken ct) =>
        (await remoteActorStore.FindAsync(actorId, ct))?.Inbox;

    /// <summary>The change and the activities that tell the other server, in one commit.</summary>
    private async Task SendWithAsync(Func<ITransaction, Task> change, IReadOnlyCollection<Outgoing> activities, CancellationToken ct)
    {
        await using (var tx = await transactions.BeginAsync(ct))
        {
            await change(tx);
            await outbox.AddAsync(activities, tx, ct);
            await tx.CommitAsync(ct);
        }

        outbox.Wake();
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
