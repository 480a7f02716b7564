using System.Text.Json.Nodes;
using OurSociety.Core.Members;
using OurSociety.Core.Posts;
using OurSociety.Federation.Actors;


namespace OurSociety.Federation.Posts;

/// <summary>
/// Builds the object documents of posts written here with what they need from the database: the author's actor, the
/// post a reply answers (and its author, for the Mention), and the titles of a lesson's sources.
/// </summary>
public sealed class LocalPostDocuments(LocalActors locals, IMemberStore members, IPostStore posts, Core.Federation.IRemoteActorStore remoteActors)
{
    public string Origin => locals.Origin;

    /// <summary>The author's actor id and username, or null when the author is gone.</summary>
    public async Task<(string ActorId, string Username)?> AuthorAsync(Post post, CancellationToken ct) =>
        post.AuthorId is { } id && await members.FindAsync(id, ct) is { } member
            ? (ApUrls.Actor(locals.Origin, member.Username), member.Username)
            : null;

    /// <summary>The actor id of any post's author, here or elsewhere; null when unknown.</summary>
    public async Task<string?> AuthorIdAsync(Post post, CancellationToken ct) =>
        post.RemoteAuthor ?? (await AuthorAsync(post, ct))?.ActorId;

    public async Task<ObjectContext?> ContextAsync(Post post, CancellationToken ct)
    {
        if (await AuthorAsync(post, ct) is not { } author)
        {
            return null;
        }

        ParentRef? parent = null;
        if (post.ParentId is { } parentId && await posts.FindAsync(parentId, ct) is { } answered
            && await AuthorIdAsync(answered, ct) is { } parentAuthor)
        {
            var remote = answered.RemoteAuthor is null ? null : await remoteActors.FindAsync(parentAuthor, ct);
            var handle = remote?.Handle
                ?? (answered.AuthorId is not null && await AuthorAsync(answered, ct) is { } local
                    ? $"@{local.Username}@{new Uri(locals.Origin).Authority}"
                    : parentAuthor);
            parent = new ParentRef(PostUrls.ApId(locals.Origin, answered), parentAuthor, handle, remote?.Url ?? parentAuthor);
        }

        Dictionary<string, string>? titles = null;
        foreach (var url in post.Sources.Append(post.AdaptedFrom).OfType<string>())
        {
            if (await FindAsync(url, ct) is { Title: { Length: > 0 } title })
            {
                (titles ??= new(StringComparer.Ordinal))[url] = title;
            }
        }

        return new ObjectContext(locals.Origin, author.ActorId, locals.Hub.Id, parent, titles);
    }

    public async Task<JsonObject?> ObjectAsync(Post post, CancellationToken ct) =>
        await ContextAsync(post, ct) is { } context ? PostDocuments.Build(post, context) : null;

    /// <summary>A post here or a stored copy, by one of our addresses or its ActivityPub id or page URL.</summary>
    public async Task<Post?> FindAsync(string url, CancellationToken ct)
    {
        if (PostUrls.TryParseLocal(locals.Origin, url, out var kind, out var id))
        {
            return await posts.FindAsync(id, ct) is { } local && local.Kind == kind ? local : null;
        }

        return await posts.FindByApIdOrUrlAsync(url, ct);
    }
}
