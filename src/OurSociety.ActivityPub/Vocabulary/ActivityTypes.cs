namespace OurSociety.ActivityPub.Vocabulary;

/// <summary>
/// The activity types, spelt as in the ActivityStreams 2.0 vocabulary (AS2 Vocabulary §3.1 "Activity Types"), for
/// <c>type</c> values and <c>switch</c> cases (<c>case ActivityTypes.Follow:</c>).
/// </summary>
/// <remarks>
/// Every type the spec defines is here, whether or not this library acts on it: a received type is compared with a
/// name from this list, never with a literal. <see cref="Question"/> is an activity in AS2 (an intransitive one); the
/// fediverse uses it for polls.
/// </remarks>
public static class ActivityTypes
{
    /// <summary>The base type of every activity (AS2 Core §4.1; AS2 Vocabulary §2).</summary>
    public const string Activity = "Activity";

    /// <summary>An activity without an <c>object</c> (AS2 Vocabulary §2).</summary>
    public const string IntransitiveActivity = "IntransitiveActivity";

    /// <summary>The actor accepts the object, e.g. a Follow (AS2 Vocabulary §3.1; AP §7.6).</summary>
    public const string Accept = "Accept";

    /// <summary>The actor adds the object to the target, e.g. a featured collection (AS2 Vocabulary §3.1; AP §7.8).</summary>
    public const string Add = "Add";

    /// <summary>The actor shares (boosts) the object (AS2 Vocabulary §3.1; AP §7.11).</summary>
    public const string Announce = "Announce";

    /// <summary>The actor arrived at a location (AS2 Vocabulary §3.1).</summary>
    public const string Arrive = "Arrive";

    /// <summary>The actor blocks the object, an actor (AS2 Vocabulary §3.1; AP §6.9).</summary>
    public const string Block = "Block";

    /// <summary>The actor creates the object (AS2 Vocabulary §3.1; AP §7.2).</summary>
    public const string Create = "Create";

    /// <summary>The actor deletes the object (AS2 Vocabulary §3.1; AP §7.4).</summary>
    public const string Delete = "Delete";

    /// <summary>The actor dislikes the object (AS2 Vocabulary §3.1).</summary>
    public const string Dislike = "Dislike";

    /// <summary>The actor reports the object to moderators (AS2 Vocabulary §3.1).</summary>
    public const string Flag = "Flag";

    /// <summary>The actor follows the object, an actor (AS2 Vocabulary §3.1; AP §7.5).</summary>
    public const string Follow = "Follow";

    /// <summary>The actor ignores the object (AS2 Vocabulary §3.1).</summary>
    public const string Ignore = "Ignore";

    /// <summary>The actor invites the target to the object (AS2 Vocabulary §3.1).</summary>
    public const string Invite = "Invite";

    /// <summary>The actor joins the object (AS2 Vocabulary §3.1).</summary>
    public const string Join = "Join";

    /// <summary>The actor leaves the object (AS2 Vocabulary §3.1).</summary>
    public const string Leave = "Leave";

    /// <summary>The actor likes the object (AS2 Vocabulary §3.1; AP §7.10).</summary>
    public const string Like = "Like";

    /// <summary>The actor listened to the object (AS2 Vocabulary §3.1).</summary>
    public const string Listen = "Listen";

    /// <summary>The actor moves the object from origin to target; the fediverse moves accounts with it (AS2 Vocabulary §3.1).</summary>
    public const string Move = "Move";

    /// <summary>The actor offers the object to the target (AS2 Vocabulary §3.1).</summary>
    public const string Offer = "Offer";

    /// <summary>A question (a poll in the fediverse); an intransitive activity (AS2 Vocabulary §3.1).</summary>
    public const string Question = "Question";

    /// <summary>The actor read the object (AS2 Vocabulary §3.1).</summary>
    public const string Read = "Read";

    /// <summary>The actor rejects the object, e.g. a Follow (AS2 Vocabulary §3.1; AP §7.7).</summary>
    public const string Reject = "Reject";

    /// <summary>The actor removes the object from the target (AS2 Vocabulary §3.1; AP §7.9).</summary>
    public const string Remove = "Remove";

    /// <summary>A tentative Accept (AS2 Vocabulary §3.1).</summary>
    public const string TentativeAccept = "TentativeAccept";

    /// <summary>A tentative Reject (AS2 Vocabulary §3.1).</summary>
    public const string TentativeReject = "TentativeReject";

    /// <summary>The actor travels to the target from the origin (AS2 Vocabulary §3.1).</summary>
    public const string Travel = "Travel";

    /// <summary>The actor takes back an earlier activity, its object (AS2 Vocabulary §3.1; AP §6.10, §7.12).</summary>
    public const string Undo = "Undo";

    /// <summary>The actor updates the object (AS2 Vocabulary §3.1; AP §7.3).</summary>
    public const string Update = "Update";

    /// <summary>The actor viewed the object (AS2 Vocabulary §3.1).</summary>
    public const string View = "View";
}
