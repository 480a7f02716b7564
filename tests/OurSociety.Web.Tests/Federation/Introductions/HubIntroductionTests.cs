using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using OurSociety.Core.Federation;
using OurSociety.Core.Introductions;
using OurSociety.Core.Members;
using OurSociety.Core.Moderation;
using OurSociety.Core.Notifications;
using OurSociety.Testing;
using OurSociety.Web.Tests.Api;
using OurSociety.Web.Tests.Introductions;

namespace OurSociety.Web.Tests.Federation.Introductions;

/// <summary>
/// Hubs as parties of an introduction (issue 14): a glue-er on A introduces hub A and hub B. B's admins are asked (the
/// Offer goes to B's Group) and one answers for B, sent from the Group; A's admins answer for A here. Nobody else on
/// B may answer for it, a group on other software cannot be a party, and neither can a hub on a blocked domain.
/// </summary>
public sealed class HubIntroductionTests : IAsyncLifetime
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private readonly FederationNetwork _network = new();
    private NodeFactory _a = null!;
    private NodeFactory _b = null!;
    private ApiUser _glue = null!;
    private ApiUser _adminA = null!;
    private ApiUser _adminB = null!;
    private ApiUser _memberB = null!;

    public async ValueTask InitializeAsync()
    {
        _a = _network.AddNode("http://a.test");
        _b = _network.AddNode("http://b.test");
        _glue = await _a.ApiUserAsync("glue", Role.GlueEr);
        _adminA = await _a.ApiUserAsync("ada", Role.Admin);
        _adminB = await _b.ApiUserAsync("bert", Role.Admin);
        _memberB = await _b.ApiUserAsync("bob");
    }

    public async ValueTask DisposeAsync()
    {
        _glue.Dispose();
        _adminA.Dispose();
        _adminB.Dispose();
        _memberB.Dispose();
        await _network.DisposeAsync();
    }

    [Fact]
    public async Task BothHubsSayYes_ItIsMadeOnBothSides_BAnsweredFromItsGroup_AndTheAdminsAreTold()
    {
        var id = await ProposeAsync("@hub", "@hub@b.test");
        var stored = (await _a.Service<IIntroductionStore>().FindAsync(id, Ct))!;
        Assert.True(stored.Party(0).IsOurHub);
        Assert.Equal("http://a.test/users/hub", stored.Party(0).Actor);
        Assert.True(stored.Party(1) is { IsHub: true, IsLocal: false, Channel: PartyChannel.Offer });

        // B's admin is told and finds it among those asked of them; it is B's hub that is asked.
        Assert.Contains(await NotificationsAsync(_b, _adminB), n => n.Kind == NotificationKind.IntroductionAsked);
        var onB = await AskedAsync(_adminB);
        var bId = (Guid)onB["id"]!;
        Assert.Contains(onB["parties"]!.AsArray(), p => (string?)p!["actorId"] == "http://b.test/users/hub");
        Assert.Contains(onB["parties"]!.AsArray(), p => (string?)p!["actorId"] == "http://a.test/users/hub");
        var onBStored = (await _b.Service<IIntroductionStore>().FindAsync(bId, Ct))!;
        Assert.True(onBStored.Party(0).IsOurHub);
        Assert.True(onBStored.Party(1).IsHub);

        await AnswerAsync(_adminB, bId, "accept");
        var accept = Assert.Single(await ReceivedAsync(_a, "Accept"));
        Assert.Equal("http://b.test/users/hub", (string?)accept["actor"]);
        Assert.Equal("accepted-by-one", await StateAsync(_glue, id));
        Assert.Equal(_adminB.Member.Id, (await _b.Service<IIntroductionStore>().FindAsync(bId, Ct))!.Party(0).AnsweredBy);

        // A's admins were asked here too, and one answers for hub A.
        Assert.Contains(await NotificationsAsync(_a, _adminA), n => n.Kind == NotificationKind.IntroductionAsked);
        Assert.Equal(id, (Guid)(await AskedAsync(_adminA))["id"]!);
        await AnswerAsync(_adminA, id, "accept");

        Assert.Equal("made", await StateAsync(_glue, id));
        Assert.Equal("made", await StateAsync(_adminA, id));
        Assert.Equal("made", await StateAsync(_adminB, bId));
        Assert.Equal(_adminA.Member.Id, (await _a.Service<IIntroductionStore>().FindAsync(id, Ct))!.Party(0).AnsweredBy);
        Assert.Contains(await NotificationsAsync(_b, _adminB), n => n.Kind == NotificationKind.IntroductionMade);
        Assert.Contains(await NotificationsAsync(_a, _glue), n => n.Kind == NotificationKind.IntroductionMade);

        // Nothing else is automatic: no link is asked for, the hubs do not follow each other.
        Assert.Null(await _a.Service<IFollowStore>().FindAsync("hub", "http://b.test/users/hub", FollowDirection.Out, Ct));
        Assert.Null(await _b.Service<IFollowStore>().FindAsync("hub", "http://a.test/users/hub", FollowDirection.Out, Ct));
    }

    [Fact]
    public async Task BsAdminSaysNo_ItEndsOnBothSides()
    {
        var id = await ProposeAsync("@hub", "@hub@b.test");
        var bId = (Guid)(await AskedAsync(_adminB))["id"]!;

        await AnswerAsync(_adminB, bId, "decline");

        Assert.Equal("not-going-ahead", await StateAsync(_glue, id));
        Assert.Equal("not-going-ahead", await StateAsync(_adminA, id));
        Assert.Equal("not-going-ahead", await StateAsync(_adminB, bId));
        using var late = await _adminA.Client.PostAsync($"{ApiTestKit.Prefix}/introductions/{id}/accept", null, Ct);
        Assert.Equal(HttpStatusCode.Conflict, late.StatusCode);
    }

    [Fact]
    public async Task AMemberOfB_WhoIsNoAdmin_CannotSeeOrAnswerForB()
    {
        await ProposeAsync("@hub", "@hub@b.test");
        var bId = (Guid)(await AskedAsync(_adminB))["id"]!;

        var list = await _memberB.Client.GetFromJsonAsync<JsonObject>($"{ApiTestKit.Prefix}/introductions?role=asked", Ct);
        Assert.Empty(list!["items"]!.AsArray());
        Assert.Empty(await NotificationsAsync(_b, _memberB));
        using var seen = await _memberB.Client.GetAsync($"{ApiTestKit.Prefix}/introductions/{bId}", Ct);
        Assert.Equal(HttpStatusCode.NotFound, seen.StatusCode);
        using var answered = await _memberB.Client.PostAsync($"{ApiTestKit.Prefix}/introductions/{bId}/accept", null, Ct);
        Assert.Equal(HttpStatusCode.NotFound, answered.StatusCode);
        await _network.DrainAsync();
        Assert.Equal("proposed", await StateAsync(_adminB, bId));
        Assert.Empty(await ReceivedAsync(_a, "Accept"));
    }

    [Fact]
    public async Task AHubAndAPersonElsewhere_BothAnswer_Made()
    {
        var id = await ProposeAsync("@hub", "@bob@b.test");
        var onB = await AskedAsync(_memberB);
        await AnswerAsync(_memberB, (Guid)onB["id"]!, "accept");
        await AnswerAsync(_adminA, id, "accept");

        Assert.Equal("made", await StateAsync(_glue, id));
        Assert.Equal("made", await StateAsync(_memberB, (Guid)onB["id"]!));
    }

    [Fact]
    public async Task AHubAndAMemberOfThatHub_BothOnB_EachAnswersThere()
    {
        var id = await ProposeAsync("@bob@b.test", "@hub@b.test");
        var forBob = await AskedAsync(_memberB);
        var forHub = await AskedAsync(_adminB);
        Assert.Equal((Guid)forBob["id"]!, (Guid)forHub["id"]!);   // one introduction on B, both asked

        await AnswerAsync(_memberB, (Guid)forBob["id"]!, "accept");
        await AnswerAsync(_adminB, (Guid)forHub["id"]!, "accept");

        Assert.Equal("made", await StateAsync(_glue, id));
    }

    [Fact]
    public async Task AnAdminWhoIsNoGlueEr_MayIntroduceHubs_ButAMemberMayNot()
    {
        using var carol = await _a.ApiUserAsync("carol");
        await _a.CreateMemberAsync("dora");

        using var created = await ProposeAsAsync(_adminA, "@hub@b.test", "@hub");
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        // People are still introduced by glue-ers only (unless the hub lets every member), and a person's own choice
        // of who may introduce them holds beside a hub too.
        await _a.CreateMemberAsync("ed");
        using var people = await ProposeAsAsync(_adminA, "@ed", "@dora");
        Assert.Equal(HttpStatusCode.Forbidden, people.StatusCode);
        using var withHub = await ProposeAsAsync(_adminA, "@hub@b.test", "@dora");
        await withHub.RefusedAsync(HttpStatusCode.Forbidden, "parties[1]");

        // With every member allowed to introduce people, a member still cannot introduce hubs.
        await _a.Service<IntroductionSettings>().SetAnyMemberMayIntroduceAsync(true, Ct);
        using var member = await ProposeAsAsync(carol, "@hub@b.test", "@dora");
        Assert.Equal(HttpStatusCode.Forbidden, member.StatusCode);
        Assert.Contains("hubs", (await member.Content.ReadAsStringAsync(Ct)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AGroupOnOtherSoftware_IsRefused_NamingTheField()
    {
        // As a Lemmy community: a Group with no generator naming our introductions.
        await _a.Service<IRemoteActorStore>().UpsertAsync(new RemoteActor(
            "https://lemmy.test/c/bikes", "Group", "bikes", "lemmy.test", "Bikes", "https://lemmy.test/c/bikes/inbox", null,
            "https://lemmy.test/c/bikes", null, null, null, false, """{"type":"Group"}""", _a.Time.GetUtcNow()), Ct);

        using var response = await ProposeAsAsync(_glue, "@hub", "https://lemmy.test/c/bikes");

        var problem = await response.RefusedAsync(HttpStatusCode.BadRequest, "parties[1]");
        Assert.Contains("other software", problem.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AHubOnABlockedDomain_CannotBeAParty()
    {
        await _a.Service<OurSociety.Federation.Follows.FollowService>().ResolveAsync("@hub@b.test", Ct);   // known before the block: not fetched again
        Assert.IsType<OurSociety.Core.Outcome<DomainBlockSaved>.Ok>(await _a.Service<DomainBlockService>().BlockAsync(
            new DomainBlockInput("b.test", "suspend", false), ModeratorRef.Node, Ct));

        using var byHandle = await ProposeAsAsync(_glue, "@hub", "@hub@b.test");
        await byHandle.RefusedAsync(HttpStatusCode.BadRequest, "parties[1]");
        using var byUrl = await ProposeAsAsync(_glue, "http://b.test/users/hub", "@hub");
        await byUrl.RefusedAsync(HttpStatusCode.BadRequest, "parties[0]");
    }

    [Fact]
    public async Task OurHubTwice_IsTheSameParty()
    {
        using var response = await ProposeAsAsync(_glue, "@hub", "@hub@a.test");
        await response.RefusedAsync(HttpStatusCode.BadRequest, "parties");
    }

    [Fact]
    public async Task OnThePages_TheAdminsAnswerForTheirHubs_AndOnceMadeAreShownTheWayToAskForALink()
    {
        using var glueBrowser = await _a.SignedInBrowserAsync("glue");
        var form = WebUtility.HtmlDecode((await glueBrowser.GetAsync("/introductions/new")).Html);
        Assert.Contains("@hub for this hub", form, StringComparison.Ordinal);
        Assert.Contains("First person or hub", form, StringComparison.Ordinal);
        using var proposed = await glueBrowser.SubmitAsync("/introductions/new", "/introductions/new", new Dictionary<string, string>
        {
            ["a"] = "@hub",
            ["b"] = "@hub@b.test",
            ["reason"] = "Both hubs run repair cafés.",
        });
        Assert.Equal(HttpStatusCode.Redirect, proposed.StatusCode);
        var id = Guid.Parse(proposed.Headers.Location!.OriginalString.Split('/', '?')[2]);
        await _network.DrainAsync();
        var bId = (Guid)(await AskedAsync(_adminB))["id"]!;

        using var bertBrowser = await _b.SignedInBrowserAsync("bert");
        var asked = await PageAsync(bertBrowser, $"/introductions/{bId}");
        Assert.Contains("You answer for this hub, as one of its admins.", asked, StringComparison.Ordinal);
        Assert.Contains($"action=\"/introductions/{bId}/accept\"", asked, StringComparison.Ordinal);
        Assert.Contains("A hub", asked, StringComparison.Ordinal);
        using var bobBrowser = await _b.SignedInBrowserAsync("bob");
        Assert.Equal(HttpStatusCode.NotFound, (await bobBrowser.GetAsync($"/introductions/{bId}")).Status);

        (await bertBrowser.SubmitAsync($"/introductions/{bId}", $"/introductions/{bId}/accept", new Dictionary<string, string>())).Dispose();
        await _network.DrainAsync();
        using var adaBrowser = await _a.SignedInBrowserAsync("ada");
        (await adaBrowser.SubmitAsync($"/introductions/{id}", $"/introductions/{id}/accept", new Dictionary<string, string>())).Dispose();
        await _network.DrainAsync();

        Assert.Equal("made", await StateAsync(_glue, id));
        var made = await PageAsync(bertBrowser, $"/introductions/{bId}");
        Assert.Contains("Nothing else happens by itself.", made, StringComparison.Ordinal);
        Assert.Contains("href=\"/admin/hub-links?hub=http%3A%2F%2Fa.test%2Fusers%2Fhub\"", made, StringComparison.Ordinal);
        Assert.DoesNotContain("/follow\"", made, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheAdminsNotifications_SpeakOfTheirHub_AndNameTheOtherParty()
    {
        var id = await ProposeAsync("@hub", "@hub@b.test");
        var bId = (Guid)(await AskedAsync(_adminB))["id"]!;
        using var bert = await _b.SignedInBrowserAsync("bert");
        using var ada = await _a.SignedInBrowserAsync("ada");
        using var glue = await _a.SignedInBrowserAsync("glue");

        var asked = await PageAsync(bert, "/notifications");
        Assert.Matches(@"would like to introduce your hub to [^.]+\. You or another admin can answer on", asked);
        Assert.DoesNotContain("introduce you to someone", asked, StringComparison.Ordinal);
        Assert.Contains("Hoffai", await PageAsync(bert, "/notifications?lang=cy"), StringComparison.Ordinal);

        await AnswerAsync(_adminB, bId, "accept");
        await AnswerAsync(_adminA, id, "accept");
        Assert.Contains("have both said yes to the introduction", await PageAsync(bert, "/notifications"), StringComparison.Ordinal);
        var forAda = await PageAsync(ada, "/notifications");
        Assert.Contains("would like to introduce your hub to", forAda, StringComparison.Ordinal);
        Assert.DoesNotContain("You and the person", forAda, StringComparison.Ordinal);
        // The glue-er reads of their own introduction, and of the hubs in it.
        Assert.Contains("Your introduction of the hubs", await PageAsync(glue, "/notifications"), StringComparison.Ordinal);

        var ended = await ProposeAsync("@hub", "@bob@b.test");
        var bobsId = (Guid)(await AskedAsync(_memberB))["id"]!;
        await AnswerAsync(_memberB, bobsId, "decline");
        Assert.Contains("The introduction of your hub to", await PageAsync(ada, "/notifications"), StringComparison.Ordinal);
        Assert.Equal("not-going-ahead", await StateAsync(_glue, ended));
    }

    [Fact]
    public async Task TheGlueErsNotifications_NameTheHubs_NotPeople_AndNeverWhoAnswered()
    {
        var hubA = _a.Service<OurSociety.Core.Hubs.HubIdentity>().Current.Name;
        using var glue = await _a.SignedInBrowserAsync("glue");
        var id = await ProposeAsync("@hub", "@hub@b.test");
        var bId = (Guid)(await AskedAsync(_adminB))["id"]!;

        await AnswerAsync(_adminB, bId, "accept");
        var accepted = await PageAsync(glue, "/notifications");
        Assert.Matches($@"One of the two hubs said yes to your introduction of {Regex.Escape(hubA)} and [^.<]+\. See <a href=""/introductions/{id}"">", accepted);
        Assert.DoesNotContain("One of the two people", accepted, StringComparison.Ordinal);

        // B's admin reads of their own hub's yes, and whom it waits for.
        using var bert = await _b.SignedInBrowserAsync("bert");
        Assert.Matches(@"Your hub said yes\. Waiting for [^.<]+ to answer\.", await PageAsync(bert, $"/introductions/{bId}"));

        await AnswerAsync(_adminA, id, "accept");
        var made = await PageAsync(glue, "/notifications");
        Assert.Matches($@"Your introduction of the hubs {Regex.Escape(hubA)} and [^.<]+ is made: both said yes\. See <a href=""/introductions/{id}"">", made);
        Assert.DoesNotContain("Both people said yes", made, StringComparison.Ordinal);
        Assert.Contains("Mae eich cyflwyniad o’r hybiau", await PageAsync(glue, "/notifications?lang=cy"), StringComparison.Ordinal);
        Assert.Contains("تمّ تعارفك بين المركزين", await PageAsync(glue, "/notifications?lang=ar"), StringComparison.Ordinal);

        // A person and a hub that will not go ahead: the hub first, then the person, and not who said no.
        var ended = await ProposeAsync("@bob@b.test", "@hub");
        await AnswerAsync(_memberB, (Guid)(await AskedAsync(_memberB))["id"]!, "decline");
        Assert.Equal("not-going-ahead", await StateAsync(_glue, ended));
        var notGoing = await PageAsync(glue, "/notifications");
        Assert.Matches($@"Your introduction of the hub {Regex.Escape(hubA)} and [^.<]+ will not go ahead\. See <a href=""/introductions/{ended}"">", notGoing);
        Assert.DoesNotContain("Your introduction will not go ahead.", notGoing, StringComparison.Ordinal);
        Assert.DoesNotContain("said no", notGoing, StringComparison.Ordinal);
    }

    [Fact]
    public async Task APersonIntroducedToAHub_ReadsOfTheHub_AndTheGlueErsPageHasNoPersonWordsForIt()
    {
        var id = await ProposeAsync("@bob@b.test", "@hub");
        var bobsId = (Guid)(await AskedAsync(_memberB))["id"]!;
        using var bob = await _b.SignedInBrowserAsync("bob");

        var asked = await PageAsync(bob, "/notifications");
        Assert.Matches($@"would like to introduce you to the hub [^.<]+\. You can answer on <a href=""/introductions/{bobsId}"">", asked);
        Assert.DoesNotContain("introduce you to someone", asked, StringComparison.Ordinal);
        Assert.Contains("eich cyflwyno i’r hyb", await PageAsync(bob, "/notifications?lang=cy"), StringComparison.Ordinal);
        Assert.Contains("would like to introduce you to the hub", await PageAsync(bob, "/introductions"), StringComparison.Ordinal);
        Assert.Contains("would like to introduce you to the hub", await PageAsync(bob, $"/introductions/{bobsId}"), StringComparison.Ordinal);

        await AnswerAsync(_memberB, bobsId, "accept");
        var waiting = await PageAsync(bob, $"/introductions/{bobsId}");
        Assert.Contains("You said yes. Waiting for the hub to answer.", waiting, StringComparison.Ordinal);
        Assert.DoesNotContain("other person", waiting, StringComparison.Ordinal);

        // The glue-er's page: who is introduced, with no word of "people" or "person" (a hub is one of them).
        using var glue = await _a.SignedInBrowserAsync("glue");
        var gluePage = Words(await PageAsync(glue, $"/introductions/{id}"));
        Assert.Contains("Who you are introducing", gluePage, StringComparison.Ordinal);
        Assert.DoesNotContain("person", gluePage, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("people", gluePage, StringComparison.OrdinalIgnoreCase);

        // A's admin reads, in the list, of their hub being introduced (not of themselves).
        using var ada = await _a.SignedInBrowserAsync("ada");
        Assert.Contains("would like to introduce your hub to", await PageAsync(ada, "/introductions"), StringComparison.Ordinal);

        await AnswerAsync(_adminA, id, "accept");
        Assert.Matches(@"You and the hub [^.<]+ have both said yes to the introduction .+? suggested: you are introduced\.", await PageAsync(bob, "/notifications"));
        Assert.Contains("introduced you to the hub", await PageAsync(bob, "/introductions"), StringComparison.Ordinal);
        Assert.Contains("introduced your hub to", await PageAsync(ada, "/introductions"), StringComparison.Ordinal);
        Assert.DoesNotContain("You and the person", await PageAsync(bob, "/notifications"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheProposingForm_SpeaksOfHubs_OnlyToThoseWhoMayIntroduceThem()
    {
        await _a.Service<IntroductionSettings>().SetAnyMemberMayIntroduceAsync(true, Ct);
        await _a.CreateMemberAsync("carol");
        using var carol = await _a.SignedInBrowserAsync("carol");
        var people = await PageAsync(carol, "/introductions/new");
        Assert.Contains(">First person<", people, StringComparison.Ordinal);
        Assert.DoesNotContain("@hub for this hub", people, StringComparison.Ordinal);

        using var ada = await _a.SignedInBrowserAsync("ada");   // an admin, no glue-er
        var hubs = await PageAsync(ada, "/introductions/new");
        Assert.Contains(">The two people or hubs<", hubs, StringComparison.Ordinal);
        Assert.Contains(">Second person or hub<", hubs, StringComparison.Ordinal);
        Assert.Contains("@hub for this hub", hubs, StringComparison.Ordinal);

        // A refusal shows the same form again.
        using var refused = await ada.SubmitAsync("/introductions/new", "/introductions/new", new Dictionary<string, string> { ["a"] = "@hub", ["b"] = "", ["reason"] = "" });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains(">First person or hub<", WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync(Ct)), StringComparison.Ordinal);
    }

    /// <summary>The words of a page's main part, without its markup (class names such as "person" are not words).</summary>
    private static string Words(string html) =>
        Regex.Replace(html.Split("<main", 2)[1].Split("</main>", 2)[0], "<[^>]*>", " ");

    [Fact]
    public async Task AnAdminWhoProposedAHubIntroduction_AnswersForTheHub_AndCanStillWithdrawIt()
    {
        using var created = await ProposeAsAsync(_adminA, "@hub", "@hub@b.test");
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (Guid)JsonNode.Parse(await created.Content.ReadAsStringAsync(Ct))!["id"]!;
        await _network.DrainAsync();
        var bId = (Guid)(await AskedAsync(_adminB))["id"]!;

        using var ada = await _a.SignedInBrowserAsync("ada");
        var page = await PageAsync(ada, $"/introductions/{id}");
        Assert.Contains($"action=\"/introductions/{id}/accept\"", page, StringComparison.Ordinal);   // she answers for hub A
        Assert.Contains($"action=\"/introductions/{id}/withdraw\"", page, StringComparison.Ordinal);  // and proposed it
        Assert.Contains("You suggested this introduction", page, StringComparison.Ordinal);

        using var withdrawn = await ada.SubmitAsync($"/introductions/{id}", $"/introductions/{id}/withdraw", new Dictionary<string, string>());
        Assert.Equal(HttpStatusCode.Redirect, withdrawn.StatusCode);
        await _network.DrainAsync();

        Assert.Equal("not-going-ahead", await StateAsync(_adminA, id));
        Assert.Equal("not-going-ahead", await StateAsync(_adminB, bId));
        Assert.DoesNotContain("/withdraw\"", await PageAsync(ada, $"/introductions/{id}"), StringComparison.Ordinal);

        // B's admin answers for hub B there and has nothing to withdraw; a glue-er who is no admin withdraws as before.
        using var bert = await _b.SignedInBrowserAsync("bert");
        Assert.DoesNotContain("/withdraw\"", await PageAsync(bert, $"/introductions/{bId}"), StringComparison.Ordinal);
        var proposedAgain = await ProposeAsync("@hub", "@hub@b.test");
        using var glue = await _a.SignedInBrowserAsync("glue");
        Assert.Contains($"action=\"/introductions/{proposedAgain}/withdraw\"", await PageAsync(glue, $"/introductions/{proposedAgain}"), StringComparison.Ordinal);
    }

    private static async Task<string> PageAsync(Browserless browser, string url)
    {
        var (status, html) = await browser.GetAsync(url);
        Assert.True(status == HttpStatusCode.OK, $"GET {url} answered {(int)status}");
        return WebUtility.HtmlDecode(html);
    }

    private async Task<Guid> ProposeAsync(string a, string b)
    {
        using var response = await ProposeAsAsync(_glue, a, b);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var id = (Guid)JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!["id"]!;
        await _network.DrainAsync();
        return id;
    }

    private static Task<HttpResponseMessage> ProposeAsAsync(ApiUser user, string a, string b) =>
        user.Client.PostAsJsonAsync(
            $"{ApiTestKit.Prefix}/introductions", new { parties = new[] { a, b }, reason = "Both hubs run repair cafés." }, Ct);

    private static async Task<JsonObject> AskedAsync(ApiUser user)
    {
        var list = await user.Client.GetFromJsonAsync<JsonObject>($"{ApiTestKit.Prefix}/introductions?role=asked", Ct);
        return Assert.Single(list!["items"]!.AsArray())!.AsObject();
    }

    private async Task AnswerAsync(ApiUser user, Guid id, string answer)
    {
        using var response = await user.Client.PostAsync($"{ApiTestKit.Prefix}/introductions/{id}/{answer}", null, Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await _network.DrainAsync();
    }

    private static async Task<string?> StateAsync(ApiUser user, Guid id) =>
        (string?)(await user.Client.GetFromJsonAsync<JsonObject>($"{ApiTestKit.Prefix}/introductions/{id}", Ct))!["state"];

    private static async Task<IReadOnlyList<Notification>> NotificationsAsync(NodeFactory node, ApiUser user) =>
        (await node.Service<INotificationStore>().ListAsync(user.Member.Id, OurSociety.Core.Paging.Cursor.Start, 50, Ct)).Items;

    private static async Task<IReadOnlyList<JsonObject>> ReceivedAsync(NodeFactory node, string type)
    {
        await using var connection = await node.Service<OurSociety.Storage.Sql.IDbConnectionFactory>().OpenAsync(Ct);
        return [.. (await Dapper.SqlMapper.QueryAsync<string>(connection, "SELECT body FROM inbox_activity WHERE type = @Type ORDER BY received_at", new { Type = type }))
            .Select(b => JsonNode.Parse(b)!.AsObject())];
    }
}
