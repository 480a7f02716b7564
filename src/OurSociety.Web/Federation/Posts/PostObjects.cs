using OurSociety.Core.Posts;

namespace OurSociety.Web.Federation.Posts;

/// <summary>
/// Serves a post as an ActivityPub object at its page address when a server asks for JSON (content negotiation), a
/// Tombstone with 410 when it was deleted. The page endpoints call this first.
/// </summary>
internal static class PostObjects
{
    // SEAM: the federation lane replaces this body with the real object document.
    public static Task<IResult> ServeAsync(HttpContext http, PostKind kind, Guid id, CancellationToken ct) =>
        Task.FromResult(ApResults.Refuse(StatusCodes.Status404NotFound, "not yet"));
}
