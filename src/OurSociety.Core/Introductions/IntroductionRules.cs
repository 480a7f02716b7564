namespace OurSociety.Core.Introductions;

/// <summary>What an answer or an ending did to an introduction, for the notifications and work it causes.</summary>
public enum IntroductionStep
{
    /// <summary>Nothing changed (the same answer again).</summary>
    None,

    /// <summary>The answer was recorded and the state did not move (a party's node: only the glue-er decides).</summary>
    Recorded,

    /// <summary>The first yes: the state is now accepted-by-one.</summary>
    FirstAccepted,

    /// <summary>The second yes: made.</summary>
    Made,

    /// <summary>Not going ahead.</summary>
    Ended,
}

public sealed record IntroductionChange(Introduction After, IntroductionStep Step);

/// <summary>
/// The state rules, apart from storage: a party may say yes, and may still say no after a yes until the introduction
/// is made; one no, a withdrawal, expiry or a deleted account ends it; both yeses make it. Nothing changes once it is
/// made or not going ahead (null: refused).
/// </summary>
public static class IntroductionRules
{
    public static IntroductionChange? Answer(Introduction introduction, int position, PartyAnswer answer, DateTimeOffset at, string? activityId)
    {
        ArgumentNullException.ThrowIfNull(introduction);
        if (answer == PartyAnswer.Pending)
        {
            throw new ArgumentOutOfRangeException(nameof(answer), "An answer is a yes or a no.");
        }

        if (!introduction.IsOpen)
        {
            return null;
        }

        var party = introduction.Party(position);
        if (party.Answer == answer)
        {
            return new IntroductionChange(introduction, IntroductionStep.None);
        }

        var parties = introduction.Parties
            .Select(p => p.Position == position ? p with { Answer = answer, AnsweredAt = at, AnswerActivityId = activityId ?? p.AnswerActivityId } : p)
            .ToList();
        var answered = introduction with { Parties = parties };
        if (answer == PartyAnswer.Declined)
        {
            return new IntroductionChange(End(answered, IntroductionEnd.Declined, at), IntroductionStep.Ended);
        }

        if (!introduction.IntroducerIsLocal)
        {
            // A party's node knows only its own member's answer: the glue-er's node says when it is made.
            return new IntroductionChange(answered, IntroductionStep.Recorded);
        }

        return parties.All(p => p.Answer == PartyAnswer.Accepted)
            ? new IntroductionChange(answered with { State = IntroductionState.Made, DecidedAt = at }, IntroductionStep.Made)
            : new IntroductionChange(answered with { State = IntroductionState.AcceptedByOne }, IntroductionStep.FirstAccepted);
    }

    /// <summary>Closes an open introduction as not going ahead, or null when it is already decided.</summary>
    public static IntroductionChange? Close(Introduction introduction, IntroductionEnd why, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(introduction);
        return introduction.IsOpen ? new IntroductionChange(End(introduction, why, at), IntroductionStep.Ended) : null;
    }

    /// <summary>
    /// What a party sees of the state: waiting (proposed), made or not going ahead. Whether the other one said yes is
    /// theirs to tell, so accepted-by-one shows as proposed.
    /// </summary>
    public static IntroductionState StateForParty(IntroductionState state) =>
        state == IntroductionState.AcceptedByOne ? IntroductionState.Proposed : state;

    private static Introduction End(Introduction introduction, IntroductionEnd why, DateTimeOffset at) =>
        introduction with { State = IntroductionState.NotGoingAhead, DecidedAt = at, EndedBecause = why };
}
