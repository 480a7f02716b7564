using System.Net;
using System.Net.Http.Json;
using OurSociety.Core.Posts;
using OurSociety.Testing;
using OurSociety.Web.Tests.Api;

namespace OurSociety.Web.Tests.Posts;

/// <summary>A language per post: chosen on the forms and in the API, checked, kept, and marked on the page.</summary>
public sealed class PostLanguageTests(NodeFactory node) : IClassFixture<NodeFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("cy", "cy")]
    [InlineData("AR", "ar")]
    [InlineData("pt-br", "pt-BR")]
    [InlineData("en_GB", "en-GB")]
    public void Tags_AreNormalised(string given, string expected)
    {
        Assert.True(PostLanguages.TryNormalise(given, out var tag));
        Assert.Equal(expected, tag);
    }

    [Theory]
    [InlineData("xx")]
    [InlineData("klingon")]
    [InlineData("en GB")]
    [InlineData("e")]
    [InlineData("123")]
    [InlineData("")]
    public void Tags_ThatAreNoKnownLanguage_AreRefused(string given) => Assert.False(PostLanguages.TryNormalise(given, out _));

    [Fact]
    public async Task Api_LanguageIsKept_DefaultsToTheAuthors_AndAnUnknownOneIs400()
    {
        using var user = await node.ApiUserAsync("lang_api");
        var stories = ApiTestKit.Prefix + "/stories";

        var welsh = await (await user.Client.PostAsJsonAsync(stories, new { title = "Diwrnod trwsio", body = "Daeth deugain o bobl.", language = "CY" }, Ct))
            .JsonAsync(HttpStatusCode.Created);
        Assert.Equal("cy", welsh.GetProperty("language").GetString());

        var unsaid = await (await user.Client.PostAsJsonAsync(stories, new { title = "Repair day", body = "Forty came." }, Ct)).JsonAsync(HttpStatusCode.Created);
        Assert.Equal(PostLanguages.DefaultFor(null), unsaid.GetProperty("language").GetString());

        // An edit that names no language keeps the one it had.
        var id = welsh.GetProperty("id").GetGuid();
        var edited = await (await user.Client.PutAsJsonAsync($"{stories}/{id}", new { title = "Diwrnod trwsio", body = "Daeth hanner cant." }, Ct))
            .JsonAsync(HttpStatusCode.OK);
        Assert.Equal("cy", edited.GetProperty("language").GetString());

        await (await user.Client.PostAsJsonAsync(stories, new { title = "Bad", body = "Bad", language = "xx" }, Ct)).ValidationProblemAsync("language");
        await (await user.Client.PostAsJsonAsync(ApiTestKit.Prefix + "/lessons", new { title = "Bad", learned = "Bad", language = "not a language" }, Ct))
            .ValidationProblemAsync("language");
        var reply = await (await user.Client.PostAsJsonAsync($"{stories}/{id}/replies", new { body = "شكرا", language = "ar" }, Ct)).JsonAsync(HttpStatusCode.Created);
        Assert.Equal("ar", reply.GetProperty("language").GetString());
    }

    [Fact]
    public async Task Api_PostWithoutALanguage_TakesTheAuthorsChosenLanguage()
    {
        using var user = await node.ApiUserAsync("lang_welsh_author");
        await node.Service<OurSociety.Core.Members.IMemberStore>().SetLanguageAsync(user.Member.Id, "cy", Ct);

        var story = await (await user.Client.PostAsJsonAsync(ApiTestKit.Prefix + "/stories", new { title = "Diwrnod trwsio", body = "Daeth deugain." }, Ct))
            .JsonAsync(HttpStatusCode.Created);

        Assert.Equal("cy", story.GetProperty("language").GetString());
    }

    [Fact]
    public async Task Forms_OfferTheNodesLanguages_UnderALabel_AndKeepTheChoice()
    {
        var me = await node.CreateMemberAsync("lang_form");
        using var browser = await node.SignedInBrowserAsync("lang_form");

        var (_, form) = await browser.GetAsync("/stories/new");
        Assert.Contains("<label for=\"language\">Language of this post</label>", form, StringComparison.Ordinal);
        Assert.Contains("<select id=\"language\" name=\"language\"", form, StringComparison.Ordinal);
        Assert.Contains("<option value=\"en\" lang=\"en\" selected", form, StringComparison.Ordinal);
        Assert.Contains("<option value=\"cy\" lang=\"cy\">Cymraeg</option>", form, StringComparison.Ordinal);
        Assert.Contains("<option value=\"ar\" lang=\"ar\">العربية</option>", form, StringComparison.Ordinal);
        Assert.Contains("name=\"language\"", (await browser.GetAsync("/lessons/new")).Html, StringComparison.Ordinal);

        var fields = new Dictionary<string, string> { ["title"] = "قصة", ["body"] = "كتبناها معا.", ["language"] = "ar", ["action"] = "publish" };
        using var response = await browser.PostMultipartAsync("/stories/new", "/stories/new", fields);
        var id = response.RedirectedPostId();
        Assert.Equal("ar", (await node.Service<IPostStore>().FindAsync(id, Ct))!.Language);
        Assert.Contains("<option value=\"ar\" lang=\"ar\" selected", (await browser.GetAsync($"/stories/{id}/edit")).Html, StringComparison.Ordinal);

        // A written Arabic post on an English page: its words are marked Arabic, right to left; the page's own words are not.
        var (_, page) = await browser.GetAsync($"/stories/{id}");
        Assert.Contains("<h1 id=\"post-title\" lang=\"ar\" dir=\"rtl\">قصة</h1>", page, StringComparison.Ordinal);
        Assert.Contains("<div class=\"content\" lang=\"ar\" dir=\"rtl\">", page, StringComparison.Ordinal);
        var (_, list) = await browser.GetAsync("/local");
        Assert.Contains($"<a href=\"/stories/{id}\" lang=\"ar\" dir=\"rtl\">قصة</a>", list, StringComparison.Ordinal);

        using var bad = await browser.PostMultipartAsync("/stories/new", "/stories/new", fields.With("language", "xx"));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("href=\"#language\"", await bad.BodyAsync(), StringComparison.Ordinal);
        _ = me;
    }

    [Fact]
    public async Task ReplyForm_HasTheLanguageChoice_AndTheReplyKeepsIt()
    {
        var author = await node.CreateMemberAsync("lang_reply_author");
        await node.CreateMemberAsync("lang_replier");
        var story = await node.StoryAsync(author.Id, "Reply in Welsh");
        using var browser = await node.SignedInBrowserAsync("lang_replier");

        using var response = await browser.SubmitAsync($"/stories/{story.Id}", $"/stories/{story.Id}/replies",
            new Dictionary<string, string> { ["body"] = "Diolch yn fawr", ["language"] = "cy" });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var reply = Assert.Single(await node.Service<IPostStore>().RepliesAsync(story.Id, Ct));
        Assert.Equal("cy", reply.Language);
        var (_, page) = await browser.GetAsync($"/stories/{story.Id}");
        Assert.Contains("<div class=\"content\" lang=\"cy\" dir=\"ltr\">", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReceivedPost_IsMarkedWithItsLanguage_AndDirAuto()
    {
        var now = node.Time.GetUtcNow();
        var received = new Post
        {
            Id = Guid.CreateVersion7(now),
            Kind = PostKind.Story,
            RemoteAuthor = "https://remote.example/users/layla",
            ApId = "https://remote.example/notes/ar-1",
            Format = TextFormat.Html,
            Title = "حديقة الحي",
            Body = "<p>زرعنا الفول معا.</p>",
            Language = "ar",
            CreatedAt = now,
            PublishedAt = now,
        };
        await node.WriteAsync(tx => node.Service<IPostStore>().AddAsync(received, tx, Ct));
        using var browser = new Browserless(node);

        var (_, page) = await browser.GetAsync($"/stories/{received.Id}");

        Assert.Contains("<h1 id=\"post-title\" lang=\"ar\" dir=\"auto\">", page, StringComparison.Ordinal);
        Assert.Contains("<div class=\"content\" lang=\"ar\" dir=\"auto\">", page, StringComparison.Ordinal);
    }
}
