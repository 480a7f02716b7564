namespace OurSociety.Content;

/// <summary>
/// The files of <see cref="Core.Media.MediaItem"/>s: <c>{uploads}/media/{id}{ext}</c>, in the uploads folder so a
/// backup takes them along. The name comes from our id and our own encoding, never from the sender (a remote file
/// name or path is never used: CVE-2023-36460). Files are written whole under a temporary name and then renamed, so
/// a crash never leaves half a picture under a real name.
/// </summary>
/// <remarks><paramref name="uploadsPath"/> is the node's uploads folder (inside its data directory).</remarks>
public sealed partial class MediaFiles(string uploadsPath, ILogger<MediaFiles> log)
{
    public const string Folder = "media";
    public const string UrlPrefix = "/media/";

    public string Directory => Path.Combine(uploadsPath, Folder);

    /// <summary>Where a picture is served on this node (relative; prefix the node's origin where an absolute URL is needed).</summary>
    public static string Url(Guid id) => UrlPrefix + id.ToString("D");

    /// <summary>The extension we store a type under; only the types <see cref="ImageProcessor"/> writes.</summary>
    public static string ExtensionOf(string mediaType) => mediaType switch
    {
        "image/jpeg" => ".jpg",
        "image/png" => ".png",
        "image/webp" => ".webp",
        "image/gif" => ".gif",
        _ => throw new ArgumentOutOfRangeException(nameof(mediaType), mediaType, "Not a type we store."),
    };

    public string PathOf(Guid id, string mediaType) => Path.Combine(Directory, id.ToString("D") + ExtensionOf(mediaType));

    /// <summary>
    /// Where a version (<see cref="PictureVersions"/>) is served: <c>/media/{id}/{width}{ext}</c>. Its bytes never
    /// change, like the picture's, so the address can be cached for good.
    /// </summary>
    public static string VersionUrl(Guid id, int width, string mediaType) =>
        UrlPrefix + id.ToString("D") + "/" + width.ToString(System.Globalization.CultureInfo.InvariantCulture) + ExtensionOf(mediaType);

    /// <summary>A picture's versions live in a folder named by its id, beside its file.</summary>
    public string VersionsDirectory(Guid id) => Path.Combine(Directory, id.ToString("D"));

    public string VersionPathOf(Guid id, int width, string mediaType) =>
        Path.Combine(VersionsDirectory(id), width.ToString(System.Globalization.CultureInfo.InvariantCulture) + ExtensionOf(mediaType));

    /// <summary>Writes a picture's versions, each whole under a temporary name first; one made before is replaced.</summary>
    public async Task SaveVersionsAsync(Guid id, IReadOnlyList<EncodedVersion> versions, CancellationToken ct)
    {
        System.IO.Directory.CreateDirectory(VersionsDirectory(id));
        foreach (var version in versions)
        {
            var path = VersionPathOf(id, version.Width, version.MediaType);
            var temporary = path + ".partial";
            await File.WriteAllBytesAsync(temporary, version.Bytes, ct);
            File.Move(temporary, path, overwrite: true);
        }
    }

    /// <summary>A stored version, or null when it is not there.</summary>
    public FileInfo? FindVersion(Guid id, int width, string mediaType)
    {
        var file = new FileInfo(VersionPathOf(id, width, mediaType));
        return file.Exists ? file : null;
    }

    public async Task SaveAsync(Guid id, ProcessedImage image, CancellationToken ct)
    {
        System.IO.Directory.CreateDirectory(Directory);
        var path = PathOf(id, image.MediaType);
        var temporary = path + ".partial";
        await File.WriteAllBytesAsync(temporary, image.Bytes, ct);
        File.Move(temporary, path, overwrite: false);
    }

    /// <summary>The stored file, or null when it is not there.</summary>
    public FileInfo? Find(Guid id, string mediaType)
    {
        var file = new FileInfo(PathOf(id, mediaType));
        return file.Exists ? file : null;
    }

    /// <summary>Removes a picture's file. One that cannot be removed only wastes space, so that is logged, not fatal.</summary>
    public void Delete(Guid id, string mediaType)
    {
        var path = PathOf(id, mediaType);
        try
        {
            File.Delete(path);
            if (System.IO.Directory.Exists(VersionsDirectory(id)))
            {
                System.IO.Directory.Delete(VersionsDirectory(id), recursive: true);
            }
        }
        catch (IOException ex)
        {
            LogNotDeleted(path, ex.Message);
        }
    }

    [LoggerMessage(EventId = 3601, Level = LogLevel.Warning, Message = "Could not delete the media file {Path}: {Reason}")]
    private partial void LogNotDeleted(string path, string reason);
}
