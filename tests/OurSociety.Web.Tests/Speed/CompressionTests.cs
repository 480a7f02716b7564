using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using OurSociety.Core.Invitations;
using OurSociety.Testing;
using OurSociety.Web.Tests.Content;
using OurSociety.Web.Tests.Posts;

namespace OurSociety.Web.Tests.Speed;

/// <summary>Brotli, then gzip, for text; nothing for pictures; and the BREACH rule of ARCHITECTURE.md.</summary>
public sealed class CompressionTests(NodeFactory node) : IClassFixture<NodeFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<HttpResponseMessage> GetAsync(HttpClient client, string url, string encodings, string? accept = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.TryAddWithoutValidation("Accept-Encoding", encodings);
        if (accept is not null)
        {
            request.Headers.Accept.ParseAdd(accept);
        }

        return await client.SendAsync(request, Ct);
    }

    private static async Task<string> DecodedAsync(HttpResponseMessage response)
    {
        await using var raw = await response.Content.ReadAsStreamAsync(Ct);
        await using Stream decoded = response.Content.Headers.ContentEncoding.SingleOrDefault() switch
        {
            "br" => new BrotliStream(raw, CompressionMode.Decompress),
            "gzip" => new GZipStream(raw, CompressionMode.Decompress),
            _ => raw,
        };
        using var reader = new StreamReader(decoded);
        return await reader.ReadToEndAsync(Ct);
    }

    [Theory]
    [InlineData("/", "br, gzip", "br")]
    [InlineData("/", "gzip", "gzip")]
    [InlineData("/local", "gzip, deflate, br", "br")]
    [InlineData("/signin", "br", "br")]   // a form token: compressed, it differs in every answer
    [InlineData("/feed.atom", "br", "br")]
    public async Task TextAnswer_IsCompressedAsAsked(string url, string encodings, string expected)
    {
        using var browser = new Browserless(node);

        using var response = await GetAsync(browser.Client, url, encodings);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal([expected], response.Content.Headers.ContentEncoding);
        Assert.Contains("Accept-Encoding", response.Headers.Vary);
        Assert.Contains(url == "/feed.atom" ? "<feed" : "<!DOCTYPE html>", await DecodedAsync(response), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ActivityJson_IsCompressed()
    {
        // The stylesheet is compressed when the node is published (build-time Brotli and gzip): bench/startup.sh shows it.
        using var browser = new Browserless(node);

        using var actor = await GetAsync(browser.Client, "/users/hub", "br", "application/activity+json");

        Assert.Equal(["br"], actor.Content.Headers.ContentEncoding);
        Assert.Contains("\"inbox\"", await DecodedAsync(actor), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Picture_IsNotCompressed()
    {
        await node.CreateMemberAsync("cz_photographer");
        using var browser = await node.SignedInBrowserAsync("cz_photographer");
        var response = await browser.PostMultipartAsync("/stories/new", "/stories/new", new Dictionary<string, string>
        {
            ["title"] = "With a photo",
            ["body"] = "Look.",
            ["licence"] = "CC-BY-4.0",
            ["visibility"] = "public",
            ["image0-alt"] = "A photo",
            ["action"] = "publish",
        }, new PostPageKit.Upload("image0-file", TestImages.NoisyPng(64, 48)));
        var post = await node.Service<OurSociety.Core.Posts.IPostStore>().FindAsync(response.RedirectedPostId(), Ct);
        var media = Assert.Single(post!.Images).MediaId;

        using var picture = await GetAsync(browser.Client, $"/media/{media}", "br, gzip");

        Assert.Equal(HttpStatusCode.OK, picture.StatusCode);
        Assert.StartsWith("image/", picture.Content.Headers.ContentType?.MediaType, StringComparison.Ordinal);
        Assert.Empty(picture.Content.Headers.ContentEncoding);
    }

    [Fact]
    public async Task PageShowingInvitationLinks_IsNotCompressed()
    {
        // BREACH: an invitation link is a lasting secret; the page showing it is sent as it is.
        var member = await node.CreateMemberAsync("cz_inviter");
        await node.Service<InvitationService>().CreateAsync(member.Id, 5, TimeSpan.FromDays(7), Ct);
        using var browser = await node.SignedInBrowserAsync("cz_inviter");

        using var invitations = await GetAsync(browser.Client, "/settings/invitations", "br, gzip");
        using var settings = await GetAsync(browser.Client, "/settings", "br, gzip");

        Assert.Equal(HttpStatusCode.OK, invitations.StatusCode);
        Assert.Empty(invitations.Content.Headers.ContentEncoding);
        Assert.Contains("/invite/", await DecodedAsync(invitations), StringComparison.Ordinal);
        Assert.Equal(["br"], settings.Content.Headers.ContentEncoding);
    }
}
