using System.Globalization;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Net.Http.Headers;
using OurSociety.Content;
using OurSociety.Core.Media;

namespace OurSociety.Web.Content;

/// <summary>
/// Serves stored pictures at <c>/media/{id}</c>, uploads and cached remote ones alike, and their versions at
/// <c>/media/{id}/{width}{ext}</c> (<see cref="PictureVersions"/>).
/// </summary>
internal static class MediaFileEndpoints
{
    /// <summary>An id is never given to other bytes, so browsers and proxies may keep a copy for a year without asking.</summary>
    public const string Immutable = "public, max-age=31536000, immutable";

    /// <summary>
    /// A version asked for before it is made (a picture stored before versions existed, whose work item has not run):
    /// the picture itself stands in, kept only briefly so the version is fetched once it exists.
    /// </summary>
    public const string StandIn = "public, max-age=300";

    public static RouteGroupBuilder MapMediaFileEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("").ExcludeFromDescription();
        group.MapGet(MediaFiles.UrlPrefix + "{id:guid}", ServeAsync);
        group.MapGet(MediaFiles.UrlPrefix + "{id:guid}/{file}", ServeVersionAsync);
        return group;
    }

    internal static async Task<IResult> ServeAsync(Guid id, IMediaStore store, MediaFiles files, HttpContext http, CancellationToken ct)
    {
        if (await store.FindAsync(id, ct) is not { } item || files.Find(id, item.MediaType) is not { } file)
        {
            return Results.NotFound();
        }

        return File(http, file, item.MediaType, item.CreatedAt, $"\"{id:N}\"", Immutable);
    }

    internal static async Task<IResult> ServeVersionAsync(Guid id, string file, IMediaStore store, MediaFiles files, HttpContext http, CancellationToken ct)
    {
        if (ParseVersion(file) is not { } asked || await store.FindAsync(id, ct) is not { } item
            || !PictureVersions.Planned(item.MediaType, item.Width).Contains(asked))
        {
            return Results.NotFound();
        }

        var (width, mediaType) = asked;

        if (item.VersionsMadeAt is not null && files.FindVersion(id, width, mediaType) is { } version)
        {
            return File(http, version, mediaType, item.VersionsMadeAt.Value, $"\"{id:N}-{width}{MediaFiles.ExtensionOf(mediaType)[1..]}\"", Immutable);
        }

        return files.Find(id, item.MediaType) is { } original
            ? File(http, original, item.MediaType, item.CreatedAt, $"\"{id:N}\"", StandIn)
            : Results.NotFound();
    }

    /// <summary><c>640.webp</c> → (640, image/webp); only the names <see cref="MediaFiles.VersionUrl"/> writes.</summary>
    private static (int Width, string MediaType)? ParseVersion(string file)
    {
        var dot = file.IndexOf('.', StringComparison.Ordinal);
        if (dot is < 1 or > 5 || !int.TryParse(file.AsSpan(0, dot), NumberStyles.None, CultureInfo.InvariantCulture, out var width))
        {
            return null;
        }

        string? type = file[dot..] switch
        {
            ".webp" => "image/webp",
            ".jpg" => "image/jpeg",
            ".png" => "image/png",
            _ => null,
        };
        return type is null ? null : (width, type);
    }

    private static IResult File(HttpContext http, FileInfo file, string mediaType, DateTimeOffset lastModified, string entityTag, string cacheControl)
    {
        http.Response.Headers.CacheControl = cacheControl;
        http.Response.Headers.XContentTypeOptions = "nosniff";
        // Already compressed: compressing again only costs the server time (and, over HTTPS, is declined outright).
        if (http.Features.Get<IHttpsCompressionFeature>() is { } compression)
        {
            compression.Mode = HttpsCompressionMode.DoNotCompress;
        }

        return Results.File(file.FullName, mediaType, lastModified: lastModified, entityTag: new EntityTagHeaderValue(entityTag));
    }
}
