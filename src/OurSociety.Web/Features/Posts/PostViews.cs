using Microsoft.Extensions.Options;
using OurSociety.Content;
using OurSociety.Core.Media;
using OurSociety.Core.Members;
using OurSociety.Core.Posts;
using OurSociety.Core.Work;
using OurSociety.Federation;
using OurSociety.Federation.Media;
using OurSociety.Federation.Posts;
using OurSociety.Web.Hosting;
using OurSociety.Web.Pages;
using OurSociety.Web.Posts;

namespace OurSociety.Web.Features.Posts;

/// <summary>Who wrote a post, as its page names them: a member here or an account elsewhere, and a member's picture.</summary>
public sealed record AuthorLink(string DisplayName, string Handle, string Url, string? AvatarUrl)
{
    internal static AuthorLink From(PostAuthor author) =>
        new(author.DisplayName, author.Handle, author.Url, Pages.Shared.Avatar.LocalPath(author.IconUrl, author.IsLocal));
}

/// <summary>A picture as a page shows it: our copy (<see cref="Src"/>), or, when we have none, its words and the original's link.</summary>
public sealed record ShownImage(string? Src, string Alt, int Width, int Height, string? Original)
{
    /// <summary>Our copy with what its versions need (the ResponsivePicture component); null when there is none.</summary>
    public PictureRef? Picture { get; init; }

    /// <summary>A picture from our copy if there is one, else its words and a link (replies: no cache lookup per picture).</summary>
    public static ShownImage Of(PostImage image) => image.MediaId is { } id
        ? new(MediaFiles.Url(id), image.Alt, image.Width, image.Height, null) { Picture = PictureRef.Of(image) }
        : new(null, image.Alt, image.Width, image.Height, PostPages.SafeLink(image.RemoteUrl));

    /// <summary>From our copy of it.</summary>
    public static ShownImage Of(PictureRef picture) =>
        new(picture.Url, picture.Alt, picture.Width, picture.Height, null) { Picture = picture };
}

/// <summary>
/// A link to a story or lesson (a source, "adapted from", an adaptation): with its title and our page for it when it is
/// known here and the reader may see it, else just the link.
/// </summary>
public sealed record LinkedPost(string Url, string? Title, string? AuthorName, bool Deleted)
{
    /// <summary>Not known here yet, and being looked up where it lives (the page shows "looking this up…").</summary>
    public bool LookingUp { get; init; }

    /// <summary>Deleted by the hub's moderators (with <see cref="Deleted"/>), not by its author.</summary>
    public bool Removed { get; init; }

    public bool Known => Title is not null;
}

/// <summary>A reply in a thread, with the answers shown under it (none below the deepest indentation: those follow it).</summary>
public sealed record ShownReply(Post Reply, AuthorLink Author, bool Folded, bool CanHide, bool IsMine, IReadOnlyList<ShownReply> Answers)
{
    /// <summary>The viewer is a moderator or admin, who may remove it.</summary>
    public bool CanRemove { get; init; }

    /// <summary>It is held for approval and the viewer is the author of the story or lesson, who approves or declines it.</summary>
    public bool CanDecide { get; init; }
}

/// <summary>Everything a story or lesson page shows, worked out before rendering.</summary>
public sealed record PostView(
    Post Post,
    AuthorLink Author,
    string PageUrl,
    string ApId,
    string? OriginalUrl,
    string? OriginalServer,
    Licence? Licence,
    IReadOnlyList<ShownImage> Images,
    IReadOnlyList<LinkedPost> Sources,
    IReadOnlyList<LinkedPost> AdaptedFrom,
    IReadOnlyList<LinkedPost> Adaptations,
    IReadOnlyList<LinkedPost> LearnedFromThis,
    IReadOnlyList<ShownReply> Tried,
    IReadOnlyList<ShownReply> Replies,
    Guid? Viewer,
    bool Liked,
    bool Shared)
{
    public bool IsAuthor => Viewer is not null && Post.AuthorId == Viewer;

    public bool SignedIn => Viewer is not null;

    /// <summary>The viewer is a moderator or admin, who may remove it.</summary>
    public bool CanRemove { get; init; }
}

