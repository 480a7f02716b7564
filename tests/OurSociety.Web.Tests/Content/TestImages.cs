using System.Buffers.Binary;
using System.Text;
using SkiaSharp;

namespace OurSociety.Web.Tests.Content;

/// <summary>Pictures made in the test: encoded by Skia, with metadata segments written by hand where needed.</summary>
internal static class TestImages
{
    public static readonly SKColor Red = new(220, 30, 30);
    public static readonly SKColor Blue = new(30, 30, 220);

    /// <summary>The smallest GIF: one transparent-free pixel, 43 bytes.</summary>
    public static byte[] Gif { get; } = Convert.FromBase64String("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7");

    /// <summary>Left half red, right half blue, with some noise so it compresses like a photo.</summary>
    public static SKBitmap Halves(int width, int height, byte alpha = 255)
    {
        var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, alpha == 255 ? SKAlphaType.Opaque : SKAlphaType.Unpremul));
        var random = new Random(42);
        var pixels = new byte[width * height * 4];
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var c = x < width / 2 ? Red : Blue;
                var n = (byte)random.Next(0, 12);
                var i = ((y * width) + x) * 4;
                (pixels[i], pixels[i + 1], pixels[i + 2], pixels[i + 3]) = ((byte)(c.Red - n), (byte)(c.Green + n), (byte)(c.Blue - n), alpha);
            }
        }

        System.Runtime.InteropServices.Marshal.Copy(pixels, 0, bitmap.GetPixels(), pixels.Length);
        return bitmap;
    }

    public static byte[] Encode(SKBitmap bitmap, SKEncodedImageFormat format, int quality = 90)
    {
        using var image = SKImage.FromBitmap(bitmap);
        using var data = image.Encode(format, quality);
        return data.ToArray();
    }

    public static byte[] Jpeg(int width, int height)
    {
        using var bitmap = Halves(width, height);
        return Encode(bitmap, SKEncodedImageFormat.Jpeg);
    }

    public static byte[] Png(int width, int height, byte alpha = 255)
    {
        using var bitmap = Halves(width, height, alpha);
        return Encode(bitmap, SKEncodedImageFormat.Png);
    }

    /// <summary>Noise that neither PNG nor JPEG can shrink much: for size limits.</summary>
    public static byte[] NoisyPng(int width, int height)
    {
        using var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Opaque));
        var random = new Random(7);
        var bytes = new byte[width * height * 4];
        random.NextBytes(bytes);
        for (var i = 3; i < bytes.Length; i += 4)
        {
            bytes[i] = 255;
        }

        System.Runtime.InteropServices.Marshal.Copy(bytes, 0, bitmap.GetPixels(), bytes.Length);
        return Encode(bitmap, SKEncodedImageFormat.Png);
    }

    /// <summary>
    /// A JPEG with what a phone writes: an Exif APP1 segment with the orientation and a GPS position (51°30'N,
    /// 0°7'W), an XMP APP1 segment and a comment, all placed right after the start-of-image marker.
    /// </summary>
    public static byte[] JpegWithMetadata(int width, int height, ushort orientation)
    {
        var jpeg = Jpeg(width, height);
        var exif = Segment(0xE1, [.. "Exif\0\0"u8, .. Tiff(orientation)]);
        var xmp = Segment(0xE1, Encoding.ASCII.GetBytes("http://ns.adobe.com/xap/1.0/\0<x:xmpmeta><secret>home address</secret></x:xmpmeta>"));
        var comment = Segment(0xFE, Encoding.ASCII.GetBytes("taken at my secret home"));
        return [.. jpeg.AsSpan(0, 2), .. exif, .. xmp, .. comment, .. jpeg.AsSpan(2)];
    }

    /// <summary>A real JPEG whose frame header is changed to claim 60 000 × 60 000 pixels (14 GB decoded).</summary>
    public static byte[] JpegClaimingHugeSize()
    {
        var jpeg = Jpeg(16, 16);
        for (var i = 2; i < jpeg.Length - 9;)
        {
            var marker = jpeg[i + 1];
            var length = BinaryPrimitives.ReadUInt16BigEndian(jpeg.AsSpan(i + 2));
            if (marker is 0xC0 or 0xC1 or 0xC2)
            {
                BinaryPrimitives.WriteUInt16BigEndian(jpeg.AsSpan(i + 5), 60000);   // height
                BinaryPrimitives.WriteUInt16BigEndian(jpeg.AsSpan(i + 7), 60000);   // width
                return jpeg;
            }

            i += 2 + length;
        }

        throw new InvalidOperationException("No frame header in the test JPEG.");
    }

    /// <summary>A PNG header (valid checksums) for 50 000 × 50 000 pixels, with an empty data chunk.</summary>
    public static byte[] PngClaimingHugeSize()
    {
        var header = new byte[13];
        BinaryPrimitives.WriteUInt32BigEndian(header, 50000);
        BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(4), 50000);
        header[8] = 8;   // bit depth
        header[9] = 6;   // RGBA
        return [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, .. Chunk("IHDR", header), .. Chunk("IDAT", [0x78, 0x9C, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01]), .. Chunk("IEND", [])];
    }

    /// <summary>The marker codes of a JPEG's segments before its image data (SOS).</summary>
    public static List<byte> Markers(byte[] jpeg)
    {
        Assert.Equal([0xFF, 0xD8], jpeg[..2]);
        var markers = new List<byte>();
        for (var i = 2; i < jpeg.Length - 4;)
        {
            Assert.Equal(0xFF, jpeg[i]);
            var marker = jpeg[i + 1];
            markers.Add(marker);
            if (marker == 0xDA)
            {
                break;
            }

            i += 2 + BinaryPrimitives.ReadUInt16BigEndian(jpeg.AsSpan(i + 2));
        }

        return markers;
    }

    public static bool Contains(byte[] haystack, string needle) => haystack.AsSpan().IndexOf(Encoding.ASCII.GetBytes(needle)) >= 0;

    private static byte[] Segment(byte marker, byte[] payload)
    {
        var segment = new byte[4 + payload.Length];
        segment[0] = 0xFF;
        segment[1] = marker;
        BinaryPrimitives.WriteUInt16BigEndian(segment.AsSpan(2), (ushort)(payload.Length + 2));
        payload.CopyTo(segment, 4);
        return segment;
    }

    /// <summary>Little-endian TIFF: IFD0 with Orientation and a GPS IFD pointer; the GPS IFD with latitude and longitude.</summary>
    private static byte[] Tiff(ushort orientation)
    {
        var tiff = new byte[140];
        var s = tiff.AsSpan();
        "II"u8.CopyTo(s);
        BinaryPrimitives.WriteUInt16LittleEndian(s[2..], 42);
        BinaryPrimitives.WriteUInt32LittleEndian(s[4..], 8);
        // IFD0 at 8: two entries, then the next-IFD offset (none). 2 + 2×12 + 4 = 30 bytes, so the GPS IFD is at 38.
        BinaryPrimitives.WriteUInt16LittleEndian(s[8..], 2);
        Entry(s[10..], 0x0112, 3, 1, orientation);
        Entry(s[22..], 0x8825, 4, 1, 38);
        // GPS IFD at 38: four entries; 2 + 4×12 + 4 = 54 bytes, so the rationals start at 92.
        BinaryPrimitives.WriteUInt16LittleEndian(s[38..], 4);
        Entry(s[40..], 0x0001, 2, 2, 'N');
        Entry(s[52..], 0x0002, 5, 3, 92);
        Entry(s[64..], 0x0003, 2, 2, 'W');
        Entry(s[76..], 0x0004, 5, 3, 116);
        uint[] latitude = [51, 1, 30, 1, 0, 1];
        uint[] longitude = [0, 1, 7, 1, 0, 1];
        for (var i = 0; i < 6; i++)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(s[(92 + (i * 4))..], latitude[i]);
            BinaryPrimitives.WriteUInt32LittleEndian(s[(116 + (i * 4))..], longitude[i]);
        }

        return tiff;
    }

    private static void Entry(Span<byte> at, ushort tag, ushort type, uint count, uint value)
    {
        BinaryPrimitives.WriteUInt16LittleEndian(at, tag);
        BinaryPrimitives.WriteUInt16LittleEndian(at[2..], type);
        BinaryPrimitives.WriteUInt32LittleEndian(at[4..], count);
        BinaryPrimitives.WriteUInt32LittleEndian(at[8..], value);
    }

    private static byte[] Chunk(string type, byte[] data)
    {
        var typeBytes = Encoding.ASCII.GetBytes(type);
        var chunk = new byte[12 + data.Length];
        BinaryPrimitives.WriteUInt32BigEndian(chunk, (uint)data.Length);
        typeBytes.CopyTo(chunk, 4);
        data.CopyTo(chunk, 8);
        BinaryPrimitives.WriteUInt32BigEndian(chunk.AsSpan(8 + data.Length), Crc32([.. typeBytes, .. data]));
        return chunk;
    }

    private static uint Crc32(byte[] bytes)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in bytes)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
            }
        }

        return ~crc;
    }
}
