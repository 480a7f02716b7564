using Microsoft.Extensions.Options;
using OurSociety.Content;
using OurSociety.Web.Features.Profiles;
using OurSociety.Web.Hosting;

namespace OurSociety.Web.Features.Settings;

/// <summary>
/// Avatar pictures on disk under <see cref="NodeOptions.UploadsPath"/>; the database keeps only the path relative to
/// it (<c>avatars/&lt;id&gt;.png</c>); <see cref="Avatars"/> says where that is and how it is served.
/// </summary>
internal sealed partial class AvatarFiles(IOptions<NodeOptions> options, TimeProvider time, ILogger<AvatarFiles> log)
{
    /// <summary>The largest picture we keep: 2 MiB is plenty for a face at avatar size.</summary>
    public const long MaxBytes = 2 * 1024 * 1024;

    /// <summary>The largest upload request we read: the picture plus room for the form's other fields and headers.</summary>
    public const long MaxRequestBytes = MaxBytes + (64 * 1024);

    /// <summary>
    /// The picture's real type from its first bytes, as the file extension we store it under; null for anything else.
    /// The file name and Content-Type are whatever the sender claims, so they are never trusted.
    /// </summary>
    public static string? Sniff(ReadOnlySpan<byte> head) => head switch
    {
        [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, ..] => ".png",
        [0xFF, 0xD8, 0xFF, ..] => ".jpg",
        [(byte)'G', (byte)'I', (byte)'F', (byte)'8', (byte)'7' or (byte)'9', (byte)'a', ..] => ".gif",
        [(byte)'R', (byte)'I', (byte)'F', (byte)'F', _, _, _, _, (byte)'W', (byte)'E', (byte)'B', (byte)'P', ..] => ".webp",
        _ => null,
    };

    /// <summary>Stores the picture under a new name; null when it is not a PNG, JPEG, GIF or WebP picture.</summary>
    public async Task<string?> SaveAsync(IFormFile file, CancellationToken ct)
    {
        await using var input = file.OpenReadStream();
        var head = new byte[12];
        var read = await input.ReadAtLeastAsync(head, head.Length, throwOnEndOfStream: false, ct);
        if (Sniff(head.AsSpan(0, read)) is not { } extension)
        {
            return null;
        }

        var directory = Avatars.Directory(options.Value.UploadsPath);
        Directory.CreateDirectory(directory);
        var name = Guid.CreateVersion7(time.GetUtcNow()).ToString("D") + extension;
        await using (var output = new FileStream(Path.Combine(directory, name), FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true))
        {
            await output.WriteAsync(head.AsMemory(0, read), ct);
            await input.CopyToAsync(output, ct);
        }

        return $"{Avatars.Folder}/{name}";
    }

    /// <summary>Removes a stored picture. A file that cannot be removed only wastes space, so that is logged, not fatal.</summary>
    public void Delete(string? relativePath)
    {
        if (string.IsNullOrEmpty(relativePath))
        {
            return;
        }

        // Only ever inside the avatars folder, whatever the column holds.
        var path = Path.Combine(Avatars.Directory(options.Value.UploadsPath), Path.GetFileName(relativePath));
        try
        {
            File.Delete(path);
        }
        catch (IOException ex)
        {
            LogNotDeleted(path, ex.Message);
        }
    }

    [LoggerMessage(EventId = 3401, Level = LogLevel.Warning, Message = "Could not delete the old avatar file {Path}: {Reason}")]
    private partial void LogNotDeleted(string path, string reason);
}
