namespace OurSociety.Federation;

/// <summary>
/// The ActivityPub addresses of this node's actors and activities. They are ids other servers store, so they never
/// change once the node federates (FEDERATION.md fixes them).
/// </summary>
public static class ApUrls
{
    /// <summary>The key-store name of the instance actor; a dot keeps it apart from every username.</summary>
    public const string InstanceActorName = ".instance";

    public static string Actor(string origin, string username) => $"{origin}/users/{Uri.EscapeDataString(username)}";

    /// <summary>The id of a local actor by its key-store name: a member, the hub, or the instance actor.</summary>
    public static string ActorOf(string origin, string name) => name == InstanceActorName ? InstanceActor(origin) : Actor(origin, name);

    /// <summary>A local actor's profile page for people (<c>/@name</c>).</summary>
    public static string Profile(string origin, string username) => $"{origin}/@{Uri.EscapeDataString(username)}";

    public static string KeyId(string actorId) => actorId + "#main-key";

    public static string Inbox(string actorId) => actorId + "/inbox";

    public static string Outbox(string actorId) => actorId + "/outbox";

    public static string Followers(string actorId) => actorId + "/followers";

    public static string Following(string actorId) => actorId + "/following";

    /// <summary>The hub Group's moderators collection (Lemmy's <c>moderators</c>, issue 14).</summary>
    public static string Moderators(string actorId) => actorId + "/moderators";

    public static string SharedInbox(string origin) => origin + "/inbox";

    public static string InstanceActor(string origin) => origin + "/actor";

    public static string Activity(string origin, Guid id) => $"{origin}/activities/{id:D}";

    /// <summary>The local username an actor id of this node names, or null when it is not one of ours.</summary>
    public static string? LocalUsername(string origin, string actorId)
    {
        var prefix = origin + "/users/";
        if (!actorId.StartsWith(prefix, StringComparison.Ordinal))
        {
            return null;
        }

        var rest = actorId[prefix.Length..];
        return rest.Length == 0 || rest.Contains('/', StringComparison.Ordinal) || rest.Contains('#', StringComparison.Ordinal)
            ? null
            : Uri.UnescapeDataString(rest);
    }

    public static bool IsInstanceActor(string origin, string actorId) => actorId == InstanceActor(origin);
}
