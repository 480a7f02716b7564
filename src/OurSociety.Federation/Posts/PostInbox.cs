using OurSociety.ActivityPub.Json;
using OurSociety.Core.Federation;
using OurSociety.Core.Notifications;
using OurSociety.Core.Posts;
using OurSociety.Federation.Actors;

namespace OurSociety.Federation.Posts;

/// <summary>
/// Received activities about posts: Create, Update and Delete of Notes, Articles and Pages; Like, Announce and their
/// Undo. The inbox has checked the signature, that the key is the actor's and the origins of the activity and any
/// embedded object (INTEROP §7.1–7.3); each method checks the rest (that the actor owns what it changes). All are
/// idempotent: after a crash the inbox hands the same activity over again.
/// </summary>
public sealed partial class PostInbox(
    IPostStore posts,
    IFollowStore follows,
    LocalActors locals,
    LocalPostDocuments documents,
    ReceivedPosts received,
    PostResolver resolver,
    IDocumentFetcher fetcher,
    Notifier notifier,
    TimeProvider time,
    ILogger<PostInbox> logger)
{
    /// <summary>
    /// Stores a new post when someone here has reason to see it: it answers a post we have, its author is followed
    /// here (by a member or the hub), it mentions a member, or it credits a post we have (a lesson's sources).
    /// </summary>
    public async Task<string> CreateAsync(ApDocument activity, string actorId, CancellationToken ct)
    {
        if (await ObjectOfAsync(activity, ct) is not { } obj)
        {
            return "ignored: the object could not be read";
        }

        if (!ReceivedPosts.IsPostType(obj.Type))
        {
            return "kept";
        }

        if (ReceivedPosts.OriginError(obj, actorId) is { } originError)
        {
            return "refused: " + originError;
        }

        if (await posts.FindByApIdAsync(obj.Id!, ct) is not null)
        {
            return "ignored: already stored";
        }

        Post? parent = null;
        if (obj.GetReference("inReplyTo") is { } inReplyTo && (parent = await documents.FindAsync(inReplyTo, ct)) is null)
        {
            return "ignored: a reply to something we do not have";
        }

        if (parent is { IsDeleted: true } or { Draft: true })
        {
            return "ignored: a reply to a deleted post";
        }

        var mentioned = await MentionedMembersAsync(obj, ct);
        if (parent is null && mentioned.Count == 0 && !await follows.IsFollowedHereAsync(actorId, ct) && !await CreditsOneOfOursAsync(obj, ct))
        {
            return "ignored: no one here follows its author or is named in it";
        }

        var root = parent?.RootId is { } rootId ? await posts.FindAsync(rootId, ct) : parent;
        var post = await received.ReadAsync(obj, actorId, parent, root, null, ct);
        if (!await posts.AddAsync(post, ct))
        {
            return "ignored: already stored";
        }

        var notified = new HashSet<Guid>();
        var kind = post.TriedOutcome is not null ? NotificationKind.Tried : NotificationKind.Reply;
        foreach (var answered in new[] { parent, root }.OfType<Post>())
        {
            if (answered.AuthorId is { } author && notified.Add(author))
            {
                await notifier.NotifyAsync(author, kind, actorId, isLocal: false, post.Id, ct);
            }
        }

        foreach (var member in mentioned.Where(notified.Add))
        {
            await notifier.NotifyAsync(member, NotificationKind.Mention, actorId, isLocal: false, post.Id, ct);
        }

        await resolver.ResolveLinksAsync(post, ct);
        LogStored(post.Kind, obj.Id!, actorId);
        return $"stored {PostKinds.Name(post.Kind)}";
    }

    /// <summary>An edit by the post's own author: the stored copy takes the new content (addressing stays).</summary>
    public async Task<string> UpdateAsync(ApDocument activity, string actorId, CancellationToken ct)
    {
        if (activity.EmbeddedObject is not { } obj || !ReceivedPosts.IsPostType(obj.Type))
        {
            return "kept";
        }

        if (ReceivedPosts.OriginError(obj, actorId) is { } originError)
        {
            return "refused: " + originError;
        }

        if (await posts.FindByApIdAsync(obj.Id!, ct) is not { } stored)
        {
            return "ignored: not stored here";
        }

        if (stored.RemoteAuthor != actorId)
        {
            return "refused: not the author's own post";
        }

        if (stored.IsDeleted)
        {
            return "ignored: deleted";
        }

        var parent = stored.ParentId is { } parentId ? await posts.FindAsync(parentId, ct) : null;
        var root = stored.RootId is { } rootId ? await posts.FindAsync(rootId, ct) : null;
        var updated = await received.ReadAsync(obj, actorId, parent, root, stored, ct);
        await posts.UpdateAsync(updated, ct);
        await resolver.ResolveLinksAsync(updated, ct);
        return "updated";
    }

    /// <summary>A deletion by the post's own author: the copy keeps its place (410) without its content.</summary>
    public async Task<string> DeleteAsync(ApDocument activity, string actorId, CancellationToken ct)
    {
        if (activity.ObjectId is not { } objectId || await posts.FindByApIdAsync(objectId, ct) is not { } stored)
        {
            return "ignored: not stored here";
        }

        if (stored.RemoteAuthor != actorId)
        {
            return "refused: not the author's own post";
        }

        return await posts.MarkDeletedAsync(stored.Id, time.GetUtcNow(), ct) ? "deleted" : "ignored: deleted already";
    }

    /// <summary>"This helped me" from anywhere, for a post we have; its author here is told.</summary>
    public async Task<string> LikeAsync(ApDocument activity, string actorId, CancellationToken ct)
    {
        if (activity.ObjectId is not { } objectId || await documents.FindAsync(objectId, ct) is not { IsDeleted: false, Draft: false } post)
        {
            return "ignored: not a post we have";
        }

        return await ReactAsync(post, ReactionKind.Like, activity.Id!, actorId, ct) ? "liked" : "ignored: liked already";
    }

    /// <summary>
    /// A share of a post here (counted, author told), or a boost by someone followed here of a post elsewhere: that
    /// post is fetched from its own server (never taken inline, INTEROP §7.4), stored, and the share recorded, so it
    /// shows in the home timelines of those who follow the booster (a hub followed from here, typically).
    /// </summary>
    public async Task<string> AnnounceAsync(ApDocument activity, string actorId, CancellationToken ct)
    {
        if (activity.ObjectId is not { } objectId)
        {
            return "ignored: no object";
        }

        var post = await documents.FindAsync(objectId, ct);
        if (post is null)
        {
            if (!activity.IsAddressedToPublic || !await follows.IsFollowedHereAsync(actorId, ct))
            {
                return "ignored: no one here follows the booster";
            }

            post = await resolver.FetchAndStoreAsync(objectId, ct);
            if (post is null)
            {
                return "ignored: the boosted post could not be fetched";
            }
        }

        if (post.IsDeleted || post.Draft || post.Kind == PostKind.Reply)
        {
            return "ignored: not a story or lesson we have";
        }

        return await ReactAsync(post, ReactionKind.Share, activity.Id!, actorId, ct) ? "shared" : "ignored: shared already";
    }

    /// <summary>Takes back a Like or Announce of the actor's own (matched by its activity id).</summary>
    public async Task<string> UndoReactionAsync(string undoneId, string actorId, CancellationToken ct)
    {
        if (await posts.FindReactionByActivityAsync(undoneId, ct) is not { } reaction)
        {
            return "ignored: no such like or share";
        }

        if (reaction.IsLocal || reaction.Actor != actorId)
        {
            return "refused: not the actor's own";
        }

        await posts.RemoveReactionAsync(reaction.PostId, reaction.Kind, reaction.Actor, ct);
        return reaction.Kind == ReactionKind.Like ? "like undone" : "share undone";
    }

    private async Task<bool> ReactAsync(Post post, ReactionKind kind, string activityId, string actorId, CancellationToken ct)
    {
        if (!await posts.AddReactionAsync(new Reaction(post.Id, kind, actorId, IsLocal: false, activityId, time.GetUtcNow()), ct))
        {
            return false;
        }

        if (post.AuthorId is { } author)
        {
            await notifier.NotifyAsync(author, kind == ReactionKind.Like ? NotificationKind.Like : NotificationKind.Share, actorId, isLocal: false, post.Id, ct);
        }

        return true;
    }

    /// <summary>The created object: embedded (its origin checked at the inbox), or fetched from its origin by id.</summary>
    private async Task<ApDocument?> ObjectOfAsync(ApDocument activity, CancellationToken ct)
    {
        if (activity.EmbeddedObject is { } embedded)
        {
            return embedded;
        }

        return activity.ObjectId is { } id && Uri.TryCreate(id, UriKind.Absolute, out var url)
            ? (await fetcher.FetchAsync(url, ct)).Document
            : null;
    }

    private async Task<List<Guid>> MentionedMembersAsync(ApDocument obj, CancellationToken ct)
    {
        var members = new List<Guid>();
        var tags = obj.Json["tag"] switch
        {
            System.Text.Json.Nodes.JsonArray array => array.OfType<System.Text.Json.Nodes.JsonObject>(),
            System.Text.Json.Nodes.JsonObject one => [one],
            _ => [],
        };
        foreach (var tag in tags.Take(50))
        {
            if (ApDocument.From(tag).Document is { Type: "Mention" } mention && mention.GetString("href") is { } href
                && await locals.FindByIdAsync(href, ct) is { Member: { } member } && !members.Contains(member.Id))
            {
                members.Add(member.Id);
            }
        }

        return members;
    }

    private async Task<bool> CreditsOneOfOursAsync(ApDocument obj, CancellationToken ct)
    {
        foreach (var url in obj.GetReferences("derivedFrom").Take(PostLimits.SourcesMax).Append(obj.GetReference("adaptedFrom")).OfType<string>())
        {
            if (await documents.FindAsync(url, ct) is not null)
            {
                return true;
            }
        }

        return false;
    }

    [LoggerMessage(5901, LogLevel.Information, "Stored a received {Kind} {ApId} by {ActorId}")]
    private partial void LogStored(PostKind kind, string apId, string actorId);
}
