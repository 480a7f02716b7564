using OurSociety.ActivityPub.Discovery;
using OurSociety.ActivityPub.Json;
using OurSociety.Core.Posts;
using OurSociety.Core.Work;
using OurSociety.Federation.Actors;


namespace OurSociety.Federation.Posts;

/// <summary>A link of a lesson's provenance: the URL as written, and the post behind it when it could be had.</summary>
public sealed record ProvenanceLink(string Url, Post? Post);

/// <summary>
/// Where a lesson comes from and where it went: the stories it was learned from, the chain of lessons it adapts
/// (nearest first), and the lessons adapted from it, here or received.
/// </summary>
public sealed record Provenance(IReadOnlyList<ProvenanceLink> Sources, IReadOnlyList<ProvenanceLink> AdaptedFrom, IReadOnlyList<Post> Adaptations);

/// <summary>
/// Finds the post behind a URL — ours (<see cref="PostUrls.TryParseLocal"/>), a stored copy (by ActivityPub id or page),
/// or else fetched from its own server (signed and guarded, origin checked) and stored — so that every node can show a
/// lesson's chain of attribution with titles, wherever its links lead.
/// </summary>
public sealed partial class PostResolver(
    LocalPostDocuments documents,
    IPostStore posts,
    IDocumentFetcher fetcher,
    RemoteActors remoteActors,
    ReceivedPosts received,
    PostHubActors hubActors,
    UnitOfWork unit,
    ILogger<PostResolver> logger)
{
    /// <summary>How far links are followed from one post: lessons adapted from lessons adapted from…</summary>
    public const int MaxDepth = 4;

    /// <summary>The post at <paramref name="url"/>, fetched and stored when not known yet; null when it cannot be had.</summary>
    public Task<Post?> ResolveAsync(string url, CancellationToken ct) => ResolveAsync(url, MaxDepth, ct);

    /// <summary>A lesson's sources, its chain of adapted lessons and its adaptations (see <see cref="Provenance"/>).</summary>
    public async Task<Provenance> ProvenanceAsync(Post post, CancellationToken ct)
    {
        var sources = new List<ProvenanceLink>();
        foreach (var url in post.Sources)
        {
            sources.Add(new ProvenanceLink(url, Visible(await ResolveAsync(url, ct))));
        }

        var chain = new List<ProvenanceLink>();
        var seen = new HashSet<Guid> { post.Id };
        var next = post.AdaptedFrom;
        while (next is not null && chain.Count < MaxDepth)
        {
            var found = Visible(await ResolveAsync(next, ct));
            chain.Add(new ProvenanceLink(next, found));
            if (found is null || !seen.Add(found.Id))
            {
                break;
            }

            next = found.AdaptedFrom;
        }

        return new Provenance(sources, chain, await AdaptationsAsync(post, ct));
    }

    /// <summary>Lessons adapted from <paramref name="post"/>, found by its ActivityPub id, its page here and its original page.</summary>
    public async Task<IReadOnlyList<Post>> AdaptationsAsync(Post post, CancellationToken ct)
    {
        return await posts.AdaptationsAsync(UrlsOf(post), ct);
    }

    /// <summary>Every address a post is known by: its ActivityPub id, its page here, its page on its own server.</summary>
    public HashSet<string> UrlsOf(Post post)
    {
        var urls = new HashSet<string>(StringComparer.Ordinal) { PostUrls.ApId(documents.Origin, post), PostUrls.Page(documents.Origin, post) };
        if (post.Url is { } original)
        {
            urls.Add(original);
        }

        return urls;
    }

    /// <summary>Lessons learned from <paramref name="post"/> (a story), found by its ActivityPub id and pages.</summary>
    public async Task<IReadOnlyList<Post>> LearnedFromAsync(Post post, CancellationToken ct) => await posts.DerivedFromAsync(UrlsOf(post), ct);

    /// <summary>Fetches and stores what a lesson links to (sources, adapted lesson), so its chain shows with titles.</summary>
    public async Task ResolveLinksAsync(Post lesson, CancellationToken ct) => await ResolveLinksAsync(lesson, MaxDepth, ct);

    /// <summary>Stores an object fetched from its origin (or already stored), e.g. one a followed hub boosted.</summary>
    public async Task<Post?> FetchAndStoreAsync(string id, CancellationToken ct) => await ResolveAsync(id, MaxDepth, ct);

    private static Post? Visible(Post? post) =>
        post is { Draft: false, IsDeleted: false, Visibility: Visibility.Public or Visibility.Unlisted } ? post : null;

    private async Task<Post?> ResolveAsync(string url, int depth, CancellationToken ct)
    {
        if (await documents.FindAsync(url, ct) is { } known)
        {
            return known;
        }

        if (depth <= 0 || !PostService.IsWebUrl(url) || PostUrls.TryParseLocal(documents.Origin, url, out _, out _))
        {
            return null;
        }

        var fetched = await fetcher.FetchAsync(new Uri(url), ct);
        if (fetched.Document is not { } obj || !ReceivedPosts.IsPostType(obj.Type) || obj.Id is not { } id
            || Needs.ProposalDocuments.IsProposal(obj))   // a need or offer is kept as one (ProposalInbox), never as a post
        {
            LogUnresolved(url, fetched.Error ?? "not a story, lesson or reply");
            return null;
        }

        if (await posts.FindByApIdAsync(id, ct) is { } stored)
        {
            return stored;   // a page URL that led to an object we had under its id
        }

        if (obj.GetReference("attributedTo") is not { } author || OriginRules.ObjectOriginError(obj, author) is not null)
        {
            LogUnresolved(url, "its author is not on its server");
            return null;
        }

        if (!obj.IsAddressedToPublic)
        {
            LogUnresolved(url, "it is not public");
            return null;
        }

        Post? parent = null;
        if (obj.GetReference("inReplyTo") is { } inReplyTo && (parent = await ResolveAsync(inReplyTo, depth - 1, ct)) is null)
        {
            LogUnresolved(url, "it answers something that cannot be had");
            return null;
        }

        // The author's profile, for the name pages show (and their key, for what they send later).
        await remoteActors.GetAsync(author, refresh: false, ct);
        var root = parent?.RootId is { } rootId ? await posts.FindAsync(rootId, ct) : null;
        var post = await received.ReadAsync(obj, author, parent, root, null, ct);
        var hub = await hubActors.WorkForAsync(post, ct);
        var added = false;
        await unit.CommitAsync(async tx =>
        {
            // Its pictures are copied and its hub got to know in the background; its own links are followed right here, below.
            added = await posts.AddAsync(post, tx, ct);
            return !added ? [] : ReceivedPosts.NeedsCopies(post) ? [PictureCopies.Item(post.Id), .. hub] : hub;
        }, ct);
        if (!added)
        {
            return await posts.FindByApIdAsync(id, ct);
        }

        LogStored(id);
        await ResolveLinksAsync(post, depth - 1, ct);
        return await posts.FindAsync(post.Id, ct);
    }

    private async Task ResolveLinksAsync(Post lesson, int depth, CancellationToken ct)
    {
        if (lesson.Kind != PostKind.Lesson || depth <= 0)
        {
            return;
        }

        foreach (var url in lesson.Sources.Append(lesson.AdaptedFrom).OfType<string>())
        {
            await ResolveAsync(url, depth, ct);
        }
    }

    [LoggerMessage(5701, LogLevel.Information, "Could not resolve {Url}: {Reason}")]
    private partial void LogUnresolved(string url, string reason);

    [LoggerMessage(5702, LogLevel.Debug, "Stored {ApId}, fetched from its origin")]
    private partial void LogStored(string apId);
}