/// <summary>A reply's own page: the reply, what it answers, the story or lesson of its thread, and its answers.</summary>
public sealed record ReplyView(
    Post Reply,
    AuthorLink Author,
    string PageUrl,
    string ApId,
    string? OriginalUrl,
    LinkedPost? Parent,
    LinkedPost? Root,
    IReadOnlyList<ShownReply> Answers,
    Guid? Viewer,
    bool Liked)
{
    public bool IsAuthor => Viewer is not null && Reply.AuthorId == Viewer;

    /// <summary>The viewer is a moderator or admin, who may remove it.</summary>
    public bool CanRemove { get; init; }
}

/// <summary>
/// Builds the views of post pages: authors, pictures (only ever our own copies), provenance, adaptations and the reply
/// thread, each as the viewer may see it. One per request (it shares the request's <see cref="PostAuthors"/>).
/// </summary>
internal sealed class PostPages(
    IPostStore posts, PostAccess access, PostAuthors authors, IMediaStore media, LocalPostDocuments documents, PostResolver resolver, IWorkItemStore work, IOptions<NodeOptions> node,
    IMemberStore members,
    Core.Moderation.IMuteStore mutes)
{
    /// <summary>Indentation stops here: deeper answers follow their parent at this depth, so a long thread stays readable on a phone.</summary>
    public const int MaxDepth = 3;

    /// <summary>How far back an adaptation chain is followed on a page (federation resolves the same depth).</summary>
    public const int MaxChain = PostResolver.MaxDepth;

    public string Origin => node.Value.Origin;

    public async Task<PostView> ViewAsync(Post post, Guid? viewer, CancellationToken ct)
    {
        var pageUrl = PostUrls.Page(Origin, post);
        var apId = PostUrls.ApId(Origin, post);
        var original = post.IsLocal ? null : PostUrls.Original(Origin, post);
        var sources = new List<LinkedPost>();
        foreach (var source in post.Sources)
        {
            sources.Add(await ResolveLinkAsync(source, viewer, ct));
        }

        var chain = await AdaptationChainAsync(post, viewer, ct);
        if (post.Kind == PostKind.Lesson && sources.Concat(chain).Any(l => !l.Known && !l.Deleted)
            && await work.IsPendingAsync(PostWork.ResolveLinks, PostWork.Partition(post.Id), ct))
        {
            // Links are looked up in the background, never while a person waits for the page.
            sources = [.. sources.Select(l => l.Known || l.Deleted ? l : l with { LookingUp = true })];
            chain = [.. chain.Select(l => l.Known || l.Deleted ? l : l with { LookingUp = true })];
        }

        var adaptations = await VisibleAsync(await resolver.AdaptationsAsync(post, ct), viewer, ct);

        var moderator = await MayModerateAsync(viewer, ct);
        var (tried, others) = await ThreadAsync(post, viewer, moderator, ct);
        var actor = viewer?.ToString("D");
        return new PostView(
            post,
            AuthorLink.From(await authors.OfAsync(post, ct)),
            pageUrl,
            apId,
            original,
            Host(original),
            Licences.FindByUrlOrId(post.Licence),
            await ImagesAsync(post, ct),
            sources,
            chain,
            adaptations,
            post.Kind == PostKind.Story ? await VisibleAsync(await resolver.LearnedFromAsync(post, ct), viewer, ct) : [],
            tried,
            others,
            viewer,
            actor is not null && await posts.FindReactionAsync(post.Id, ReactionKind.Like, actor, ct) is not null,
            actor is not null && await posts.FindReactionAsync(post.Id, ReactionKind.Share, actor, ct) is not null)
        {
            CanRemove = moderator && !post.Draft,
        };
    }

    /// <summary>For moderators and admins: why and when a removed post was removed; null for anyone else.</summary>
    public async Task<PostRemoval?> RemovalForAsync(Guid id, Guid? viewer, CancellationToken ct) =>
        await MayModerateAsync(viewer, ct) && await posts.FindAsync(id, ct) is { Removal: { } removal } ? removal : null;

    /// <summary>Moderators and admins see "Remove" beside every post and reply (the service checks again when they use it).</summary>
    private async Task<bool> MayModerateAsync(Guid? viewer, CancellationToken ct) =>
        viewer is { } id && PostService.MayModerate(await members.FindAsync(id, ct));

    public async Task<ReplyView> ReplyViewAsync(Post reply, Guid? viewer, CancellationToken ct)
    {
        var parent = reply.ParentId is { } parentId && await posts.FindAsync(parentId, ct) is { } p ? p : null;
        var root = reply.RootId is { } rootId && await posts.FindAsync(rootId, ct) is { } r ? r : null;
        IReadOnlyList<ShownReply> answers = [];
        var moderator = await MayModerateAsync(viewer, ct);
        if (root is not null && await access.CanSeeAsync(root, viewer, ct))
        {
            var (tried, others) = await ThreadAsync(root, viewer, moderator, ct);
            answers = Find(tried.Concat(others), reply.Id)?.Answers ?? [];
        }

        var actor = viewer?.ToString("D");
        return new ReplyView(
            reply,
            AuthorLink.From(await authors.OfAsync(reply, ct)),
            PostUrls.Page(Origin, reply),
            PostUrls.ApId(Origin, reply),
            reply.IsLocal ? null : PostUrls.Original(Origin, reply),
            parent is null ? null : await VisibleLinkAsync(parent, viewer, ct),
            root is null || root.Id == parent?.Id ? null : await VisibleLinkAsync(root, viewer, ct),
            answers,
            viewer,
            actor is not null && await posts.FindReactionAsync(reply.Id, ReactionKind.Like, actor, ct) is not null)
        {
            CanRemove = moderator,
        };
    }

    /// <summary>
    /// The chain of attribution the licence asks for: the lesson this one adapts, the one that adapts, and so on (nearest
    /// first), as far as this node knows them. Federation stores each link's lesson when it arrives or is written.
    /// </summary>
    private async Task<List<LinkedPost>> AdaptationChainAsync(Post post, Guid? viewer, CancellationToken ct)
    {
        var chain = new List<LinkedPost>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var next = post.AdaptedFrom; next is { Length: > 0 } && chain.Count < MaxChain && seen.Add(next);)
        {
            var known = await FindAsync(next, ct);
            var link = await LinkToAsync(next, known, viewer, ct);
            chain.Add(link);
            next = link.Known ? known!.AdaptedFrom : null;
        }

        return chain;
    }

    private async Task<List<LinkedPost>> VisibleAsync(IEnumerable<Post> found, Guid? viewer, CancellationToken ct)
    {
        var shown = new List<LinkedPost>();
        foreach (var post in found)
        {
            if (!post.IsDeleted && await access.CanSeeAsync(post, viewer, ct))
            {
                shown.Add(await LinkAsync(post, ct));
            }
        }

        return shown;
    }

    /// <summary>
    /// What a provenance link (a source, "adapted from") points at, as far as this node knows it: one of our own
    /// addresses, or a received post by its ActivityPub id. The one place to ask; fetching unknown ones from their
    /// server can be added here without touching the pages.
    /// </summary>
    public async Task<LinkedPost> ResolveLinkAsync(string url, Guid? viewer, CancellationToken ct) =>
        await LinkToAsync(url, await FindAsync(url, ct), viewer, ct);

    /// <summary>The post at a link as this node knows it (ours, or a stored copy), without fetching anything.</summary>
    private async Task<Post?> FindAsync(string url, CancellationToken ct) =>
        url.Length <= PostLimits.UrlMax ? await documents.FindAsync(url, ct) : null;

    private async Task<LinkedPost> LinkToAsync(string url, Post? known, Guid? viewer, CancellationToken ct)
    {
        if (known is null)
        {
            return new LinkedPost(url, null, null, false);
        }

        var link = await VisibleLinkAsync(known, viewer, ct);
        return link.Known ? link : link with { Url = url };
    }

    /// <summary>A picture from our own copy; a received one we could not copy is shown as its words and a link, never fetched by the reader.</summary>
    private async Task<List<ShownImage>> ImagesAsync(Post post, CancellationToken ct)
    {
        var shown = new List<ShownImage>();
        foreach (var image in post.Images)
        {
            // A copy made after the post was stored (its work item not yet run) has its own type and size.
            var picture = PictureRef.Of(image)
                ?? (image.RemoteUrl is { Length: > 0 and <= RemoteMedia.MaxUrlLength } remote && await media.FindByRemoteUrlAsync(remote, ct) is { } cached
                    ? new PictureRef(cached.Id, cached.MediaType, cached.Width, cached.Height, image.Alt)
                    : null);
            shown.Add(picture is not null ? ShownImage.Of(picture) : new ShownImage(null, image.Alt, image.Width, image.Height, SafeLink(image.RemoteUrl)));
        }

        return shown;
    }

    private async Task<LinkedPost> VisibleLinkAsync(Post post, Guid? viewer, CancellationToken ct)
    {
        if (post.IsDeleted)
        {
            return new LinkedPost(PostUrls.Page(Origin, post), null, null, true) { Removed = post.IsRemoved };
        }

        return await access.CanSeeAsync(post, viewer, ct)
            ? await LinkAsync(post, ct)
            : new LinkedPost(PostUrls.ApId(Origin, post), null, null, false);
    }

    private async Task<LinkedPost> LinkAsync(Post post, CancellationToken ct) =>
        new(PostUrls.Page(Origin, post), TitleOf(post), (await authors.OfAsync(post, ct)).DisplayName, false);

    /// <summary>A reply has no title: the start of its text stands for it.</summary>
    private static string TitleOf(Post post) =>
        post.Title is { Length: > 0 } title ? title : PostHtml.Text(post, post.Body, 80) is { Length: > 0 } text ? text : "…";

    /// <summary>
    /// The thread under a story or lesson: "I tried this" reports apart, then the other replies, each nested under
    /// what it answers. Deleted replies stay as a marker when they have answers; hidden ones are folded for everyone
    /// but the people who may show them again and their own author.
    /// </summary>
    private async Task<(List<ShownReply> Tried, List<ShownReply> Others)> ThreadAsync(Post root, Guid? viewer, bool moderator, CancellationToken ct)
    {
        var all = await posts.RepliesAsync(root.Id, ct);
        // Replies by accounts the viewer muted or blocked are left out, and with them what answers them (issue 13).
        var hidden = viewer is { } looking ? await mutes.FilterOfAsync(looking, ct) : Core.Moderation.MemberFilter.None;
        var visible = new List<Post>();
        foreach (var reply in all)
        {
            if (!hidden.Hides(reply) && await access.CanSeeAsync(reply, viewer, ct))
            {
                visible.Add(reply);
            }
        }

        var byParent = visible.ToLookup(r => r.ParentId ?? root.Id);
        var authorOf = visible.ToDictionary(r => r.Id, r => r.AuthorId);
        var top = await BuildAsync(root.Id, 1);
        return (top.Where(r => r.Reply.TriedOutcome is not null).ToList(), top.Where(r => r.Reply.TriedOutcome is null).ToList());

        async Task<List<ShownReply>> BuildAsync(Guid parentId, int depth)
        {
            var list = new List<ShownReply>();
            foreach (var reply in byParent[parentId])
            {
                var answers = await BuildAsync(reply.Id, depth + 1);
                if (reply.IsDeleted && answers.Count == 0)
                {
                    continue;
                }

                // The root's author, or the author of the reply it answers, may hide it (as PostService allows).
                var canHide = viewer is not null && !reply.IsDeleted
                    && (root.AuthorId == viewer || (reply.ParentId is { } p && authorOf.TryGetValue(p, out var parentAuthor) && parentAuthor == viewer));
                var mine = viewer is not null && reply.AuthorId == viewer;
                var shown = new ShownReply(reply, AuthorLink.From(await authors.OfAsync(reply, ct)), reply.Hidden && !canHide && !mine, canHide, mine,
                    depth < MaxDepth ? answers : [])
                {
                    CanRemove = moderator && !reply.IsDeleted,
                    CanDecide = viewer is not null && root.AuthorId == viewer && reply.ReplyState == ReplyState.Pending && !reply.IsDeleted,
                };
                list.Add(shown);
                if (depth >= MaxDepth)
                {
                    list.AddRange(Flatten(answers));
                }
            }

            return list;
        }
    }

    private static IEnumerable<ShownReply> Flatten(IEnumerable<ShownReply> replies) =>
        replies.SelectMany(r => new[] { r with { Answers = [] } }.Concat(Flatten(r.Answers)));

    private static ShownReply? Find(IEnumerable<ShownReply> replies, Guid id)
    {
        foreach (var reply in replies)
        {
            if (reply.Reply.Id == id)
            {
                return reply;
            }

            if (Find(reply.Answers, id) is { } found)
            {
                return found;
            }
        }

        return null;
    }

    private static string? Host(string? url) => url is not null && Uri.TryCreate(url, UriKind.Absolute, out var uri) ? uri.Host : null;

    /// <summary>Only web links are offered as links; anything else a remote server sent is not.</summary>
    public static string? SafeLink(string? url) => url is not null && PostService.IsWebUrl(url) ? url : null;
}
