using OurSociety.Content;
using OurSociety.Core.Posts;

namespace OurSociety.Web.Pages;

/// <summary>
/// A picture this node holds, as the ResponsivePicture component shows it: its id, type and size (which say what
/// versions it has, <see cref="PictureVersions.Planned"/>) and its description.
/// </summary>
public sealed record PictureRef(Guid MediaId, string MediaType, int Width, int Height, string Alt)
{
    /// <summary>A post's picture, when this node holds it (an upload, or a copy of a received one).</summary>
    public static PictureRef? Of(PostImage image) =>
        image.MediaId is { } id ? new PictureRef(id, image.MediaType, image.Width, image.Height, image.Alt) : null;

    /// <summary>The picture itself: the widest candidate, and the only one when it has no versions.</summary>
    public string Url => MediaFiles.Url(MediaId);

    /// <summary>Versions in WebP, narrowest first, up to <paramref name="maxWidth"/> (the whole picture in WebP is one).</summary>
    public IReadOnlyList<(string Url, int Width)> Webp(int maxWidth) => Capped(
        [.. PictureVersions.Planned(MediaType, Width).Where(v => v.MediaType == PictureVersions.WebpType)
            .Select(v => (MediaFiles.VersionUrl(MediaId, v.Width, v.MediaType), v.Width))],
        maxWidth);

    /// <summary>Versions in the picture's own type (JPEG, or PNG), narrowest first, then the picture itself, up to <paramref name="maxWidth"/>.</summary>
    public IReadOnlyList<(string Url, int Width)> Fallback(int maxWidth) => Capped(
        [.. PictureVersions.Planned(MediaType, Width).Where(v => v.MediaType == MediaType)
            .Select(v => (MediaFiles.VersionUrl(MediaId, v.Width, v.MediaType), v.Width)), (Url, Width)],
        maxWidth);

    /// <summary>Those up to the cap; at least the narrowest, so a picture wider than the cap with no versions still shows.</summary>
    private static List<(string Url, int Width)> Capped(List<(string Url, int Width)> all, int maxWidth)
    {
        var capped = all.Where(c => c.Width <= maxWidth).ToList();
        return capped.Count > 0 || all.Count == 0 ? capped : [all[0]];
    }
}
