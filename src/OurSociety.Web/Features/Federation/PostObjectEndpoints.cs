using OurSociety.Core.Posts;
using OurSociety.Federation;
using OurSociety.Federation.Posts;

namespace OurSociety.Web.Features.Federation;

/// <summary>
/// Our JSON-LD context at <c>/ns</c>, and each post's <c>likes</c> and <c>shares</c> collections. (Post objects share their pages' addresses: the page endpoints hand requests
/// for ActivityStreams JSON to <see cref="PostObjects"/>.)
/// </summary>
internal static class PostObjectEndpoints
{
    public const string ContextMediaType = "application/ld+json";

    public static IEndpointRouteBuilder MapPostObjectEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/ns", (HttpContext http) =>
        {
            http.Response.Headers.AccessControlAllowOrigin = "*";
            http.Response.Headers.CacheControl = "max-age=86400, public";
            return Results.Text(OurContext.Document().ToJsonString(), ContextMediaType, System.Text.Encoding.UTF8);
        }).ExcludeFromDescription();

        // The likes and shares collections named in every post's object (counts only): always ActivityStreams JSON,
        // like Mastodon's, whatever the Accept header, since no page lives at these addresses.
        foreach (var kind in new[] { PostKind.Story, PostKind.Lesson, PostKind.Reply })
        {
            foreach (var (path, likes) in new[] { ("likes", true), ("shares", false) })
            {
                app.MapGet($"/{PostUrls.Segment(kind)}/{{id:guid}}/{path}", (Guid id, HttpContext http, PostObjects objects, CancellationToken ct) =>
                    objects.ServeCountsAsync(http, kind, id, likes, ct)).ExcludeFromDescription();
            }
        }

        // The ReplyAuthorization named as the result of our Accept of a received reply (federation-specs/replies.md):
        // GoToSocial and others fetch it to check that a reply was allowed. Always ActivityStreams JSON.
        app.MapGet("/authorizations/replies/{id:guid}", async (Guid id, HttpContext http, SignedFetch signedFetch,
            OurSociety.Federation.Replies.ReplyApprovals approvals, CancellationToken ct) =>
        {
            if (await signedFetch.CheckAsync(http.Request, ct) is { } refused)
            {
                return ApResults.Refuse(StatusCodes.Status401Unauthorized, refused);
            }

            return await approvals.AuthorizationAsync(id, ct) is { } authorization
                ? ApResults.Json(http, authorization, cacheControl: "max-age=180, public")
                : ApResults.Refuse(StatusCodes.Status404NotFound, "no such authorization");
        }).ExcludeFromDescription();

        return app;
    }
}
