using OurSociety.Core.Federation;
using OurSociety.Core.Moderation;

namespace OurSociety.Core.Hubs;

/// <summary>Why the hub will not take (or no longer takes) a post from an account elsewhere.</summary>
public enum HubSubmissionRefusal
{
    /// <summary>Allowlist mode, and the account's domain is not on the list.</summary>
    DomainNotAllowed,

    /// <summary>The account's domain is suspended here (blocked: nothing in, nothing out).</summary>
    DomainBlocked,

    /// <summary>The account's domain is limited here.</summary>
    DomainLimited,

    /// <summary>The account is suspended here.</summary>
    AccountSuspended,

    /// <summary>The account is limited here.</summary>
    AccountLimited,

    /// <summary>The hub blocks the account.</summary>
    HubBlocks,
}

/// <summary>
/// The one check of who may post to the hub, used when a post arrives (the inbox), when a moderator approves it (in
/// case the author or their domain was limited, suspended or blocked since) and when the announce item runs (an
/// approval queued just before a suspension). Reads stored rows only: no network.
/// </summary>
public sealed class HubSubmissionRefusals(IDomainRules domains, IAccountSanctionStore sanctions, IBlockStore blocks, HubIdentity hub)
{
    /// <summary>Why posts by <paramref name="actorId"/> are refused now, or null when they are not.</summary>
    public async Task<HubSubmissionRefusal?> CheckAsync(string actorId, CancellationToken ct)
    {
        var rule = await domains.ForAsync(actorId, ct);
        if (!rule.Federates)
        {
            return rule.Severity == DomainSeverity.Suspend ? HubSubmissionRefusal.DomainBlocked : HubSubmissionRefusal.DomainNotAllowed;
        }

        if (rule.Severity != DomainSeverity.None)
        {
            return HubSubmissionRefusal.DomainLimited;
        }

        var sanction = await sanctions.FindRemoteAsync(actorId, ct);
        if (sanction.IsSuspended)
        {
            return HubSubmissionRefusal.AccountSuspended;
        }

        if (sanction.IsLimited)
        {
            return HubSubmissionRefusal.AccountLimited;
        }

        return await blocks.FindAsync(hub.ActorUsername, actorId, FollowDirection.Out, ct) is not null
            ? HubSubmissionRefusal.HubBlocks
            : null;
    }

    /// <summary>What a moderator reads when approval finds <paramref name="refusal"/>: why, and that the post was declined.</summary>
    public static string Declined(HubSubmissionRefusal refusal) => CoreText.Get("HubSubmission.Refused." + refusal);
}
