// The page-weight benchmark (issue 11): a story with a 2400×1600 photo-like picture at the top of the home page, then
// `/` loaded in Chromium on a 360 px wide screen at device pixel ratios 1 and 2: the bytes transferred (encoded body
// sizes of every response, as the network saw them) and the picture the browser chose. It prints figures and checks
// nothing (see bench/README.md).
// Usage: PageWeight --node http://127.0.0.1:5082 --token TOKEN [--chromium /usr/bin/chromium]   (or --quality-only)
using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using SkiaSharp;

CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
// A phone's photo: smooth sky and ground gradients, soft shapes, fine sensor-like noise and texture, saved at JPEG 90.
var photo = Photo.Make(2400, 1600);
Console.WriteLine($"photo: 2400×1600 JPEG q90, {photo.Length:N0} bytes (what a phone would upload)");
Quality.Print(photo);
if (args.Contains("--quality-only"))
{
    return 0;
}

var node = Arg("--node") ?? throw new ArgumentException("--node is required");
var token = Arg("--token") ?? throw new ArgumentException("--token is required");
var chromium = Arg("--chromium") ?? "/usr/bin/chromium";

using var http = new HttpClient { BaseAddress = new Uri(node), Timeout = TimeSpan.FromMinutes(2) };
http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
using var form = new MultipartFormDataContent();
var file = new ByteArrayContent(photo);
file.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");
form.Add(file, "file", "market.jpg");
var started = Stopwatch.GetTimestamp();
using var uploaded = await http.PostAsync("/api/oursociety/v1/media", form);
var uploadMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
uploaded.EnsureSuccessStatusCode();
var media = await uploaded.Content.ReadFromJsonAsync<JsonElement>();
var mediaId = media.GetProperty("id").GetString();
Console.WriteLine($"upload: {uploadMs:F0} ms for the request (checking, re-encoding to {media.GetProperty("width")}×{media.GetProperty("height")}, and making its versions)");
using var story = await http.PostAsJsonAsync("/api/oursociety/v1/stories", new
{
    title = "Market day on the green",
    body = "Twenty stalls, a band and the repair café under the big tree. Thank you to everyone who came.",
    summary = "Twenty stalls and a band.",
    images = new[] { new { mediaId, alt = "Stalls under striped awnings on the village green" } },
});
story.EnsureSuccessStatusCode();

var original = (await http.GetByteArrayAsync($"/media/{mediaId}")).Length;
Console.WriteLine($"stored picture: {original:N0} bytes (the 2048 px JPEG every page loaded before issue 11)");
await using (var versions = await http.GetStreamAsync($"/media/{mediaId}/320.webp"))
{
    // Warm: the node has answered each address once before the browser asks (JIT, file cache).
}

using var playwright = await Playwright.CreateAsync();
await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = chromium, Headless = true });
foreach (var dpr in new[] { 1f, 2f })
{
    await using var context = await browser.NewContextAsync(new BrowserNewContextOptions
    {
        ViewportSize = new ViewportSize { Width = 360, Height = 740 },
        DeviceScaleFactor = dpr,
        IsMobile = true,
        HasTouch = true,
    });
    var page = await context.NewPageAsync();
    var finished = new List<IRequest>();
    page.RequestFinished += (_, request) => finished.Add(request);
    await page.GotoAsync(node + "/", new PageGotoOptions { WaitUntil = WaitUntilState.NetworkIdle });
    var chosen = await page.EvaluateAsync<string>("() => document.querySelector('.post-card img')?.currentSrc ?? ''");

    long total = 0, compressible = 0, compressedEstimate = 0, pictureBytes = 0;
    var lines = new List<string>();
    foreach (var request in finished)
    {
        var sizes = await request.SizesAsync();
        var response = await request.ResponseAsync();
        var body = sizes.ResponseBodySize;
        total += body;
        var type = response is null ? "" : (await response.AllHeadersAsync()).GetValueOrDefault("content-type", "");
        var encoding = response is null ? "" : (await response.AllHeadersAsync()).GetValueOrDefault("content-encoding", "");
        if (type.StartsWith("image/", StringComparison.Ordinal))
        {
            pictureBytes += body;
        }

        if (response is not null && (type.StartsWith("text/", StringComparison.Ordinal) || type.Contains("json", StringComparison.Ordinal)))
        {
            // What Brotli would make of it (another part of issue 11 turns compression on): the figure "with compression".
            var raw = await response.BodyAsync();
            compressible += body;
            compressedEstimate += encoding.Length > 0 ? body : Brotli(raw);
        }

        lines.Add($"    {body,8:N0} B  {type,-26} {encoding,-4} {new Uri(request.Url).PathAndQuery}");
    }

    Console.WriteLine($"DPR {dpr:0}: {total:N0} bytes transferred in {finished.Count} responses; picture chosen: {new Uri(chosen).PathAndQuery} ({pictureBytes:N0} bytes of pictures)");
    foreach (var line in lines)
    {
        Console.WriteLine(line);
    }

    Console.WriteLine($"DPR {dpr:0}: with text compressed (a Brotli estimate for text sent uncompressed): {total - compressible + compressedEstimate:N0} bytes");
    Console.WriteLine($"DPR {dpr:0}: before issue 11 (the whole stored picture instead): {total - pictureBytes + original:N0} bytes");
}

return 0;

