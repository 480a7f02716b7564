namespace OurSociety.Core.Introductions;

/// <summary>Where an introduction stands. Wire names: <see cref="IntroductionNames"/>.</summary>
public enum IntroductionState
{
    /// <summary>Asked; nobody has said yes yet (or, on a party's node, the glue-er has not said otherwise).</summary>
    Proposed,

    /// <summary>One of the two said yes. Only the glue-er sees this state, never which one.</summary>
    AcceptedByOne,

    /// <summary>Both said yes: they are introduced.</summary>
    Made,

    /// <summary>Declined, withdrawn, expired or closed: never says which, to anyone but the audit.</summary>
    NotGoingAhead,
}

/// <summary>Why an introduction did not go ahead: kept for the audit only, never shown to the glue-er or a party.</summary>
public enum IntroductionEnd
{
    Declined,
    Withdrawn,
    Expired,
    AccountDeleted,

    /// <summary>A party on other software replied "stop" (intros-fed).</summary>
    Stopped,
}

/// <summary>Who may introduce a member to someone (their own choice; published on their actor).</summary>
public enum IntroductionPolicy
{
    Anyone,
    GlueErsOnly,
    Nobody,
}

/// <summary>How a party is asked and answers.</summary>
public enum PartyChannel
{
    /// <summary>A member of this node: answers here.</summary>
    Local,

    /// <summary>On another Our Society node: an <c>Offer</c>, answered by <c>Accept</c>/<c>Reject</c>.</summary>
    Offer,

    /// <summary>On other software (Mastodon…): a direct note, answered by replying yes, no or stop.</summary>
    Note,
}

public enum PartyAnswer
{
    Pending,
    Accepted,
    Declined,
}

/// <summary>
/// One of the two people introduced. <see cref="Actor"/> is a member id ("D") when <see cref="IsLocal"/>, else the
/// actor IRI. <see cref="OfferId"/> is the id of the Offer or direct Note sent to this party (answers name it).
/// </summary>
public sealed record IntroductionParty(
    int Position,
    string Actor,
    bool IsLocal,
    string Handle,
    string? Url,
    PartyChannel Channel,
    string? OfferId,
    PartyAnswer Answer,
    DateTimeOffset? AnsweredAt,
    string? AnswerActivityId,
    bool FollowedOther)
{
    /// <summary>The member id of a local party, else null.</summary>
    public Guid? MemberId => IsLocal && Guid.TryParse(Actor, out var id) ? id : null;

    /// <summary>
    /// A hub (a <c>Group</c>) rather than a person. Our own hub is a local party whose <see cref="Actor"/> is the hub's
    /// actor IRI (it has no member id): any admin here answers for it. A remote hub is asked by an Offer to its Group.
    /// </summary>
    public bool IsHub { get; init; }

    /// <summary>For our own hub: the admin who gave its answer (kept for the record), else null.</summary>
    public Guid? AnsweredBy { get; init; }

    /// <summary>Our own hub, answered for by its admins.</summary>
    public bool IsOurHub => IsLocal && IsHub;
}

