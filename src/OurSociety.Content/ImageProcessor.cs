using SkiaSharp;

namespace OurSociety.Content;

/// <summary>A picture as we keep and serve it: our own encoding, no metadata.</summary>
public sealed record ProcessedImage(byte[] Bytes, string MediaType, int Width, int Height)
{
    public string Extension => MediaFiles.ExtensionOf(MediaType);
}

/// <summary>Why a picture was refused.</summary>
public enum ImageRefusal
{
    /// <summary>Not a JPEG, PNG, WebP or GIF by its first bytes, whatever its name or declared type.</summary>
    WrongType,

    /// <summary>More bytes than allowed.</summary>
    TooLarge,

    /// <summary>Its header claims more pixels than we decode (a decompression bomb, or just a huge scan).</summary>
    TooManyPixels,

    /// <summary>Looks like a picture but does not decode completely: truncated or corrupt.</summary>
    Damaged,
}

public abstract record ImageResult
{
    private ImageResult()
    {
    }

    public sealed record Ok(ProcessedImage Image) : ImageResult;

    /// <summary>Refused, with a sentence for the person who sent it.</summary>
    public sealed record Refused(ImageRefusal Reason, string Message) : ImageResult;
}

/// <summary>
/// Checks an uploaded or fetched picture and re-encodes it, so what we store and serve is never the sender's file:
/// its type is read from its bytes, its size and pixel count are capped before decoding, EXIF orientation is applied,
/// it is scaled to at most <see cref="MaxSide"/> pixels on its long side, and everything but the pixels (EXIF with
/// GPS position, XMP, comments, colour profiles' names) is left behind. Mastodon's "TootRoot" (CVE-2023-36460) shows
/// what trusting a sender's file can lead to.
/// </summary>
/// <remarks>
/// Output is JPEG at quality <see cref="JpegQuality"/> when the picture is opaque (photos, most of what people share:
/// small, and every browser, feed reader and fediverse server shows it), and PNG when it really uses transparency
/// (JPEG has none). Not WebP: a little smaller, but not every feed reader and older client shows it. A GIF keeps only
/// its first frame.
/// </remarks>
public static class ImageProcessor
{
    /// <summary>The default cap on a picture's bytes, for uploads and remote fetches alike.</summary>
    public const long DefaultMaxBytes = 10 * 1024 * 1024;

    /// <summary>
    /// Pixels decoded at most. A 40-megapixel camera is covered; a few kilobytes that claim 60 000 × 60 000 pixels
    /// (14 GB decoded) are refused from the header alone.
    /// </summary>
    public const long MaxPixels = 40_000_000;

    /// <summary>Long side of what we keep: sharp on any screen, small enough for slow connections.</summary>
    public const int MaxSide = 2048;

    public const int JpegQuality = 82;

    /// <summary>Reads at most <paramref name="maxBytes"/> (plus one, to know it was more) and processes the picture.</summary>
    public static async Task<ImageResult> ProcessAsync(Stream input, long maxBytes, CancellationToken ct)
    {
        var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await input.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                return TooLarge(maxBytes);
            }

