namespace OurSociety.Federation.Inbox;

/// <summary>
/// What handling a received activity did, kept beside it for admins (and read by tests) as a short line:
/// <c>accepted</c>, <c>ignored: not one of our actors</c>, <c>refused: not the author's own post</c>, <c>kept</c>.
/// </summary>
public abstract record InboxOutcome
{
    private InboxOutcome()
    {
    }

    /// <summary>It changed something here (<paramref name="What"/>: "accepted", "stored story", "blocked").</summary>
    public sealed record Done(string What) : InboxOutcome
    {
        public override string ToString() => What;
    }

    /// <summary>Nothing to do: it is about something we do not have, or it was done already.</summary>
    public sealed record Ignored(string Why) : InboxOutcome
    {
        public override string ToString() => "ignored: " + Why;
    }

    /// <summary>Not allowed: the actor may not change what it names (INTEROP §7.2).</summary>
    public sealed record Refused(string Why) : InboxOutcome
    {
        public override string ToString() => "refused: " + Why;
    }

    /// <summary>A type this version does not act on: kept, with no effect.</summary>
    public sealed record Kept : InboxOutcome
    {
        public override string ToString() => "kept";
    }

    /// <summary>The stored body no longer parses (it did when it arrived, so only a change of rules does this).</summary>
    public sealed record Unreadable : InboxOutcome
    {
        public override string ToString() => "unreadable";
    }
}
