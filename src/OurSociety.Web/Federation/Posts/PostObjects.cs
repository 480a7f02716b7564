using OurSociety.Core.Federation;
using OurSociety.Core.Posts;
using OurSociety.Web.Features.Federation;

namespace OurSociety.Web.Federation.Posts;

/// <summary>
/// Serves a post as an ActivityPub object at its page address when a server asks for JSON (content negotiation), a
/// Tombstone with 410 when it was deleted. Public and unlisted posts go to anyone (signed, in authorized-fetch mode);
/// followers-only ones only to a signed fetch by an accepted follower of the author (INTEROP §7.10); drafts, received
/// posts and direct replies to no one.
/// </summary>
internal static class PostObjects
{
    public static async Task<IResult> ServeAsync(HttpContext http, PostKind kind, Guid id, CancellationToken ct)
    {
        var services = http.RequestServices;
        var post = await services.GetRequiredService<IPostStore>().FindAsync(id, ct);
        if (post is null || post.Kind != kind || !post.IsLocal || post.Draft)
        {
            return ApResults.Refuse(StatusCodes.Status404NotFound, "no such object");
        }

        var documents = services.GetRequiredService<LocalPostDocuments>();
        if (post.IsDeleted)
        {
            return ApResults.Json(http, PostDocuments.Tombstone(Web.Posts.PostUrls.Page(documents.Origin, post), post.Kind, post.DeletedAt), StatusCodes.Status410Gone);
        }

        if (await services.GetRequiredService<SignedFetch>().CheckAsync(http.Request, ct) is { } refused)
        {
            return ApResults.Refuse(StatusCodes.Status401Unauthorized, refused);
        }

        if (post.Visibility == Visibility.Followers && !await IsFollowerFetchAsync(http, post, documents, ct))
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

    /// <summary>A signed request whose signer is an accepted follower of the post's author.</summary>
    private static async Task<bool> IsFollowerFetchAsync(HttpContext http, Post post, LocalPostDocuments documents, CancellationToken ct)
    {
        var signatures = http.RequestServices.GetRequiredService<InboundSignatures>();
        if (signatures.Parse(signatures.Describe(http.Request, ReadOnlyMemory<byte>.Empty)).Signature is not { } signature
            || (await signatures.VerifyAsync(signature, ct)).Key is not { } key
            || await documents.AuthorAsync(post, ct) is not { } author)
        {
            return false;
        }

        var follow = await http.RequestServices.GetRequiredService<IFollowStore>().FindAsync(author.Username, key.Actor.Id, FollowDirection.In, ct);
        return follow is { State: FollowState.Accepted };
    }
}
