using OurSociety.ActivityPub.Json;
using OurSociety.Core.Federation;

namespace OurSociety.Federation.Inbox;

/// <summary>
/// A received activity, as its handler gets it: signature, key owner and origins were checked when it arrived
/// (<see cref="InboxReceiver"/>); <see cref="ActorId"/> is the verified sender.
/// </summary>
public sealed record ReceivedActivity(ApDocument Activity, string ActorId, InboxActivity Stored)
{
    /// <summary>The activity's id (always set: the receiver refuses activities without one).</summary>
    public string Id => Stored.ActivityId;
}

/// <summary>
/// What one activity type does here (<c>OnFollow</c>, <c>OnCreate</c>, …, like GoToSocial's federatingdb): checks that
/// the activity is about something its actor owns (INTEROP §7.2), reads and fetches what it needs, and returns what it
/// decided with the changes to make (<see cref="InboxOutcome.Writes"/>): <see cref="InboxDispatch"/> commits them with the
/// outcome and the end of the work item, so a received activity changes things once, however often it is handled.
/// </summary>
public interface IInboxHandler
{
    /// <summary>The ActivityStreams type handled, e.g. <c>Follow</c>.</summary>
    string Type { get; }

    Task<InboxOutcome> HandleAsync(ReceivedActivity received, CancellationToken ct);
}
