using System.Globalization;
using System.Text.Json.Nodes;
using OurSociety.ActivityPub.Json;

namespace OurSociety.ActivityPub.Vocabulary;

/// <summary>
/// Builds the activities a server sends (AS2 Vocabulary §3.1; AP §7), each a new <see cref="JsonObject"/> with its
/// <c>@context</c> set and its properties in one fixed order: <c>@context</c>, <c>id</c>, <c>type</c>, <c>actor</c>,
/// then the rest as each method says.
/// </summary>
/// <remarks>
/// Objects passed in are never changed: what is embedded is a copy, without its own <c>@context</c> (the activity's
/// context covers it). Addressing is the caller's choice except where the activity implies it (a Follow, Block, Accept
/// or Reject is addressed to the other actor).
/// </remarks>
public static class Activities
{
    /// <summary>
    /// A time as every activity and object we send writes it: UTC, whole seconds, <c>Z</c> (an xsd:dateTime, AS2
    /// Vocabulary §4 <c>published</c>), e.g. <c>2026-11-28T10:00:00Z</c>.
    /// </summary>
    public static string FormatTime(DateTimeOffset at) =>
        at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>
    /// <c>Follow</c> of <paramref name="objectId"/> (an actor), addressed to it (AP §7.5).
    /// Order: <c>@context, id, type, actor, object, to</c>.
    /// </summary>
    public static JsonObject Follow(string id, string actorId, string objectId) =>
        ToOneActor(ActivityTypes.Follow, id, actorId, objectId);

    /// <summary>
    /// <c>Block</c> of <paramref name="objectId"/> (an actor), addressed to it (AP §6.9; Mastodon acts on a received Block).
    /// Order: <c>@context, id, type, actor, object, to</c>.
    /// </summary>
    public static JsonObject Block(string id, string actorId, string objectId) =>
        ToOneActor(ActivityTypes.Block, id, actorId, objectId);

    /// <summary>
    /// <c>Flag</c> (AS2 Vocabulary §3.1): a report to another server's moderators, in Mastodon's shape
    /// (<c>ActivityPub::FlagSerializer</c>): the reported account first, then the reported objects, the note as
    /// <c>content</c>, and no addressing. Order: <c>@context, id, type, actor, content, object</c>.
    /// </summary>
    public static JsonObject Flag(string id, string actorId, IEnumerable<string> objects, string content)
    {
        ArgumentNullException.ThrowIfNull(objects);
        var activity = Start(ActivityTypes.Flag, id, actorId);
        activity[AsProperties.Content] = content;
        activity[AsProperties.Object] = Addresses(objects.Distinct(StringComparer.Ordinal));
        return activity;
    }

    /// <summary>
    /// <c>Accept</c> of a received Follow (AP §7.6), embedding it as <c>{id, type: Follow, actor, object}</c>: Mastodon
    /// matches the answer by the Follow's id, or by its actor and object. <paramref name="actorId"/> is the followed
    /// actor (the Follow's object); the answer is addressed to <paramref name="followerId"/>.
    /// Order: <c>@context, id, type, actor, to, object</c>.
    /// </summary>
    public static JsonObject AcceptFollow(string id, string actorId, string followerId, string followId) =>
        AnswerFollow(ActivityTypes.Accept, id, actorId, followerId, followId);

    /// <summary>
    /// <c>Reject</c> of a received Follow (AP §7.7), shaped like <see cref="AcceptFollow"/>.
    /// Order: <c>@context, id, type, actor, to, object</c>.
    /// </summary>
    public static JsonObject RejectFollow(string id, string actorId, string followerId, string followId) =>
        AnswerFollow(ActivityTypes.Reject, id, actorId, followerId, followId);

    /// <summary>
    /// <c>Accept</c> of an activity by reference (AS2 Vocabulary §3.1), e.g. of an <c>Offer</c> the actor received,
    /// addressed to <paramref name="to"/>. Order: <c>@context, id, type, actor, to, object</c>.
    /// </summary>
    public static JsonObject Accept(string id, string actorId, string objectId, IEnumerable<string> to) =>
        Answer(ActivityTypes.Accept, id, actorId, objectId, to);

