using OurSociety.Core.Federation;
using OurSociety.Core.Members;

namespace OurSociety.Core.Posts;

/// <summary>
/// Who may read a post: drafts only their author; public and unlisted posts anyone; followers-only posts their author
/// or, when received from elsewhere, members who follow its author (an accepted follow); and a received post that
/// mentions a member here, that member. A reply held by its thread's reply policy only its author and the root's
/// author; a declined one no one. A suspended member's posts are gone to all but moderators and admins.
/// </summary>
public sealed class PostAccess(IPostStore posts, IFollowStore follows, IMemberStore members)
{
    /// <summary>The post, or NotFound (also when the viewer may not see it, or it is of another kind), or Gone.</summary>
    public async Task<Outcome<Post>> ReadAsync(Guid id, PostKind? kind, Guid? viewer, CancellationToken ct)
    {
        var post = await posts.FindAsync(id, ct);
        if (post is null || (kind is not null && post.Kind != kind) || !await CanSeeAsync(post, viewer, ct))
        {
            return new Outcome<Post>.NotFound();
        }

        if (post.IsDeleted)
        {
            return new Outcome<Post>.Gone(PostService.GoneMessage(post));
        }

        // A suspended member's posts answer as gone (410, as Mastodon does) to everyone but the moderators, who must
        // still read what they act on. Read at view time, so unsuspending (which clears the column) shows them again.
        return await HiddenBySuspensionAsync(post, viewer, ct)
            ? new Outcome<Post>.Gone(SuspendedMessage)
            : new Outcome<Post>.Ok(post);
    }

    public static string SuspendedMessage => CoreText.Get("Account.SuspendedHidden");

    /// <summary>Whether the post's author, a member here, is suspended and the viewer is not a moderator or admin.</summary>
    public async Task<bool> HiddenBySuspensionAsync(Post post, Guid? viewer, CancellationToken ct) =>
        post.AuthorId is { } author && await members.FindAsync(author, ct) is { IsSuspended: true }
        && !(viewer is { } id && PostService.MayModerate(await members.FindAsync(id, ct)));

    public async Task<bool> CanSeeAsync(Post post, Guid? viewer, CancellationToken ct)
    {
        // A declined reply shows to no one; a held one only to its author and the author of the post it waits on.
        if (post.ReplyState == ReplyState.Declined)
        {
            return false;
        }

        if (post.ReplyState == ReplyState.Pending
            && (viewer is null || (post.AuthorId != viewer && (post.RootId is not { } rootId || (await posts.FindAsync(rootId, ct))?.AuthorId != viewer))))
        {
            return false;
        }

        if (viewer is not null && post.AuthorId == viewer)
        {
            return true;
        }

        if (post.Draft)
        {
            return false;
        }

        return post.Visibility switch
        {
            Visibility.Public or Visibility.Unlisted => true,
            Visibility.Followers => viewer is { } id && post.RemoteAuthor is { } author && (await FollowsAsync(id, author, ct) || await NamedAsync(post, id, ct)),
            _ => viewer is { } id && post.RemoteAuthor is not null && await NamedAsync(post, id, ct),
        };
    }

    /// <summary>
    /// A received post that mentions the viewer (a member here) was addressed to them too, as Mastodon does: a
    /// followers-only or direct post that names them is theirs to read.
    /// </summary>
    private async Task<bool> NamedAsync(Post post, Guid viewer, CancellationToken ct) =>
        post.Mentioned.Count > 0 && await members.FindAsync(viewer, ct) is { } member
        && post.Mentioned.Any(m => m.IsFound && string.Equals(m.User, member.Username, StringComparison.OrdinalIgnoreCase));

    private async Task<bool> FollowsAsync(Guid viewer, string remoteAuthor, CancellationToken ct) =>
        await members.FindAsync(viewer, ct) is { } member
        && await follows.FindAsync(member.Username, remoteAuthor, FollowDirection.Out, ct) is { State: FollowState.Accepted };
}
