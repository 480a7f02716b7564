using System.Net;
using System.Net.Http.Json;
using OurSociety.Core.Paging;
using OurSociety.Core.Posts;
using OurSociety.Core.Search;
using OurSociety.Testing;
using OurSociety.Web.Tests.Api;

namespace OurSociety.Web.Tests.Finding;

public sealed class SearchTests(NodeFactory node) : IClassFixture<NodeFactory>
{
    private const string Search = ApiTestKit.Prefix + "/search";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Search_TitleMatch_RanksAboveBodyMatch()
    {
        using var user = await node.ApiUserAsync("search_rank");
        await user.StoryAsync(new { title = "Our street party", body = "We mentioned zucchiniwords once." });
        await user.StoryAsync(new { title = "Zucchiniwords for everyone", body = "A whole story about zucchiniwords." });
        using var anonymous = node.CreateClient();

        var found = await (await anonymous.GetAsync($"{Search}?q=ZUCCHINIWORDS", Ct)).JsonAsync(HttpStatusCode.OK);

        Assert.Equal(["Zucchiniwords for everyone", "Our street party"], found.Titles());
    }

    [Fact]
    public async Task Search_EveryWordMustMatch_InAnyField()
    {
        using var user = await node.ApiUserAsync("search_fields");
        await user.StoryAsync(new { title = "Seed swap", body = "b", topics = new[] { "allwordstopic" }, locality = "Allwordsville" });
        await (await user.Client.PostAsJsonAsync(FindingKit.Lessons, new { title = "Keep it going", learned = "Allwordsadvice matters", advice = "Rotate hosts" }, Ct))
            .JsonAsync(HttpStatusCode.Created);
        using var anonymous = node.CreateClient();

        Assert.Equal(["Seed swap"], (await (await anonymous.GetAsync($"{Search}?q=allwordstopic allwordsville", Ct)).JsonAsync(HttpStatusCode.OK)).Titles());
        Assert.Equal(["Keep it going"], (await (await anonymous.GetAsync($"{Search}?q=allwordsadvice", Ct)).JsonAsync(HttpStatusCode.OK)).Titles());
        Assert.Empty((await (await anonymous.GetAsync($"{Search}?q=allwordstopic allwordsadvice", Ct)).JsonAsync(HttpStatusCode.OK)).Titles());
    }

    [Fact]
    public async Task Search_UnlistedDraftsFollowersOnlyDeletedAndReplies_AreNotFound()
    {
        using var user = await node.ApiUserAsync("search_hidden");
        await user.StoryAsync(new { title = "Hiddenword unlisted", body = "b", visibility = "unlisted" });
        await user.StoryAsync(new { title = "Hiddenword followers", body = "b", visibility = "followers" });
        await user.StoryAsync(new { title = "Hiddenword draft", body = "b", draft = true });
        var deleted = await user.StoryAsync(new { title = "Hiddenword deleted", body = "b" });
        var shown = await user.StoryAsync(new { title = "Shown story", body = "b" });
        await (await user.Client.PostAsJsonAsync($"{FindingKit.Stories}/{shown}/replies", new { body = "hiddenword in a reply" }, Ct)).JsonAsync(HttpStatusCode.Created);
        Assert.Equal(HttpStatusCode.NoContent, (await user.Client.DeleteAsync($"{FindingKit.Stories}/{deleted}", Ct)).StatusCode);

        var found = await (await user.Client.GetAsync($"{Search}?q=hiddenword", Ct)).JsonAsync(HttpStatusCode.OK);

        Assert.Empty(found.Titles());
    }

    [Fact]
    public async Task Search_ReceivedPosts_AreFound_WithoutAccents()
    {
        await node.ReceivedAsync("Le café réparation", "<p>Un <b>atelier</b> farawayword.</p>", ["réparation"]);
        await node.ReceivedAsync("Private farawayword", visibility: Visibility.Followers);
        using var anonymous = node.CreateClient();

        Assert.Equal(["Le café réparation"], (await (await anonymous.GetAsync($"{Search}?q=cafe farawayword", Ct)).JsonAsync(HttpStatusCode.OK)).Titles());
        Assert.Equal(["Le café réparation"], (await (await anonymous.GetAsync($"{Search}?q=Réparation farawayword", Ct)).JsonAsync(HttpStatusCode.OK)).Titles());
    }

    [Fact]
    public async Task Search_AfterEdit_FindsTheNewWordsOnly()
    {
        using var user = await node.ApiUserAsync("search_edit");
        var id = await user.StoryAsync(new { title = "Oldeditword", body = "b", topics = new[] { "oldedittopic" } });

        await (await user.Client.PutAsJsonAsync($"{FindingKit.Stories}/{id}", new { title = "Neweditword", body = "b", topics = new[] { "newedittopic" } }, Ct))
            .JsonAsync(HttpStatusCode.OK);

        using var anonymous = node.CreateClient();
        Assert.Empty((await (await anonymous.GetAsync($"{Search}?q=oldeditword", Ct)).JsonAsync(HttpStatusCode.OK)).Titles());
        Assert.Empty((await (await anonymous.GetAsync($"{Search}?q=oldedittopic", Ct)).JsonAsync(HttpStatusCode.OK)).Titles());
        Assert.Equal(["Neweditword"], (await (await anonymous.GetAsync($"{Search}?q=newedittopic", Ct)).JsonAsync(HttpStatusCode.OK)).Titles());
    }

