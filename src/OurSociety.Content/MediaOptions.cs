using System.ComponentModel.DataAnnotations;

namespace OurSociety.Content;

/// <summary>The <c>OurSociety:Media</c> section.</summary>
public sealed class MediaOptions
{
    public const string Section = "OurSociety:Media";

    /// <summary>The most bytes of one picture, uploaded or fetched from another server (10 MiB by default).</summary>
    [Range(64 * 1024, 100L * 1024 * 1024)]
    public long MaxBytes { get; set; } = ImageProcessor.DefaultMaxBytes;
}
