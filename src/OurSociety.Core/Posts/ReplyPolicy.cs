namespace OurSociety.Core.Posts;

/// <summary>
/// Who may reply to a story or lesson without its author's approval (federated as GoToSocial's
/// <c>interactionPolicy.canReply</c>, federation-specs/replies.md). Everyone else may still reply, but their reply is
/// held until the author approves it: no policy refuses a reply outright, as GoToSocial holds rather than drops a reply
/// from someone in its <c>manualApproval</c> list, and ours always lists the public there.
/// </summary>
public enum ReplyPolicy
{
    /// <summary>Every reply shows at once.</summary>
    Anyone,

    /// <summary>Replies from accounts the author follows show at once; the rest wait for approval.</summary>
    Following,

    /// <summary>Replies from people the post names show at once; the rest wait for approval.</summary>
    Mentioned,

    /// <summary>Every reply but the author's own (and those of people the post names, as GoToSocial always allows) waits for approval.</summary>
    Approval,
}

/// <summary>Where a reply stands with the reply policy of the thread it answers.</summary>
public enum ReplyState
{
    /// <summary>Shown to whoever may read the thread.</summary>
    Shown,

    /// <summary>Held: only its author and the author of the post it answers see it, until approved or declined.</summary>
    Pending,

    /// <summary>Declined by the post's author: shown to no one, and kept only so a repeated delivery stays declined.</summary>
    Declined,
}

public static class ReplyPolicies
{
    /// <summary>The hub setting (node_setting) that makes <see cref="ReplyPolicy.Approval"/> the default for members who chose none.</summary>
    public const string HubDefaultSetting = "replies.default-policy";

    public static IReadOnlyList<ReplyPolicy> All { get; } = [ReplyPolicy.Anyone, ReplyPolicy.Following, ReplyPolicy.Mentioned, ReplyPolicy.Approval];

    public static string Name(ReplyPolicy policy) => policy switch
    {
        ReplyPolicy.Following => "following",
        ReplyPolicy.Mentioned => "mentioned",
        ReplyPolicy.Approval => "approval",
        _ => "anyone",
    };

    public static bool TryParse(string? name, out ReplyPolicy policy)
    {
        policy = name switch
        {
            "anyone" => ReplyPolicy.Anyone,
            "following" => ReplyPolicy.Following,
            "mentioned" => ReplyPolicy.Mentioned,
            "approval" => ReplyPolicy.Approval,
            _ => (ReplyPolicy)(-1),
        };
        return policy >= 0;
    }

    /// <summary>A stored name; an unknown one (never written by us) counts as the most careful.</summary>
    public static ReplyPolicy Parse(string? name) => TryParse(name, out var policy) ? policy : ReplyPolicy.Approval;

    public static string StateName(ReplyState state) => state switch
    {
        ReplyState.Pending => "pending",
        ReplyState.Declined => "declined",
        _ => "shown",
    };

    public static ReplyState ParseState(string? name) => name switch
    {
        "pending" => ReplyState.Pending,
        "declined" => ReplyState.Declined,
        _ => ReplyState.Shown,
    };

    /// <summary>
    /// Whether a reply to a thread whose root has <paramref name="policy"/> shows at once or waits. The root's author
    /// always may; so may the people the root names (GoToSocial's implicit rule: someone named must be able to answer);
    /// and anything under a held reply is held too, so nobody gets past the rule by answering their own held reply.
    /// </summary>
    public static ReplyState Decide(ReplyPolicy policy, bool byRootAuthor, bool parentHeld, bool namedInRoot, bool followedByRootAuthor)
    {
        if (parentHeld)
        {
            return ReplyState.Pending;
        }

        if (byRootAuthor || namedInRoot || policy == ReplyPolicy.Anyone)
        {
            return ReplyState.Shown;
        }

        return policy == ReplyPolicy.Following && followedByRootAuthor ? ReplyState.Shown : ReplyState.Pending;
    }
}

/// <summary>Members' default reply policy and the hub's default for those who chose none.</summary>
public interface IReplyPolicyStore
{
    /// <summary>The member's own default; null when they chose none (the hub's default applies).</summary>
    Task<ReplyPolicy?> MemberDefaultAsync(Guid memberId, CancellationToken ct);

    Task SetMemberDefaultAsync(Guid memberId, ReplyPolicy policy, CancellationToken ct);
}
