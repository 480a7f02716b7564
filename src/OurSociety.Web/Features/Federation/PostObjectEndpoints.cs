using OurSociety.Core.Posts;
using OurSociety.Federation.Posts;

namespace OurSociety.Web.Features.Federation;

/// <summary>
/// Our JSON-LD context at <c>/ns</c>. (Post objects share their pages' addresses: the page endpoints hand requests
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
        return app;
    }
}
