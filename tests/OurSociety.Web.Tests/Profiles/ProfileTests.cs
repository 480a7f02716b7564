using System.Net;
using OurSociety.Core.Members;
using OurSociety.Testing;

namespace OurSociety.Web.Tests.Profiles;

public sealed class ProfileTests(ProfilesNode node) : IClassFixture<ProfilesNode>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Profile_ActiveMember_ShowsWhoTheyAreWithoutJavaScript()
    {
        var member = await node.CreateMemberAsync("profile_ada", roles: [Role.Member, Role.GlueEr, Role.Moderator]);
        await node.Service<MemberService>().UpdateProfileAsync(member.Id, "Ada <Lovelace>", "Fixes bikes.\nBakes bread.", "Riverside North", Ct);
        using var browser = new Browserless(node);

        var (status, html) = await browser.GetAsync("/@profile_ada");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("<h1 id=\"profile-name\">Ada &lt;Lovelace&gt;</h1>", html, StringComparison.Ordinal);
        Assert.Contains("@profile_ada@hub.test:8080", html, StringComparison.Ordinal);
        Assert.Contains(">Glue-er</li>", html, StringComparison.Ordinal);
        Assert.Contains(">Moderator</li>", html, StringComparison.Ordinal);
        Assert.DoesNotContain(">Admin</li>", html, StringComparison.Ordinal);
        Assert.Contains("Riverside North", html, StringComparison.Ordinal);
        Assert.Contains("Fixes bikes.\nBakes bread.", WebUtility.HtmlDecode(html), StringComparison.Ordinal);
        Assert.DoesNotContain("<img", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Profile_OtherCase_RedirectsPermanentlyToTheRealName()
    {
        // Typed with capitals, kept in lower case: the name is also the actor id, which never changes.
        await node.CreateMemberAsync("Grace_Hopper");
        using var browser = new Browserless(node);

        var response = await browser.Client.GetAsync("/@grace_HOPPER", Ct);

        Assert.Equal(HttpStatusCode.MovedPermanently, response.StatusCode);
        Assert.Equal("/@grace_hopper", response.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/@grace_hopper")).Status);
    }

    [Theory]
    [InlineData("/@nobody_here")]
    [InlineData("/@")]
    [InlineData("/@a_name_that_is_much_too_long_to_exist_here")]
    [InlineData("/@someone@elsewhere.example")]
    public async Task Profile_Unknown_IsHelpfulNotFound(string url)
    {
        using var browser = new Browserless(node);

        var (status, html) = await browser.GetAsync(url);

        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Contains("<h1>", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Profile_Unknown_SaysNoSuchMember()
    {
        using var browser = new Browserless(node);

        var (_, html) = await browser.GetAsync("/@nobody_at_all");

        Assert.Contains("No such member", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Avatar_Uploaded_ShownOnProfileAndServedWithLongCache()
    {
        var member = await node.CreateMemberAsync("profile_pic");
        var file = "0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b.png";
        var bytes = new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3 };
        await WriteUploadAsync($"avatars/{file}", bytes);
        await node.WriteAsync(tx => node.Service<IMemberStore>().SetAvatarAsync(member.Id, $"avatars/{file}", node.Time.GetUtcNow(), tx, Ct));
        using var browser = new Browserless(node);

        var (_, html) = await browser.GetAsync("/@profile_pic");
        // An empty alt (rendered as a bare "alt"): the name beside the picture says who it is.
        Assert.Contains($"<img class=\"avatar\" src=\"/media/avatars/{file}\" alt ", html, StringComparison.Ordinal);

        var response = await browser.Client.GetAsync($"/media/avatars/{file}", Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/png", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(TimeSpan.FromDays(365), response.Headers.CacheControl?.MaxAge);
        Assert.True(response.Headers.CacheControl?.Public);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal(bytes, await response.Content.ReadAsByteArrayAsync(Ct));
    }

    [Theory]
    [InlineData("/media/avatars/missing.png")]
    [InlineData("/media/avatars/..%2Fsecret.png")]
    [InlineData("/media/avatars/..%2F..%2Foursociety.db")]
    [InlineData("/media/avatars/%2E%2E%2Fsecret.png")]
    [InlineData("/media/avatars/..%5Csecret.png")]
    [InlineData("/media/avatars/../secret.png")]
    [InlineData("/media/avatars/notes.txt")]
    [InlineData("/media/avatars/drawing.svg")]
    [InlineData("/media/avatars/.hidden.png")]
    [InlineData("/media/avatars/two.dots.png")]
    public async Task Avatar_AnythingButAStoredImage_IsNotFound(string url)
    {
        await WriteUploadAsync("secret.png", [1, 2, 3]);
        await WriteUploadAsync("avatars/notes.txt", [1, 2, 3]);
        await WriteUploadAsync("avatars/drawing.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>"u8.ToArray());
        await WriteUploadAsync("avatars/.hidden.png", [1, 2, 3]);
        await WriteUploadAsync("avatars/two.dots.png", [1, 2, 3]);
        using var browser = new Browserless(node);

        var response = await browser.Client.GetAsync(url, Ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Home_RendersItsContentWithoutJavaScript()
    {
        using var browser = new Browserless(node);

        var (status, html) = await browser.GetAsync("/");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("<h1 id=\"hub-name\">Riverside Repair Café</h1>", WebUtility.HtmlDecode(html), StringComparison.Ordinal);
        Assert.Contains("Riverside", html, StringComparison.Ordinal);
        Assert.Contains("We fix things together on Tuesdays.", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
    }

    private async Task WriteUploadAsync(string relativePath, byte[] bytes)
    {
        _ = node.Services;   // the node makes its uploads folder at start
        var path = Path.Combine(node.DataDirectory, "uploads", relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await File.WriteAllBytesAsync(path, bytes, Ct);
    }
}
