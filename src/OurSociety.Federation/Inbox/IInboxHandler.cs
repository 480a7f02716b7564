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
/// the activity is about something its actor owns (INTEROP §7.2), changes what it must in one transaction, and says
/// what it did. Handlers are idempotent: after a crash an activity may be handled again, and changes nothing twice.
/// </summary>
public interface IInboxHandler
{
    /// <summary>The ActivityStreams type handled, e.g. <c>Follow</c>.</summary>
    string Type { get; }

    Task<InboxOutcome> HandleAsync(ReceivedActivity received, CancellationToken ct);
}
