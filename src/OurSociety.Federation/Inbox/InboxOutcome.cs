using OurSociety.Core;
using OurSociety.Core.Work;

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

    /// <summary>
    /// The changes it makes, run in the transaction that also records the outcome and completes the work item: a
    /// received activity changes things here exactly once, however often it is handled. No network in here: handlers
    /// fetch what they need before.
    /// </summary>
    public Func<ITransaction, CancellationToken, Task>? Writes { get; init; }

    /// <summary>Work it causes (copying a received post's pictures, say), added in the same transaction.</summary>
    public IReadOnlyCollection<NewWorkItem> Work { get; init; } = [];

    /// <summary>True when <see cref="Writes"/> queues activities to send: the delivery worker is woken after the commit.</summary>
    public bool Sends { get; init; }

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
