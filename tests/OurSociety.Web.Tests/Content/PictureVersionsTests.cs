using OurSociety.Content;
using SkiaSharp;

namespace OurSociety.Web.Tests.Content;

public sealed class PictureVersionsTests
{
    private static IReadOnlyList<EncodedVersion> Make(byte[] original, string mediaType = "image/jpeg") =>
        PictureVersions.Make(original, mediaType);

    private static (SKEncodedImageFormat Format, int Width, int Height) Read(byte[] encoded)
    {
        using var codec = SKCodec.Create(SKData.CreateCopy(encoded));
        Assert.NotNull(codec);
        return (codec.EncodedFormat, codec.Info.Width, codec.Info.Height);
    }

    [Fact]
    public void Photo_2048x1365_GetsThreeWidthsInWebpAndJpeg_AndItselfInWebp()
    {
        var versions = Make(TestImages.Jpeg(2048, 1365));

        Assert.Equal(
            [(320, "image/webp"), (320, "image/jpeg"), (640, "image/webp"), (640, "image/jpeg"), (1280, "image/webp"), (1280, "image/jpeg"), (2048, "image/webp")],
            versions.Select(v => (v.Width, v.MediaType)));
        Assert.Equal(PictureVersions.Planned("image/jpeg", 2048), versions.Select(v => (v.Width, v.MediaType)));
        foreach (var version in versions)
        {
            // What the bytes are, not only what the record says: the right format and size, the aspect ratio kept.
            var (format, width, height) = Read(version.Bytes);
            Assert.Equal(version.MediaType == "image/webp" ? SKEncodedImageFormat.Webp : SKEncodedImageFormat.Jpeg, format);
            Assert.Equal((version.Width, version.Height), (width, height));
            Assert.Equal(PictureVersions.HeightFor(width, 2048, 1365), height);
            Assert.Equal(2048d / 1365, (double)width / height, 0.01);
        }
    }

    [Fact]
    public void Versions_AreSmallerTheNarrowerTheyAre_AndWebpIsSmallerThanJpeg()
    {
        var original = TestImages.Jpeg(2048, 1365);
        var versions = Make(original);

        var jpegs = versions.Where(v => v.MediaType == "image/jpeg").Select(v => v.Bytes.Length).ToList();
        Assert.Equal(jpegs.Order(), jpegs);
        Assert.True(jpegs[^1] < original.Length, $"1280 px JPEG {jpegs[^1]} bytes, the 2048 px one {original.Length}");
        foreach (var width in PictureVersions.Widths)
        {
            var webp = versions.Single(v => v.Width == width && v.MediaType == "image/webp").Bytes.Length;
            var jpeg = versions.Single(v => v.Width == width && v.MediaType == "image/jpeg").Bytes.Length;
            Assert.True(webp < jpeg, $"{width} px: WebP {webp} bytes, JPEG {jpeg}");
        }
    }

    [Fact]
    public void Portrait_KeepsItsAspectRatio_WidthsAreWidths()
    {
        var versions = Make(TestImages.Jpeg(1365, 2048));

        var v320 = versions.Single(v => v is { Width: 320, MediaType: "image/jpeg" });
        Assert.Equal(480, v320.Height);
        Assert.Equal(1365, versions.Max(v => v.Width));
    }

    [Fact]
    public void Picture_800Wide_IsNeverScaledUp()
    {
        var versions = Make(TestImages.Jpeg(800, 600));

        Assert.Equal([(320, "image/webp"), (320, "image/jpeg"), (640, "image/webp"), (640, "image/jpeg"), (800, "image/webp")],
            versions.Select(v => (v.Width, v.MediaType)));
        Assert.DoesNotContain(versions, v => v.Width > 800);
    }

    [Fact]
    public void TinyPicture_GetsOnlyItselfInWebp()
    {
        var versions = Make(TestImages.Jpeg(200, 100));

        var only = Assert.Single(versions);
        Assert.Equal((200, 100, "image/webp"), (only.Width, only.Height, only.MediaType));
        Assert.Equal(SKEncodedImageFormat.Webp, Read(only.Bytes).Format);
        Assert.Empty(PictureVersions.WidthsFor(320));
    }

    [Fact]
    public void TransparentPng_KeepsTransparency_InWebpAndPng()
    {
        var original = TestImages.Png(700, 400, alpha: 128);
        var versions = Make(original, "image/png");

        Assert.Equal([(320, "image/webp"), (320, "image/png"), (640, "image/webp"), (640, "image/png"), (700, "image/webp")],
            versions.Select(v => (v.Width, v.MediaType)));
        foreach (var version in versions)
        {
            using var bitmap = SKBitmap.Decode(version.Bytes);
            Assert.InRange(bitmap.GetPixel(bitmap.Width / 4, bitmap.Height / 2).Alpha, 100, 156);
        }
    }

    [Fact]
    public void Planned_FollowsFromTheWidthAlone()
    {
        Assert.Empty(PictureVersions.Planned("image/jpeg", 0));
        Assert.Empty(PictureVersions.Planned("image/gif", 2048));
        Assert.Equal([(321, "image/webp")], PictureVersions.Planned("image/jpeg", 321).Where(v => v.Width > 320));
        Assert.Equal([(320, "image/webp"), (320, "image/jpeg"), (321, "image/webp")], PictureVersions.Planned("image/jpeg", 321));
        Assert.Equal([(320, "image/webp")], PictureVersions.Planned("image/jpeg", 320));
    }
}
