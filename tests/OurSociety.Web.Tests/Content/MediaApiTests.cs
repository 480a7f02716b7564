using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;
using Dapper;
using OurSociety.Core.Media;
using OurSociety.Storage.Sql;
using OurSociety.Testing;
using OurSociety.Web.Tests.Api;
using SkiaSharp;

namespace OurSociety.Web.Tests.Content;

/// <summary>A node that keeps pictures of up to 100 000 bytes, so the size limit is quick to test.</summary>
public sealed class SmallMediaNode : NodeFactory
{
    public const long MaxBytes = 100_000;

    public SmallMediaNode() => With("OurSociety:Media:MaxBytes", MaxBytes.ToString(System.Globalization.CultureInfo.InvariantCulture));
}

public sealed partial class MediaApiTests(SmallMediaNode node) : IClassFixture<SmallMediaNode>
{
    private const string Upload = ApiTestKit.Prefix + "/media";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static MultipartFormDataContent Form(byte[] bytes, string field = "file", string fileName = "photo.jpg", string type = "image/jpeg")
    {
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = MediaTypeHeaderValue.Parse(type);
        return new MultipartFormDataContent { { file, field, fileName } };
    }

    /// <summary>A fresh username: a UUIDv7 starts with the time, so its random end makes the difference.</summary>
    private static string NewName(string prefix) => prefix + Guid.CreateVersion7().ToString("N")[^12..];

    private async Task<ApiUser> UserAsync() => await node.ApiUserAsync(NewName("m"));

    private async Task<(long Rows, int Files)> StoredAsync()
    {
        await using var connection = await node.Service<IDbConnectionFactory>().OpenAsync(Ct);
        var rows = await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM media");
        var folder = Path.Combine(node.DataDirectory, "uploads", "media");
        return (rows, Directory.Exists(folder) ? Directory.GetFiles(folder).Length : 0);
    }

    private async Task AssertRefusedAsync(HttpResponseMessage response, HttpStatusCode status, (long, int) before, string? fileError = null)
    {
        var problem = await response.ProblemAsync(status);
        if (fileError is not null)
        {
            Assert.Equal(fileError, problem.GetProperty("errors").GetProperty("file")[0].GetString());
        }

        Assert.Equal(before, await StoredAsync());
    }

    [Fact]
    public async Task Upload_Jpeg_Answers201AndTheNodeServesIt()
    {
        using var user = await UserAsync();
        using var form = Form(TestImages.JpegWithMetadata(120, 80, orientation: 6));

        using var response = await user.Client.PostAsync(Upload, form, Ct);

        var body = await response.JsonAsync(HttpStatusCode.Created);
        var id = body.GetProperty("id").GetGuid();
        var url = body.GetProperty("url").GetString()!;
        Assert.Equal($"{node.PublicUrl}/media/{id:D}", url);
        Assert.Equal(url, response.Headers.Location?.ToString());
        Assert.Equal("image/jpeg", body.GetProperty("mediaType").GetString());
        Assert.Equal((80, 120), (body.GetProperty("width").GetInt32(), body.GetProperty("height").GetInt32()));

        var item = await node.Service<IMediaStore>().FindAsync(id, Ct);
        Assert.NotNull(item);
        Assert.Equal(user.Member.Id, item.OwnerId);
        Assert.Null(item.RemoteUrl);

        using var anonymous = node.CreateClient();
        using var served = await anonymous.GetAsync(new Uri(url).AbsolutePath, Ct);
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
        Assert.Equal("image/jpeg", served.Content.Headers.ContentType?.MediaType);
        Assert.Equal("public, max-age=31536000, immutable", served.Headers.CacheControl?.ToString());
        Assert.Equal("nosniff", served.Headers.GetValues("X-Content-Type-Options").Single());
        var bytes = await served.Content.ReadAsByteArrayAsync(Ct);
        Assert.Equal(item.Size, bytes.Length);
        Assert.False(TestImages.Contains(bytes, "Exif"));
        using var decoded = SKBitmap.Decode(bytes);
        Assert.Equal((80, 120), (decoded.Width, decoded.Height));
    }

    [Fact]
    public async Task Upload_PngWithTransparency_IsKeptAsPng()
    {
        using var user = await UserAsync();
        using var form = Form(TestImages.Png(40, 40, alpha: 128), fileName: "logo.png", type: "image/png");

        using var response = await user.Client.PostAsync(Upload, form, Ct);

        Assert.Equal("image/png", (await response.JsonAsync(HttpStatusCode.Created)).GetProperty("mediaType").GetString());
    }

    [Fact]
    public async Task Upload_TextFileNamedJpg_Answers400WithAFileErrorAndStoresNothing()
    {
        using var user = await UserAsync();
        var before = await StoredAsync();
        using var form = Form(Encoding.UTF8.GetBytes("not a picture"));

        using var response = await user.Client.PostAsync(Upload, form, Ct);

        await AssertRefusedAsync(response, HttpStatusCode.BadRequest, before, "Please choose a JPEG, PNG, WebP or GIF picture.");
    }