/// <summary>
/// A glue-er's proposal that two people meet, with each one's answer. On the glue-er's node it holds both answers; on
/// a party's node (a remote glue-er's Offer to our member) only our member's answer is known and <see cref="State"/>
/// follows what the glue-er's node says. <see cref="Introducer"/> is a member id ("D") when
/// <see cref="IntroducerIsLocal"/>, else the actor IRI. <see cref="Reason"/> is Markdown when local, sanitized HTML
/// when received. <see cref="Language"/> is the glue-er's page language (for the direct note).
/// </summary>
public sealed record Introduction(
    Guid Id,
    string ApId,
    string Introducer,
    bool IntroducerIsLocal,
    string Reason,
    IntroductionState State,
    DateTimeOffset CreatedAt,
    DateTimeOffset ExpiresAt,
    DateTimeOffset? DecidedAt,
    IntroductionEnd? EndedBecause,
    string? Language,
    IReadOnlyList<IntroductionParty> Parties)
{
    public bool IsOpen => State is IntroductionState.Proposed or IntroductionState.AcceptedByOne;

    /// <summary>The member id of a local glue-er, else null.</summary>
    public Guid? IntroducerMemberId => IntroducerIsLocal && Guid.TryParse(Introducer, out var id) ? id : null;

    public IntroductionParty Party(int position) => Parties.Single(p => p.Position == position);

    /// <summary>The position of the local member among the parties, or null when they are not one.</summary>
    public int? PositionOf(Guid memberId)
    {
        var actor = memberId.ToString("D");
        return Parties.FirstOrDefault(p => p.IsLocal && p.Actor == actor)?.Position;
    }

    /// <summary>The position of our own hub among the parties (its admins answer for it), or null.</summary>
    public int? HubPosition => Parties.FirstOrDefault(p => p.IsOurHub)?.Position;

    /// <summary>Whether a hub (ours or elsewhere) is one of the parties.</summary>
    public bool HasHub => Parties.Any(p => p.IsHub);

    public bool IsIntroducer(Guid memberId) => IntroducerIsLocal && Introducer == memberId.ToString("D");
}

/// <summary>The wire names of the enums (API, storage, federation): lower case with hyphens.</summary>
public static class IntroductionNames
{
    public static string Name(this IntroductionState state) => state switch
    {
        IntroductionState.Proposed => "proposed",
        IntroductionState.AcceptedByOne => "accepted-by-one",
        IntroductionState.Made => "made",
        IntroductionState.NotGoingAhead => "not-going-ahead",
        _ => throw new ArgumentOutOfRangeException(nameof(state)),
    };

    public static string Name(this IntroductionEnd end) => end switch
    {
        IntroductionEnd.Declined => "declined",
        IntroductionEnd.Withdrawn => "withdrawn",
        IntroductionEnd.Expired => "expired",
        IntroductionEnd.AccountDeleted => "account-deleted",
        IntroductionEnd.Stopped => "stopped",
        _ => throw new ArgumentOutOfRangeException(nameof(end)),
    };

    public static string Name(this IntroductionPolicy policy) => policy switch
    {
        IntroductionPolicy.Anyone => "anyone",
        IntroductionPolicy.GlueErsOnly => "glue-ers",
        IntroductionPolicy.Nobody => "nobody",
        _ => throw new ArgumentOutOfRangeException(nameof(policy)),
    };

    public static string Name(this PartyChannel channel) => channel switch
    {
        PartyChannel.Local => "local",
        PartyChannel.Offer => "offer",
        PartyChannel.Note => "note",
        _ => throw new ArgumentOutOfRangeException(nameof(channel)),
    };

    public static string Name(this PartyAnswer answer) => answer switch
    {
        PartyAnswer.Pending => "pending",
        PartyAnswer.Accepted => "accepted",
        PartyAnswer.Declined => "declined",
        _ => throw new ArgumentOutOfRangeException(nameof(answer)),
    };

    public static bool TryParse(string? name, out IntroductionState value) => TryParse(name, Enum.GetValues<IntroductionState>(), Name, out value);

    public static bool TryParse(string? name, out IntroductionEnd value) => TryParse(name, Enum.GetValues<IntroductionEnd>(), Name, out value);

    public static bool TryParse(string? name, out IntroductionPolicy value) => TryParse(name, Enum.GetValues<IntroductionPolicy>(), Name, out value);

    public static bool TryParse(string? name, out PartyChannel value) => TryParse(name, Enum.GetValues<PartyChannel>(), Name, out value);

    public static bool TryParse(string? name, out PartyAnswer value) => TryParse(name, Enum.GetValues<PartyAnswer>(), Name, out value);

    public static string PolicyNameList => string.Join(", ", Enum.GetValues<IntroductionPolicy>().Select(p => p.Name()));

    private static bool TryParse<T>(string? name, T[] all, Func<T, string> nameOf, out T value)
        where T : struct, Enum
    {
        foreach (var candidate in all)
        {
            if (string.Equals(nameOf(candidate), name?.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                value = candidate;
                return true;
            }
        }

        value = default;
        return false;
    }
}