    /// <summary>
    /// <c>Reject</c> of an activity by reference (AS2 Vocabulary §3.1), shaped like <see cref="Accept"/>.
    /// Order: <c>@context, id, type, actor, to, object</c>.
    /// </summary>
    public static JsonObject Reject(string id, string actorId, string objectId, IEnumerable<string> to) =>
        Answer(ActivityTypes.Reject, id, actorId, objectId, to);

    /// <summary>
    /// <c>Offer</c> of <paramref name="obj"/> to <paramref name="targetId"/> (AS2 Vocabulary §3.1: "the actor is
    /// offering the object to the target"), embedding a copy of the object, addressed to <paramref name="to"/> only.
    /// <paramref name="summary"/> (plain text) and <paramref name="content"/> (HTML) are left out when null.
    /// Order: <c>@context, id, type, actor, published, to, target, [summary,] [content,] object</c>.
    /// </summary>
    public static JsonObject Offer(
        string id, string actorId, JsonObject obj, string targetId, IEnumerable<string> to, DateTimeOffset published,
        string? summary = null, string? content = null, JsonNode? context = null)
    {
        ArgumentNullException.ThrowIfNull(obj);
        ArgumentNullException.ThrowIfNull(to);
        var activity = Start(ActivityTypes.Offer, id, actorId, ContextOf(obj, context));
        activity[AsProperties.Published] = FormatTime(published);
        activity[AsProperties.To] = Addresses(to);
        activity[AsProperties.Target] = targetId;
        if (summary is not null)
        {
            activity[AsProperties.Summary] = summary;
        }

        if (content is not null)
        {
            activity[AsProperties.Content] = content;
        }

        activity[AsProperties.Object] = Embedded(obj);
        return activity;
    }

    /// <summary>
    /// <c>Undo</c> of an activity this actor sent (AP §7.12), embedding a copy of it, with the addressing given; no
    /// <c>cc</c> when <paramref name="cc"/> is null. Order: <c>@context, id, type, actor, to, [cc,] object</c>.
    /// </summary>
    public static JsonObject Undo(string id, string actorId, JsonObject undone, IEnumerable<string> to, IEnumerable<string>? cc = null)
    {
        ArgumentNullException.ThrowIfNull(to);
        var activity = Start(ActivityTypes.Undo, id, actorId);
        activity[AsProperties.To] = Addresses(to);
        if (cc is not null)
        {
            activity[AsProperties.Cc] = Addresses(cc);
        }

        activity[AsProperties.Object] = Embedded(undone);
        return activity;
    }

    /// <summary>
    /// <c>Undo</c> of an activity this actor sent (AP §7.12), embedding a copy of it and addressed as it was: its
    /// <c>to</c> and <c>cc</c> copied (empty arrays when it has none). Order: <c>@context, id, type, actor, to, cc, object</c>.
    /// </summary>
    public static JsonObject Undo(string id, string actorId, JsonObject undone)
    {
        var inner = Embedded(undone);
        var activity = Start(ActivityTypes.Undo, id, actorId);
        activity[AsProperties.To] = inner[AsProperties.To]?.DeepClone() ?? new JsonArray();
        activity[AsProperties.Cc] = inner[AsProperties.Cc]?.DeepClone() ?? new JsonArray();
        activity[AsProperties.Object] = inner;
        return activity;
    }

    /// <summary>
    /// <c>Like</c> of <paramref name="objectId"/> (AP §7.10), by reference. Order: <c>@context, id, type, actor, object, to</c>.
    /// </summary>
    public static JsonObject Like(string id, string actorId, string objectId, IEnumerable<string> to)
    {
        ArgumentNullException.ThrowIfNull(to);
        var activity = Start(ActivityTypes.Like, id, actorId);
        activity[AsProperties.Object] = objectId;
        activity[AsProperties.To] = Addresses(to);
        return activity;
    }

    /// <summary>
    /// FEP-1b12's group <c>Announce</c>: a Group passes on an activity it received (a <c>Create</c>, say) unchanged, as
    /// the announce's embedded object; Lemmy, PieFed, Mbin and Friendica read it, Mastodon does not. Order:
    /// <c>@context, id, type, actor, published, to, cc, object</c>.
    /// </summary>
    public static JsonObject AnnounceActivity(
        string id, string groupId, JsonObject received, DateTimeOffset published, IEnumerable<string> to, IEnumerable<string> cc)
    {
        ArgumentNullException.ThrowIfNull(received);
        var activity = StartAnnounce(id, groupId, published, to, cc);
        var inner = (JsonObject)received.DeepClone();
        inner.Remove(AsProperties.AtContext);   // the outer context covers it; Lemmy sends it so
        activity[AsProperties.Object] = inner;
        return activity;
    }