string? Arg(string name) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : null;

static long Brotli(byte[] raw)
{
    using var output = new MemoryStream();
    using (var brotli = new BrotliStream(output, CompressionLevel.Optimal, leaveOpen: true))
    {
        brotli.Write(raw);
    }

    return output.Length;
}

/// <summary>A picture that compresses like a photo: no flat areas, detail at every scale.</summary>
internal static class Photo
{
    public static byte[] Make(int width, int height)
    {
        using var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Opaque));
        using (var canvas = new SKCanvas(bitmap))
        {
            // Sky and ground.
            using var sky = new SKPaint
            {
                Shader = SKShader.CreateLinearGradient(new SKPoint(0, 0), new SKPoint(0, height * 0.55f),
                    [new SKColor(96, 150, 214), new SKColor(196, 220, 240)], SKShaderTileMode.Clamp),
            };
            canvas.DrawRect(0, 0, width, height * 0.55f, sky);
            using var ground = new SKPaint
            {
                Shader = SKShader.CreateLinearGradient(new SKPoint(0, height * 0.55f), new SKPoint(width * 0.3f, height),
                    [new SKColor(88, 130, 60), new SKColor(50, 90, 40)], SKShaderTileMode.Clamp),
            };
            canvas.DrawRect(0, height * 0.55f, width, height, ground);
            // Clouds, trees, awnings and people: soft and sharp shapes of many sizes.
            var random = new Random(11);
            using var paint = new SKPaint { IsAntialias = true };
            for (var i = 0; i < 40; i++)
            {
                paint.Color = new SKColor(255, 255, 255, (byte)random.Next(40, 120));
                paint.MaskFilter = SKMaskFilter.CreateBlur(SKBlurStyle.Normal, random.Next(20, 60));
                canvas.DrawOval(random.Next(width), random.Next((int)(height * 0.4)), random.Next(80, 300), random.Next(30, 90), paint);
            }

            paint.MaskFilter = null;
            for (var i = 0; i < 400; i++)
            {
                paint.Color = new SKColor((byte)random.Next(256), (byte)random.Next(256), (byte)random.Next(256));
                var x = random.Next(width);
                var y = random.Next((int)(height * 0.45), height);
                var size = random.Next(8, 120);
                if (i % 3 == 0)
                {
                    canvas.DrawCircle(x, y, size / 2f, paint);
                }
                else
                {
                    canvas.DrawRect(x, y, size, size * (float)(0.5 + random.NextDouble()), paint);
                }
            }
        }

        // Sensor noise and fine texture (grass, fabric): what makes a photo cost hundreds of kilobytes.
        var pixels = bitmap.GetPixelSpan().ToArray();
        var noise = new Random(5);
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var i = ((y * width) + x) * 4;
                var texture = (int)(6 * Math.Sin(x * 0.9) * Math.Cos(y * 0.7));
                for (var c = 0; c < 3; c++)
                {
                    pixels[i + c] = (byte)Math.Clamp(pixels[i + c] + noise.Next(-7, 8) + texture, 0, 255);
                }
            }
        }

        System.Runtime.InteropServices.Marshal.Copy(pixels, 0, bitmap.GetPixels(), pixels.Length);
        using var image = SKImage.FromBitmap(bitmap);
        using var data = image.Encode(SKEncodedImageFormat.Jpeg, 90);
        return data.ToArray();
    }
}

/// <summary>
/// The quality trade-off behind PictureVersions' settings: the 640 px version of the photo at several qualities, its
/// bytes and its PSNR against the unencoded 640 px pixels (higher is closer; above about 38 dB differences are hard to see).
/// </summary>
internal static class Quality
{
    public static void Print(byte[] photo)
    {
        using var decoded = SKBitmap.Decode(photo);
        var height = (int)Math.Round(decoded.Height * 640.0 / decoded.Width);
        using var scaled = new SKBitmap(new SKImageInfo(640, height, SKColorType.Rgba8888, SKAlphaType.Opaque));
        decoded.ScalePixels(scaled, new SKSamplingOptions(SKCubicResampler.Mitchell));
        using var image = SKImage.FromBitmap(scaled);
        foreach (var (format, quality) in new[]
                 {
                     (SKEncodedImageFormat.Webp, 60), (SKEncodedImageFormat.Webp, 75), (SKEncodedImageFormat.Webp, 85),
                     (SKEncodedImageFormat.Jpeg, 70), (SKEncodedImageFormat.Jpeg, 80), (SKEncodedImageFormat.Jpeg, 90),
                 })
        {
            using var data = image.Encode(format, quality);
            using var back = SKBitmap.Decode(data);
            Console.WriteLine($"quality: 640 px {format} q{quality}: {data.Size,7:N0} bytes, PSNR {Psnr(scaled, back):F1} dB");
        }
    }

    private static double Psnr(SKBitmap a, SKBitmap b)
    {
        var x = a.GetPixelSpan();
        using var converted = b.Copy(SKColorType.Rgba8888);
        var y = converted.GetPixelSpan();
        double sum = 0;
        long n = 0;
        for (var i = 0; i < x.Length; i += 4)
        {
            for (var c = 0; c < 3; c++)
            {
                var d = x[i + c] - y[i + c];
                sum += d * d;
                n++;
            }
        }

        return 10 * Math.Log10(255.0 * 255.0 / (sum / n));
    }
}