    [Fact]
    public async Task Upload_TruncatedPicture_Answers400AndStoresNothing()
    {
        using var user = await UserAsync();
        var before = await StoredAsync();
        var png = TestImages.NoisyPng(60, 60);
        using var form = Form(png[..(png.Length / 2)], fileName: "x.png", type: "image/png");

        using var response = await user.Client.PostAsync(Upload, form, Ct);

        await AssertRefusedAsync(response, HttpStatusCode.BadRequest, before, "This picture could not be read: the file may be damaged or incomplete. Please try another one.");
    }

    [Fact]
    public async Task Upload_HugeDimensions_Answers400AndStoresNothing()
    {
        using var user = await UserAsync();
        var before = await StoredAsync();
        using var form = Form(TestImages.JpegClaimingHugeSize());

        using var response = await user.Client.PostAsync(Upload, form, Ct);

        await AssertRefusedAsync(response, HttpStatusCode.BadRequest, before);
    }

    [Fact]
    public async Task Upload_NoFileField_Answers400WithAFileError()
    {
        using var user = await UserAsync();
        var before = await StoredAsync();
        using var form = Form(TestImages.Jpeg(10, 10), field: "picture");

        using var response = await user.Client.PostAsync(Upload, form, Ct);

        await AssertRefusedAsync(response, HttpStatusCode.BadRequest, before, "Please choose a picture to upload.");
    }

    [Fact]
    public async Task Upload_EmptyFile_Answers400WithAFileError()
    {
        using var user = await UserAsync();
        var before = await StoredAsync();
        using var form = Form([]);

        using var response = await user.Client.PostAsync(Upload, form, Ct);

        await AssertRefusedAsync(response, HttpStatusCode.BadRequest, before, "Please choose a picture to upload.");
    }

    [Theory]
    [InlineData("application/json", "{\"file\":\"x\"}")]
    [InlineData("application/x-www-form-urlencoded", "file=x")]
    [InlineData("image/jpeg", "\u00ff\u00d8\u00ff")]
    public async Task Upload_NotMultipart_Answers415(string contentType, string body)
    {
        using var user = await UserAsync();
        var before = await StoredAsync();

        using var response = await user.Client.SendRawAsync(HttpMethod.Post, Upload, body, contentType);

        await AssertRefusedAsync(response, HttpStatusCode.UnsupportedMediaType, before);
    }

    [Fact]
    public async Task Upload_FileOverTheCap_Answers413AndStoresNothing()
    {
        using var user = await UserAsync();
        var before = await StoredAsync();
        // Over the picture limit, within the room allowed for the form around it: refused by the file's own length.
        byte[] bytes = [0xFF, 0xD8, 0xFF, .. new byte[SmallMediaNode.MaxBytes]];
        using var form = Form(bytes);

        using var response = await user.Client.PostAsync(Upload, form, Ct);

        await AssertRefusedAsync(response, HttpStatusCode.RequestEntityTooLarge, before);
    }

    [Fact]
    public async Task Upload_BodyOverTheCap_Answers413BeforeReadingIt()
    {
        using var user = await UserAsync();
        var before = await StoredAsync();
        using var form = Form(new byte[SmallMediaNode.MaxBytes * 3]);

        using var response = await user.Client.PostAsync(Upload, form, Ct);

        await AssertRefusedAsync(response, HttpStatusCode.RequestEntityTooLarge, before);
    }

    [Fact]
    public async Task Upload_NotSignedIn_Answers401()
    {
        using var client = node.CreateClient();
        using var form = Form(TestImages.Jpeg(10, 10));

        using var response = await client.PostAsync(Upload, form, Ct);

        await response.ProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Upload_WithCookieButNoAntiforgeryToken_Answers400AndStoresNothing()
    {
        var member = await node.CreateMemberAsync(NewName("cookie"));
        using var browser = await node.SignedInBrowserAsync(member.Username);
        var before = await StoredAsync();
        using var form = Form(TestImages.Jpeg(10, 10));

        using var response = await browser.Client.PostAsync(Upload, form, Ct);

        await AssertRefusedAsync(response, HttpStatusCode.BadRequest, before);
    }

    [Fact]
    public async Task Upload_WithCookieAndAntiforgeryToken_Answers201()
    {
        var member = await node.CreateMemberAsync(NewName("cookie"));
        using var browser = await node.SignedInBrowserAsync(member.Username);
        var (_, html) = await browser.GetAsync("/settings/profile");
        var token = TokenField().Match(html);
        Assert.True(token.Success, "no antiforgery token on the settings page");
        using var form = Form(TestImages.Jpeg(10, 10));
        form.Add(new StringContent(WebUtility.HtmlDecode(token.Groups["value"].Value)), Browserless.AntiforgeryField);

        using var response = await browser.Client.PostAsync(Upload, form, Ct);

        await response.JsonAsync(HttpStatusCode.Created);
    }

    [Theory]
    [InlineData("/media/0190a000-0000-7000-8000-000000000000")]
    [InlineData("/media/not-a-guid")]
    [InlineData("/media/..%2Fkeys")]
    public async Task Get_UnknownPicture_Answers404(string path)
    {
        using var client = node.CreateClient();

        using var response = await client.GetAsync(path, Ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\"[^>]*value=\"(?<value>[^\"]*)\"")]
    private static partial Regex TokenField();
}
