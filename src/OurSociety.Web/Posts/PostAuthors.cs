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
/// The hub a received post came through (its FEP-1b12 <c>audience</c>), with its name and locality as its Group actor
/// last said them; both null while that Group is not known here (it is never fetched while a page waits, but the post's
/// arrival queued a <c>post.hub-actor</c> item that fetches it).
/// </summary>
public sealed record PostHub(string ActorId, string? Name, string? Locality);

/// <summary>
/// Finds the authors of posts (members here, actors elsewhere). One instance per request: a page of twenty posts by
/// three people asks the database three times, not twenty.
/// </summary>
internal sealed class PostAuthors(IMemberStore members, IRemoteActorStore remoteActors, LocalActors locals, Core.Hubs.HubIdentity hubIdentity)
{
    private readonly ConcurrentDictionary<string, PostAuthor> _known = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, PostHub> _hubs = new(StringComparer.Ordinal);

    /// <summary>
    /// The hub the post came through: only its <c>audience</c> counts (a Group that merely shared a post is a share,
    /// not its hub), so our own posts and received ones that name no audience have none.
    /// </summary>
    public async Task<PostHub?> HubAsync(Post post, CancellationToken ct)
    {
        if (post.Hub is not { Length: > 0 } hubId)
        {
            return null;
        }

        if (_hubs.TryGetValue(hubId, out var known))
        {
            return known;
        }

        PostHub hub;
        if (string.Equals(hubId, locals.Hub.Id, StringComparison.Ordinal))
        {
            // A post from elsewhere sent to our own hub: ours is not a remote actor.
            var profile = hubIdentity.Current;
            hub = new PostHub(hubId, profile.Name, string.IsNullOrWhiteSpace(profile.Locality) ? null : profile.Locality);
        }
        else
        {
            // Only a Group is a hub: an audience naming a person known here (an author we follow) is not shown as one.
            var actor = await remoteActors.FindAsync(hubId, ct) is { Type: "Group" } group ? group : null;
            hub = new PostHub(hubId, actor is null ? null : actor.Name ?? actor.Username, actor?.Locality);
        }

        return _hubs[hubId] = hub;
    }

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
