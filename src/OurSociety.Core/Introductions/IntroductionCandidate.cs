using OurSociety.Core.Federation;

namespace OurSociety.Core.Introductions;

/// <summary>
/// A person a glue-er named, as the web layer found them: a member here by username (the service looks them up and
/// refuses an unknown one), or an actor elsewhere already resolved (as follows do) with the way to ask them.
/// </summary>
public abstract record IntroductionCandidate
{
    private IntroductionCandidate()
    {
    }

    public sealed record Local(string Username) : IntroductionCandidate;

    /// <summary>Our own hub (typed as <c>@hub</c>, its handle or its address): its admins answer for it.</summary>
    public sealed record OurHub : IntroductionCandidate;

    /// <param name="Channel"><see cref="PartyChannel.Offer"/> for an Our Society node, else <see cref="PartyChannel.Note"/>.</param>
    public sealed record Remote(RemoteActor Actor, PartyChannel Channel) : IntroductionCandidate
    {
        /// <summary>A hub elsewhere: a <c>Group</c> (only an Our Society one can answer; others are refused).</summary>
        public bool IsHub => string.Equals(Actor.Type, "Group", StringComparison.Ordinal);
    }
}

/// <summary>The names of the fields a refusal points at (the API's request body; the pages use the same names).</summary>
public static class IntroductionFields
{
    public const string Parties = "parties";
    public const string Reason = "reason";
    public const string State = "state";
    public const string Role = "role";
    public const string Allow = "allow";

    public static string Party(int position) => $"parties[{position}]";
}

public static class IntroductionLimits
{
    public const int ReasonMax = 2000;
}

/// <summary>
/// A further reason to refuse someone elsewhere as a party, checked on proposing (e.g. they replied "stop" to an
/// earlier direct note: never introduced from this node again). Registered as many; the first refusal wins.
/// </summary>
public interface IIntroductionPartyCheck
{
    /// <summary>Why <paramref name="actor"/> cannot be introduced from here (a sentence for the glue-er), or null.</summary>
    Task<string?> RefusalAsync(Federation.RemoteActor actor, CancellationToken ct);
}
