using System.Diagnostics;
using System.Text;
using OurSociety.Content;
using SkiaSharp;

namespace OurSociety.Web.Tests.Content;

public sealed class ImageProcessorTests
{
    private const long Max = ImageProcessor.DefaultMaxBytes;

    private static ProcessedImage Ok(ImageResult result) =>
        Assert.IsType<ImageResult.Ok>(result, exactMatch: true).Image;

    private static ImageResult.Refused Refused(ImageResult result, ImageRefusal reason)
    {
        var refused = Assert.IsType<ImageResult.Refused>(result, exactMatch: true);
        Assert.Equal(reason, refused.Reason);
        Assert.False(string.IsNullOrWhiteSpace(refused.Message));
        return refused;
    }

    private static SKColor PixelAt(byte[] encoded, int x, int y)
    {
        using var bitmap = SKBitmap.Decode(encoded);
        return bitmap.GetPixel(x, y);
    }

    [Fact]
    public void Jpeg_WithExifGpsXmpAndComment_ComesOutWithoutAnyOfThem()
    {
        var input = TestImages.JpegWithMetadata(60, 40, orientation: 1);
        Assert.True(TestImages.Contains(input, "Exif"));

        var image = Ok(ImageProcessor.Process(input, Max));

        Assert.Equal("image/jpeg", image.MediaType);
        var markers = TestImages.Markers(image.Bytes);
        Assert.DoesNotContain(markers, m => m is >= 0xE1 and <= 0xEF);   // APP1–APP15: Exif, XMP, ICC, vendor blocks
        Assert.DoesNotContain((byte)0xFE, markers);                       // COM
        Assert.False(TestImages.Contains(image.Bytes, "Exif"));
        Assert.False(TestImages.Contains(image.Bytes, "secret"));
        Assert.False(TestImages.Contains(image.Bytes, "xmpmeta"));
        Assert.Equal((60, 40), (image.Width, image.Height));
    }

    [Fact]
    public void Jpeg_WithExifOrientation6_IsTurnedUpright()
    {
        // Stored 60 × 40 with the left half red; orientation 6 says "turn 90° clockwise to show", so the red half
        // ends up on top of a 40 × 60 picture.
        var image = Ok(ImageProcessor.Process(TestImages.JpegWithMetadata(60, 40, orientation: 6), Max));

        Assert.Equal((40, 60), (image.Width, image.Height));
        Assert.True(PixelAt(image.Bytes, 20, 5).Red > 150, "top should be red");
        Assert.True(PixelAt(image.Bytes, 20, 55).Blue > 150, "bottom should be blue");
    }

    [Fact]
    public void Jpeg_WithExifOrientation8_IsTurnedTheOtherWay()
    {
        var image = Ok(ImageProcessor.Process(TestImages.JpegWithMetadata(60, 40, orientation: 8), Max));

        Assert.Equal((40, 60), (image.Width, image.Height));
        Assert.True(PixelAt(image.Bytes, 20, 5).Blue > 150, "top should be blue");
        Assert.True(PixelAt(image.Bytes, 20, 55).Red > 150, "bottom should be red");
    }

    [Fact]
    public void Png_WithTransparency_StaysPngWithItsAlpha()
    {
        var image = Ok(ImageProcessor.Process(TestImages.Png(32, 32, alpha: 100), Max));

        Assert.Equal("image/png", image.MediaType);
        Assert.Equal((32, 32), (image.Width, image.Height));
        Assert.InRange(PixelAt(image.Bytes, 5, 5).Alpha, 90, 110);
    }

    [Fact]
    public void Png_Opaque_BecomesJpeg()
    {
        var image = Ok(ImageProcessor.Process(TestImages.Png(32, 32), Max));

        Assert.Equal("image/jpeg", image.MediaType);
        Assert.Equal([0xFF, 0xD8, 0xFF], image.Bytes[..3]);
    }

    [Fact]
    public void Webp_IsAccepted()
    {
        using var bitmap = TestImages.Halves(30, 20);
        var image = Ok(ImageProcessor.Process(TestImages.Encode(bitmap, SKEncodedImageFormat.Webp), Max));

        Assert.Equal((30, 20, "image/jpeg"), (image.Width, image.Height, image.MediaType));
    }