    /// <summary>
    /// <c>Announce</c> (a boost, AP §7.11) of <paramref name="objectId"/> by reference, so receivers fetch the object from
    /// its own origin. Order: <c>@context, id, type, actor, published, to, cc, object</c>.
    /// </summary>
    public static JsonObject Announce(
        string id, string actorId, string objectId, DateTimeOffset published, IEnumerable<string> to, IEnumerable<string> cc)
    {
        var activity = StartAnnounce(id, actorId, published, to, cc);
        activity[AsProperties.Object] = objectId;
        return activity;
    }

    /// <summary>What both forms of <c>Announce</c> share, up to their <c>object</c>.</summary>
    private static JsonObject StartAnnounce(string id, string actorId, DateTimeOffset published, IEnumerable<string> to, IEnumerable<string> cc)
    {
        ArgumentNullException.ThrowIfNull(to);
        ArgumentNullException.ThrowIfNull(cc);
        var activity = Start(ActivityTypes.Announce, id, actorId);
        activity[AsProperties.Published] = FormatTime(published);
        activity[AsProperties.To] = Addresses(to);
        activity[AsProperties.Cc] = Addresses(cc);
        return activity;
    }

    /// <summary>
    /// <c>Create</c> of <paramref name="obj"/> (AP §7.2), embedding a copy, addressed like the object (its <c>to</c> and
    /// <c>cc</c> copied; empty arrays when it has none). The activity takes the object's own <c>@context</c>, else
    /// <paramref name="context"/>, else the ActivityStreams context. Order: <c>@context, id, type, actor, published, to, cc, object</c>.
    /// </summary>
    public static JsonObject Create(string id, string actorId, JsonObject obj, DateTimeOffset published, JsonNode? context = null) =>
        Wrap(ActivityTypes.Create, id, actorId, obj, published, context);

    /// <summary>
    /// <c>Update</c> of <paramref name="obj"/> (AP §7.3), shaped like <see cref="Create"/>. Mastodon applies an edit only
    /// when the object's <c>updated</c> is newer than what it has, so the object should carry it.
    /// Order: <c>@context, id, type, actor, published, to, cc, object</c>.
    /// </summary>
    public static JsonObject Update(string id, string actorId, JsonObject obj, DateTimeOffset published, JsonNode? context = null) =>
        Wrap(ActivityTypes.Update, id, actorId, obj, published, context);

