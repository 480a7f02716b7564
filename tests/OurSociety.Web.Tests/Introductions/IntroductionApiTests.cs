using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OurSociety.Core.Introductions;
using OurSociety.Core.Members;
using OurSociety.Core.Notifications;
using OurSociety.Core.Paging;
using OurSociety.Core.Work;
using OurSociety.Testing;
using OurSociety.Web.Tests.Api;

namespace OurSociety.Web.Tests.Introductions;

/// <summary>Introductions between members of one node, through the JSON API: the whole flow, and who sees what.</summary>
public sealed class IntroductionApiTests(NodeFactory node) : IClassFixture<NodeFactory>
{
    private const string Url = IntroductionTestKit.Introductions;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<(ApiUser Glue, ApiUser A, ApiUser B)> ThreeAsync(string prefix) => (
        await node.ApiUserAsync(prefix + "_glue", Role.GlueEr),
        await node.ApiUserAsync(prefix + "_a"),
        await node.ApiUserAsync(prefix + "_b"));

    [Fact]
    public async Task Propose_Is201WithTheIntroduction_AndBothAreAsked()
    {
        var (glue, a, b) = await ThreeAsync("ip_new");

        var created = await (await glue.ProposeAsync("@ip_new_a", "ip_new_b@localhost")).JsonAsync(HttpStatusCode.Created);

        var id = created.GetProperty("id").GetGuid();
        Assert.Equal("proposed", created.State());
        Assert.Equal("You both run food banks.", created.GetProperty("reason").GetString());
        var parties = created.GetProperty("parties").EnumerateArray().ToList();
        Assert.Equal(["ip_new_a@localhost", "ip_new_b@localhost"], parties.Select(p => p.GetProperty("handle").GetString()));
        Assert.Equal("http://localhost/users/ip_new_a", parties[0].GetProperty("actorId").GetString());
        Assert.Equal("http://localhost/@ip_new_b", parties[1].GetProperty("url").GetString());
        Assert.Equal("http://localhost/users/ip_new_glue", created.GetProperty("introducer").GetProperty("actorId").GetString());
        Assert.Equal(node.Time.GetUtcNow().AddDays(30).Date, created.GetProperty("expires").GetDateTimeOffset().Date);
        Assert.False(created.TryGetProperty("myAnswer", out _));

        foreach (var party in new[] { a, b })
        {
            var told = Assert.Single(await node.NotificationsAsync(party.Member.Id, id));
            Assert.Equal(NotificationKind.IntroductionAsked, told.Kind);
            Assert.Equal(glue.Member.Id.ToString("D"), told.Actor);
            var seen = await party.GetAsync(id);
            Assert.Equal("proposed", seen.State());
            Assert.Equal("pending", seen.GetProperty("myAnswer").GetString());
        }

        Assert.Empty(await node.NotificationsAsync(glue.Member.Id, id));
    }

    [Fact]
    public async Task BothAccept_IsMade_AndEachIsTold_WhileTheFirstYesShowsOnlyToTheGlueEr()
    {
        var (glue, a, b) = await ThreeAsync("ip_made");
        var id = await glue.ProposedAsync("@ip_made_a", "@ip_made_b");

        var afterA = await a.ActedAsync(id, "accept");

        Assert.Equal("proposed", afterA.State());
        Assert.Equal("accepted", afterA.GetProperty("myAnswer").GetString());
        Assert.Equal("accepted-by-one", (await glue.GetAsync(id)).State());
        var bSees = await b.GetAsync(id);
        Assert.Equal("proposed", bSees.State());
        Assert.Equal("pending", bSees.GetProperty("myAnswer").GetString());
        var first = Assert.Single(await node.NotificationsAsync(glue.Member.Id, id));
        Assert.Equal(NotificationKind.IntroductionAccepted, first.Kind);
        Assert.Equal(glue.Member.Id.ToString("D"), first.Actor);   // never the party who said yes

        var afterB = await b.ActedAsync(id, "accept");

        Assert.Equal("made", afterB.State());
        Assert.Equal("made", (await glue.GetAsync(id)).State());
        Assert.Equal("made", (await a.GetAsync(id)).State());
        foreach (var member in new[] { glue, a, b })
        {
            Assert.Equal(NotificationKind.IntroductionMade, (await node.NotificationsAsync(member.Member.Id, id))[^1].Kind);
        }

        // Once made, no answer changes it (a yes again, or taking the yes back).
        await (await a.ActAsync(id, "accept")).RefusedAsync(HttpStatusCode.Conflict, "state");
        await (await a.ActAsync(id, "decline")).RefusedAsync(HttpStatusCode.Conflict, "state");
    }

