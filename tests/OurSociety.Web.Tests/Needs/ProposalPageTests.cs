using System.Net;
using System.Net.Http.Headers;
using OurSociety.Core;
using OurSociety.Core.Hubs;
using OurSociety.Core.Members;
using OurSociety.Core.Needs;
using OurSociety.Testing;
using OurSociety.Web.Tests.Federation.Posts;

namespace OurSociety.Web.Tests.Needs;

/// <summary>
/// The needs and offers pages without JavaScript: the forms post, edit, close and delete (errors beside their fields,
/// nothing stored), Ways to help shows what is near, glue-ers see matches with "Propose an introduction", the address
/// serves the ActivityPub object to servers, and the pages speak every shipped language.
/// </summary>
public sealed class ProposalPageTests(NodeFactory node) : IClassFixture<NodeFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task PostingForm_CreatesIt_AndBadInputComesBackBesideTheField()
    {
        var member = await node.CreateMemberAsync("np_poster");
        using var browser = await node.SignedInBrowserAsync("np_poster");

        var refused = await browser.SubmitAsync("/needs/new", "/needs/new", new Dictionary<string, string>
        {
            ["title"] = "",
            ["ends"] = "2020-01-01",
            ["topics"] = "two words!",
        });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var html = await refused.Content.ReadAsStringAsync(Ct);
        Assert.Contains("id=\"title-error\"", html, StringComparison.Ordinal);
        Assert.Contains("id=\"ends-error\"", html, StringComparison.Ordinal);
        Assert.Contains("The end date has passed already", html, StringComparison.Ordinal);
        Assert.Contains("value=\"2020-01-01\"", html, StringComparison.Ordinal);   // what was typed stays
        Assert.Empty((await node.Service<IProposalStore>().ListAsync(new ProposalQuery { AuthorId = member.Id }, OurSociety.Core.Paging.Cursor.Start, 5, Ct)).Items);

        var posted = await browser.SubmitAsync("/offers/new", "/offers/new", new Dictionary<string, string>
        {
            ["title"] = "A room for meetings",
            ["details"] = "Seats *twenty*.",
            ["resource"] = "space",
            ["topics"] = "rooms meetings",
            ["locality"] = "Leeds",
            ["time"] = "Weekday evenings",
        });
        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        var location = posted.Headers.Location!.OriginalString;
        Assert.StartsWith("/offers/", location, StringComparison.Ordinal);
        Assert.EndsWith("?notice=posted", location, StringComparison.Ordinal);

        var (status, page) = await browser.GetAsync(location);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("A room for meetings", page, StringComparison.Ordinal);
        Assert.Contains("<em>twenty</em>", page, StringComparison.Ordinal);
        Assert.Contains("Weekday evenings", page, StringComparison.Ordinal);
        Assert.Contains("People here and on other hubs can see it now.", page, StringComparison.Ordinal);
        Assert.Contains("/edit\"", page, StringComparison.Ordinal);   // its author may edit it
    }

    [Fact]
    public async Task AuthorEditsClosesAndDeletes_OthersCannot()
    {
        var member = await node.CreateMemberAsync("np_author");
        await node.CreateMemberAsync("np_stranger");
        var need = PostNetwork.Ok(await node.Service<ProposalService>().CreateAsync(member.Id, ProposalKind.Need,
            new ProposalInput("Chairs for the hall", null, ["chairs"], null, null, null, "equipment"), Ct));
        var page = $"/needs/{need.Id:D}";
        using var author = await node.SignedInBrowserAsync("np_author");
        using var stranger = await node.SignedInBrowserAsync("np_stranger");

        Assert.DoesNotContain($"{page}/edit", (await stranger.GetAsync(page)).Html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, (await stranger.GetAsync($"{page}/edit")).Status);
        using (var refused = await stranger.PostWithTokenAsync($"{page}/close", new Dictionary<string, string>(), page))
        {
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        }

        var edited = await author.SubmitAsync($"{page}/edit", $"{page}/edit", new Dictionary<string, string> { ["title"] = "Forty chairs for the hall" });
        Assert.Equal(HttpStatusCode.Redirect, edited.StatusCode);
        Assert.Equal("Forty chairs for the hall", (await node.Service<IProposalStore>().FindAsync(need.Id, Ct))!.Title);

        var closed = await author.SubmitAsync(page, $"{page}/close", new Dictionary<string, string>());
        Assert.Equal($"{page}?notice=closed", closed.Headers.Location!.OriginalString);
        var shown = (await author.GetAsync(page)).Html;
        Assert.Contains("found, thank you", shown, StringComparison.Ordinal);
        Assert.DoesNotContain($"action=\"{page}/close\"", shown, StringComparison.Ordinal);

        var deleted = await author.SubmitAsync($"{page}/delete", $"{page}/delete", new Dictionary<string, string>());
        Assert.Equal("/needs?notice=deleted", deleted.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.Gone, (await author.GetAsync(page)).Status);
    }

    [Fact]
    public async Task WaysToHelp_ShowsWhatIsNearTheMember_AndEmptyListsSayWhatToDo()
    {
        var member = await node.CreateMemberAsync("np_near");
        await node.Service<MemberService>().UpdateProfileAsync(member.Id, "Near Member", null, "Otley", Ct);
        var here = PostNetwork.Ok(await node.Service<ProposalService>().CreateAsync(member.Id, ProposalKind.Offer,
            new ProposalInput("Bike repairs in Otley", null, ["bikes"], "otley", null, null, null), Ct));
        using var browser = await node.SignedInBrowserAsync("np_near");

        var html = (await browser.GetAsync("/ways-to-help")).Html;
        Assert.Contains("Near you: ", html, StringComparison.Ordinal);
        Assert.Contains("Otley", html, StringComparison.Ordinal);
        Assert.Contains($"/offers/{here.Id:D}", html, StringComparison.Ordinal);
        Assert.Contains("href=\"/needs/new\"", html, StringComparison.Ordinal);   // the next step

        using var anonymous = new Browserless(node);
        var filtered = (await anonymous.GetAsync("/ways-to-help?locality=Nowhere&topic=nothing")).Html;
        Assert.Contains("Nobody near you has posted a need yet.", filtered, StringComparison.Ordinal);
        Assert.DoesNotContain($"/offers/{here.Id:D}", filtered, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, (await anonymous.GetAsync("/needs?source=everywhere")).Status);
    }

    [Fact]
    public async Task GlueErs_SeeMatchingOffers_WithTheIntroductionLink_OthersDoNot()
    {
        var needer = await node.CreateMemberAsync("np_needer");
        var offerer = await node.CreateMemberAsync("np_offerer");
        await node.CreateMemberAsync("np_glue", roles: [Role.GlueEr, Role.Member]);
        var need = PostNetwork.Ok(await node.Service<ProposalService>().CreateAsync(needer.Id, ProposalKind.Need,
            new ProposalInput("Someone to teach knitting", null, ["knitting"], null, null, null, null), Ct));
        var offer = PostNetwork.Ok(await node.Service<ProposalService>().CreateAsync(offerer.Id, ProposalKind.Offer,
            new ProposalInput("Knitting lessons", null, ["knitting"], null, null, null, "time"), Ct));
        using var glue = await node.SignedInBrowserAsync("np_glue");
        using var other = await node.SignedInBrowserAsync("np_offerer");

        var page = (await glue.GetAsync($"/needs/{need.Id:D}")).Html;
        Assert.Contains("1 offer matches this need", page, StringComparison.Ordinal);
        Assert.Contains($"/offers/{offer.Id:D}", page, StringComparison.Ordinal);
        Assert.Contains("Propose an introduction", page, StringComparison.Ordinal);
        var authority = new Uri(node.PublicUrl).Authority;
        Assert.Contains(System.Net.WebUtility.HtmlEncode(
            $"/introductions/new?a={Uri.EscapeDataString($"@np_needer@{authority}")}&b={Uri.EscapeDataString($"@np_offerer@{authority}")}&reason="), page, StringComparison.Ordinal);
        Assert.Contains("1 offer matches this need", (await glue.GetAsync("/needs?topic=knitting")).Html, StringComparison.Ordinal);

        Assert.DoesNotContain("Propose an introduction", (await other.GetAsync($"/needs/{need.Id:D}")).Html, StringComparison.Ordinal);
        using var anonymous = new Browserless(node);
        Assert.DoesNotContain("matches this need", (await anonymous.GetAsync($"/needs/{need.Id:D}")).Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AMatch_TurnsIntoAnIntroduction_ThroughTheLinkedForm()
    {
        var needer = await node.CreateMemberAsync("np_intro_needer");
        var offerer = await node.CreateMemberAsync("np_intro_offerer");
        await node.CreateMemberAsync("np_intro_glue", roles: [Role.GlueEr, Role.Member]);
        var need = PostNetwork.Ok(await node.Service<ProposalService>().CreateAsync(needer.Id, ProposalKind.Need,
            new ProposalInput("A projector for film night", null, ["filmnight"], null, null, null, "equipment"), Ct));
        PostNetwork.Ok(await node.Service<ProposalService>().CreateAsync(offerer.Id, ProposalKind.Offer,
            new ProposalInput("Spare projector", null, ["filmnight"], null, null, null, "equipment"), Ct));
        using var glue = await node.SignedInBrowserAsync("np_intro_glue");

        var page = (await glue.GetAsync($"/needs/{need.Id:D}")).Html;
        var link = System.Net.WebUtility.HtmlDecode(System.Text.RegularExpressions.Regex.Match(page, "href=\"(/introductions/new\\?[^\"]+)\"").Groups[1].Value);
        Assert.StartsWith("/introductions/new?a=", link, StringComparison.Ordinal);
        var form = (await glue.GetAsync(link)).Html;
        Assert.Contains("A projector for film night", form, StringComparison.Ordinal);   // the reason, filled in

        // The form shows the three filled in; a person sends them as shown.
        var query = System.Web.HttpUtility.ParseQueryString(new Uri("http://x" + link).Query);
        var proposed = await glue.SubmitAsync(link, "/introductions/new", new Dictionary<string, string>
        {
            ["a"] = query["a"]!,
            ["b"] = query["b"]!,
            ["reason"] = query["reason"]!,
        });

        Assert.True(HttpStatusCode.Redirect == proposed.StatusCode, await proposed.Content.ReadAsStringAsync(Ct));
        Assert.StartsWith("/introductions/", proposed.Headers.Location!.OriginalString, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheAddress_ServesTheActivityPubObject_AndATombstoneOnceDeleted()
    {
        var member = await node.CreateMemberAsync("np_ap");
        var need = PostNetwork.Ok(await node.Service<ProposalService>().CreateAsync(member.Id, ProposalKind.Need,
            new ProposalInput("Paint for the mural", null, null, null, null, null, null), Ct));
        using var client = node.CreateClient();

        using (var request = new HttpRequestMessage(HttpMethod.Get, $"/needs/{need.Id:D}"))
        {
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/activity+json"));
            using var response = await client.SendAsync(request, Ct);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var json = System.Text.Json.Nodes.JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!;
            Assert.Equal("Note", (string?)json["type"]);
            Assert.Equal("request", (string?)json["purpose"]);
        }

        PostNetwork.Ok(await node.Service<ProposalService>().DeleteAsync(member.Id, ProposalKind.Need, need.Id, Ct));
        using (var request = new HttpRequestMessage(HttpMethod.Get, $"/needs/{need.Id:D}"))
        {
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/activity+json"));
            using var response = await client.SendAsync(request, Ct);
            Assert.Equal(HttpStatusCode.Gone, response.StatusCode);
            Assert.Equal("Tombstone", (string?)System.Text.Json.Nodes.JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!["type"]);
        }
    }

    [Theory]
    [InlineData("en", "Ways to help")]
    [InlineData("cy", "Ffyrdd o helpu")]
    [InlineData("ar", "طرق المساعدة")]
    public async Task Pages_SpeakEveryShippedLanguage_AndAreLinkedFromWriteAndTheMenu(string language, string title)
    {
        await node.CreateMemberAsync("np_lang_" + language);
        using var browser = await node.SignedInBrowserAsync("np_lang_" + language);

        Assert.Contains($"<h1>{System.Net.WebUtility.HtmlEncode(title)}</h1>", (await browser.GetAsync($"/ways-to-help?lang={language}")).Html, StringComparison.Ordinal);
        var write = (await browser.GetAsync($"/write?lang={language}")).Html;
        Assert.Contains("href=\"/needs/new\"", write, StringComparison.Ordinal);
        Assert.Contains("href=\"/offers/new\"", write, StringComparison.Ordinal);
        Assert.Contains("href=\"/ways-to-help\"", write, StringComparison.Ordinal);   // the menu
    }

    [Fact]
    public async Task SearchPage_FindsNeedsAndOffers()
    {
        var member = await node.CreateMemberAsync("np_search");
        PostNetwork.Ok(await node.Service<ProposalService>().CreateAsync(member.Id, ProposalKind.Offer,
            new ProposalInput("Accordion lessons", null, null, null, null, null, null), Ct));
        using var anonymous = new Browserless(node);

        var html = (await anonymous.GetAsync("/search?q=accordion")).Html;

        Assert.Contains("Needs and offers", html, StringComparison.Ordinal);
        Assert.Contains("Accordion lessons", html, StringComparison.Ordinal);
    }
}
