using OurSociety.Core.Federation;
using OurSociety.Core.Members;
using OurSociety.Core.Posts;
using OurSociety.Federation;
using OurSociety.Federation.Inbox;
using OurSociety.Federation.Posts;

namespace OurSociety.Web.Features.Federation;

/// <summary>
/// Serves a post as an ActivityPub object at its page address when a server asks for JSON (content negotiation), a
/// Tombstone with 410 when it was deleted. Public and unlisted posts go to anyone (signed, in authorized-fetch mode);
/// followers-only ones only to a signed fetch by an accepted follower of the author (INTEROP §7.10); drafts, received
/// posts and direct replies to no one.
/// </summary>
internal sealed class PostObjects(
    IPostStore posts, LocalPostDocuments documents, SignedFetch signedFetch, InboundSignatures signatures, IFollowStore follows, NodeIdentity node,
    IMemberStore members)
{
    public async Task<IResult> ServeAsync(HttpContext http, PostKind kind, Guid id, CancellationToken ct)
    {
        var post = await posts.FindAsync(id, ct);
        // A reply held by (or declined under) its thread's reply policy goes nowhere until approved.
        if (post is null || post.Kind != kind || !post.IsLocal || post.Draft || post.ReplyState != ReplyState.Shown)
        {
            return ApResults.Refuse(StatusCodes.Status404NotFound, "no such object");
        }

        if (post.IsDeleted)
        {
            return ApResults.Json(http, PostDocuments.Tombstone(PostUrls.Page(documents.Origin, post), post.Kind, post.DeletedAt), StatusCodes.Status410Gone);
        }

        // A suspended member's posts are 410 Gone, as Mastodon answers, but with no Tombstone: a Tombstone tells other
        // hubs to delete their copy, and unsuspending must be able to bring the post back.
        if (await AuthorSuspendedAsync(post, ct))
        {
            return ApResults.Refuse(StatusCodes.Status410Gone, "account suspended");
        }

        if (await signedFetch.CheckAsync(http.Request, ct) is { } refused)
        {
            return ApResults.Refuse(StatusCodes.Status401Unauthorized, refused);
        }

        if (post.Visibility == Visibility.Followers && !await IsFollowerFetchAsync(http, post, ct))
        {
            return ApResults.Refuse(StatusCodes.Status404NotFound, "no such object");
        }

        if (post.Visibility is not (Visibility.Public or Visibility.Unlisted or Visibility.Followers)
            || await documents.ObjectAsync(post, ct) is not { } document)
        {
            return ApResults.Refuse(StatusCodes.Status404NotFound, "no such object");
        }

        return ApResults.Json(http, document, cacheControl: post.Visibility == Visibility.Followers ? "private, no-store" : "max-age=180, public");
    }

    private async Task<bool> AuthorSuspendedAsync(Post post, CancellationToken ct) =>
        post.AuthorId is { } author && await members.FindAsync(author, ct) is { IsSuspended: true };

    /// <summary>
    /// A post's <c>likes</c> or <c>shares</c> collection (counts only, as Mastodon), to whoever may fetch the post
    /// itself: the same checks as <see cref="ServeAsync"/>; a deleted post's collections are gone with it (404).
    /// </summary>
    public async Task<IResult> ServeCountsAsync(HttpContext http, PostKind kind, Guid id, bool likes, CancellationToken ct)
    {
        var post = await posts.FindAsync(id, ct);
        if (post is null || post.Kind != kind || !post.IsLocal || post.Draft || post.IsDeleted
            || post.Visibility is not (Visibility.Public or Visibility.Unlisted or Visibility.Followers)
            || await AuthorSuspendedAsync(post, ct))
        {
            return ApResults.Refuse(StatusCodes.Status404NotFound, "no such collection");
        }

        if (await signedFetch.CheckAsync(http.Request, ct) is { } refused)
        {
            return ApResults.Refuse(StatusCodes.Status401Unauthorized, refused);
        }

        if (post.Visibility == Visibility.Followers && !await IsFollowerFetchAsync(http, post, ct))
        {
            return ApResults.Refuse(StatusCodes.Status404NotFound, "no such collection");
        }

        var objectId = PostUrls.Page(documents.Origin, post);
        var document = likes
            ? PostDocuments.CountedDocument(PostDocuments.LikesId(objectId), post.LikeCount)
            : PostDocuments.CountedDocument(PostDocuments.SharesId(objectId), post.ShareCount);
        return ApResults.Json(http, document, cacheControl: post.Visibility == Visibility.Followers ? "private, no-store" : "max-age=180, public");
    }

    /// <summary>A signed request whose signer is an accepted follower of the post's author.</summary>
    private async Task<bool> IsFollowerFetchAsync(HttpContext http, Post post, CancellationToken ct)
    {
        if (signatures.Parse(IncomingRequests.Describe(http.Request, node.Origin, ReadOnlyMemory<byte>.Empty)).Signature is not { } signature
            || (await signatures.VerifyAsync(signature, ct)).Key is not { } key
            || await documents.AuthorAsync(post, ct) is not { } author)
        {
            return false;
        }

        var follow = await follows.FindAsync(author.Username, key.Actor.Id, FollowDirection.In, ct);
        return follow is { State: FollowState.Accepted };
    }
}