    [Fact]
    public async Task TwoYesesAtOnce_MakeItOnce()
    {
        var (glue, a, b) = await ThreeAsync("ip_race");
        var id = await glue.ProposedAsync("@ip_race_a", "@ip_race_b");

        var answers = await Task.WhenAll(a.ActAsync(id, "accept"), b.ActAsync(id, "accept"));

        Assert.All(answers, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Equal("made", (await glue.GetAsync(id)).State());
        var told = await node.NotificationsAsync(glue.Member.Id, id);
        Assert.Equal([NotificationKind.IntroductionAccepted, NotificationKind.IntroductionMade], told.Select(n => n.Kind));
    }

    [Fact]
    public async Task Decline_IsNotGoingAhead_AndTheGlueErCannotTellWho()
    {
        var (glue, a, b) = await ThreeAsync("ip_no");
        var first = await glue.ProposedAsync("@ip_no_a", "@ip_no_b");

        await a.ActedAsync(first, "accept");
        var declined = await b.ActedAsync(first, "decline");

        Assert.Equal("not-going-ahead", declined.State());
        Assert.Equal("declined", declined.GetProperty("myAnswer").GetString());
        var aSees = await a.GetAsync(first);
        Assert.Equal("not-going-ahead", aSees.State());
        Assert.Equal("accepted", aSees.GetProperty("myAnswer").GetString());
        Assert.Equal(NotificationKind.IntroductionNotGoingAhead, (await node.NotificationsAsync(a.Member.Id, first))[^1].Kind);
        var told = (await node.NotificationsAsync(glue.Member.Id, first))[^1];
        Assert.Equal(NotificationKind.IntroductionNotGoingAhead, told.Kind);
        Assert.Equal(glue.Member.Id.ToString("D"), told.Actor);
        Assert.DoesNotContain(await node.NotificationsAsync(b.Member.Id, first), n => n.Kind == NotificationKind.IntroductionNotGoingAhead);

        // What the glue-er reads says nothing of who answered what.
        var text = await (await glue.Client.GetAsync($"{Url}/{first:D}", Ct)).Content.ReadAsStringAsync(Ct);
        Assert.Contains("not-going-ahead", text, StringComparison.Ordinal);
        Assert.DoesNotContain("declin", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("myAnswer", text, StringComparison.Ordinal);
        Assert.DoesNotContain("accepted", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UndoOfAnAccept_BeforeTheOtherAnswers_IsADecline()
    {
        var (glue, a, b) = await ThreeAsync("ip_undo");
        var id = await glue.ProposedAsync("@ip_undo_a", "@ip_undo_b");
        await a.ActedAsync(id, "accept");

        var undone = await a.ActedAsync(id, "decline");

        Assert.Equal("not-going-ahead", undone.State());
        Assert.Equal("declined", undone.GetProperty("myAnswer").GetString());
        Assert.Equal("not-going-ahead", (await glue.GetAsync(id)).State());
        await (await b.ActAsync(id, "accept")).RefusedAsync(HttpStatusCode.Conflict, "state");
        Assert.Equal("pending", (await b.GetAsync(id)).GetProperty("myAnswer").GetString());
    }

    [Fact]
    public async Task Withdraw_ByTheGlueEr_IsNotGoingAhead_AndThePartiesAreTold()
    {
        var (glue, a, b) = await ThreeAsync("ip_wd");
        var id = await glue.ProposedAsync("@ip_wd_a", "@ip_wd_b");
        await a.ActedAsync(id, "accept");

        await (await a.ActAsync(id, "withdraw")).ProblemAsync(HttpStatusCode.Forbidden);
        var withdrawn = await glue.ActedAsync(id, "withdraw");

        Assert.Equal("not-going-ahead", withdrawn.State());
        foreach (var party in new[] { a, b })
        {
            Assert.Equal("not-going-ahead", (await party.GetAsync(id)).State());
            Assert.Equal(NotificationKind.IntroductionNotGoingAhead, (await node.NotificationsAsync(party.Member.Id, id))[^1].Kind);
        }

        await (await glue.ActAsync(id, "withdraw")).RefusedAsync(HttpStatusCode.Conflict, "state");
        await (await b.ActAsync(id, "accept")).RefusedAsync(HttpStatusCode.Conflict, "state");
    }

    [Fact]
    public async Task Expiry_ClosesItAfterThirtyDays_NotBefore()
    {
        var (glue, a, b) = await ThreeAsync("ip_exp");
        var id = await glue.ProposedAsync("@ip_exp_a", "@ip_exp_b");
        await a.ActedAsync(id, "accept");

        node.Time.Advance(TimeSpan.FromDays(29));
        await node.DrainAsync();
        Assert.Equal("accepted-by-one", (await glue.GetAsync(id)).State());

        node.Time.Advance(TimeSpan.FromDays(1) + TimeSpan.FromMinutes(1));
        await node.DrainAsync();

        Assert.Equal("not-going-ahead", (await glue.GetAsync(id)).State());
        Assert.Equal("not-going-ahead", (await b.GetAsync(id)).State());
        foreach (var member in new[] { glue, a, b })
        {
            Assert.Equal(NotificationKind.IntroductionNotGoingAhead, (await node.NotificationsAsync(member.Member.Id, id))[^1].Kind);
        }

        Assert.Equal(IntroductionEnd.Expired, (await node.Service<IIntroductionStore>().FindAsync(id, Ct))!.EndedBecause);
        await (await b.ActAsync(id, "accept")).RefusedAsync(HttpStatusCode.Conflict, "state");
    }

    [Fact]
    public async Task DeletingAnAccount_ClosesItsPendingIntroductions_AndLeavesDecidedOnes()
    {
        var (glue, a, b) = await ThreeAsync("ip_del");
        var pending = await glue.ProposedAsync("@ip_del_a", "@ip_del_b");
        var c = await node.ApiUserAsync("ip_del_c");
        var made = await glue.ProposedAsync("@ip_del_a", "@ip_del_c");
        await a.ActedAsync(made, "accept");
        await c.ActedAsync(made, "accept");

        await node.Service<MemberService>().DeleteAccountAsync(a.Member.Id, "correct horse battery", Ct);

        Assert.Equal("not-going-ahead", (await glue.GetAsync(pending)).State());
        Assert.Equal("not-going-ahead", (await b.GetAsync(pending)).State());
        Assert.Equal(NotificationKind.IntroductionNotGoingAhead, (await node.NotificationsAsync(b.Member.Id, pending))[^1].Kind);
        Assert.Equal(IntroductionEnd.AccountDeleted, (await node.Service<IIntroductionStore>().FindAsync(pending, Ct))!.EndedBecause);
        Assert.Equal("made", (await glue.GetAsync(made)).State());
    }

    [Fact]
    public async Task List_ByRoleAndState_ShowsEachOnlyTheirOwn()
    {
        var (glue, a, b) = await ThreeAsync("ip_list");
        var other = await node.ApiUserAsync("ip_list_x", Role.GlueEr);
        var first = await glue.ProposedAsync("@ip_list_a", "@ip_list_b");
        var second = await glue.ProposedAsync("@ip_list_a", "@ip_list_x");
        await a.ActedAsync(first, "accept");

        var proposed = await (await glue.Client.GetAsync(Url + "?role=proposed", Ct)).JsonAsync(HttpStatusCode.OK);
        Assert.Equal([second, first], proposed.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid()));
        Assert.Equal(JsonValueKind.Null, proposed.GetProperty("next").ValueKind);
        var waiting = await (await glue.Client.GetAsync(Url + "?role=proposed&state=accepted-by-one", Ct)).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(first, Assert.Single(waiting.GetProperty("items").EnumerateArray()).GetProperty("id").GetGuid());

        var asked = await (await a.Client.GetAsync(Url, Ct)).JsonAsync(HttpStatusCode.OK);
        Assert.Equal([second, first], asked.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid()));
        Assert.All(asked.GetProperty("items").EnumerateArray(), i => Assert.Equal("proposed", i.State()));
        var askedProposed = await (await a.Client.GetAsync(Url + "?role=asked&state=proposed", Ct)).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(2, askedProposed.GetProperty("items").GetArrayLength());
        var askedByOne = await (await b.Client.GetAsync(Url + "?role=asked&state=accepted-by-one", Ct)).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(0, askedByOne.GetProperty("items").GetArrayLength());

        Assert.Equal(0, (await (await a.Client.GetAsync(Url + "?role=proposed", Ct)).JsonAsync(HttpStatusCode.OK)).GetProperty("items").GetArrayLength());
        var xAsked = await (await other.Client.GetAsync(Url + "?role=asked", Ct)).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(second, Assert.Single(xAsked.GetProperty("items").EnumerateArray()).GetProperty("id").GetGuid());

        await (await glue.Client.GetAsync(Url + "?role=everyone", Ct)).ValidationProblemAsync("role");
        await (await glue.Client.GetAsync(Url + "?state=maybe", Ct)).ValidationProblemAsync("state");
        await (await glue.Client.GetAsync(Url + "?limit=0", Ct)).ValidationProblemAsync("limit");
    }

    [Fact]
    public async Task EveryRoute_AsAFourthMember_Is404_AndAnonymously_Is401()
    {
        var (glue, a, _) = await ThreeAsync("ip_priv");
        var stranger = await node.ApiUserAsync("ip_priv_x", Role.GlueEr, Role.Moderator, Role.Admin);
        var id = await glue.ProposedAsync("@ip_priv_a", "@ip_priv_b");
        await a.ActedAsync(id, "accept");

        foreach (var action in new[] { "accept", "decline", "withdraw" })
        {
            var refused = await (await stranger.ActAsync(id, action)).ProblemAsync(HttpStatusCode.NotFound);
            Assert.DoesNotContain("ip_priv", refused.GetRawText(), StringComparison.Ordinal);
        }

        await (await stranger.Client.GetAsync($"{Url}/{id:D}", Ct)).ProblemAsync(HttpStatusCode.NotFound);
        await (await stranger.Client.GetAsync($"{Url}/{Guid.CreateVersion7():D}", Ct)).ProblemAsync(HttpStatusCode.NotFound);
        foreach (var role in new[] { "asked", "proposed" })
        {
            var list = await (await stranger.Client.GetAsync($"{Url}?role={role}", Ct)).JsonAsync(HttpStatusCode.OK);
            Assert.Equal(0, list.GetProperty("items").GetArrayLength());
        }

        // Nothing the stranger did changed it.
        Assert.Equal("accepted-by-one", (await glue.GetAsync(id)).State());

        using var anonymous = node.CreateClient();
        foreach (var (method, path) in new[]
                 {
                     ("GET", Url), ("POST", Url), ("GET", $"{Url}/{id:D}"), ("POST", $"{Url}/{id:D}/accept"),
                     ("POST", $"{Url}/{id:D}/decline"), ("POST", $"{Url}/{id:D}/withdraw"),
                     ("GET", ApiTestKit.Prefix + "/me/introduction-policy"), ("PUT", ApiTestKit.Prefix + "/me/introduction-policy"),
                 })
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), path)
            {
                Content = method == "GET" ? null : JsonContent.Create(new { parties = new[] { "@ip_priv_a", "@ip_priv_b" }, reason = "x", allow = "anyone" }),
            };
            var response = await anonymous.SendAsync(request, Ct);
            var body = await response.Content.ReadAsStringAsync(Ct);
            Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{method} {path}: {(int)response.StatusCode}");
            Assert.DoesNotContain("ip_priv", body, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Policy_DefaultsToGlueErs_CanBeChanged_AndIsKeptToWhenProposing()
    {
        var (glue, a, _) = await ThreeAsync("ip_pol");
        var policyUrl = ApiTestKit.Prefix + "/me/introduction-policy";

        Assert.Equal("glue-ers", (await (await a.Client.GetAsync(policyUrl, Ct)).JsonAsync(HttpStatusCode.OK)).GetProperty("allow").GetString());
        Assert.Equal("nobody", (await (await a.Client.PutAsJsonAsync(policyUrl, new { allow = "nobody" }, Ct)).JsonAsync(HttpStatusCode.OK)).GetProperty("allow").GetString());
        Assert.Equal("nobody", (await (await a.Client.GetAsync(policyUrl, Ct)).JsonAsync(HttpStatusCode.OK)).GetProperty("allow").GetString());
        Assert.Equal(IntroductionPolicy.Nobody, (await node.Service<IMemberStore>().FindAsync(a.Member.Id, Ct))!.IntroductionPolicy);
        // The policy is on the member's actor: their followers' servers are told.
        Assert.True(await node.Service<IWorkItemStore>().IsPendingAsync(MemberWork.Updated, $"member:{a.Member.Id:D}", Ct));

        await (await glue.ProposeAsync("@ip_pol_b", "@ip_pol_a")).RefusedAsync(HttpStatusCode.Forbidden, "parties[1]");

        await (await a.Client.PutAsJsonAsync(policyUrl, new { allow = "everybody" }, Ct)).ValidationProblemAsync("allow");
        await (await a.Client.PutAsJsonAsync(policyUrl, new { }, Ct)).ValidationProblemAsync("allow");
        Assert.Equal("nobody", (await (await a.Client.GetAsync(policyUrl, Ct)).JsonAsync(HttpStatusCode.OK)).GetProperty("allow").GetString());

        await (await a.Client.PutAsJsonAsync(policyUrl, new { allow = "anyone" }, Ct)).JsonAsync(HttpStatusCode.OK);
        await glue.ProposedAsync("@ip_pol_b", "@ip_pol_a");
    }
}
