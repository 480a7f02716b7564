using SkiaSharp;

namespace OurSociety.Content;

/// <summary>
/// The hub's logo in its two sizes, made from a picture <see cref="ImageProcessor"/> has already checked and
/// re-encoded (so only our own bytes are decoded here): at most <see cref="LargeSide"/> px for the Group's icon and
/// the about page, and one that fits <see cref="SmallBox"/> for the page header (twice the size it is shown at, for
/// sharp screens). Transparent logos stay PNG, others JPEG, as ImageProcessor chose.
/// </summary>
public static class LogoPictures
{
    public const int LargeSide = 512;

    /// <summary>The header's logo box in CSS pixels; the small file is twice that at most.</summary>
    public static readonly (int Width, int Height) SmallBox = (128, 48);

    public static (ProcessedImage Large, ProcessedImage Small) Make(ProcessedImage processed)
    {
        ArgumentNullException.ThrowIfNull(processed);
        using var bitmap = SKBitmap.Decode(processed.Bytes) ?? throw new ArgumentException("Not a picture ImageProcessor made.", nameof(processed));
        return (Fit(bitmap, processed.MediaType, LargeSide, LargeSide), Fit(bitmap, processed.MediaType, SmallBox.Width * 2, SmallBox.Height * 2));
    }

    /// <summary>The size a picture of <paramref name="width"/> × <paramref name="height"/> is shown at in the header.</summary>
    public static (int Width, int Height) HeaderSize(int width, int height) => Scaled(width, height, SmallBox.Width, SmallBox.Height);

    private static ProcessedImage Fit(SKBitmap source, string mediaType, int maxWidth, int maxHeight)
    {
        var (width, height) = Scaled(source.Width, source.Height, maxWidth, maxHeight);
        using var scaled = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, source.AlphaType));
        using (var canvas = new SKCanvas(scaled))
        {
            canvas.Clear(SKColors.Transparent);
            using var image = SKImage.FromBitmap(source);
            canvas.DrawImage(image, new SKRect(0, 0, width, height), new SKSamplingOptions(SKCubicResampler.Mitchell));
        }

        var png = mediaType == "image/png";
        using var output = SKImage.FromBitmap(scaled);
        using var encoded = output.Encode(png ? SKEncodedImageFormat.Png : SKEncodedImageFormat.Jpeg, png ? 100 : ImageProcessor.JpegQuality);
        return new ProcessedImage(encoded.ToArray(), png ? "image/png" : "image/jpeg", width, height);
    }

    /// <summary>Fits inside the box keeping the proportions, never larger than it was.</summary>
    private static (int Width, int Height) Scaled(int width, int height, int maxWidth, int maxHeight)
    {
        var scale = Math.Min(1d, Math.Min((double)maxWidth / width, (double)maxHeight / height));
        return (Math.Max(1, (int)Math.Round(width * scale)), Math.Max(1, (int)Math.Round(height * scale)));
    }
}