    [Theory]
    [InlineData("hostileword\"")]
    [InlineData("\"hostileword")]
    [InlineData("hostileword*")]
    [InlineData("-hostileword")]
    [InlineData("NEAR(hostileword")]
    [InlineData("hostileword OR")]
    [InlineData("hostileword AND NOT")]
    [InlineData("^hostileword")]
    [InlineData("title:hostileword")]
    [InlineData("hostileword\u0000\u0007")]
    [InlineData("🌱 hostileword")]
    [InlineData("hostileword' OR 1=1 --")]
    public async Task Search_HostileQuery_IsOnlyWords(string query)
    {
        using var user = await node.ApiUserAsync("search_hostile_" + Math.Abs(query.GetHashCode(StringComparison.Ordinal)));
        await user.StoryAsync(new { title = "A hostileword story", body = "b" });
        using var anonymous = node.CreateClient();

        var response = await anonymous.GetAsync($"{Search}?q={Uri.EscapeDataString(query)}", Ct);

        // Never a 500: each word is matched as text. Some words (title:, OR, 1=1) simply find nothing.
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("\"")]
    [InlineData("* - ^ :")]
    [InlineData("🌱")]
    public async Task Search_NoWords_Is400(string query)
    {
        using var anonymous = node.CreateClient();

        await (await anonymous.GetAsync($"{Search}?q={Uri.EscapeDataString(query)}", Ct)).ValidationProblemAsync("q");
    }

    [Fact]
    public async Task Search_MissingOrTooLong_Is400()
    {
        using var anonymous = node.CreateClient();

        await (await anonymous.GetAsync(Search, Ct)).ValidationProblemAsync("q");
        await (await anonymous.GetAsync($"{Search}?q={new string('a', SearchTerms.MaxLength + 1)}", Ct)).ValidationProblemAsync("q");
        await (await anonymous.GetAsync($"{Search}?q=x&cursor=%%%", Ct)).ValidationProblemAsync("cursor");
    }

    [Fact]
    public async Task Search_Pages_ByKeyset_WithoutRepeats()
    {
        using var user = await node.ApiUserAsync("search_pages");
        for (var i = 0; i < 5; i++)
        {
            await user.StoryAsync(new { title = $"Pagedsearchword {i}", body = string.Join(' ', Enumerable.Repeat("pagedsearchword", i + 1)) });
        }

        var pages = new List<List<System.Text.Json.JsonElement>>();
        string? cursor = null;
        do
        {
            var page = await (await user.Client.GetAsync($"{Search}?q=pagedsearchword&limit=2" + (cursor is null ? "" : $"&cursor={Uri.EscapeDataString(cursor)}"), Ct))
                .JsonAsync(HttpStatusCode.OK);
            pages.Add([.. page.GetProperty("items").EnumerateArray()]);
            cursor = page.GetProperty("next").GetString();
        }
        while (cursor is not null && pages.Count < 10);

        Assert.Equal([2, 2, 1], pages.Select(p => p.Count));
        Assert.Equal(5, pages.SelectMany(p => p).Select(p => p.GetProperty("id").GetGuid()).Distinct().Count());
    }

    [Fact]
    public void MatchExpression_QuotesEveryWord()
    {
        var terms = ((OurSociety.Core.Outcome<SearchTerms>.Ok)SearchTerms.Parse("a\"b NEAR(x) -y*")).Value;

        Assert.Equal("\"a\"\"b\" \"NEAR(x)\" \"-y*\"", OurSociety.Storage.Stores.SqliteSearchIndex.MatchExpression(terms));
    }

    [Fact]
    public async Task SearchPage_WorksWithoutJavaScript()
    {
        using var user = await node.ApiUserAsync("search_page");
        await user.StoryAsync(new { title = "Pagewordsearch <b>bold</b>", body = "b" });
        using var browser = new Browserless(node);

        var (empty, form) = await browser.GetAsync("/search");
        var (found, results) = await browser.GetAsync("/search?q=pagewordsearch");
        var (bad, problem) = await browser.GetAsync("/search?q=%22%22");

        Assert.Equal(HttpStatusCode.OK, empty);
        Assert.Contains("<form method=\"get\" action=\"/search\"", form, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, found);
        Assert.Contains("Pagewordsearch &lt;b&gt;bold&lt;/b&gt;", results, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, bad);
        Assert.Contains("id=\"q-error\"", problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Index_IsTheOneBehindTheInterface()
    {
        Assert.IsType<OurSociety.Storage.Stores.SqliteSearchIndex>(node.Service<ISearchIndex>());
        var page = await node.Service<ISearchIndex>().SearchAsync(((OurSociety.Core.Outcome<SearchTerms>.Ok)SearchTerms.Parse("nothingmatchesthis")).Value, SearchScope.All, Cursor.Start, 5, Ct);
        Assert.Empty(page.Items);
        Assert.Null(page.Next);
    }
}
