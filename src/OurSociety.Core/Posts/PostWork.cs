using OurSociety.Core.Work;

namespace OurSociety.Core.Posts;

/// <summary>
/// The work a change to a post causes (telling other servers, above all), written in the change's own transaction.
/// A post's items share a partition, so they run in the order they happened: its Create goes out before its Delete.
/// The work item's id is the event's identity: whoever runs it derives activity ids from it, so running it twice
/// (after a crash) sends the same activities again, which receivers drop as duplicates.
/// </summary>
public static class PostWork
{
    /// <summary>A story, lesson or reply written here became visible. Payload: <see cref="PostEvent"/>.</summary>
    public const string Published = "post.published";

    /// <summary>A published post written here was edited. Payload: <see cref="PostEvent"/>.</summary>
    public const string Updated = "post.updated";

    /// <summary>A published post written here was deleted. Payload: <see cref="PostDeleted"/>.</summary>
    public const string Deleted = "post.deleted";

    /// <summary>A member here liked or shared a post, or took it back. Payload: <see cref="ReactionEvent"/>.</summary>
    public const string Reacted = "post.reacted";

    /// <summary>A lesson's links (sources, the lesson it adapts) are to be looked up where they live. Payload: <see cref="PostEvent"/>.</summary>
    public const string ResolveLinks = "post.resolve-links";

    /// <summary>
    /// The <c>@user@host</c> handles a post names are to be looked up (WebFinger and the actor), before its Create or
    /// Update is built in the same partition, so that it carries their Mention tags and links. Payload: <see cref="PostEvent"/>.
    /// </summary>
    public const string ResolveMentions = "post.resolve-mentions";

    public static string Partition(Guid postId) => $"post:{postId:D}";

    public static NewWorkItem Item(string kind, Guid postId) => new(kind, WorkPayload.Write(new PostEvent(postId)), Partition(postId));

    /// <summary>
    /// <paramref name="then"/> (the post's Create or Update and what goes before it), after a look-up of the handles it
    /// names when it names any: items of a partition run in order, so the activity is built from what was found.
    /// </summary>
    public static NewWorkItem[] WithMentions(Post post, params NewWorkItem[] then) =>
        Mentions.RemoteHandles(Mentions.TextsOf(post)).Count == 0 ? then : [Item(ResolveMentions, post.Id), .. then];

    public static NewWorkItem Deletion(Post before) =>
        new(Deleted, WorkPayload.Write(new PostDeleted(before.Id, [.. before.Sources.Append(before.AdaptedFrom).OfType<string>()])
        {
            MentionedActors = [.. before.Mentioned.Where(m => m.IsFound).Select(m => m.ActorId!)],
        }), Partition(before.Id));

    public static NewWorkItem Reaction(Reaction reaction, bool added) =>
        new(Reacted, WorkPayload.Write(new ReactionEvent(reaction.PostId, reaction.Kind, reaction.Actor, reaction.CreatedAt, added)), Partition(reaction.PostId));
}

public sealed record PostEvent(Guid PostId)
{
    /// <summary>
    /// For work an inbound activity caused: how many fetches its budget has left (FetchBudget in Federation), so the
    /// chain it triggers stays within one budget across work items. Null: the work starts a budget of its own.
    /// </summary>
    public int? FetchesLeft { get; init; }
}

/// <summary>A deletion, with the links the post credited (its content is gone by the time the work runs).</summary>
public sealed record PostDeleted(Guid PostId, IReadOnlyList<string> CreditedLinks)
{
    /// <summary>The actors its text named (looked up and kept until the deletion), who got it and now get its Delete.</summary>
    public IReadOnlyList<string>? MentionedActors { get; init; }
}

/// <summary>A member's like or share (<see cref="Actor"/> is the member id), added or taken back.</summary>
public sealed record ReactionEvent(Guid PostId, ReactionKind Kind, string Actor, DateTimeOffset CreatedAt, bool Added);
