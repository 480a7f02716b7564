using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OurSociety.Core.Members;
using OurSociety.Core.Needs;
using OurSociety.Core.Paging;
using OurSociety.Testing;
using OurSociety.Web.Tests.Api;
using OurSociety.Web.Tests.Federation.Posts;

namespace OurSociety.Web.Tests.Needs;

/// <summary>The needs and offers API: every rule, every bad input (which changes nothing), who may do what.</summary>
public sealed class ProposalApiTests(NodeFactory node) : IClassFixture<NodeFactory>
{
    private const string Needs = ApiTestKit.Prefix + "/needs";
    private const string Offers = ApiTestKit.Prefix + "/offers";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task CreateNeed_EveryField_IsStoredAndOpenData()
    {
        using var user = await node.ApiUserAsync("need_alice");

        var need = await (await user.Client.PostAsJsonAsync(Needs, new
        {
            title = "  A van on Saturdays  ",
            details = "For the **food bank** run.",
            topics = new[] { "#Transport", "foodbank", "transport" },
            locality = "Leeds",
            time = "2 hours a week",
            ends = "2027-01-31",
            resource = "equipment",
        }, Ct)).JsonAsync(HttpStatusCode.Created);

        Assert.Equal("A van on Saturdays", need.GetProperty("title").GetString());
        Assert.Equal("need", need.GetProperty("type").GetString());
        Assert.Equal("For the **food bank** run.", need.GetProperty("details").GetString());
        Assert.Equal("markdown", need.GetProperty("format").GetString());
        Assert.Equal(["foodbank", "transport"], need.GetProperty("topics").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal("Leeds", need.GetProperty("locality").GetString());
        Assert.Equal("2 hours a week", need.GetProperty("time").GetString());
        Assert.Equal("equipment", need.GetProperty("resource").GetString());
        Assert.Equal(new DateTimeOffset(2027, 1, 31, 23, 59, 59, TimeSpan.Zero), need.GetProperty("ends").GetDateTimeOffset());
        Assert.Equal("open", need.GetProperty("state").GetString());
        Assert.Equal("local", need.GetProperty("source").GetString());
        Assert.False(need.GetProperty("postedAsHub").GetBoolean());
        Assert.Equal("need_alice", need.GetProperty("author").GetProperty("username").GetString());
        var id = need.GetProperty("id").GetGuid();
        Assert.Equal($"{node.PublicUrl}/needs/{id}", need.GetProperty("url").GetString());
        Assert.Equal($"{node.PublicUrl}/needs/{id}", need.GetProperty("apId").GetString());

        using var anonymous = node.CreateClient();
        var read = await (await anonymous.GetAsync($"{Needs}/{id}", Ct)).JsonAsync(HttpStatusCode.OK);
        Assert.Equal("A van on Saturdays", read.GetProperty("title").GetString());
        var list = await (await anonymous.GetAsync(Needs, Ct)).JsonAsync(HttpStatusCode.OK);
        Assert.Contains(list.GetProperty("items").EnumerateArray(), i => i.GetProperty("id").GetGuid() == id);
        Assert.True(list.TryGetProperty("next", out _));
        // A need is not an offer: its id under /offers is not found.
        await (await anonymous.GetAsync($"{Offers}/{id}", Ct)).ProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task CreateOffer_Defaults_SkillsAndNoEnd()
    {
        using var user = await node.ApiUserAsync("offer_defaults");

        var offer = await (await user.Client.PostAsJsonAsync(Offers, new { title = "Grant applications" }, Ct)).JsonAsync(HttpStatusCode.Created);

        Assert.Equal("offer", offer.GetProperty("type").GetString());
        Assert.Equal("skills", offer.GetProperty("resource").GetString());
        Assert.False(offer.TryGetProperty("ends", out _));
        Assert.Equal("en", offer.GetProperty("language").GetString());
    }

    [Theory]
    [InlineData("""{"details":"x"}""", "title")]
    [InlineData("""{"title":"   "}""", "title")]
    [InlineData("""{"title":"t","topics":["two words"]}""", "topics")]
    [InlineData("""{"title":"t","topics":["a","b","c","d","e","f","g","h","i","j","k"]}""", "topics")]
    [InlineData("""{"title":"t","ends":"next tuesday"}""", "ends")]
    [InlineData("""{"title":"t","ends":"2026-11-27"}""", "ends")]
    [InlineData("""{"title":"t","ends":"2026-11-28T11:59:00Z"}""", "ends")]
    [InlineData("""{"title":"t","resource":"money"}""", "resource")]
    [InlineData("""{"title":"t","language":"klingon"}""", "language")]
    public async Task Create_BadInput_Is400NamingTheFieldAndStoresNothing(string json, string field)
    {
        using var user = await node.ApiUserAsync("need_bad_" + Math.Abs(json.GetHashCode(StringComparison.Ordinal)));

        var problem = await (await user.Client.SendRawAsync(HttpMethod.Post, Needs, json, "application/json")).ValidationProblemAsync(field);

        Assert.NotEmpty(problem.GetProperty("errors").GetProperty(field)[0].GetString()!);
        Assert.Empty((await node.Service<IProposalStore>().ListAsync(new ProposalQuery { AuthorId = user.Member.Id }, Cursor.Start, 10, Ct)).Items);
    }

    [Theory]
    [InlineData("title", 201)]
    [InlineData("details", 5001)]
    [InlineData("locality", 101)]
    [InlineData("time", 101)]
    public async Task Create_TooLong_IsRefusedWithTheLimit(string field, int length)
    {
        using var user = await node.ApiUserAsync("need_long_" + field);
        var body = new Dictionary<string, string> { ["title"] = "A need", [field] = new string('x', length) };

        var problem = await (await user.Client.PostAsJsonAsync(Offers, body, Ct)).ValidationProblemAsync(field);

        Assert.Contains((length - 1).ToString("N0", System.Globalization.CultureInfo.GetCultureInfo("en")), problem.GetProperty("errors").GetProperty(field)[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Write_WithoutSignIn_Is401()
    {
        using var anonymous = node.CreateClient();

        await (await anonymous.PostAsJsonAsync(Needs, new { title = "t" }, Ct)).ProblemAsync(HttpStatusCode.Unauthorized);
        await (await anonymous.GetAsync($"{Needs}/{Guid.NewGuid()}/matches", Ct)).ProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Edit_ByTheAuthor_ReplacesFields_OthersAreRefused_AndBadInputChangesNothing()
    {
        using var author = await node.ApiUserAsync("need_editor");
        using var other = await node.ApiUserAsync("need_other_editor");
        var id = await NewAsync(author, Needs, new { title = "A room", topics = new[] { "space" } });

        var edited = await (await author.Client.PutAsJsonAsync($"{Needs}/{id}", new { title = "A room on Mondays", locality = "Bradford", resource = "space" }, Ct))
            .JsonAsync(HttpStatusCode.OK);
        Assert.Equal("A room on Mondays", edited.GetProperty("title").GetString());
        Assert.Equal("space", edited.GetProperty("resource").GetString());
        Assert.Empty(edited.GetProperty("topics").EnumerateArray());
        Assert.True(edited.TryGetProperty("updated", out _));

        await (await other.Client.PutAsJsonAsync($"{Needs}/{id}", new { title = "Mine now" }, Ct)).ProblemAsync(HttpStatusCode.Forbidden);
        await (await author.Client.PutAsJsonAsync($"{Needs}/{id}", new { title = "x", ends = "2020-01-01" }, Ct)).ValidationProblemAsync("ends");
        await (await author.Client.PutAsJsonAsync($"{Offers}/{id}", new { title = "x" }, Ct)).ProblemAsync(HttpStatusCode.NotFound);
        await (await author.Client.PutAsJsonAsync($"{Needs}/{Guid.NewGuid()}", new { title = "x" }, Ct)).ProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal("A room on Mondays", (await node.Service<IProposalStore>().FindAsync(id, Ct))!.Title);
    }

    [Fact]
    public async Task Close_KeepsItAsClosed_OnceOnly_AndOnlyForTheAuthor()
    {
        using var author = await node.ApiUserAsync("need_closer");
        using var other = await node.ApiUserAsync("need_not_closer");
        var id = await NewAsync(author, Needs, new { title = "Someone to mend chairs", topics = new[] { "closetest" } });

        await (await other.Client.PostAsync($"{Needs}/{id}/close", null, Ct)).ProblemAsync(HttpStatusCode.Forbidden);
        var closed = await (await author.Client.PostAsync($"{Needs}/{id}/close", null, Ct)).JsonAsync(HttpStatusCode.OK);
        Assert.Equal("closed", closed.GetProperty("state").GetString());
        Assert.InRange(closed.GetProperty("closed").GetDateTimeOffset(), node.Time.GetUtcNow().AddMinutes(-1), node.Time.GetUtcNow());

        await (await author.Client.PostAsync($"{Needs}/{id}/close", null, Ct)).ProblemAsync(HttpStatusCode.Conflict);
        await (await author.Client.PutAsJsonAsync($"{Needs}/{id}", new { title = "Reopened?" }, Ct)).ProblemAsync(HttpStatusCode.Conflict);

        using var anonymous = node.CreateClient();
        Assert.Empty(await IdsAsync(anonymous, $"{Needs}?topic=closetest"));
        Assert.Equal([id], await IdsAsync(anonymous, $"{Needs}?topic=closetest&state=closed"));
        Assert.Equal([id], await IdsAsync(anonymous, $"{Needs}?topic=closetest&state=all"));
        Assert.Equal("closed", (await (await anonymous.GetAsync($"{Needs}/{id}", Ct)).JsonAsync(HttpStatusCode.OK)).GetProperty("state").GetString());
    }

    [Fact]
    public async Task Delete_ByTheAuthor_Is410Afterwards_OthersAreRefused()
    {
        using var author = await node.ApiUserAsync("offer_deleter");
        using var other = await node.ApiUserAsync("offer_not_deleter");
        var id = await NewAsync(author, Offers, new { title = "A spare projector", resource = "equipment" });

        await (await other.Client.DeleteAsync($"{Offers}/{id}", Ct)).ProblemAsync(HttpStatusCode.Forbidden);
        Assert.Equal(HttpStatusCode.NoContent, (await author.Client.DeleteAsync($"{Offers}/{id}", Ct)).StatusCode);

        using var anonymous = node.CreateClient();
        await (await anonymous.GetAsync($"{Offers}/{id}", Ct)).ProblemAsync(HttpStatusCode.Gone);
        await (await author.Client.DeleteAsync($"{Offers}/{id}", Ct)).ProblemAsync(HttpStatusCode.Gone);
        await (await author.Client.PostAsync($"{Offers}/{id}/close", null, Ct)).ProblemAsync(HttpStatusCode.Gone);
        await (await author.Client.DeleteAsync($"{Offers}/{Guid.NewGuid()}", Ct)).ProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task AsHub_OnlyAdmins_AndAnyAdminMayChangeIt()
    {
        using var member = await node.ApiUserAsync("hub_poster_member");
        using var admin = await node.ApiUserAsync("hub_poster_admin", Role.Admin);
        using var otherAdmin = await node.ApiUserAsync("hub_poster_admin2", Role.Admin);

        await (await member.Client.PostAsJsonAsync(Needs, new { title = "Volunteers for the fair", asHub = true }, Ct)).ProblemAsync(HttpStatusCode.Forbidden);

        var need = await (await admin.Client.PostAsJsonAsync(Needs, new { title = "Volunteers for the fair", asHub = true }, Ct)).JsonAsync(HttpStatusCode.Created);
        Assert.True(need.GetProperty("postedAsHub").GetBoolean());
        Assert.Equal($"{node.PublicUrl}/users/hub", need.GetProperty("author").GetProperty("actorId").GetString());
        var id = need.GetProperty("id").GetGuid();

        await (await member.Client.PostAsync($"{Needs}/{id}/close", null, Ct)).ProblemAsync(HttpStatusCode.Forbidden);
        var closed = await (await otherAdmin.Client.PostAsync($"{Needs}/{id}/close", null, Ct)).JsonAsync(HttpStatusCode.OK);
        Assert.Equal("closed", closed.GetProperty("state").GetString());
    }

    [Fact]
    public async Task List_Filters_AndBadFiltersNameTheParameter()
    {
        using var user = await node.ApiUserAsync("need_lister");
        var leeds = await NewAsync(user, Offers, new { title = "Bike repairs", topics = new[] { "listtest", "bikes" }, locality = "Leeds" });
        var york = await NewAsync(user, Offers, new { title = "Bike lessons", topics = new[] { "listtest" }, locality = "York" });
        using var anonymous = node.CreateClient();

        Assert.Equal([york, leeds], await IdsAsync(anonymous, $"{Offers}?topic=%23ListTest"));
        Assert.Equal([leeds], await IdsAsync(anonymous, $"{Offers}?topic=listtest&locality=leeds"));
        Assert.Equal([york, leeds], await IdsAsync(anonymous, $"{Offers}?topic=listtest&source=local"));
        Assert.Empty(await IdsAsync(anonymous, $"{Offers}?topic=listtest&source=network"));
        Assert.Empty(await IdsAsync(anonymous, $"{Needs}?topic=listtest"));
        var pages = await anonymous.WalkAsync($"{Offers}", 1);
        Assert.Contains(pages.SelectMany(p => p), i => i.GetProperty("id").GetGuid() == leeds);

        await (await anonymous.GetAsync($"{Offers}?source=everywhere", Ct)).ValidationProblemAsync("source");
        await (await anonymous.GetAsync($"{Offers}?state=maybe", Ct)).ValidationProblemAsync("state");
        await (await anonymous.GetAsync($"{Offers}?limit=0", Ct)).ValidationProblemAsync("limit");
        await (await anonymous.GetAsync($"{Offers}?cursor=%%%", Ct)).ValidationProblemAsync("cursor");
    }

    [Fact]
    public async Task EndDate_WhenItPasses_ItIsNoLongerOpen()
    {
        using var user = await node.ApiUserAsync("need_ending");
        var id = await NewAsync(user, Needs, new { title = "Help this week", topics = new[] { "endtest" }, ends = node.Time.GetUtcNow().AddDays(2).ToString("O") });
        using var anonymous = node.CreateClient();
        Assert.Equal([id], await IdsAsync(anonymous, $"{Needs}?topic=endtest"));

        node.Time.Advance(TimeSpan.FromDays(3));   // the clock only goes forward; the other tests do not mind

        Assert.Empty(await IdsAsync(anonymous, $"{Needs}?topic=endtest"));
        Assert.Equal("ended", (await (await anonymous.GetAsync($"{Needs}/{id}", Ct)).JsonAsync(HttpStatusCode.OK)).GetProperty("state").GetString());
    }

    [Fact]
    public async Task Matches_GlueErsSeeOffersBestFirst_WithTheIntroductionLink_OthersAre403()
    {
        using var needer = await node.ApiUserAsync("match_needer");
        using var offerer = await node.ApiUserAsync("match_offerer");
        using var glue = await node.ApiUserAsync("match_glue", Role.GlueEr);
        var need = await NewAsync(needer, Needs, new { title = "Someone who knows grant applications", topics = new[] { "grants", "matchtest" }, locality = "Hull" });
        var best = await NewAsync(offerer, Offers, new { title = "Grant applications reviewed", topics = new[] { "grants", "matchtest" }, locality = "Hull" });
        var words = await NewAsync(offerer, Offers, new { title = "I write applications for small charities" });
        var unrelated = await NewAsync(offerer, Offers, new { title = "Knitting circle", locality = "Hull" });
        var closed = await NewAsync(offerer, Offers, new { title = "Grant writing", topics = new[] { "grants" } });
        await offerer.Client.PostAsync($"{Offers}/{closed}/close", null, Ct);

        var matches = await (await glue.Client.GetAsync($"{Needs}/{need}/matches", Ct)).JsonAsync(HttpStatusCode.OK);

        var ids = matches.EnumerateArray().Select(m => m.GetProperty("offer").GetProperty("id").GetGuid()).ToList();
        Assert.Equal(best, ids[0]);
        Assert.Contains(words, ids);
        Assert.DoesNotContain(unrelated, ids);
        Assert.DoesNotContain(closed, ids);
        var first = matches[0];
        Assert.Equal(["grants", "matchtest"], first.GetProperty("sharedTopics").EnumerateArray().Select(t => t.GetString()));
        Assert.True(first.GetProperty("sameLocality").GetBoolean());
        var link = first.GetProperty("introductionUrl").GetString()!;
        var authority = new Uri(node.PublicUrl).Authority;
        Assert.StartsWith($"/introductions/new?a={Uri.EscapeDataString($"@match_needer@{authority}")}&b={Uri.EscapeDataString($"@match_offerer@{authority}")}&reason=", link, StringComparison.Ordinal);
        Assert.Contains(Uri.EscapeDataString("Someone who knows grant applications"), link, StringComparison.Ordinal);

        await (await needer.Client.GetAsync($"{Needs}/{need}/matches", Ct)).ProblemAsync(HttpStatusCode.Forbidden);
        await (await glue.Client.GetAsync($"{Needs}/{Guid.NewGuid()}/matches", Ct)).ProblemAsync(HttpStatusCode.NotFound);
        await (await glue.Client.GetAsync($"{Needs}/{best}/matches", Ct)).ProblemAsync(HttpStatusCode.NotFound);   // an offer is not a need
    }

    [Fact]
    public async Task Matches_CountWhatTheOffersAuthorCanHelpWith_FromTheirProfile()
    {
        using var needer = await node.ApiUserAsync("skill_needer");
        using var offerer = await node.ApiUserAsync("skill_offerer");
        using var glue = await node.ApiUserAsync("skill_glue", Role.GlueEr);
        PostNetwork.Ok(await node.Service<SkillService>().SetAsync(offerer.Member.Id, ["beekeeping"], [], Ct));
        var need = await NewAsync(needer, Needs, new { title = "Someone to look at our hives", topics = new[] { "beekeeping" } });
        var offer = await NewAsync(offerer, Offers, new { title = "Free on Sunday afternoons" });

        var matches = await (await glue.Client.GetAsync($"{Needs}/{need}/matches", Ct)).JsonAsync(HttpStatusCode.OK);

        var match = Assert.Single(matches.EnumerateArray(), m => m.GetProperty("offer").GetProperty("id").GetGuid() == offer);
        Assert.Equal(["beekeeping"], match.GetProperty("sharedSkills").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal(ProposalMatcher.SkillWeight, match.GetProperty("score").GetInt32());
    }

    [Fact]
    public async Task Search_FindsNeedsAndOffers_AndRefusesEmptyWords()
    {
        using var user = await node.ApiUserAsync("need_searcher");
        var id = await NewAsync(user, Needs, new { title = "Wheelbarrows for the allotment", details = "Two or three." });
        using var anonymous = node.CreateClient();

        var found = await (await anonymous.GetAsync($"{ApiTestKit.Prefix}/search/needs-and-offers?q=wheelbarrows", Ct)).JsonAsync(HttpStatusCode.OK);

        Assert.Equal(id, Assert.Single(found.GetProperty("items").EnumerateArray()).GetProperty("id").GetGuid());
        await (await anonymous.GetAsync($"{ApiTestKit.Prefix}/search/needs-and-offers?q=", Ct)).ValidationProblemAsync("q");
    }

    [Fact]
    public async Task DeletingTheAccount_DeletesItsNeedsAndOffers()
    {
        var member = await node.CreateMemberAsync("need_leaver");
        var proposals = node.Service<ProposalService>();
        var need = ((OurSociety.Core.Outcome<Proposal>.Ok)await proposals.CreateAsync(member.Id, ProposalKind.Need, new ProposalInput("A lift to town", null, null, null, null, null, null), Ct)).Value;

        Assert.IsType<OurSociety.Core.Outcome<bool>.Ok>(await node.Service<MemberService>().DeleteAccountAsync(member.Id, "correct horse battery", Ct));

        Assert.Null(await node.Service<IProposalStore>().FindAsync(need.Id, Ct));
    }

    private static async Task<Guid> NewAsync(ApiUser user, string url, object body) =>
        (await (await user.Client.PostAsJsonAsync(url, body, Ct)).JsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();

    private static async Task<List<Guid>> IdsAsync(HttpClient client, string url) =>
        [.. (await (await client.GetAsync(url, Ct)).JsonAsync(HttpStatusCode.OK)).GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid())];
}
