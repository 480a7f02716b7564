using System.Collections.Concurrent;
using OurSociety.Core.Federation;
using OurSociety.Core.Members;
using OurSociety.Core.Posts;
using OurSociety.Federation;
using OurSociety.Federation.Actors;

namespace OurSociety.Web.Posts;

/// <summary>Who wrote a post, as pages, feeds and the API show it.</summary>
internal sealed record PostAuthor(string Username, string DisplayName, string ActorId, string Url, string Handle, string? IconUrl, bool IsLocal);

/// <summary>
/// Finds the authors of posts (members here, actors elsewhere). One instance per request: a page of twenty posts by
/// three people asks the database three times, not twenty.
/// </summary>
internal sealed class PostAuthors(IMemberStore members, IRemoteActorStore remoteActors, LocalActors locals)
{
    private readonly ConcurrentDictionary<string, PostAuthor> _known = new(StringComparer.Ordinal);

    public async Task<PostAuthor> OfAsync(Post post, CancellationToken ct) =>
        post.AuthorId is { } memberId ? await MemberAsync(memberId, ct) : await RemoteAsync(post.RemoteAuthor ?? "", ct);

    /// <summary>A reacting or notifying actor: a member id (local) or an actor IRI.</summary>
    public async Task<PostAuthor> ActorAsync(string actor, bool isLocal, CancellationToken ct) =>
        isLocal && Guid.TryParse(actor, out var memberId) ? await MemberAsync(memberId, ct) : await RemoteAsync(actor, ct);

    public async Task<PostAuthor> MemberAsync(Guid memberId, CancellationToken ct)
    {
        var key = memberId.ToString("D");
        if (_known.TryGetValue(key, out var known))
        {
            return known;
        }

        var member = await members.FindAsync(memberId, ct);
        var author = member is null
            ? new PostAuthor("deleted", "A former member", "", locals.Origin + "/", "", null, true)
            : FromLocal(locals.FromMember(member));
        return _known[key] = author;
    }

    public async Task<PostAuthor> RemoteAsync(string actorId, CancellationToken ct)
    {
        if (_known.TryGetValue(actorId, out var known))
        {
            return known;
        }

        var actor = await remoteActors.FindAsync(actorId, ct);
        var host = Uri.TryCreate(actorId, UriKind.Absolute, out var uri) ? uri.Authority : actorId;
        var author = actor is null
            ? new PostAuthor(host, host, actorId, actorId, actorId, null, false)
            : new PostAuthor(
                actor.Username ?? host,
                string.IsNullOrWhiteSpace(actor.Name) ? actor.Username ?? host : actor.Name,
                actor.Id,
                actor.Url ?? actor.Id,
                actor.Handle,
                actor.IconUrl,
                false);
        return _known[actorId] = author;
    }

    private static PostAuthor FromLocal(LocalActor actor) =>
        new(actor.Username, actor.DisplayName, actor.Id, actor.ProfileUrl, "@" + actor.Username, actor.IconUrl, true);
}
