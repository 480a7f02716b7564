namespace OurSociety.Core.Introductions;

/// <summary>How the person looking is involved.</summary>
public enum IntroductionViewer
{
    /// <summary>The glue-er who proposed it.</summary>
    Introducer,

    /// <summary>One of the two people asked.</summary>
    Party,
}

/// <summary>A party as anyone involved may see them: who, never their answer.</summary>
public sealed record IntroductionPartyView(int Position, string Actor, bool IsLocal, string Handle, string? Url, PartyChannel Channel)
{
    /// <summary>A hub rather than a person (<see cref="IntroductionParty.IsHub"/>).</summary>
    public bool IsHub { get; init; }
}

/// <summary>
/// An introduction as one of the three people involved may see it. A party sees the state only as proposed, made or
/// not going ahead, and their own answer (<see cref="MyAnswer"/>); the glue-er sees accepted-by-one too, never who
/// answered what. Why it did not go ahead is never in it.
/// </summary>
public sealed record IntroductionView(
    Guid Id,
    string ApId,
    string Introducer,
    bool IntroducerIsLocal,
    string Reason,
    IntroductionState State,
    DateTimeOffset CreatedAt,
    DateTimeOffset ExpiresAt,
    DateTimeOffset? DecidedAt,
    IReadOnlyList<IntroductionPartyView> Parties,
    IntroductionViewer Viewer,
    int? MyPosition,
    PartyAnswer? MyAnswer,
    bool FollowedOther)
{
    /// <summary>
    /// For an admin looking at an introduction of our hub: they see it as the hub's party and answer for it. A member
    /// who is a party themselves sees it as that party first.
    /// </summary>
    public bool AsHub { get; init; }

    /// <summary>
    /// The viewer proposed it, though they see it as a party: an admin who introduced our hub answers for it and may
    /// still withdraw it, as its glue-er.
    /// </summary>
    public bool IsIntroducer { get; init; }

    /// <summary>
    /// The view of <paramref name="viewerId"/>, or null when they are not one of the three. An admin
    /// (<paramref name="isAdmin"/>) is one of them for our hub when it is a party: its admins answer for it.
    /// </summary>
    public static IntroductionView? Of(Introduction introduction, Guid viewerId, bool isAdmin = false)
    {
        ArgumentNullException.ThrowIfNull(introduction);
        var parties = introduction.Parties.OrderBy(p => p.Position)
            .Select(p => new IntroductionPartyView(p.Position, p.Actor, p.IsLocal, p.Handle, p.Url, p.Channel) { IsHub = p.IsHub }).ToList();
        var asHub = introduction.PositionOf(viewerId) is null && isAdmin && introduction.HubPosition is not null;
        if ((introduction.PositionOf(viewerId) ?? (asHub ? introduction.HubPosition : null)) is { } position)
        {
            var me = introduction.Party(position);
            return new IntroductionView(
                introduction.Id, introduction.ApId, introduction.Introducer, introduction.IntroducerIsLocal, introduction.Reason,
                IntroductionRules.StateForParty(introduction.State), introduction.CreatedAt, introduction.ExpiresAt, introduction.DecidedAt,
                parties, IntroductionViewer.Party, position, me.Answer, me.FollowedOther)
            { AsHub = asHub, IsIntroducer = introduction.IsIntroducer(viewerId) };
        }

        return introduction.IsIntroducer(viewerId)
            ? new IntroductionView(
                introduction.Id, introduction.ApId, introduction.Introducer, introduction.IntroducerIsLocal, introduction.Reason,
                introduction.State, introduction.CreatedAt, introduction.ExpiresAt, introduction.DecidedAt,
                parties, IntroductionViewer.Introducer, null, null, false)
            { IsIntroducer = true }
            : null;
    }

    /// <summary>The other party, for a party; null for the glue-er.</summary>
    public IntroductionPartyView? Other => MyPosition is { } mine ? Parties.First(p => p.Position != mine) : null;
}