    [Fact]
    public void Gif_IsAccepted()
    {
        var image = Ok(ImageProcessor.Process(TestImages.Gif, Max));

        Assert.Equal((1, 1), (image.Width, image.Height));
    }

    [Fact]
    public void Large_IsScaledToTheLongSideLimit()
    {
        var image = Ok(ImageProcessor.Process(TestImages.Jpeg(3000, 1000), Max));

        Assert.Equal((ImageProcessor.MaxSide, 683), (image.Width, image.Height));
    }

    [Fact]
    public void Stream_IsReadAndProcessed()
    {
        using var stream = new MemoryStream(TestImages.Jpeg(20, 10));

        var image = Ok(ImageProcessor.Process(stream, Max));

        Assert.Equal((20, 10), (image.Width, image.Height));
    }

    [Theory]
    [InlineData("text renamed .jpg", "Hello, this is not a picture.")]
    [InlineData("svg", "<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(1)\"/>")]
    [InlineData("html", "<!doctype html><script>alert(1)</script>")]
    [InlineData("bmp", "BM\u0036\0\0\0\0\0\0\0\u0036\0\0\0")]
    [InlineData("empty", "")]
    public void NotAPicture_IsRefusedAsWrongType(string name, string content)
    {
        var refused = Refused(ImageProcessor.Process(Encoding.UTF8.GetBytes(content), Max), ImageRefusal.WrongType);

        Assert.Equal("Please choose a JPEG, PNG, WebP or GIF picture.", refused.Message);
        Assert.False(string.IsNullOrEmpty(name));
    }

    [Fact]
    public void TruncatedJpeg_IsRefusedAsDamaged()
    {
        var jpeg = TestImages.Jpeg(200, 200);

        Refused(ImageProcessor.Process(jpeg.AsSpan(0, jpeg.Length / 2), Max), ImageRefusal.Damaged);
    }

    [Fact]
    public void TruncatedPng_IsRefusedAsDamaged()
    {
        var png = TestImages.NoisyPng(100, 100);

        Refused(ImageProcessor.Process(png.AsSpan(0, png.Length / 2), Max), ImageRefusal.Damaged);
    }

    [Fact]
    public void RightMagicWrongBody_IsRefusedAsDamaged()
    {
        byte[] fake = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, .. "not really a png at all"u8];

        Refused(ImageProcessor.Process(fake, Max), ImageRefusal.Damaged);
    }

    [Fact]
    public void OverTheByteCap_IsRefusedAsTooLarge()
    {
        var png = TestImages.Png(64, 64);

        var refused = Refused(ImageProcessor.Process(png, png.Length - 1), ImageRefusal.TooLarge);
        using var stream = new MemoryStream(png);
        Refused(ImageProcessor.Process(stream, png.Length - 1), ImageRefusal.TooLarge);
        Assert.Contains("MB", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OverTheByteCap_FromAStream_StopsReading()
    {
        using var stream = new EndlessStream();

        Refused(await ImageProcessor.ProcessAsync(stream, 1024 * 1024, TestContext.Current.CancellationToken), ImageRefusal.TooLarge);
        Assert.InRange(stream.BytesRead, 1024 * 1024, (1024 * 1024) + 81920);
    }

    [Fact]
    public void HugeDimensionJpegHeader_IsRefusedBeforeDecoding()
    {
        var input = TestImages.JpegClaimingHugeSize();
        var allocated = GC.GetAllocatedBytesForCurrentThread();
        var clock = Stopwatch.StartNew();

        Refused(ImageProcessor.Process(input, Max), ImageRefusal.TooManyPixels);

        // Decoding would need 14 GB; only the header was read.
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - allocated < 1024 * 1024, "allocated more than the header needs");
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"took {clock.Elapsed}");
    }

    [Fact]
    public void HugeDimensionPngHeader_IsRefusedBeforeDecoding()
    {
        Refused(ImageProcessor.Process(TestImages.PngClaimingHugeSize(), Max), ImageRefusal.TooManyPixels);
    }

    /// <summary>A stream that never ends, counting what was read from it.</summary>
    private sealed class EndlessStream : Stream
    {
        public long BytesRead { get; private set; }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => BytesRead; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            Array.Fill(buffer, (byte)0xFF, offset, count);
            BytesRead += count;
            return count;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