    /// <summary>
    /// <c>Update</c> of an actor's own document (AP §7.3; Mastodon refreshes the profile), by that actor: a copy of
    /// <paramref name="actor"/> embedded, the addressing given, no <c>published</c>. The activity takes the document's
    /// own <c>@context</c>, else <paramref name="context"/>, else the ActivityStreams context.
    /// Order: <c>@context, id, type, actor, to, cc, object</c>.
    /// </summary>
    /// <exception cref="ArgumentException">The document has no string <c>id</c>.</exception>
    public static JsonObject UpdateActor(
        string id, JsonObject actor, IEnumerable<string> to, IEnumerable<string> cc, JsonNode? context = null)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(to);
        ArgumentNullException.ThrowIfNull(cc);
        var actorId = ApDocument.AsString(actor[AsProperties.Id])
            ?? throw new ArgumentException("The actor document has no id.", nameof(actor));
        var activity = Start(ActivityTypes.Update, id, actorId, ContextOf(actor, context));
        activity[AsProperties.To] = Addresses(to);
        activity[AsProperties.Cc] = Addresses(cc);
        activity[AsProperties.Object] = Embedded(actor);
        return activity;
    }

    /// <summary>
    /// <c>Delete</c> of <paramref name="objectId"/> by reference (AP §7.4), e.g. an actor deleting its own account; no
    /// <c>cc</c> when <paramref name="cc"/> is null. Order: <c>@context, id, type, actor, to, [cc,] object</c>.
    /// </summary>
    public static JsonObject Delete(string id, string actorId, string objectId, IEnumerable<string> to, IEnumerable<string>? cc = null) =>
        DeleteOf(id, actorId, JsonValue.Create(objectId), to, cc);

    /// <summary>
    /// <c>Delete</c> embedding <paramref name="obj"/> (AP §7.4), usually the <c>Tombstone</c> that now stands at the
    /// object's id, as a copy without its <c>@context</c>; no <c>cc</c> when <paramref name="cc"/> is null.
    /// Order: <c>@context, id, type, actor, to, [cc,] object</c>.
    /// </summary>
    public static JsonObject Delete(string id, string actorId, JsonObject obj, IEnumerable<string> to, IEnumerable<string>? cc = null) =>
        DeleteOf(id, actorId, Embedded(obj), to, cc);

    private static JsonObject DeleteOf(string id, string actorId, JsonNode obj, IEnumerable<string> to, IEnumerable<string>? cc)
    {
        ArgumentNullException.ThrowIfNull(to);
        var activity = Start(ActivityTypes.Delete, id, actorId);
        activity[AsProperties.To] = Addresses(to);
        if (cc is not null)
        {
            activity[AsProperties.Cc] = Addresses(cc);
        }

        activity[AsProperties.Object] = obj;
        return activity;
    }

    private static JsonObject Wrap(string type, string id, string actorId, JsonObject obj, DateTimeOffset published, JsonNode? context)
    {
        ArgumentNullException.ThrowIfNull(obj);
        var inner = Embedded(obj);
        var activity = Start(type, id, actorId, ContextOf(obj, context));
        activity[AsProperties.Published] = FormatTime(published);
        activity[AsProperties.To] = inner[AsProperties.To]?.DeepClone() ?? new JsonArray();
        activity[AsProperties.Cc] = inner[AsProperties.Cc]?.DeepClone() ?? new JsonArray();
        activity[AsProperties.Object] = inner;
        return activity;
    }

    private static JsonObject ToOneActor(string type, string id, string actorId, string objectId)
    {
        var activity = Start(type, id, actorId);
        activity[AsProperties.Object] = objectId;
        activity[AsProperties.To] = new JsonArray(objectId);
        return activity;
    }

    private static JsonObject Answer(string type, string id, string actorId, string objectId, IEnumerable<string> to)
    {
        ArgumentNullException.ThrowIfNull(to);
        ArgumentException.ThrowIfNullOrEmpty(objectId);
        var activity = Start(type, id, actorId);
        activity[AsProperties.To] = Addresses(to);
        activity[AsProperties.Object] = objectId;
        return activity;
    }

    private static JsonObject AnswerFollow(string type, string id, string actorId, string followerId, string followId)
    {
        var activity = Start(type, id, actorId);
        activity[AsProperties.To] = new JsonArray(followerId);
        activity[AsProperties.Object] = new JsonObject
        {
            [AsProperties.Id] = followId,
            [AsProperties.Type] = ActivityTypes.Follow,
            [AsProperties.Actor] = followerId,
            [AsProperties.Object] = actorId,
        };
        return activity;
    }

    private static JsonObject Start(string type, string id, string actorId, JsonNode? context = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        ArgumentException.ThrowIfNullOrEmpty(actorId);
        return new JsonObject
        {
            [AsProperties.AtContext] = context ?? ActivityStreams.Context,
            [AsProperties.Id] = id,
            [AsProperties.Type] = type,
            [AsProperties.Actor] = actorId,
        };
    }

    /// <summary>The object's own <c>@context</c> (a copy), else the caller's (a copy, so one node can serve many calls).</summary>
    private static JsonNode? ContextOf(JsonObject obj, JsonNode? fallback) =>
        obj[AsProperties.AtContext]?.DeepClone() ?? fallback?.DeepClone();

    private static JsonObject Embedded(JsonObject obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        var inner = (JsonObject)obj.DeepClone();
        inner.Remove(AsProperties.AtContext);
        return inner;
    }

    private static JsonArray Addresses(IEnumerable<string> addresses) =>
        [.. addresses.Select(a => (JsonNode?)JsonValue.Create(a))];
}
