using Microsoft.Net.Http.Headers;
using OurSociety.Content;
using OurSociety.Core.Media;

namespace OurSociety.Web.Content;

/// <summary>Serves stored pictures at <c>/media/{id}</c>, uploads and cached remote ones alike.</summary>
internal static class MediaFileEndpoints
{
    public static RouteGroupBuilder MapMediaFileEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("").ExcludeFromDescription();
        group.MapGet(MediaFiles.UrlPrefix + "{id:guid}", ServeAsync);
        return group;
    }

    internal static async Task<IResult> ServeAsync(Guid id, IMediaStore store, MediaFiles files, HttpContext http, CancellationToken ct)
    {
        if (await store.FindAsync(id, ct) is not { } item || files.Find(id, item.MediaType) is not { } file)
        {
            return Results.NotFound();
        }

        // An id is never given to other bytes, so browsers and proxies may keep a copy for a year without asking.
        http.Response.Headers.CacheControl = "public, max-age=31536000, immutable";
        http.Response.Headers.XContentTypeOptions = "nosniff";
        return Results.File(file.FullName, item.MediaType, lastModified: item.CreatedAt,
            entityTag: new EntityTagHeaderValue($"\"{id:N}\""));
    }
}
