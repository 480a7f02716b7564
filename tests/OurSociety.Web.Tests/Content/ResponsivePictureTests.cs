using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using Dapper;
using OurSociety.Content;
using OurSociety.Core.Media;
using OurSociety.Storage.Sql;
using OurSociety.Testing;
using OurSociety.Web.Tests.Api;
using SkiaSharp;

namespace OurSociety.Web.Tests.Content;

/// <summary>
/// A phone photo is offered in the sizes a screen needs: the story page and the home page's card carry srcset, sizes,
/// width and height, and every address they name answers with its type, cached for good and not compressed again.
/// </summary>
public sealed class ResponsivePictureTests(NodeFactory node) : IClassFixture<NodeFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<(Guid StoryId, Guid MediaId)> StoryWithPhotoAsync(string username, int width = 2400, int height = 1600)
    {
        using var user = await node.ApiUserAsync(username);
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(TestImages.Jpeg(width, height));
        file.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");
        form.Add(file, "file", "photo.jpg");
        var mediaId = (await (await user.Client.PostAsync(ApiTestKit.Prefix + "/media", form, Ct)).JsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();
        var story = await (await user.Client.PostAsJsonAsync(ApiTestKit.Prefix + "/stories", new
        {
            title = "Market day " + username,
            body = "The stalls.",
            images = new[] { new { mediaId, alt = "Stalls under a striped awning" } },
        }, Ct)).JsonAsync(HttpStatusCode.Created);
        return (story.GetProperty("id").GetGuid(), mediaId);
    }

    private static async Task<IDocument> PageAsync(HttpClient client, string path) =>
        await new HtmlParser().ParseDocumentAsync(await client.GetStringAsync(path, Ct));

    private static List<(string Url, int Width)> Candidates(string? srcset) =>
        [.. (srcset ?? "").Split(", ").Select(c => c.Split(' ')).Select(p => (p[0], int.Parse(p[1].TrimEnd('w'), System.Globalization.CultureInfo.InvariantCulture)))];

    [Fact]
    public async Task StoryPage_OffersEveryVersion_WithSizesWidthAndHeight()
    {
        var (storyId, mediaId) = await StoryWithPhotoAsync("rp_story");
        using var client = node.CreateClient();

        var page = await PageAsync(client, $"/stories/{storyId}");

        var picture = Assert.Single(page.QuerySelectorAll("figure.picture picture"));
        var source = Assert.Single(picture.QuerySelectorAll("source"));
        Assert.Equal("image/webp", source.GetAttribute("type"));
        Assert.Equal(
            [($"/media/{mediaId}/320.webp", 320), ($"/media/{mediaId}/640.webp", 640), ($"/media/{mediaId}/1280.webp", 1280), ($"/media/{mediaId}/2048.webp", 2048)],
            Candidates(source.GetAttribute("srcset")));
        var img = picture.QuerySelector("img")!;
        Assert.Equal($"/media/{mediaId}/640.jpg", img.GetAttribute("src"));
        Assert.Equal(
            [($"/media/{mediaId}/320.jpg", 320), ($"/media/{mediaId}/640.jpg", 640), ($"/media/{mediaId}/1280.jpg", 1280), ($"/media/{mediaId}", 2048)],
            Candidates(img.GetAttribute("srcset")));
        Assert.Equal((source.GetAttribute("sizes"), "2048", "1365"), (img.GetAttribute("sizes"), img.GetAttribute("width"), img.GetAttribute("height")));
        Assert.Contains("100vw", img.GetAttribute("sizes"), StringComparison.Ordinal);
        Assert.Equal("Stalls under a striped awning", img.GetAttribute("alt"));
        Assert.Null(img.GetAttribute("loading"));   // the first picture is likely in view: not held back
        Assert.Equal("async", img.GetAttribute("decoding"));
    }

    [Fact]
    public async Task HomeCard_OffersTheSmallVersions_AndEachAnswersWithItsTypeCachedForGood()
    {
        var (storyId, mediaId) = await StoryWithPhotoAsync("rp_card");
        using var client = node.CreateClient();

        var page = await PageAsync(client, "/");

        var card = page.QuerySelector($"article[aria-labelledby='post-{storyId}']");
        Assert.NotNull(card);
        var source = card.QuerySelector("picture source[type='image/webp']")!;
        var img = card.QuerySelector("picture img.thumb")!;
        Assert.Equal([($"/media/{mediaId}/320.webp", 320), ($"/media/{mediaId}/640.webp", 640)], Candidates(source.GetAttribute("srcset")));
        Assert.Equal([($"/media/{mediaId}/320.jpg", 320), ($"/media/{mediaId}/640.jpg", 640)], Candidates(img.GetAttribute("srcset")));
        Assert.Equal(("2048", "1365", "lazy"), (img.GetAttribute("width"), img.GetAttribute("height"), img.GetAttribute("loading")));
        Assert.Contains("20rem", img.GetAttribute("sizes"), StringComparison.Ordinal);

        foreach (var (url, width) in Candidates(source.GetAttribute("srcset")).Concat(Candidates(img.GetAttribute("srcset"))))
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            request.Headers.AcceptEncoding.ParseAdd("br, gzip");
            using var response = await client.SendAsync(request, Ct);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(url.EndsWith(".webp", StringComparison.Ordinal) ? "image/webp" : "image/jpeg", response.Content.Headers.ContentType?.MediaType);
            Assert.Equal("public, max-age=31536000, immutable", response.Headers.CacheControl?.ToString());
            Assert.Empty(response.Content.Headers.ContentEncoding);
            Assert.NotNull(response.Headers.ETag);
            using var bitmap = SKBitmap.Decode(await response.Content.ReadAsByteArrayAsync(Ct));
            Assert.Equal((width, PictureVersions.HeightFor(width, 2048, 1365)), (bitmap.Width, bitmap.Height));
        }
    }

    [Fact]
    public async Task VersionNotMadeYet_ThePictureStandsInBriefly_AndUnknownVersionsAre404()
    {
        var (_, mediaId) = await StoryWithPhotoAsync("rp_standin", 800, 600);
        using var client = node.CreateClient();
        await using (var connection = await node.Service<IDbConnectionFactory>().OpenAsync(Ct))
        {
            // As a picture stored before versions existed, whose work item has not run yet.
            await connection.ExecuteAsync("UPDATE media SET versions_made_at = NULL WHERE id = @Id", new { Id = mediaId });
        }

        using var standIn = await client.GetAsync($"/media/{mediaId}/320.webp", Ct);
        Assert.Equal(HttpStatusCode.OK, standIn.StatusCode);
        Assert.Equal("image/jpeg", standIn.Content.Headers.ContentType?.MediaType);
        Assert.Equal("public, max-age=300", standIn.Headers.CacheControl?.ToString());

        foreach (var wrong in new[] { "1280.webp", "1280.jpg", "800.jpg", "100.webp", "640.gif", "640", "640.webp.jpg", "x.webp" })
        {
            using var response = await client.GetAsync($"/media/{mediaId}/{wrong}", Ct);
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, wrong);
        }
    }

    [Fact]
    public async Task WorkItem_MakesTheVersionsOfAPictureStoredWithout()
    {
        var (_, mediaId) = await StoryWithPhotoAsync("rp_backfill", 700, 500);
        var folder = Path.Combine(node.DataDirectory, "uploads", "media", mediaId.ToString("D"));
        Directory.Delete(folder, recursive: true);
        await using (var connection = await node.Service<IDbConnectionFactory>().OpenAsync(Ct))
        {
            await connection.ExecuteAsync("DELETE FROM media_version WHERE media_id = @Id; UPDATE media SET versions_made_at = NULL WHERE id = @Id", new { Id = mediaId });
        }

        await using (var tx = await node.Service<Core.ITransactions>().BeginAsync(Ct))
        {
            await node.Service<Core.Work.IWorkItemStore>().AddAsync([MediaVersions.Item(mediaId)], tx, Ct);
            await tx.CommitAsync(Ct);
        }

        await node.DrainAsync();

        Assert.NotNull((await node.Service<IMediaStore>().FindAsync(mediaId, Ct))?.VersionsMadeAt);
        Assert.Equal([(320, "image/jpeg"), (320, "image/webp"), (640, "image/jpeg"), (640, "image/webp"), (700, "image/webp")],
            (await node.Service<IMediaStore>().VersionsAsync(mediaId, Ct)).Select(v => (v.Width, v.MediaType)));
        Assert.Equal(5, Directory.GetFiles(folder).Length);
    }
}
