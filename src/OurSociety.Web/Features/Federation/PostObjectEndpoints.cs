using OurSociety.Core.Posts;
using OurSociety.Web.Federation;
using OurSociety.Web.Federation.Posts;

namespace OurSociety.Web.Features.Federation;

/// <summary>
/// The ActivityPub side of post addresses (<c>/stories/{id}</c>, <c>/lessons/{id}</c>, <c>/replies/{id}</c>) and our
/// JSON-LD context at <c>/ns</c>. Post addresses are shared with their HTML pages: a request that asks for
/// ActivityStreams JSON is answered here, on its own branch, before page routing; everything else goes on to the pages.
/// </summary>
internal static class PostObjectEndpoints
{
    public const string ContextMediaType = "application/ld+json";

    public static IApplicationBuilder UsePostObjects(this IApplicationBuilder app) =>
        app.MapWhen(
            context => HttpMethods.IsGet(context.Request.Method) && ApResults.WantsActivityJson(context.Request) && TryParse(context.Request.Path, out _, out _),
            branch => branch.Run(async context =>
            {
                _ = TryParse(context.Request.Path, out var kind, out var id);
                var result = await PostObjects.ServeAsync(context, kind, id, context.RequestAborted);
                await result.ExecuteAsync(context);
            }));

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

    private static bool TryParse(PathString path, out PostKind kind, out Guid id)
    {
        kind = PostKind.Story;
        id = Guid.Empty;
        var parts = (path.Value ?? "").Trim('/').Split('/');
        if (parts.Length != 2 || !Guid.TryParse(parts[1], out id))
        {
            return false;
        }

        (var known, kind) = parts[0] switch
        {
            "stories" => (true, PostKind.Story),
            "lessons" => (true, PostKind.Lesson),
            "replies" => (true, PostKind.Reply),
            _ => (false, PostKind.Story),
        };
        return known;
    }
}
