namespace OurSociety.Core.Federation;

/// <summary>What a request to follow one of our actors gets.</summary>
public enum FollowAnswer
{
    /// <summary>Told no (a Reject): the actor does not take followers, or blocked the requester.</summary>
    Reject,

    /// <summary>Waits for the member's approval (a locked account).</summary>
    Pending,

    /// <summary>Accepted at once.</summary>
    Accept,
}

/// <summary>Who may follow whom, across servers: blocks in either direction, locked accounts, sanctioned accounts and limited domains decide.</summary>
public sealed class FollowRules(IBlockStore blocks, Moderation.IMuteStore mutes, Moderation.IDomainRules domains, Moderation.IAccountSanctionStore sanctions)
{
    /// <summary>Whether a local actor may ask to follow a remote one; null when it may, else why not.</summary>
    public async Task<Outcome<bool>?> RefusalToFollowAsync(string localActor, string remoteActorId, CancellationToken ct)
    {
        if (await mutes.BlocksDomainOfAsync(localActor, remoteActorId, ct))
        {
            return new Outcome<bool>.Conflict(CoreText.Get("Mute.DomainBlocked"));
        }

        if (await blocks.FindAsync(localActor, remoteActorId, FollowDirection.Out, ct) is not null)
        {
            return new Outcome<bool>.Conflict(CoreText.Get("Follow.YouBlocked"));
        }

        if (await blocks.FindAsync(localActor, remoteActorId, FollowDirection.In, ct) is not null)
        {
            return new Outcome<bool>.Forbidden(CoreText.Get("Follow.BlockedYou"));
        }

        return null;
    }

    /// <summary>
    /// The answer to a remote actor's Follow of a local one: an actor that takes no followers (the instance actor) or
    /// that blocked the requester says no; a locked account decides later; everyone else is accepted at once.
    /// </summary>
    public async Task<FollowAnswer> AnswerAsync(string localActor, bool takesFollowers, bool manuallyApproves, string remoteActorId, CancellationToken ct)
    {
        if (!takesFollowers || await blocks.FindAsync(localActor, remoteActorId, FollowDirection.Out, ct) is not null)
        {
            return FollowAnswer.Reject;
        }

        // A member who blocked the requester's whole domain for themselves says no too, as Mastodon does (issue 13).
        if (await mutes.BlocksDomainOfAsync(localActor, remoteActorId, ct))
        {
            return FollowAnswer.Reject;
        }

        // A remote account a moderator limited or suspended: its follows wait for the member's approval, as a locked
        // account's would (a suspended one's activities are refused at the inbox before they get here).
        var sanction = await sanctions.FindRemoteAsync(remoteActorId, ct);
        if (sanction.IsSuspended)
        {
            return FollowAnswer.Reject;
        }

        if (manuallyApproves || sanction.IsLimited)
        {
            return FollowAnswer.Pending;
        }

        // A domain blocked with limit: its people may still follow our members, with the member's approval.
        return (await domains.ForAsync(remoteActorId, ct)).Limited ? FollowAnswer.Pending : FollowAnswer.Accept;
    }
}
