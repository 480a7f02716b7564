using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OurSociety.Core.HelpRequests;
using OurSociety.Core.Members;
using OurSociety.Core.Notifications;
using OurSociety.Core.Paging;
using OurSociety.Testing;
using OurSociety.Web.Tests.Api;

namespace OurSociety.Web.Tests.Help;

/// <summary>
/// Asking for help through the API: who is told, who may read the thread (everyone else: 404 on every route, as for a
/// request that does not exist), replies and their notifications, closing, inviting, and each bad input.
/// </summary>
public sealed class HelpRequestApiTests(NodeFactory node) : IClassFixture<NodeFactory>
{
    private const string Requests = HelpKit.Requests;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Ask_Shared_GoesToGlueErsAndMatchingHelpers_AndNobodyElse()
    {
        using var asker = await node.ApiUserAsync("ask_shared");
        using var glue = await node.ApiUserAsync("ask_shared_glue", Role.GlueEr);
        using var helper = await node.HelperAsync("ask_shared_helper", "beekeeping");
        using var other = await node.HelperAsync("ask_shared_other", "knitting");

        var created = await asker.AskAsync("How do I start a hive on a roof?", ["Beekeeping", "#roofs"], share: true);

        var id = created.GetProperty("id").GetGuid();
        Assert.Equal("How do I start a hive on a roof?", created.GetProperty("question").GetString());
        Assert.Equal(["beekeeping", "roofs"], created.GetProperty("topics").EnumerateArray().Select(t => t.GetString()));
        Assert.True(created.GetProperty("shareWithHelpers").GetBoolean());
        Assert.Equal("open", created.GetProperty("state").GetString());
        Assert.Equal("asker", created.GetProperty("yourRole").GetString());
        Assert.Equal("ask_shared", created.GetProperty("asker").GetProperty("username").GetString());
        Assert.Equal(["ask_shared_helper"], created.GetProperty("helpers").EnumerateArray().Select(h => h.GetProperty("username").GetString()));
        Assert.Equal($"{node.PublicUrl}/help/{id:D}", created.GetProperty("url").GetString());
        Assert.Equal(JsonValueKind.Null, created.GetProperty("introductionUrl").ValueKind);

        Assert.Equal([(NotificationKind.HelpRequested, asker.Member.Id())], await node.NotificationsAboutAsync(glue.Member.Id, id));
        Assert.Equal([(NotificationKind.HelpInvited, asker.Member.Id())], await node.NotificationsAboutAsync(helper.Member.Id, id));
        Assert.Empty(await node.NotificationsAboutAsync(other.Member.Id, id));
        Assert.Empty(await node.NotificationsAboutAsync(asker.Member.Id, id));

        // The helper may read it; the member with other skills may not, and cannot tell it exists.
        var seen = await (await helper.Client.GetAsync($"{Requests}/{id}", Ct)).JsonAsync(HttpStatusCode.OK);
        Assert.Equal("helper", seen.GetProperty("yourRole").GetString());
        await (await other.Client.GetAsync($"{Requests}/{id}", Ct)).ProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Ask_Shared_AlsoInvitesMembersWhoseOpenOfferMatches_NotThoseWithout()
    {
        using var asker = await node.ApiUserAsync("ask_offer");
        using var offering = await node.ApiUserAsync("ask_offer_has");
        using var otherOffer = await node.ApiUserAsync("ask_offer_other");
        using var closedOffer = await node.ApiUserAsync("ask_offer_closed");
        using var noOffer = await node.ApiUserAsync("ask_offer_none");
        await OfferAsync(offering, "Help with hives", ["apiaries", "bees"]);
        await OfferAsync(otherOffer, "Knitting lessons", ["knitting"]);
        var closed = await OfferAsync(closedOffer, "Old hive tools", ["apiaries"]);
        (await closedOffer.Client.PostAsync($"{ApiTestKit.Prefix}/offers/{closed}/close", null, Ct)).EnsureSuccessStatusCode();

        var created = await asker.AskAsync("Where do I put an apiary?", ["apiaries"], share: true);
        var id = created.GetProperty("id").GetGuid();

        Assert.Equal(["ask_offer_has"], created.GetProperty("helpers").EnumerateArray().Select(h => h.GetProperty("username").GetString()));
        Assert.Equal([(NotificationKind.HelpInvited, asker.Member.Id())], await node.NotificationsAboutAsync(offering.Member.Id, id));
        Assert.Empty(await node.NotificationsAboutAsync(otherOffer.Member.Id, id));
        Assert.Empty(await node.NotificationsAboutAsync(closedOffer.Member.Id, id));
        Assert.Empty(await node.NotificationsAboutAsync(noOffer.Member.Id, id));
        await (await offering.Client.GetAsync($"{Requests}/{id}", Ct)).JsonAsync(HttpStatusCode.OK);
        await (await otherOffer.Client.GetAsync($"{Requests}/{id}", Ct)).ProblemAsync(HttpStatusCode.NotFound);

        // Not shared: an offer invites nobody either.
        var notShared = (await asker.AskAsync("Which bees for an apiary?", ["apiaries"])).GetProperty("id").GetGuid();
        Assert.Empty(await node.NotificationsAboutAsync(offering.Member.Id, notShared));
    }

    [Fact]
    public async Task Ask_Shared_OfferAndSkillMatches_KeepTheCapOfHelpers()
    {
        using var asker = await node.ApiUserAsync("ask_cap");
        var helpers = new List<ApiUser>();
        for (var i = 0; i < HelpLimits.MatchedHelpersMax + 2; i++)
        {
            var helper = i % 2 == 0 ? await node.HelperAsync($"ask_cap_skill{i}", "ropemaking") : await node.ApiUserAsync($"ask_cap_offer{i}");
            if (i % 2 == 1)
            {
                await OfferAsync(helper, "Rope", ["ropemaking"]);
            }

            helpers.Add(helper);
        }

        var created = await asker.AskAsync("How thick a rope?", ["ropemaking"], share: true);

        Assert.Equal(HelpLimits.MatchedHelpersMax, created.GetProperty("helpers").GetArrayLength());
        foreach (var helper in helpers)
        {
            helper.Dispose();
        }
    }

    private static async Task<Guid> OfferAsync(ApiUser user, string title, string[] topics) =>
        (await (await user.Client.PostAsJsonAsync($"{ApiTestKit.Prefix}/offers", new { title, topics }, Ct)).JsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();

    [Fact]
    public async Task Ask_NotShared_GoesToGlueErsOnly()
    {
        using var asker = await node.ApiUserAsync("ask_private");
        using var glue = await node.ApiUserAsync("ask_private_glue", Role.GlueEr);
        using var helper = await node.HelperAsync("ask_private_helper", "compost");

        var created = await asker.AskAsync("Is my compost too wet?", ["compost"]);
        var id = created.GetProperty("id").GetGuid();

        Assert.False(created.GetProperty("shareWithHelpers").GetBoolean());
        Assert.Equal(0, created.GetProperty("helpers").GetArrayLength());
        Assert.Equal([(NotificationKind.HelpRequested, asker.Member.Id())], await node.NotificationsAboutAsync(glue.Member.Id, id));
        Assert.Empty(await node.NotificationsAboutAsync(helper.Member.Id, id));
        await (await helper.Client.GetAsync($"{Requests}/{id}", Ct)).ProblemAsync(HttpStatusCode.NotFound);
        var forGlue = await (await glue.Client.GetAsync($"{Requests}/{id}", Ct)).JsonAsync(HttpStatusCode.OK);
        Assert.Equal("glue-er", forGlue.GetProperty("yourRole").GetString());
    }

    public static TheoryData<string, string?, string[], string> BadAsks => new()
    {
        { "ask_bad_empty", "   ", ["gardening"], "question" },
        { "ask_bad_missing", null, ["gardening"], "question" },
        { "ask_bad_long", new string('a', HelpLimits.QuestionMax + 1), ["gardening"], "question" },
        { "ask_bad_notopic", "What now?", [], "topics" },
        { "ask_bad_topic", "What now?", ["not a topic!"], "topics" },
        { "ask_bad_many", "What now?", [.. Enumerable.Range(1, 11).Select(i => $"topic{i}")], "topics" },
    };

    [Theory]
    [MemberData(nameof(BadAsks))]
    public async Task Ask_BadInput_Is400NamingTheField_AndNothingIsStoredOrSent(string username, string? question, string[] topics, string field)
    {
        using var asker = await node.ApiUserAsync(username);
        using var glue = await node.ApiUserAsync(username + "_g", Role.GlueEr);

        var problem = await (await asker.Client.PostAsJsonAsync(Requests, new { question, topics, shareWithHelpers = true }, Ct))
            .ValidationProblemAsync(field);

        if (question is { Length: > HelpLimits.QuestionMax })
        {
            Assert.Contains(HelpLimits.QuestionMax.ToString("N0", System.Globalization.CultureInfo.GetCultureInfo("en")),
                problem.GetProperty("errors").GetProperty("question")[0].GetString(), StringComparison.Ordinal);
        }

        var mine = await (await asker.Client.GetAsync(Requests, Ct)).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(0, mine.GetProperty("items").GetArrayLength());
        var told = await node.Service<INotificationStore>().ListAsync(glue.Member.Id, Cursor.Start, 10, Ct);
        Assert.Empty(told.Items);
    }

    [Fact]
    public async Task Ask_QuestionAtTheLimit_IsTaken()
    {
        using var asker = await node.ApiUserAsync("ask_limit");
        await asker.AskAsync(new string('q', HelpLimits.QuestionMax), ["limits"]);
    }

    [Fact]
    public async Task Ask_TopicsNotAList_Is400NamingTopics()
    {
        using var asker = await node.ApiUserAsync("ask_topics_text");
        var response = await asker.Client.SendRawAsync(HttpMethod.Post, Requests, """{"question":"Hi?","topics":"gardening"}""", "application/json");
        var problem = await response.ProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("topics", problem.ToString(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Outsider_Gets404OnEveryRoute_TheSameAsForNoRequest()
    {
        using var asker = await node.ApiUserAsync("out_asker");
        using var outsider = await node.ApiUserAsync("out_outsider");
        var id = (await asker.AskAsync("Who fixes bikes here?", ["bikes"])).GetProperty("id").GetGuid();

        foreach (var target in new[] { id, Guid.CreateVersion7() })
        {
            var bodies = new List<JsonElement>
            {
                await (await outsider.Client.GetAsync($"{Requests}/{target}", Ct)).ProblemAsync(HttpStatusCode.NotFound),
                await (await outsider.Client.GetAsync($"{Requests}/{target}/replies", Ct)).ProblemAsync(HttpStatusCode.NotFound),
                await (await outsider.Client.GetAsync($"{Requests}/{target}/replies?limit=0", Ct)).ProblemAsync(HttpStatusCode.NotFound),
                await (await outsider.Client.PostAsJsonAsync($"{Requests}/{target}/replies", new { body = "Me!" }, Ct)).ProblemAsync(HttpStatusCode.NotFound),
                await (await outsider.Client.PostAsJsonAsync($"{Requests}/{target}/replies", new { body = "" }, Ct)).ProblemAsync(HttpStatusCode.NotFound),
                await (await outsider.Client.PostAsync($"{Requests}/{target}/close", null, Ct)).ProblemAsync(HttpStatusCode.NotFound),
                await (await outsider.Client.PostAsJsonAsync($"{Requests}/{target}/helpers", new { username = "out_outsider" }, Ct)).ProblemAsync(HttpStatusCode.NotFound),
            };
            Assert.All(bodies, b => Assert.Equal(bodies[0].GetProperty("detail").GetString(), b.GetProperty("detail").GetString()));
        }

        var list = await (await outsider.Client.GetAsync(Requests, Ct)).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(0, list.GetProperty("items").GetArrayLength());
        var replies = await (await asker.Client.GetAsync($"{Requests}/{id}/replies", Ct)).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(0, replies.GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task Anonymous_Gets401OnEveryRoute()
    {
        using var asker = await node.ApiUserAsync("anon_asker");
        var id = (await asker.AskAsync("Anyone?", ["anon"])).GetProperty("id").GetGuid();
        using var anonymous = node.CreateClient();

        await (await anonymous.GetAsync(Requests, Ct)).ProblemAsync(HttpStatusCode.Unauthorized);
        await (await anonymous.PostAsJsonAsync(Requests, new { question = "Hi?", topics = new[] { "x" } }, Ct)).ProblemAsync(HttpStatusCode.Unauthorized);
        await (await anonymous.GetAsync($"{Requests}/{id}", Ct)).ProblemAsync(HttpStatusCode.Unauthorized);
        await (await anonymous.GetAsync($"{Requests}/{id}/replies", Ct)).ProblemAsync(HttpStatusCode.Unauthorized);
        await (await anonymous.PostAsJsonAsync($"{Requests}/{id}/replies", new { body = "Hi" }, Ct)).ProblemAsync(HttpStatusCode.Unauthorized);
        await (await anonymous.PostAsync($"{Requests}/{id}/close", null, Ct)).ProblemAsync(HttpStatusCode.Unauthorized);
        await (await anonymous.PostAsJsonAsync($"{Requests}/{id}/helpers", new { username = "anon_asker" }, Ct)).ProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Replies_AreReadInOrder_AndEachNotifiesEveryoneInTheThreadButItsWriter()
    {
        using var asker = await node.ApiUserAsync("rep_asker");
        using var glue = await node.ApiUserAsync("rep_glue", Role.GlueEr);
        using var helper = await node.HelperAsync("rep_helper", "soldering");
        var id = (await asker.AskAsync("My soldering iron will not heat.", ["soldering"], share: true)).GetProperty("id").GetGuid();

        var first = await (await glue.Client.PostAsJsonAsync($"{Requests}/{id}/replies", new { body = "Is the tip clean?" }, Ct)).JsonAsync(HttpStatusCode.Created);
        Assert.Equal("rep_glue", first.GetProperty("author").GetProperty("username").GetString());
        Assert.Equal("Is the tip clean?", first.GetProperty("body").GetString());
        await (await helper.Client.PostAsJsonAsync($"{Requests}/{id}/replies", new { body = "Try a new fuse." }, Ct)).JsonAsync(HttpStatusCode.Created);
        await (await asker.Client.PostAsJsonAsync($"{Requests}/{id}/replies", new { body = "  The fuse it was, thank you!  " }, Ct)).JsonAsync(HttpStatusCode.Created);

        var replies = await helper.Client.WalkAsync($"{Requests}/{id}/replies", limit: 2);
        Assert.Equal([2, 1], replies.Select(p => p.Count));
        Assert.Equal(["Is the tip clean?", "Try a new fuse.", "The fuse it was, thank you!"], replies.SelectMany(p => p).Select(r => r.GetProperty("body").GetString()));

        var replyKinds = async (ApiUser user) => (await node.NotificationsAboutAsync(user.Member.Id, id))
            .Where(n => n.Kind == NotificationKind.HelpReply).Select(n => n.Actor).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(new[] { glue.Member.Id(), helper.Member.Id() }.Order(StringComparer.Ordinal), await replyKinds(asker));
        Assert.Equal(new[] { asker.Member.Id(), helper.Member.Id() }.Order(StringComparer.Ordinal), await replyKinds(glue));
        Assert.Equal(new[] { asker.Member.Id(), glue.Member.Id() }.Order(StringComparer.Ordinal), await replyKinds(helper));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(null)]
    public async Task Reply_Empty_Is400NamingBody(string? body)
    {
        using var asker = await node.ApiUserAsync($"rep_empty_{body?.Length ?? -1 + 2}");
        var id = (await asker.AskAsync("Anyone?", ["empty"])).GetProperty("id").GetGuid();

        await (await asker.Client.PostAsJsonAsync($"{Requests}/{id}/replies", new { body }, Ct)).ValidationProblemAsync("body");

        Assert.Equal(0, (await node.Service<IHelpRequestStore>().CountRepliesAsync(id, Ct)));
    }

    [Fact]
    public async Task Reply_TooLong_Is400NamingBody_AtTheLimitIsTaken()
    {
        using var asker = await node.ApiUserAsync("rep_long");
        var id = (await asker.AskAsync("Anyone?", ["long"])).GetProperty("id").GetGuid();

        await (await asker.Client.PostAsJsonAsync($"{Requests}/{id}/replies", new { body = new string('b', HelpLimits.ReplyMax + 1) }, Ct))
            .ValidationProblemAsync("body");
        Assert.Equal(0, await node.Service<IHelpRequestStore>().CountRepliesAsync(id, Ct));
        await (await asker.Client.PostAsJsonAsync($"{Requests}/{id}/replies", new { body = new string('b', HelpLimits.ReplyMax) }, Ct))
            .JsonAsync(HttpStatusCode.Created);
    }

    [Fact]
    public async Task Close_OnlyTheAsker_ThenNoMoreReplies()
    {
        using var asker = await node.ApiUserAsync("close_asker");
        using var glue = await node.ApiUserAsync("close_glue", Role.GlueEr);
        using var helper = await node.HelperAsync("close_helper", "closing");
        using var later = await node.ApiUserAsync("close_later");
        var id = (await asker.AskAsync("Done soon?", ["closing"], share: true)).GetProperty("id").GetGuid();

        await (await helper.Client.PostAsync($"{Requests}/{id}/close", null, Ct)).ProblemAsync(HttpStatusCode.Forbidden);
        await (await glue.Client.PostAsync($"{Requests}/{id}/close", null, Ct)).ProblemAsync(HttpStatusCode.Forbidden);

        var closed = await (await asker.Client.PostAsync($"{Requests}/{id}/close", null, Ct)).JsonAsync(HttpStatusCode.OK);
        Assert.Equal("closed", closed.GetProperty("state").GetString());
        Assert.NotEqual(JsonValueKind.Null, closed.GetProperty("closed").ValueKind);

        await (await asker.Client.PostAsync($"{Requests}/{id}/close", null, Ct)).ProblemAsync(HttpStatusCode.Conflict);
        await (await glue.Client.PostAsJsonAsync($"{Requests}/{id}/replies", new { body = "Too late?" }, Ct)).ProblemAsync(HttpStatusCode.Conflict);
        await (await glue.Client.PostAsJsonAsync($"{Requests}/{id}/helpers", new { username = "close_later" }, Ct)).ProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal(0, await node.Service<IHelpRequestStore>().CountRepliesAsync(id, Ct));
        // Closed, it stays readable by its thread, and only by them.
        await (await helper.Client.GetAsync($"{Requests}/{id}", Ct)).JsonAsync(HttpStatusCode.OK);
        await (await later.Client.GetAsync($"{Requests}/{id}", Ct)).ProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Invite_ByAGlueEr_LetsTheMemberIn_AndTellsThem()
    {
        using var asker = await node.ApiUserAsync("inv_asker");
        using var glue = await node.ApiUserAsync("inv_glue", Role.GlueEr);
        using var friend = await node.ApiUserAsync("inv_friend");
        var id = (await asker.AskAsync("Who knows about grants?", ["grants"])).GetProperty("id").GetGuid();

        var invited = await (await glue.Client.PostAsJsonAsync($"{Requests}/{id}/helpers", new { username = "@inv_friend" }, Ct)).JsonAsync(HttpStatusCode.OK);

        Assert.Equal(["inv_friend"], invited.GetProperty("helpers").EnumerateArray().Select(h => h.GetProperty("username").GetString()));
        Assert.Equal([(NotificationKind.HelpInvited, glue.Member.Id())], await node.NotificationsAboutAsync(friend.Member.Id, id));
        var seen = await (await friend.Client.GetAsync($"{Requests}/{id}", Ct)).JsonAsync(HttpStatusCode.OK);
        Assert.Equal("helper", seen.GetProperty("yourRole").GetString());
        await (await friend.Client.PostAsJsonAsync($"{Requests}/{id}/replies", new { body = "I do." }, Ct)).JsonAsync(HttpStatusCode.Created);
    }

    [Fact]
    public async Task Invite_BadInput_IsRefusedAndChangesNothing()
    {
        using var asker = await node.ApiUserAsync("invbad_asker");
        using var glue = await node.ApiUserAsync("invbad_glue", Role.GlueEr);
        using var helper = await node.HelperAsync("invbad_helper", "invbad");
        var id = (await asker.AskAsync("Help?", ["invbad"], share: true)).GetProperty("id").GetGuid();

        // Not a glue-er: the asker and a helper know the request, so they are told why (403), not that it is missing.
        await (await asker.Client.PostAsJsonAsync($"{Requests}/{id}/helpers", new { username = "invbad_glue" }, Ct)).ProblemAsync(HttpStatusCode.Forbidden);
        await (await helper.Client.PostAsJsonAsync($"{Requests}/{id}/helpers", new { username = "invbad_glue" }, Ct)).ProblemAsync(HttpStatusCode.Forbidden);
        await (await glue.Client.PostAsJsonAsync($"{Requests}/{id}/helpers", new { username = "" }, Ct)).ValidationProblemAsync("username");
        await (await glue.Client.PostAsJsonAsync($"{Requests}/{id}/helpers", new { username = "nobody_here" }, Ct)).ValidationProblemAsync("username");
        await (await glue.Client.PostAsJsonAsync($"{Requests}/{id}/helpers", new { username = "invbad_helper" }, Ct)).ProblemAsync(HttpStatusCode.Conflict);
        await (await glue.Client.PostAsJsonAsync($"{Requests}/{id}/helpers", new { username = "invbad_asker" }, Ct)).ProblemAsync(HttpStatusCode.Conflict);

        var thread = await (await asker.Client.GetAsync($"{Requests}/{id}", Ct)).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(["invbad_helper"], thread.GetProperty("helpers").EnumerateArray().Select(h => h.GetProperty("username").GetString()));
    }

    [Fact]
    public async Task List_IsMineAndWhatIHelpWith_AndForGlueErsTheHubsOpenOnes()
    {
        var list = new NodeFactory();
        await using var _ = list;
        using var asker = await list.ApiUserAsync("list_asker");
        using var glue = await list.ApiUserAsync("list_glue", Role.GlueEr);
        using var helper = await list.HelperAsync("list_helper", "lists");
        using var outsider = await list.ApiUserAsync("list_outsider");
        var shared = (await asker.AskAsync("First?", ["lists"], share: true)).GetProperty("id").GetGuid();
        var closed = (await asker.AskAsync("Second?", ["other"])).GetProperty("id").GetGuid();
        var third = (await asker.AskAsync("Third?", ["other"])).GetProperty("id").GetGuid();
        await (await asker.Client.PostAsync($"{Requests}/{closed}/close", null, Ct)).JsonAsync(HttpStatusCode.OK);

        async Task<List<Guid>> IdsAsync(ApiUser user, int limit) =>
            [.. (await user.Client.WalkAsync(Requests, limit)).SelectMany(p => p).Select(r => r.GetProperty("id").GetGuid())];

        Assert.Equal([third, closed, shared], await IdsAsync(asker, 2));
        Assert.Equal([shared], await IdsAsync(helper, 5));
        Assert.Equal([third, shared], await IdsAsync(glue, 1));
        Assert.Empty(await IdsAsync(outsider, 5));
        await (await asker.Client.GetAsync($"{Requests}?limit=0", Ct)).ValidationProblemAsync("limit");
        await (await asker.Client.GetAsync($"{Requests}?cursor=%%%", Ct)).ValidationProblemAsync("cursor");
    }

    [Fact]
    public async Task GlueEr_GetsTheIntroductionLink_WithTheAskerAndAReason()
    {
        using var asker = await node.ApiUserAsync("intro_asker");
        using var glue = await node.ApiUserAsync("intro_glue", Role.GlueEr);
        var id = (await asker.AskAsync("Who runs a tool library?", ["tools"])).GetProperty("id").GetGuid();

        var seen = await (await glue.Client.GetAsync($"{Requests}/{id}", Ct)).JsonAsync(HttpStatusCode.OK);

        var link = new Uri(seen.GetProperty("introductionUrl").GetString()!);
        Assert.Equal("/introductions/new", link.AbsolutePath);
        var query = System.Web.HttpUtility.ParseQueryString(link.Query);
        Assert.Equal($"@intro_asker@{new Uri(node.PublicUrl).Authority}", query["a"]);
        Assert.Contains("Who runs a tool library?", query["reason"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task GlueErRoleTakenAway_TheThreadIsGoneForThem()
    {
        using var asker = await node.ApiUserAsync("role_asker");
        using var glue = await node.ApiUserAsync("role_glue", Role.GlueEr);
        var id = (await asker.AskAsync("Still there?", ["roles"])).GetProperty("id").GetGuid();
        await (await glue.Client.GetAsync($"{Requests}/{id}", Ct)).JsonAsync(HttpStatusCode.OK);

        await node.Service<MemberService>().SetRolesAsync(glue.Member.Id, new HashSet<Role> { Role.Member }, Ct);

        await (await glue.Client.GetAsync($"{Requests}/{id}", Ct)).ProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task AccountDeleted_TakesItsRequestsAndItsRepliesElsewhere()
    {
        using var asker = await node.ApiUserAsync("del_asker");
        using var glue = await node.ApiUserAsync("del_glue", Role.GlueEr);
        using var other = await node.ApiUserAsync("del_other");
        var own = (await asker.AskAsync("Mine?", ["deleting"])).GetProperty("id").GetGuid();
        var theirs = (await other.AskAsync("Theirs?", ["deleting"])).GetProperty("id").GetGuid();
        await (await glue.Client.PostAsJsonAsync($"{Requests}/{theirs}/helpers", new { username = "del_asker" }, Ct)).JsonAsync(HttpStatusCode.OK);
        await (await asker.Client.PostAsJsonAsync($"{Requests}/{theirs}/replies", new { body = "Mine to take." }, Ct)).JsonAsync(HttpStatusCode.Created);
        await (await other.Client.PostAsJsonAsync($"{Requests}/{theirs}/replies", new { body = "Mine to keep." }, Ct)).JsonAsync(HttpStatusCode.Created);

        Assert.IsType<Core.Outcome<bool>.Ok>(await node.Service<MemberService>().DeleteAccountAsync(asker.Member.Id, "correct horse battery", Ct));

        Assert.Null(await node.Service<IHelpRequestStore>().FindAsync(own, Ct));
        await (await glue.Client.GetAsync($"{Requests}/{own}", Ct)).ProblemAsync(HttpStatusCode.NotFound);
        var left = await (await other.Client.GetAsync($"{Requests}/{theirs}/replies", Ct)).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(["Mine to keep."], left.GetProperty("items").EnumerateArray().Select(r => r.GetProperty("body").GetString()));
        var thread = await (await other.Client.GetAsync($"{Requests}/{theirs}", Ct)).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(0, thread.GetProperty("helpers").GetArrayLength());
    }

    [Fact]
    public async Task NotificationsApi_NamesTheRequest()
    {
        using var asker = await node.ApiUserAsync("notif_asker");
        using var glue = await node.ApiUserAsync("notif_glue", Role.GlueEr);
        var id = (await asker.AskAsync("Told?", ["notif"])).GetProperty("id").GetGuid();

        var page = await (await glue.Client.GetAsync(ApiTestKit.Prefix + "/notifications", Ct)).JsonAsync(HttpStatusCode.OK);

        var item = page.GetProperty("items").EnumerateArray().Single(n => n.GetProperty("subject").GetString() == $"help-request:{id:D}");
        Assert.Equal("help-requested", item.GetProperty("kind").GetString());
        Assert.Equal("notif_asker", item.GetProperty("actor").GetProperty("username").GetString());
    }
}
