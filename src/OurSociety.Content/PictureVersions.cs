using SkiaSharp;

namespace OurSociety.Content;

/// <summary>One smaller or lighter copy of a stored picture, encoded and ready to write.</summary>
public sealed record EncodedVersion(int Width, int Height, string MediaType, byte[] Bytes)
{
    public string Extension => MediaFiles.ExtensionOf(MediaType);
}

/// <summary>
/// The versions a page offers of a stored picture, so a phone loads what its screen can show instead of the whole
/// picture (a 2048 px photo is about 450 KB; its 320 px WebP about 15 KB): <see cref="Widths"/> wide, never wider than
/// the picture (no upscaling) and with its aspect ratio, each in WebP and in the picture's own type (JPEG, or PNG when
/// it has transparency) for browsers and readers without WebP, plus the whole picture in WebP. Which versions a picture
/// has follows from its width alone (<see cref="Planned"/>), so a page can write their addresses without asking the
/// database.
/// </summary>
/// <remarks>
/// Qualities: WebP 75 and JPEG 80 are where, for photos, a smaller file starts to show (libwebp's own default is 75;
/// JPEG below 80 shows blocks in skies and faces). The whole picture as kept (<see cref="ImageProcessor.JpegQuality"/>)
/// stays the largest JPEG.
/// </remarks>
public static class PictureVersions
{
    /// <summary>A phone at 1× (320), a phone at 2× or a column on a computer (640), a wide screen at 2× (1280).</summary>
    public static IReadOnlyList<int> Widths { get; } = [320, 640, 1280];

    public const int WebpQuality = 75;

    public const int JpegQuality = 80;

    public const string WebpType = "image/webp";

    /// <summary>The narrower widths a picture <paramref name="width"/> px wide gets (none for one of 320 px or less).</summary>
    public static IReadOnlyList<int> WidthsFor(int width) => [.. Widths.Where(w => w < width)];

    /// <summary>The height of a version <paramref name="versionWidth"/> wide of a <paramref name="width"/> × <paramref name="height"/> picture.</summary>
    public static int HeightFor(int versionWidth, int width, int height) =>
        Math.Max(1, (int)Math.Round((double)height * versionWidth / width, MidpointRounding.AwayFromZero));

    /// <summary>
    /// Every version a stored picture of this type and size has once they are made: (width, type), narrowest first; the
    /// whole picture in its own type is the stored file itself and not listed.
    /// </summary>
    public static IReadOnlyList<(int Width, string MediaType)> Planned(string mediaType, int width)
    {
        if (width <= 0 || !Versionable(mediaType))
        {
            return [];
        }

        var planned = new List<(int, string)>();
        foreach (var w in WidthsFor(width))
        {
            planned.Add((w, WebpType));
            planned.Add((w, mediaType));
        }

        planned.Add((width, WebpType));
        return planned;
    }

    /// <summary>Only what <see cref="ImageProcessor"/> writes (JPEG and PNG) gets versions.</summary>
    public static bool Versionable(string mediaType) => mediaType is "image/jpeg" or "image/png";

    /// <summary>
    /// Makes the versions of a stored picture from its file (our own encoding: already upright, without metadata).
    /// Each narrower one is scaled from the next wider one, at most halving, which keeps fine detail without blur.
    /// </summary>
    public static IReadOnlyList<EncodedVersion> Make(ReadOnlySpan<byte> stored, string mediaType)
    {
        if (!Versionable(mediaType))
        {
            return [];
        }

        using var data = SKData.CreateCopy(stored);
        using var decoded = SKBitmap.Decode(data)
            ?? throw new InvalidDataException("The stored picture does not decode.");
        var transparent = mediaType == "image/png";
        var versions = new List<EncodedVersion>
        {
            Encode(decoded, WebpType),
        };

        var source = decoded;
        var made = new List<SKBitmap>();
        try
        {
            foreach (var width in WidthsFor(decoded.Width).Reverse())
            {
                // Halve from the wider copy while it is more than twice the target, then scale the rest.
                while (source.Width > width * 2)
                {
                    source = Scale(source, source.Width / 2, HeightFor(source.Width / 2, decoded.Width, decoded.Height), made);
                }

                var version = Scale(source, width, HeightFor(width, decoded.Width, decoded.Height), made);
                versions.Add(Encode(version, WebpType));
                versions.Add(Encode(version, transparent ? "image/png" : "image/jpeg"));
                source = version;
            }
        }
        finally
        {
            foreach (var bitmap in made)
            {
                bitmap.Dispose();
            }
        }

        return [.. versions.OrderBy(v => v.Width).ThenBy(v => v.MediaType == WebpType ? 0 : 1)];
    }

    private static SKBitmap Scale(SKBitmap source, int width, int height, List<SKBitmap> made)
    {
        var scaled = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, source.AlphaType));
        made.Add(scaled);
        if (!source.ScalePixels(scaled, new SKSamplingOptions(SKCubicResampler.Mitchell)))
        {
            throw new InvalidOperationException("Scaling a picture failed.");
        }

        return scaled;
    }

    private static EncodedVersion Encode(SKBitmap bitmap, string mediaType)
    {
        using var image = SKImage.FromBitmap(bitmap);
        using var encoded = mediaType switch
        {
            WebpType => image.Encode(SKEncodedImageFormat.Webp, WebpQuality),
            "image/png" => image.Encode(SKEncodedImageFormat.Png, 100),
            _ => image.Encode(SKEncodedImageFormat.Jpeg, JpegQuality),
        } ?? throw new InvalidOperationException($"Encoding a picture as {mediaType} failed.");
        return new EncodedVersion(bitmap.Width, bitmap.Height, mediaType, encoded.ToArray());
    }
}
