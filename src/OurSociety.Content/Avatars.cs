using System.Diagnostics.CodeAnalysis;

namespace OurSociety.Content;

/// <summary>
/// Where avatar images live and how they are addressed. A member's <c>avatar_path</c> is relative to the uploads
/// folder, <c>avatars/{file}</c>; the file is served at <c>/media/avatars/{file}</c> and cached for a year, so every
/// upload must get a new file name (e.g. a UUIDv7) rather than overwrite an old one.
/// </summary>
public static class Avatars
{
    public const string Folder = "avatars";
    public const string UrlPrefix = "/media/avatars/";
    public const int FileNameMax = 100;

    /// <summary>The types an upload is stored as (see AvatarFiles.Sniff); never SVG, which could carry script.</summary>
    private static readonly Dictionary<string, string> ContentTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        [".png"] = "image/png",
        [".jpg"] = "image/jpeg",
        [".gif"] = "image/gif",
        [".webp"] = "image/webp",
    };

    public static string Directory(string uploadsPath) => Path.Combine(uploadsPath, Folder);

    /// <summary>The public URL of a member's avatar, or null when they have none.</summary>
    public static string? Url(string? avatarPath) =>
        string.IsNullOrEmpty(avatarPath) || !IsSafeFileName(Path.GetFileName(avatarPath)) ? null : UrlPrefix + Path.GetFileName(avatarPath);

    public static bool TryGetContentType(string fileName, [NotNullWhen(true)] out string? contentType) =>
        ContentTypes.TryGetValue(Path.GetExtension(fileName), out contentType);

    /// <summary>
    /// A plain name with a known image extension: letters, digits, <c>-</c> and <c>_</c>, one dot. Anything else
    /// (separators, <c>..</c>, hidden files, encoded tricks) is not ours to serve.
    /// </summary>
    public static bool IsSafeFileName(string? fileName) =>
        fileName is { Length: > 0 and <= FileNameMax }
        && fileName.Count(c => c == '.') == 1
        && fileName[0] != '.'
        && fileName.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.')
        && TryGetContentType(fileName, out _);
}
