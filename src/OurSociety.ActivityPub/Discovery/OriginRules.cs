using OurSociety.ActivityPub.Json;
using OurSociety.ActivityPub.Vocabulary;

namespace OurSociety.ActivityPub.Discovery;

/// <summary>
/// Whether a document may be taken as its actor's own word (INTEROP §7.1, like Mastodon's <c>invalid_origin?</c>): its
/// id on its actor's origin, and the objects it creates, changes or deletes too, attributed to that actor. Objects
/// from elsewhere are only ever referenced by id and fetched from their own origin, never trusted inline. Origins are
/// compared in their normal form (<see cref="Origins.SameOrigin"/>).
/// </summary>
/// <remarks>
/// Each method answers null when the document passes, or a short reason (safe to log and to answer with) when it
/// does not. The actor id is the one already tied to the request (the signing key's owner), not one read from the
/// document alone.
/// </remarks>
public static class OriginRules
{
    /// <summary>
    /// Why <paramref name="activity"/> may not be taken as sent by <paramref name="actorId"/>, or null when it may.
    /// Checked in order: the activity's id is on the actor's origin; for Create, Update and Delete, there is an object,
    /// its id is on the actor's origin, and an embedded object names no other author in <c>attributedTo</c> (unless it
    /// is the actor itself, e.g. a Group updating its own document, whose <c>attributedTo</c> names its moderators).
    /// </summary>
    public static string? ActivityOriginError(ApDocument activity, string actorId)
    {
        ArgumentNullException.ThrowIfNull(activity);
        if (!Origins.SameOrigin(activity.Id, actorId))
        {
            return "the activity's id is not on its actor's server";
        }

        if (activity.Type is ActivityTypes.Create or ActivityTypes.Update or ActivityTypes.Delete)
        {
            if (activity.ObjectId is not { } objectId)
            {
                return "the activity has no object";
            }

            if (!Origins.SameOrigin(objectId, actorId))
            {
                return "the object's id is not on the actor's server";
            }

            if (activity.EmbeddedObject is { } embedded && embedded.GetReference(AsProperties.AttributedTo) is { } author
                && author != actorId && embedded.Id != actorId)
            {
                return "the object is attributed to someone else";
            }
        }

        return null;
    }

    /// <summary>
    /// Why <paramref name="obj"/> (a post, fetched or embedded) may not be taken as written by <paramref name="actorId"/>,
    /// or null when it may: its id must be on the actor's origin and its <c>attributedTo</c> must be the actor.
    /// </summary>
    public static string? ObjectOriginError(ApDocument obj, string actorId)
    {
        ArgumentNullException.ThrowIfNull(obj);
        if (obj.Id is not { } id || !Origins.SameOrigin(id, actorId))
        {
            return "the object's id is not on its author's server";
        }

        return obj.GetReference(AsProperties.AttributedTo) == actorId ? null : "the object is not attributed to the actor";
    }
}
