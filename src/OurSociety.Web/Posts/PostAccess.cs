using OurSociety.Core;
using OurSociety.Core.Federation;
using OurSociety.Core.Members;
using OurSociety.Core.Posts;

namespace OurSociety.Web.Posts;

/// <summary>Reads posts as a given person may see them (followers-only ones need a follow of their author).</summary>
internal sealed class PostAccess(PostService service, IFollowStore follows, IMemberStore members)
{
    /// <summary>The post, or NotFound (also when the viewer may not see it, or it is of another kind), or Gone.</summary>
    public async Task<Outcome<Post>> ReadAsync(Guid id, PostKind? kind, Guid? viewer, CancellationToken ct)
    {
        var outcome = await service.ReadAsync(id, viewer, post => FollowsAsync(viewer, post, ct), ct);
        return outcome is Outcome<Post>.Ok(var post) && kind is not null && post.Kind != kind ? new Outcome<Post>.NotFound() : outcome;
    }

    public async Task<bool> CanSeeAsync(Post post, Guid? viewer, CancellationToken ct) =>
        await PostService.CanSeeAsync(post, viewer, p => FollowsAsync(viewer, p, ct));

    private async Task<bool> FollowsAsync(Guid? viewer, Post post, CancellationToken ct) =>
        viewer is { } id && post.RemoteAuthor is { } author && await members.FindAsync(id, ct) is { } member
        && await follows.FindAsync(member.Username, author, FollowDirection.Out, ct) is { State: FollowState.Accepted };
}
