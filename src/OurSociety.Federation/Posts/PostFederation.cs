using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using OurSociety.ActivityPub;
using OurSociety.ActivityPub.Vocabulary;
using OurSociety.Core.Federation;
using OurSociety.Core.Members;
using OurSociety.Core.Posts;
using OurSociety.Core.Work;
using OurSociety.Federation.Actors;
using OurSociety.Federation.Delivery;

namespace OurSociety.Federation.Posts;

/// <summary>
/// Tells other servers what happens to posts written here, as the work items of <see cref="PostWork"/> run: Create,
/// Update and Delete (Tombstone) to the author's followers and the people the post names; replies also to the author they answer; lessons also to
/// the authors they credit (sources, adapted lesson), so every node of the chain can show it. The hub boosts its
/// members' public stories and lessons to its own followers. Likes and shares go to the post's author (and shares to
/// the sharer's followers), with Undo when taken back. Each item's activities and its completion commit together;
/// their ids come from the item, so an item run twice sends nothing new.
/// </summary>
public sealed partial class PostFederation(
    Outbox outbox,
    LocalActors locals,
    LocalPostDocuments documents,
    IPostStore posts,
    IMemberStore members,
    RemoteActors remoteActors,
    PostResolver resolver,
    MentionResolver mentions,
    ILogger<PostFederation> logger)
{
    public async Task PublishedAsync(WorkItem item, CancellationToken ct)
    {
        var post = await PublishedPostAsync(WorkPayload.Read<PostEvent>(item).PostId, ct);
        if (post is null || await documents.AuthorAsync(post, ct) is not { } author || await documents.ObjectAsync(post, ct) is not { } obj)
        {
            return;   // deleted or gone before it went out: its Delete (if any) follows in the same partition
        }

        var sent = new List<Outgoing>
        {
            new(author.Username, Activities.Create(outbox.ActivityIdFor(item), author.ActorId, obj, post.PublishedAt ?? post.CreatedAt),
                [.. await outbox.FollowerInboxesAsync(author.Username, ct), .. await AlsoToAsync(post, hubFollowers: false, ct)]),
        };
        // A limited member's new posts are not boosted by the hub (posts boosted before the limit stay boosted).
        if (IsBoosted(post) && !await AuthorLimitedAsync(post, ct))
        {
            var hub = locals.Hub;
            sent.Add(new(hub.Username, Activities.Announce(outbox.ActivityIdFor(item, "announce"), hub.Id, (string)obj["id"]!, post.PublishedAt ?? post.CreatedAt,
                [ActivityStreams.Public], [ApUrls.Followers(hub.Id), author.ActorId]), await outbox.FollowerInboxesAsync(hub.Username, ct)));
        }

        await outbox.CompleteAsync(item, sent, ct);
        LogSent(ActivityTypes.Create, post.Id);
    }

    public async Task UpdatedAsync(WorkItem item, CancellationToken ct)
    {
        var post = await PublishedPostAsync(WorkPayload.Read<PostEvent>(item).PostId, ct);
        if (post is null || await documents.AuthorAsync(post, ct) is not { } author || await documents.ObjectAsync(post, ct) is not { } obj)
        {
            return;
        }

        var update = Activities.Update(outbox.ActivityIdFor(item), author.ActorId, obj, post.UpdatedAt ?? post.PublishedAt ?? post.CreatedAt);
        await outbox.CompleteAsync(item, [new(author.Username, update,
            [.. await outbox.FollowerInboxesAsync(author.Username, ct), .. await AlsoToAsync(post, hubFollowers: true, ct)])], ct);
        LogSent(ActivityTypes.Update, post.Id);
    }

    public async Task DeletedAsync(WorkItem item, CancellationToken ct)
    {
        var deleted = WorkPayload.Read<PostDeleted>(item);
        if (await posts.FindAsync(deleted.PostId, ct) is not { } post || await documents.ContextAsync(post, ct) is not { } context
            || await documents.AuthorAsync(post, ct) is not { } author)
        {
            return;
        }

        // Its text is gone, and whom it named with it; the work item carries them, so their servers drop their copies too.
        var named = deleted.MentionedActors ?? [];
        var (to, cc) = PostDocuments.Addressing(post.Visibility, ApUrls.Followers(author.ActorId), context.Parent?.AuthorId, named);
        var tombstone = PostDocuments.Tombstone(PostUrls.Page(locals.Origin, post), post.Kind, post.DeletedAt);
        var delete = Activities.Delete(outbox.ActivityIdFor(item), author.ActorId, tombstone, Strings(to), Strings(cc));

        // Its content is gone: the authors it credited come from the links kept with the work item.
        var actors = new HashSet<string>(StringComparer.Ordinal);
        await AddAnsweredAuthorAsync(post, actors, ct);
        foreach (var link in deleted.CreditedLinks)
        {
            if (await documents.FindAsync(link, ct) is { RemoteAuthor: { } credited })
            {
                actors.Add(credited);
            }
        }

        await AddCreditingAuthorsAsync(post, actors, ct);
        var inboxes = new List<string>(await outbox.FollowerInboxesAsync(author.Username, ct));
        inboxes.AddRange(await InboxesOfAsync(actors, ct));
        inboxes.AddRange(await mentions.InboxesAsync(named, ct));
        if (IsBoosted(post))
        {
            inboxes.AddRange(await outbox.FollowerInboxesAsync(locals.HubUsername, ct));
        }

        await outbox.CompleteAsync(item, [new(author.Username, delete, inboxes)], ct);
        LogSent(ActivityTypes.Delete, post.Id);
    }

    public async Task ReactedAsync(WorkItem item, CancellationToken ct)
    {
        var reacted = WorkPayload.Read<ReactionEvent>(item);
        if (!Guid.TryParse(reacted.Actor, out var memberId) || await members.FindAsync(memberId, ct) is not { } member
            || await posts.FindAsync(reacted.PostId, ct) is not { } post)
        {
            return;
        }

        var actorId = ApUrls.Actor(locals.Origin, member.Username);
        var authorId = await documents.AuthorIdAsync(post, ct);
        var authorInbox = post.RemoteAuthor is { } remote && await remoteActors.GetAsync(remote, refresh: false, ct) is ({ } actor, _)
            ? actor.DeliveryInbox
            : null;
        var objectId = PostUrls.ApId(locals.Origin, post);
        var id = ReactionActivityId(reacted);
        JsonObject activity;
        if (reacted.Kind == ReactionKind.Like)
        {
            if (authorInbox is null || authorId is null)
            {
                return;   // a like of a post here is counted here; no one else needs to know
            }

            activity = Activities.Like(id, actorId, objectId, [authorId]);
        }
        else
        {
            var author = authorId ?? actorId;
            activity = Activities.Announce(id, actorId, objectId, reacted.CreatedAt, [ActivityStreams.Public],
                author == actorId ? [ApUrls.Followers(actorId)] : [ApUrls.Followers(actorId), author]);
        }

        if (!reacted.Added)
        {
            activity = Activities.Undo(outbox.ActivityIdFor(item), actorId, activity);
        }

        var inboxes = new List<string>();
        if (authorInbox is not null)
        {
            inboxes.Add(authorInbox);
        }

        if (reacted.Kind == ReactionKind.Share)
        {
            inboxes.AddRange(await outbox.FollowerInboxesAsync(member.Username, ct));
        }

        await outbox.CompleteAsync(item, [new(member.Username, activity, inboxes)], ct);
        LogSent(reacted.Added ? (string)activity[AsProperties.Type]! : ActivityTypes.Undo, post.Id);
    }

    /// <summary>Looks up what a lesson links to (over the network, here in the worker), so its chain shows with titles.</summary>
    public async Task ResolveLinksAsync(WorkItem item, CancellationToken ct)
    {
        var payload = WorkPayload.Read<PostEvent>(item);
        if (await posts.FindAsync(payload.PostId, ct) is { IsDeleted: false } post)
        {
            // A received lesson's links spend what is left of its activity's budget; a member's own lesson gets a whole one.
            using var budget = Http.FetchBudget.Begin(payload.FetchesLeft ?? Http.FetchBudget.PerActivity);
            await resolver.ResolveLinksAsync(post, ct);
        }
    }

    private async Task<Post?> PublishedPostAsync(Guid id, CancellationToken ct) =>
        await posts.FindAsync(id, ct) is { IsDeleted: false, Draft: false, IsLocal: true } post ? post : null;

    private async Task<bool> AuthorLimitedAsync(Post post, CancellationToken ct) =>
        post.AuthorId is { } authorId && await members.FindAsync(authorId, ct) is { LimitedAt: not null };

    /// <summary>Public stories and lessons by members: the hub's followers see their locality's stories.</summary>
    private static bool IsBoosted(Post post) => post.Kind is PostKind.Story or PostKind.Lesson && post.Visibility == Visibility.Public;

    /// <summary>
    /// Inboxes beyond the author's followers: the author a reply answers, the authors a lesson credits, and (for
    /// updates of boosted posts) the hub's followers, who got the post through the hub.
    /// </summary>
    private async Task<List<string>> AlsoToAsync(Post post, bool hubFollowers, CancellationToken ct)
    {
        var actors = new HashSet<string>(StringComparer.Ordinal);
        await AddAnsweredAuthorAsync(post, actors, ct);
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

        if (hubFollowers)
        {
            await AddCreditingAuthorsAsync(post, actors, ct);
        }

        var inboxes = await InboxesOfAsync(actors, ct);
        // The people its text names, followers-only posts too (as Mastodon): the Mention tag alone delivers nothing.
        inboxes.AddRange(await mentions.InboxesAsync(Mentions.Current(post.Mentioned, Mentions.TextsOf(post)), ct));
        if (hubFollowers && IsBoosted(post))
        {
            inboxes.AddRange(await outbox.FollowerInboxesAsync(locals.HubUsername, ct));
        }

        return inboxes;
    }

    private async Task AddAnsweredAuthorAsync(Post post, HashSet<string> actors, CancellationToken ct)
    {
        if (post.ParentId is { } parentId && await posts.FindAsync(parentId, ct) is { RemoteAuthor: { } parentAuthor })
        {
            actors.Add(parentAuthor);
        }
    }

    /// <summary>Edits and deletions also reach the servers of those who credit the post: their copies are part of a chain.</summary>
    private async Task AddCreditingAuthorsAsync(Post post, HashSet<string> actors, CancellationToken ct)
    {
        if (post.Kind is PostKind.Story or PostKind.Lesson)
        {
            var crediting = post.Kind == PostKind.Story ? await resolver.LearnedFromAsync(post, ct) : await resolver.AdaptationsAsync(post, ct);
            actors.UnionWith(crediting.Select(p => p.RemoteAuthor).OfType<string>());
        }
    }

    private async Task<List<string>> InboxesOfAsync(IEnumerable<string> actorIds, CancellationToken ct)
    {
        var inboxes = new List<string>();
        foreach (var actorId in actorIds)
        {
            if (await remoteActors.GetAsync(actorId, refresh: false, ct) is ({ } actor, _))
            {
                inboxes.Add(actor.DeliveryInbox);
            }
        }

        return inboxes;
    }

    private static IEnumerable<string> Strings(JsonArray array) => array.Select(n => (string)n!);

    /// <summary>
    /// The id of a member's Like or Announce, derived from the reaction itself: the Undo sent when it is taken back
    /// names the same id without storing it, and a new like later (another time) gets a new one.
    /// </summary>
    /// (Made as nodes made it before derived ids had a version: Likes sent then are still taken back by their id.)
    private string ReactionActivityId(ReactionEvent reaction)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{reaction.Kind}|{reaction.Actor}|{reaction.PostId:D}|{reaction.CreatedAt.UtcTicks}"));
        return ApUrls.Activity(locals.Origin, new Guid(hash.AsSpan(0, 16)));
    }

    [LoggerMessage(5801, LogLevel.Debug, "Sent {Type} for post {PostId}")]
    private partial void LogSent(string type, Guid postId);
}
