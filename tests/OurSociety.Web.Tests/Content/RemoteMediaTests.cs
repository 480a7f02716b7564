using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using Dapper;
using OurSociety.Content;
using OurSociety.Core.Media;
using OurSociety.Federation.Media;
using OurSociety.Storage.Sql;
using OurSociety.Testing;

namespace OurSociety.Web.Tests.Content;

/// <summary>Remote pictures are fetched once through the guarded client, re-encoded, kept and served by the node.</summary>
public sealed class RemoteMediaTests : IAsyncLifetime
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private readonly FederationNetwork _network = new();
    private readonly PictureServer _pictures = new();
    private NodeFactory _node = null!;

    public ValueTask InitializeAsync()
    {
        _node = _network.AddNode("http://a.test").With("OurSociety:Media:MaxBytes", "100000");
        _network.Serve("pictures.test", _pictures);
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync() => await _network.DisposeAsync();

    private RemoteMedia Remote => _node.Service<RemoteMedia>();

    private async Task<(long Rows, int Files)> StoredAsync()
    {
        await using var connection = await _node.Service<IDbConnectionFactory>().OpenAsync(Ct);
        var rows = await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM media");
        var folder = Path.Combine(_node.DataDirectory, "uploads", "media");
        return (rows, Directory.Exists(folder) ? Directory.GetFiles(folder).Length : 0);
    }

    [Fact]
    public async Task GetLocalUrl_RemotePicture_IsFetchedReencodedAndServedFromTheNode()
    {
        var original = TestImages.JpegWithMetadata(90, 60, orientation: 1);
        _pictures.Add("/media/photo.jpg", original, "image/jpeg");

        var local = await Remote.GetLocalUrlAsync("http://pictures.test/media/photo.jpg", Ct);

        Assert.NotNull(local);
        Assert.Matches("^/media/[0-9a-f-]{36}$", local);
        var item = await _node.Service<IMediaStore>().FindByRemoteUrlAsync("http://pictures.test/media/photo.jpg", Ct);
        Assert.NotNull(item);
        Assert.Null(item.OwnerId);
        Assert.Equal((90, 60, "image/jpeg"), (item.Width, item.Height, item.MediaType));
        Assert.Equal(local, MediaFiles.Url(item.Id));

        using var client = _node.CreateClient();
        using var served = await client.GetAsync(local, Ct);
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
        Assert.Equal("image/jpeg", served.Content.Headers.ContentType?.MediaType);
        var bytes = await served.Content.ReadAsByteArrayAsync(Ct);
        Assert.NotEqual(original, bytes);
        Assert.False(TestImages.Contains(bytes, "Exif"));
        Assert.Equal("image/*", _pictures.Accepts.Single());
    }

    [Fact]
    public async Task GetLocalUrl_SecondTime_ComesFromTheCache()
    {
        _pictures.Add("/a.png", TestImages.Png(20, 20, alpha: 50), "image/png");

        var first = await Remote.GetLocalUrlAsync("http://pictures.test/a.png", Ct);
        var second = await Remote.GetLocalUrlAsync("http://pictures.test/a.png", Ct);

        Assert.NotNull(first);
        Assert.Equal(first, second);
        Assert.Equal(1, _pictures.Requests);
        Assert.Equal((1L, 1), await StoredAsync());
    }

    [Fact]
    public async Task GetLocalUrl_ManyAtOnce_KeepOneCopy()
    {
        _pictures.Add("/b.jpg", TestImages.Jpeg(30, 30), "image/jpeg");

        var urls = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Remote.GetLocalUrlAsync("http://pictures.test/b.jpg", Ct)));

        Assert.Single(urls.Distinct());
        Assert.NotNull(urls[0]);
        Assert.Equal((1L, 1), await StoredAsync());
    }

    [Theory]
    [InlineData("http://pictures.test/missing.jpg")]                 // 404
    [InlineData("http://pictures.test/page.html")]                   // not a picture
    [InlineData("http://pictures.test/huge.png")]                    // over the node's 100 000 bytes
    [InlineData("http://pictures.test/truncated.jpg")]               // damaged
    [InlineData("http://nobody.test/x.jpg")]                         // nothing answers
    [InlineData("ftp://pictures.test/x.jpg")]                        // refused scheme
    [InlineData("/media/relative.jpg")]                              // not a URL of another server
    public async Task GetLocalUrl_Unavailable_IsNullAndStoresNothing(string url)
    {
        _pictures.Add("/page.html", "<html><script>alert(1)</script></html>"u8.ToArray(), "image/jpeg");
        _pictures.Add("/huge.png", TestImages.NoisyPng(200, 200), "image/png");
        var jpeg = TestImages.Jpeg(200, 200);
        _pictures.Add("/truncated.jpg", jpeg[..(jpeg.Length / 2)], "image/jpeg");

        Assert.Null(await Remote.GetLocalUrlAsync(url, Ct));
        Assert.Equal((0L, 0), await StoredAsync());
    }

    /// <summary>Serves fixed pictures by path and counts requests; anything else is a 404.</summary>
    private sealed class PictureServer : HttpMessageHandler
    {
        private readonly ConcurrentDictionary<string, (byte[] Bytes, string Type)> _files = new(StringComparer.Ordinal);
        private int _requests;

        public int Requests => _requests;

        public ConcurrentQueue<string> Accepts { get; } = new();

        public void Add(string path, byte[] bytes, string type) => _files[path] = (bytes, type);

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _requests);
            Accepts.Enqueue(request.Headers.Accept.ToString());
            if (request.Method != HttpMethod.Get || !_files.TryGetValue(request.RequestUri!.AbsolutePath, out var file))
            {
                return Task.FromResult(new HttpResponseMessage(HttpStatusCode.NotFound));
            }

            var content = new ByteArrayContent(file.Bytes);
            content.Headers.ContentType = MediaTypeHeaderValue.Parse(file.Type);
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = content });
        }
    }
}
