using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using OurSociety.Core.Federation;
using OurSociety.Core.Members;
using OurSociety.Core.Posts;
using OurSociety.Federation.Actors;
using OurSociety.Federation.Delivery;


namespace OurSociety.Federation.Posts;

/// <summary>
/// Tells other servers what happens to posts written here, through the durable outbox: Create, Update and Delete
/// (Tombstone) to the author's followers; replies also to the author they answer; lessons also to the authors they
/// credit (sources, adapted lesson), so every node of the chain can show it. The hub boosts its members' public
/// stories and lessons to its own followers. Likes and shares go to the post's author (and shares to the sharer's
/// followers), with Undo when taken back.
/// </summary>
public sealed partial class PostFederation(
    Outbox outbox,
    LocalActors locals,
    LocalPostDocuments documents,
    IPostStore posts,
    IMemberStore members,
    IFollowStore follows,
    RemoteActors remoteActors,
    PostResolver resolver,
    TimeProvider time,
    ILogger<PostFederation> logger) : IPostEvents
{
    public async Task PublishedAsync(Post post, CancellationToken ct)
    {
        if (post.Kind == PostKind.Lesson)
        {
            // Fetch what the lesson credits now: its chain shows here with titles, and its authors can be told.
            await resolver.ResolveLinksAsync(post, ct);
        }

        if (await documents.AuthorAsync(post, ct) is not { } author || await documents.ObjectAsync(post, ct) is not { } obj)
        {
            return;
        }

        var now = time.GetUtcNow();
        await outbox.SendAsync(author.Username, PostActivities.Wrap("Create", outbox.NewActivityId(), author.ActorId, obj, now),
            await AlsoToAsync(post, hubFollowers: false, ct), toFollowers: true, ct);
        if (IsBoosted(post))
        {
            var hub = locals.Hub;
            await outbox.SendAsync(hub.Username, PostActivities.Announce(outbox.NewActivityId(), hub.Id, (string)obj["id"]!, author.ActorId, now),
                [], toFollowers: true, ct);
        }

        LogSent("Create", post.Id);
    }

    public async Task UpdatedAsync(Post post, CancellationToken ct)
    {
        if (post.Kind == PostKind.Lesson)
        {
            await resolver.ResolveLinksAsync(post, ct);
        }

        if (await documents.AuthorAsync(post, ct) is not { } author || await documents.ObjectAsync(post, ct) is not { } obj)
        {
            return;
        }

        await outbox.SendAsync(author.Username, PostActivities.Wrap("Update", outbox.NewActivityId(), author.ActorId, obj, time.GetUtcNow()),
            await AlsoToAsync(post, hubFollowers: true, ct), toFollowers: true, ct);
        LogSent("Update", post.Id);
    }

    public async Task DeletedAsync(Post post, CancellationToken ct)
    {
        if (await documents.ContextAsync(post, ct) is not { } context || await documents.AuthorAsync(post, ct) is not { } author)
        {
            return;
        }

        var (to, cc) = PostDocuments.Addressing(post.Visibility, ApUrls.Followers(author.ActorId), context.Parent?.AuthorId);
        var tombstone = PostDocuments.Tombstone(PostUrls.Page(locals.Origin, post), post.Kind, time.GetUtcNow());
        await outbox.SendAsync(author.Username, PostActivities.Delete(outbox.NewActivityId(), author.ActorId, tombstone, to, cc),
            await AlsoToAsync(post, hubFollowers: true, ct), toFollowers: true, ct);
        LogSent("Delete", post.Id);
    }

    public async Task ReactedAsync(Reaction reaction, Post post, bool added, CancellationToken ct)
    {
        if (!reaction.IsLocal || !Guid.TryParse(reaction.Actor, out var memberId) || await members.FindAsync(memberId, ct) is not { } member)
        {
            return;
        }

        var actorId = ApUrls.Actor(locals.Origin, member.Username);
        var authorId = await documents.AuthorIdAsync(post, ct);
        var authorInbox = post.RemoteAuthor is { } remote && await remoteActors.GetAsync(remote, refresh: false, ct) is ({ } actor, _)
            ? actor.DeliveryInbox
            : null;
        var objectId = PostUrls.ApId(locals.Origin, post);
        var id = ReactionActivityId(reaction);
        JsonObject activity;
        if (reaction.Kind == ReactionKind.Like)
        {
            if (authorInbox is null || authorId is null)
            {
                return;   // a like of a post here is counted here; no one else needs to know
            }

            activity = PostActivities.Like(id, actorId, objectId, authorId);
        }
        else
        {
            activity = PostActivities.Announce(id, actorId, objectId, authorId ?? actorId, reaction.CreatedAt);
        }

        if (!added)
        {
            activity = PostActivities.Undo(outbox.NewActivityId(), actorId, activity);
        }

        await outbox.SendAsync(member.Username, activity, authorInbox is null ? [] : [authorInbox], toFollowers: reaction.Kind == ReactionKind.Share, ct);
        LogSent(added ? (string)activity["type"]! : "Undo", post.Id);
    }

    /// <summary>Public stories and lessons by members: the hub's followers see their locality's stories.</summary>
    private static bool IsBoosted(Post post) => post.Kind is PostKind.Story or PostKind.Lesson && post.Visibility == Visibility.Public;

    /// <summary>
    /// Inboxes beyond the author's followers: the author a reply answers, the authors a lesson credits, and (for
    /// updates and deletes of boosted posts) the hub's followers, who got the post through the hub.
    /// </summary>
    private async Task<List<string>> AlsoToAsync(Post post, bool hubFollowers, CancellationToken ct)
    {
        var actors = new HashSet<string>(StringComparer.Ordinal);
        if (post.ParentId is { } parentId && await posts.FindAsync(parentId, ct) is { RemoteAuthor: { } parentAuthor })
        {
            actors.Add(parentAuthor);
        }

        if (post.Kind == PostKind.Lesson && post.Visibility is Visibility.Public or Visibility.Unlisted)
        {
            var provenance = await resolver.ProvenanceAsync(post, ct);
            foreach (var link in provenance.Sources.Concat(provenance.AdaptedFrom))
            {
                if (link.Post?.RemoteAuthor is { } credited)
                {
                    actors.Add(credited);
                }
            }

            // The credited posts' own sources: the story a lesson adapted here was learned from, on a third node.
            foreach (var link in provenance.AdaptedFrom)
            {
                foreach (var source in link.Post?.Sources ?? [])
                {
                    if (await documents.FindAsync(source, ct) is { RemoteAuthor: { } sourceAuthor })
                    {
                        actors.Add(sourceAuthor);
                    }
                }
            }
        }

        if (hubFollowers && post.Kind is PostKind.Story or PostKind.Lesson)
        {
            // Edits and deletions also reach the servers of those who credit it: their copies are part of a chain.
            var crediting = post.Kind == PostKind.Story ? await resolver.LearnedFromAsync(post, ct) : await resolver.AdaptationsAsync(post, ct);
            actors.UnionWith(crediting.Select(p => p.RemoteAuthor).OfType<string>());
        }

        var inboxes = new List<string>();
        foreach (var actorId in actors)
        {
            if (await remoteActors.GetAsync(actorId, refresh: false, ct) is ({ } actor, _))
            {
                inboxes.Add(actor.DeliveryInbox);
            }
        }

        if (hubFollowers && IsBoosted(post))
        {
            inboxes.AddRange(await follows.FollowerInboxesAsync(locals.HubUsername, ct));
        }

        return inboxes;
    }

    /// <summary>
    /// The id of a member's Like or Announce, derived from the reaction itself: the Undo sent when it is taken back
    /// names the same id without storing it, and a new like later (another time) gets a new one.
    /// </summary>
    private string ReactionActivityId(Reaction reaction)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(
            $"{reaction.Kind}|{reaction.Actor}|{reaction.PostId:D}|{reaction.CreatedAt.UtcTicks}"));
        return ApUrls.Activity(locals.Origin, new Guid(hash.AsSpan(0, 16)));
    }

    [LoggerMessage(5801, LogLevel.Debug, "Sent {Type} for post {PostId}")]
    private partial void LogSent(string type, Guid postId);
}