            buffer.Write(chunk, 0, read);
        }

        return Process(buffer.GetBuffer().AsSpan(0, (int)buffer.Length), maxBytes);
    }

    /// <summary>As <see cref="ProcessAsync"/>, for a stream that may be read synchronously (memory, a local file).</summary>
    public static ImageResult Process(Stream input, long maxBytes)
    {
        var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = input.Read(chunk)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                return TooLarge(maxBytes);
            }

            buffer.Write(chunk, 0, read);
        }

        return Process(buffer.GetBuffer().AsSpan(0, (int)buffer.Length), maxBytes);
    }

    public static ImageResult Process(ReadOnlySpan<byte> bytes, long maxBytes)
    {
        if (bytes.Length > maxBytes)
        {
            return TooLarge(maxBytes);
        }

        if (Sniff(bytes) is not { } format)
        {
            return new ImageResult.Refused(ImageRefusal.WrongType, ContentText.ImageWrongType);
        }

        using var data = SKData.CreateCopy(bytes);
        using var codec = SKCodec.Create(data);
        if (codec is null || codec.EncodedFormat != format)
        {
            return Damaged();
        }

        // Only the header has been read so far: refuse a bomb before a single pixel buffer exists.
        var info = codec.Info;
        if (info.Width <= 0 || info.Height <= 0)
        {
            return Damaged();
        }

        if ((long)info.Width * info.Height > MaxPixels)
        {
            return new ImageResult.Refused(ImageRefusal.TooManyPixels, ContentText.ImageTooManyPixels);
        }

        using var decoded = Decode(codec);
        if (decoded is null)
        {
            return Damaged();
        }

        using var oriented = OrientAndScale(decoded, codec.EncodedOrigin, info.Width, info.Height);
        return new ImageResult.Ok(Encode(oriented, info.AlphaType != SKAlphaType.Opaque && UsesTransparency(oriented)));
    }

    /// <summary>The type a picture's first bytes say it is; its name and declared type are whatever the sender claims.</summary>
    public static SKEncodedImageFormat? Sniff(ReadOnlySpan<byte> head) => head switch
    {
        [0xFF, 0xD8, 0xFF, ..] => SKEncodedImageFormat.Jpeg,
        [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, ..] => SKEncodedImageFormat.Png,
        [(byte)'G', (byte)'I', (byte)'F', (byte)'8', (byte)'7' or (byte)'9', (byte)'a', ..] => SKEncodedImageFormat.Gif,
        [(byte)'R', (byte)'I', (byte)'F', (byte)'F', _, _, _, _, (byte)'W', (byte)'E', (byte)'B', (byte)'P', ..] => SKEncodedImageFormat.Webp,
        _ => null,
    };

    /// <summary>
    /// Decodes the first frame, already scaled down where the codec can do it cheaply (JPEG decodes at 1/2, 1/4 or
    /// 1/8 directly), never below <see cref="MaxSide"/>. Null when the data ends early or is corrupt.
    /// </summary>
    private static SKBitmap? Decode(SKCodec codec)
    {
        var info = codec.Info;
        var longSide = Math.Max(info.Width, info.Height);
        var size = longSide > MaxSide ? codec.GetScaledDimensions((float)MaxSide / longSide) : info.Size;
        if (Math.Max(size.Width, size.Height) < Math.Min(MaxSide, longSide))
        {
            size = info.Size;   // a codec that rounds below the target: decode whole and scale ourselves
        }

        var target = new SKImageInfo(size.Width, size.Height, SKColorType.Rgba8888,
            info.AlphaType == SKAlphaType.Opaque ? SKAlphaType.Opaque : SKAlphaType.Premul);
        var bitmap = new SKBitmap(target);
        var result = codec.GetPixels(target, bitmap.GetPixels(), new SKCodecOptions(0));
        if (result != SKCodecResult.Success)
        {
            // IncompleteInput (truncated) included: Skia fills the rest with grey, which is not the picture sent.
            bitmap.Dispose();
            return null;
        }

        return bitmap;
    }

    /// <summary>
    /// Draws the decoded pixels upright (EXIF orientation applied, so no reader needs the tag we drop) and at most
    /// <see cref="MaxSide"/> on the long side.
    /// </summary>
    private static SKBitmap OrientAndScale(SKBitmap source, SKEncodedOrigin origin, int encodedWidth, int encodedHeight)
    {
        var sideways = origin is SKEncodedOrigin.LeftTop or SKEncodedOrigin.RightTop or SKEncodedOrigin.RightBottom or SKEncodedOrigin.LeftBottom;
        var (uprightWidth, uprightHeight) = sideways ? (encodedHeight, encodedWidth) : (encodedWidth, encodedHeight);
        var scale = Math.Min(1d, (double)MaxSide / Math.Max(uprightWidth, uprightHeight));
        var width = Math.Max(1, (int)Math.Round(uprightWidth * scale));
        var height = Math.Max(1, (int)Math.Round(uprightHeight * scale));

        var output = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, source.AlphaType));
        using var canvas = new SKCanvas(output);
        canvas.Clear(SKColors.Transparent);
        // The source may already be smaller than encoded (decoded at a reduced scale), so scale from its own size.
        var (sourceUprightWidth, sourceUprightHeight) = sideways ? (source.Height, source.Width) : (source.Width, source.Height);
        canvas.Scale((float)width / sourceUprightWidth, (float)height / sourceUprightHeight);
        canvas.Concat(Orientation(origin, source.Width, source.Height));
        using var image = SKImage.FromBitmap(source);
        canvas.DrawImage(image, 0, 0, new SKSamplingOptions(SKCubicResampler.Mitchell));
        return output;
    }

    /// <summary>Maps stored pixels (w × h) to upright ones; EXIF orientations 2–8 (TIFF 6.0, tag 274).</summary>
    private static SKMatrix Orientation(SKEncodedOrigin origin, int w, int h) => origin switch
    {
        SKEncodedOrigin.TopRight => new SKMatrix(-1, 0, w, 0, 1, 0, 0, 0, 1),      // mirrored
        SKEncodedOrigin.BottomRight => new SKMatrix(-1, 0, w, 0, -1, h, 0, 0, 1),  // rotated 180°
        SKEncodedOrigin.BottomLeft => new SKMatrix(1, 0, 0, 0, -1, h, 0, 0, 1),    // mirrored vertically
        SKEncodedOrigin.LeftTop => new SKMatrix(0, 1, 0, 1, 0, 0, 0, 0, 1),        // transposed
        SKEncodedOrigin.RightTop => new SKMatrix(0, -1, h, 1, 0, 0, 0, 0, 1),      // needs 90° clockwise
        SKEncodedOrigin.RightBottom => new SKMatrix(0, -1, h, -1, 0, w, 0, 0, 1),  // transverse
        SKEncodedOrigin.LeftBottom => new SKMatrix(0, 1, 0, -1, 0, w, 0, 0, 1),    // needs 90° anticlockwise
        _ => SKMatrix.Identity,
    };

    /// <summary>Whether any pixel is less than opaque: a PNG with an unused alpha channel is still a photo.</summary>
    private static bool UsesTransparency(SKBitmap bitmap)
    {
        var pixels = bitmap.GetPixelSpan();
        for (var alpha = 3; alpha < pixels.Length; alpha += 4)   // RGBA8888: R, G, B, A in memory
        {
            if (pixels[alpha] != 0xFF)
            {
                return true;
            }
        }

        return false;
    }

    private static ProcessedImage Encode(SKBitmap bitmap, bool transparent)
    {
        using var image = SKImage.FromBitmap(bitmap);
        using var encoded = transparent ? image.Encode(SKEncodedImageFormat.Png, 100) : image.Encode(SKEncodedImageFormat.Jpeg, JpegQuality);
        return new ProcessedImage(encoded.ToArray(), transparent ? "image/png" : "image/jpeg", bitmap.Width, bitmap.Height);
    }

    private static ImageResult.Refused TooLarge(long maxBytes) => new(ImageRefusal.TooLarge, ContentText.ImageTooLarge(maxBytes));

    private static ImageResult.Refused Damaged() => new(ImageRefusal.Damaged, ContentText.ImageDamaged);
}
