using System.Net;
using OurSociety.Core;
using OurSociety.Core.Federation;
using OurSociety.Core.Introductions;
using OurSociety.Core.Members;
using OurSociety.Core.Notifications;
using OurSociety.Core.Paging;
using OurSociety.Testing;
using OurSociety.Web.Tests.Follows;

namespace OurSociety.Web.Tests.Introductions;

/// <summary>
/// The introductions pages through real HTTP with JavaScript off: proposing from the form, answering and withdrawing
/// from the page, following after it is made, and who sees what (never the other's answer, never who declined).
/// </summary>
public sealed class IntroductionPageTests(TwoNodes nodes) : IClassFixture<TwoNodes>
{
    private const string Reason = "You both grow leeks on allotments across town.";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ProposeForm_TwoMembers_OpensTheIntroductionAndAsksBoth()
    {
        var (glue, amina, rosa) = await PeopleAsync("pf");
        using var browser = await nodes.A.SignedInBrowserAsync(glue.Username);

        var response = await browser.SubmitAsync("/introductions/new", "/introductions/new", new Dictionary<string, string>
        {
            ["a"] = "@" + amina.Username,
            ["b"] = $"@{rosa.Username}@a.test",
            ["reason"] = Reason,
        });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!.OriginalString;
        Assert.Matches("^/introductions/[0-9a-f-]{36}\\?notice=proposed$", location);
        var html = await PageAsync(browser, location);
        Assert.Contains("Your introduction is on its way", html, StringComparison.Ordinal);
        Assert.Contains(Reason, html, StringComparison.Ordinal);
        Assert.Contains($"You suggested that {amina.DisplayName} and {rosa.DisplayName} meet.", html, StringComparison.Ordinal);
        Assert.Contains("Neither of them has said yes yet.", html, StringComparison.Ordinal);
        Assert.Contains("Waiting for both", await PageAsync(browser, "/introductions"), StringComparison.Ordinal);

        // Amina is asked: on her list (waiting for her), and told with a link to the page.
        using var aminaBrowser = await nodes.A.SignedInBrowserAsync(amina.Username);
        var list = await PageAsync(aminaBrowser, "/introductions");
        Assert.Contains($"{glue.DisplayName} would like to introduce you to {rosa.DisplayName}.", list, StringComparison.Ordinal);
        Assert.Contains("Waiting for your answer", list, StringComparison.Ordinal);
        var notifications = await PageAsync(aminaBrowser, "/notifications");
        Assert.Contains($"would like to introduce you to someone. You can answer on <a href=\"{location.Split('?')[0]}\">", notifications, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NewForm_Query_PrefillsTheFields()
    {
        var (glue, _, _) = await PeopleAsync("pq");
        using var browser = await nodes.A.SignedInBrowserAsync(glue.Username);

        var html = await PageAsync(browser, "/introductions/new?a=%40ann%40elsewhere.test&b=%40bo&reason=Both+need+a+van");

        Assert.Contains("value=\"@ann@elsewhere.test\"", html, StringComparison.Ordinal);
        Assert.Contains("value=\"@bo\"", html, StringComparison.Ordinal);
        Assert.Contains(">Both need a van</textarea>", html, StringComparison.Ordinal);
        Assert.Contains("Mastodon 4.3 and later may hide private messages", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnswerForms_BothSayYes_MadeAndNeitherSeesTheOthersAnswer()
    {
        var (glue, amina, rosa) = await PeopleAsync("pa");
        var id = await ProposeAsync(glue, amina, rosa);
        using var aminaBrowser = await nodes.A.SignedInBrowserAsync(amina.Username);
        using var rosaBrowser = await nodes.A.SignedInBrowserAsync(rosa.Username);
        using var glueBrowser = await nodes.A.SignedInBrowserAsync(glue.Username);
        var page = $"/introductions/{id:D}";
        var before = await PageAsync(aminaBrowser, page);
        Assert.Contains(Reason, before, StringComparison.Ordinal);
        Assert.Contains($"About {rosa.DisplayName}", before, StringComparison.Ordinal);
        Assert.Contains($"href=\"http://a.test/@{rosa.Username}\"", before, StringComparison.Ordinal);

        var yes = await aminaBrowser.SubmitAsync(page, $"{page}/accept", new Dictionary<string, string>());

        Assert.Equal($"{page}?notice=accepted", yes.Headers.Location?.OriginalString);
        var amina1 = await PageAsync(aminaBrowser, page);
        Assert.Contains("You said yes. Waiting for the other person to answer.", amina1, StringComparison.Ordinal);
        Assert.Contains("Decline after all", amina1, StringComparison.Ordinal);
        var rosa1 = await PageAsync(rosaBrowser, page);
        Assert.Contains("You have not answered yet.", rosa1, StringComparison.Ordinal);
        Assert.DoesNotContain("You said yes", rosa1, StringComparison.Ordinal);
        Assert.DoesNotContain("One of them", rosa1, StringComparison.Ordinal);
        Assert.Contains("One of them has said yes. Waiting for the other.", await PageAsync(glueBrowser, page), StringComparison.Ordinal);

        await rosaBrowser.SubmitAsync(page, $"{page}/accept", new Dictionary<string, string>());

        var made = await PageAsync(aminaBrowser, page);
        Assert.Contains("You have both said yes: you are introduced.", made, StringComparison.Ordinal);
        Assert.Contains($"See {rosa.DisplayName}", made, StringComparison.Ordinal);
        Assert.DoesNotContain($"{page}/decline", made, StringComparison.Ordinal);
        Assert.Contains("Both said yes: they are introduced.", await PageAsync(glueBrowser, page), StringComparison.Ordinal);
        var list = await PageAsync(aminaBrowser, "/introductions");
        Assert.Contains($"{glue.DisplayName} introduced you to {rosa.DisplayName}.", list, StringComparison.Ordinal);
        // Two people: the glue-er reads of people, as before hubs could be parties (no hub wording).
        var glueNotifications = await PageAsync(glueBrowser, "/notifications");
        Assert.Contains("Both people said yes: your introduction is made.", glueNotifications, StringComparison.Ordinal);
        Assert.DoesNotContain("introduction of the hub", glueNotifications, StringComparison.Ordinal);

        // Decided: answering again changes nothing and says why (409).
        var again = await aminaBrowser.PostWithTokenAsync($"{page}/decline", new Dictionary<string, string>(), page);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal(IntroductionState.Made, (await ViewAsync(id, glue)).State);
    }

    [Fact]
    public async Task DeclineAfterAll_EndsItAndNobodyIsToldWho()
    {
        var (glue, amina, rosa) = await PeopleAsync("pd");
        var id = await ProposeAsync(glue, amina, rosa);
        var page = $"/introductions/{id:D}";
        using var aminaBrowser = await nodes.A.SignedInBrowserAsync(amina.Username);
        await aminaBrowser.SubmitAsync(page, $"{page}/accept", new Dictionary<string, string>());

        var no = await aminaBrowser.SubmitAsync(page, $"{page}/decline", new Dictionary<string, string>());

        Assert.Equal($"{page}?notice=declined", no.Headers.Location?.OriginalString);
        using var rosaBrowser = await nodes.A.SignedInBrowserAsync(rosa.Username);
        using var glueBrowser = await nodes.A.SignedInBrowserAsync(glue.Username);
        foreach (var html in new[] { await PageAsync(rosaBrowser, page), await PageAsync(glueBrowser, page) })
        {
            Assert.Contains("This introduction will not go ahead.", html, StringComparison.Ordinal);
            Assert.DoesNotContain("declined", html, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("said no", html, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("/accept", html, StringComparison.Ordinal);
        }

        Assert.Contains("Not going ahead", await PageAsync(glueBrowser, "/introductions"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task WithdrawForm_Glue_EndsIt_PartiesCannotWithdraw()
    {
        var (glue, amina, rosa) = await PeopleAsync("pw");
        var id = await ProposeAsync(glue, amina, rosa);
        var page = $"/introductions/{id:D}";
        using var aminaBrowser = await nodes.A.SignedInBrowserAsync(amina.Username);
        Assert.DoesNotContain($"{page}/withdraw", await PageAsync(aminaBrowser, page), StringComparison.Ordinal);
        var refused = await aminaBrowser.PostWithTokenAsync($"{page}/withdraw", new Dictionary<string, string>(), page);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        using var glueBrowser = await nodes.A.SignedInBrowserAsync(glue.Username);

        var response = await glueBrowser.SubmitAsync(page, $"{page}/withdraw", new Dictionary<string, string>());

        Assert.Equal($"{page}?notice=withdrawn", response.Headers.Location?.OriginalString);
        Assert.Equal(IntroductionState.NotGoingAhead, (await ViewAsync(id, glue)).State);
        Assert.Contains("This introduction will not go ahead.", await PageAsync(aminaBrowser, page), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Privacy_AFourthMemberAndAnonymous_SeeNothing()
    {
        var (glue, amina, rosa) = await PeopleAsync("pp");
        var id = await ProposeAsync(glue, amina, rosa);
        var outsider = await nodes.A.CreateMemberAsync("pp_outsider", "correct horse battery", Role.GlueEr, Role.Member);
        var page = $"/introductions/{id:D}";
        using var stranger = await nodes.A.SignedInBrowserAsync(outsider.Username);

        var (status, html) = await stranger.GetAsync(page);

        Assert.Equal(HttpStatusCode.NotFound, status);
        AssertNothingOf(html, glue, amina, rosa);
        AssertNothingOf((await stranger.GetAsync("/introductions")).Html, glue, amina, rosa);
        foreach (var action in new[] { "accept", "decline", "withdraw", "follow" })
        {
            var post = await stranger.PostWithTokenAsync($"{page}/{action}", new Dictionary<string, string>(), "/introductions");
            Assert.Equal(HttpStatusCode.NotFound, post.StatusCode);
            AssertNothingOf(await post.Content.ReadAsStringAsync(Ct), glue, amina, rosa);
        }

        // An id that does not exist looks the same.
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/introductions/{Guid.CreateVersion7():D}")).Status);
        Assert.Equal(IntroductionState.Proposed, (await ViewAsync(id, glue)).State);

        using var anonymous = new Browserless(nodes.A);
        foreach (var url in new[] { page, "/introductions", "/introductions/new", "/settings/introductions" })
        {
            var response = await anonymous.Client.GetAsync(url, Ct);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.StartsWith("/signin", response.Headers.Location?.PathAndQuery, StringComparison.Ordinal);
        }

        foreach (var action in new[] { "accept", "decline", "withdraw", "follow" })
        {
            var post = await anonymous.PostWithTokenAsync($"{page}/{action}", new Dictionary<string, string>());
            Assert.NotEqual(HttpStatusCode.OK, post.StatusCode);
            AssertNothingOf(await post.Content.ReadAsStringAsync(Ct), glue, amina, rosa);
        }

        // A server asking for the object at the same address: not found, not a sign-in page.
        using var request = new HttpRequestMessage(HttpMethod.Get, page);
        request.Headers.Accept.ParseAdd("application/activity+json");
        var ap = await anonymous.Client.SendAsync(request, Ct);
        Assert.Equal(HttpStatusCode.NotFound, ap.StatusCode);
        AssertNothingOf(await ap.Content.ReadAsStringAsync(Ct), glue, amina, rosa);
        Assert.Equal(IntroductionState.Proposed, (await ViewAsync(id, glue)).State);
    }

    [Fact]
    public async Task FollowAfterMade_PartyElsewhere_OneClickFollow()
    {
        var glue = await nodes.A.CreateMemberAsync("pr_glue", "correct horse battery", Role.GlueEr, Role.Member);
        var amina = await nodes.A.CreateMemberAsync("pr_amina");
        await nodes.B.CreateMemberAsync("pr_far");
        using var glueBrowser = await nodes.A.SignedInBrowserAsync(glue.Username);
        var proposed = await glueBrowser.SubmitAsync("/introductions/new", "/introductions/new", new Dictionary<string, string>
        {
            ["a"] = "@pr_amina",
            ["b"] = "@pr_far@b.test",
            ["reason"] = Reason,
        });
        Assert.Equal(HttpStatusCode.Redirect, proposed.StatusCode);
        var page = proposed.Headers.Location!.OriginalString.Split('?')[0];
        var id = Guid.Parse(page["/introductions/".Length..]);
        Assert.Contains("@pr_far@b.test", await PageAsync(glueBrowser, page), StringComparison.Ordinal);
        using var aminaBrowser = await nodes.A.SignedInBrowserAsync(amina.Username);
        await aminaBrowser.SubmitAsync(page, $"{page}/accept", new Dictionary<string, string>());
        var service = nodes.A.Service<IntroductionService>();
        var answered = await nodes.A.WriteAsync(tx => service.RecordRemoteAnswerAsync(id, 1, PartyAnswer.Accepted, "http://b.test/activities/yes", tx, Ct));
        Assert.IsType<Outcome<Introduction>.Ok>(answered);
        var made = await PageAsync(aminaBrowser, page);
        Assert.Contains("you are introduced", made, StringComparison.Ordinal);

        var follow = await aminaBrowser.SubmitAsync(page, $"{page}/follow", new Dictionary<string, string>());

        Assert.Equal($"{page}?notice=followed", follow.Headers.Location?.OriginalString);
        Assert.NotNull(await nodes.A.Service<IFollowStore>().FindAsync(amina.Username, "http://b.test/users/pr_far", FollowDirection.Out, Ct));
        Assert.DoesNotContain($"{page}/follow", await PageAsync(aminaBrowser, page), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", "@x", Reason, "a")]
    [InlineData("@x", "", Reason, "b")]
    [InlineData("@x", "@y", "", "reason")]
    [InlineData("@nobody_here", "@y", Reason, "a")]
    [InlineData("@x", "@someone@nowhere.test", Reason, "b")]
    [InlineData("@x", "just some words", Reason, "b")]
    [InlineData("@glue", "@y", Reason, "a")]
    [InlineData("@x", "@x@a.test", Reason, "parties")]
    [InlineData("@x", "@closed", Reason, "b")]
    public async Task ProposeForm_BadInput_ReShowsTheFormWithTheMessageBesideTheField(string a, string b, string reason, string field)
    {
        var prefix = $"pb{(uint)$"{a}|{b}|{reason}|{field}".GetHashCode():x}";
        var glue = await nodes.A.CreateMemberAsync($"{prefix}_glue", "correct horse battery", Role.GlueEr, Role.Member);
        await nodes.A.CreateMemberAsync($"{prefix}_x");
        await nodes.A.CreateMemberAsync($"{prefix}_y");
        var closed = await nodes.A.CreateMemberAsync($"{prefix}_closed");
        Assert.IsType<Outcome<IntroductionPolicy>.Ok>(await nodes.A.Service<IntroductionService>().SetPolicyAsync(closed.Id, "nobody", Ct));
        string Named(string typed) => typed
            .Replace("@x", $"@{prefix}_x", StringComparison.Ordinal).Replace("@y", $"@{prefix}_y", StringComparison.Ordinal)
            .Replace("@glue", $"@{prefix}_glue", StringComparison.Ordinal).Replace("@closed", $"@{prefix}_closed", StringComparison.Ordinal);
        using var browser = await nodes.A.SignedInBrowserAsync(glue.Username);

        var response = await browser.SubmitAsync("/introductions/new", "/introductions/new", new Dictionary<string, string>
        {
            ["a"] = Named(a),
            ["b"] = Named(b),
            ["reason"] = reason,
        });

        Assert.True((int)response.StatusCode is 400 or 403 or 404 or 409, $"answered {(int)response.StatusCode}");
        var html = await response.Content.ReadAsStringAsync(Ct);
        Assert.Contains($"id=\"{field}-error\"", html, StringComparison.Ordinal);
        Assert.Contains("class=\"error-summary\"", html, StringComparison.Ordinal);
        if (a.Length > 0)
        {
            Assert.Contains($"value=\"{Named(a)}\"", html, StringComparison.Ordinal);
        }

        Assert.Empty((await nodes.A.Service<IntroductionService>().ForMemberAsync(glue.Id, IntroductionRole.Proposed, null, Cursor.Start, 10, Ct)).Items);
    }

    [Fact]
    public async Task ProposeForm_SamePairTwice_Is409BesideTheParties()
    {
        var (glue, amina, rosa) = await PeopleAsync("p2");
        await ProposeAsync(glue, amina, rosa);
        using var browser = await nodes.A.SignedInBrowserAsync(glue.Username);

        var response = await browser.SubmitAsync("/introductions/new", "/introductions/new", new Dictionary<string, string>
        {
            ["a"] = "@" + rosa.Username,
            ["b"] = "@" + amina.Username,
            ["reason"] = Reason,
        });

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains("id=\"parties-error\"", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Single((await nodes.A.Service<IntroductionService>().ForMemberAsync(glue.Id, IntroductionRole.Proposed, null, Cursor.Start, 10, Ct)).Items);
    }

    [Fact]
    public async Task ProposeForm_ReasonTooLong_Is400BesideTheReason()
    {
        var (glue, amina, rosa) = await PeopleAsync("pl");
        using var browser = await nodes.A.SignedInBrowserAsync(glue.Username);

        var response = await browser.SubmitAsync("/introductions/new", "/introductions/new", new Dictionary<string, string>
        {
            ["a"] = "@" + amina.Username,
            ["b"] = "@" + rosa.Username,
            ["reason"] = new string('x', IntroductionLimits.ReasonMax + 1),
        });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("id=\"reason-error\"", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ProposeForm_NotAGlueEr_Is403AndNothingStored()
    {
        var plain = await nodes.A.CreateMemberAsync("pn_plain");
        var (_, amina, rosa) = await PeopleAsync("pn");
        using var browser = await nodes.A.SignedInBrowserAsync(plain.Username);

        Assert.Equal(HttpStatusCode.Forbidden, (await browser.GetAsync("/introductions/new")).Status);
        var response = await browser.PostWithTokenAsync("/introductions/new", new Dictionary<string, string>
        {
            ["a"] = "@" + amina.Username,
            ["b"] = "@" + rosa.Username,
            ["reason"] = Reason,
        }, "/introductions");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("Only glue-ers can introduce people", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Empty((await nodes.A.Service<IntroductionService>().ForMemberAsync(plain.Id, IntroductionRole.Proposed, null, Cursor.Start, 10, Ct)).Items);
        Assert.DoesNotContain("/introductions/new", (await browser.GetAsync("/write")).Html, StringComparison.Ordinal);
        Assert.DoesNotContain("/introductions/new", (await browser.GetAsync($"/@{amina.Username}")).Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ProposeForm_WithoutAntiforgeryToken_Is400AndNothingStored()
    {
        var (glue, amina, rosa) = await PeopleAsync("pt");
        using var browser = await nodes.A.SignedInBrowserAsync(glue.Username);

        var response = await browser.PostWithoutTokenAsync("/introductions/new", new Dictionary<string, string>
        {
            ["a"] = "@" + amina.Username,
            ["b"] = "@" + rosa.Username,
            ["reason"] = Reason,
        });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Empty((await nodes.A.Service<IntroductionService>().ForMemberAsync(glue.Id, IntroductionRole.Proposed, null, Cursor.Start, 10, Ct)).Items);
    }

    [Fact]
    public async Task Profiles_ShowThePolicyAndIntroduceToForThoseWhoMay()
    {
        var (glue, amina, _) = await PeopleAsync("pv");
        using var glueBrowser = await nodes.A.SignedInBrowserAsync(glue.Username);

        var profile = await PageAsync(glueBrowser, $"/@{amina.Username}");

        Assert.Contains("Open to introductions from glue-ers only.", profile, StringComparison.Ordinal);
        Assert.Contains($"href=\"/introductions/new?a=%40{amina.Username}%40a.test\"", profile, StringComparison.Ordinal);
        Assert.Contains($"Introduce {amina.DisplayName} to someone", profile, StringComparison.Ordinal);
        Assert.DoesNotContain("Introduce ", await PageAsync(glueBrowser, $"/@{glue.Username}"), StringComparison.Ordinal);
        Assert.Contains("href=\"/introductions/new\"", await PageAsync(glueBrowser, "/write"), StringComparison.Ordinal);
        Assert.Contains("href=\"/introductions\"", await PageAsync(glueBrowser, "/write"), StringComparison.Ordinal);
        using var anonymous = new Browserless(nodes.A);
        var seen = await PageAsync(anonymous, $"/@{amina.Username}");
        Assert.Contains("Open to introductions from glue-ers only.", seen, StringComparison.Ordinal);
        Assert.DoesNotContain("/introductions/new", seen, StringComparison.Ordinal);

        // Not offered where the person's choice would refuse it anyway.
        await nodes.A.Service<IntroductionService>().SetPolicyAsync(amina.Id, "nobody", Ct);
        var closed = await PageAsync(glueBrowser, $"/@{amina.Username}");
        Assert.Contains("Not open to introductions.", closed, StringComparison.Ordinal);
        Assert.DoesNotContain("/introductions/new?a=", closed, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PolicySettings_SaveNobody_ShowsOnTheProfile_BadChoiceIs400()
    {
        var member = await nodes.A.CreateMemberAsync("ps_member");
        using var browser = await nodes.A.SignedInBrowserAsync(member.Username);
        Assert.Contains("value=\"glue-ers\" checked", await PageAsync(browser, "/settings/introductions"), StringComparison.Ordinal);

        var saved = await browser.SubmitAsync("/settings/introductions", "/settings/introductions", new Dictionary<string, string> { ["allow"] = "nobody" });

        Assert.Equal("/settings/introductions?notice=policy-saved", saved.Headers.Location?.OriginalString);
        Assert.Equal(IntroductionPolicy.Nobody, (await nodes.A.Service<IMemberStore>().FindAsync(member.Id, Ct))!.IntroductionPolicy);
        Assert.Contains("Not open to introductions.", await PageAsync(browser, $"/@{member.Username}"), StringComparison.Ordinal);
        Assert.Contains("Saved who may introduce you.", await PageAsync(browser, "/settings/introductions?notice=policy-saved"), StringComparison.Ordinal);

        var bad = await browser.SubmitAsync("/settings/introductions", "/settings/introductions", new Dictionary<string, string> { ["allow"] = "everyone-ever" });

        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("id=\"allow-error\"", await bad.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Equal(IntroductionPolicy.Nobody, (await nodes.A.Service<IMemberStore>().FindAsync(member.Id, Ct))!.IntroductionPolicy);
    }

    [Fact]
    public async Task AdminSwitch_AnyMember_LetsEveryMemberIntroduce_NonAdminIs403()
    {
        var plain = await nodes.B.CreateMemberAsync("pz_plain");
        await nodes.B.CreateMemberAsync("pz_admin", "correct horse battery", Role.Admin, Role.Member);
        using var plainBrowser = await nodes.B.SignedInBrowserAsync(plain.Username);
        var refused = await plainBrowser.PostWithTokenAsync("/admin/introductions", new Dictionary<string, string> { ["anyMemberMayIntroduce"] = "true" }, "/introductions");
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await plainBrowser.GetAsync("/introductions/new")).Status);
        using var admin = await nodes.B.SignedInBrowserAsync("pz_admin");

        var on = await admin.SubmitAsync("/admin", "/admin/introductions", new Dictionary<string, string> { ["anyMemberMayIntroduce"] = "true" });

        Assert.Equal("/admin?notice=introductions-anyone", on.Headers.Location?.OriginalString);
        Assert.Contains("Every member may introduce people now.", await PageAsync(admin, "/admin?notice=introductions-anyone"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await plainBrowser.GetAsync("/introductions/new")).Status);

        var off = await admin.SubmitAsync("/admin", "/admin/introductions", new Dictionary<string, string>());

        Assert.Equal("/admin?notice=introductions-glue-ers", off.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.Forbidden, (await plainBrowser.GetAsync("/introductions/new")).Status);
    }

    /// <summary>A glue-er and two members who say who they are (display names), on node A.</summary>
    private async Task<(Member Glue, Member Amina, Member Rosa)> PeopleAsync(string prefix)
    {
        var glue = await nodes.A.CreateMemberAsync($"{prefix}_glue", "correct horse battery", Role.GlueEr, Role.Member);
        var amina = await nodes.A.CreateMemberAsync($"{prefix}_amina");
        var rosa = await nodes.A.CreateMemberAsync($"{prefix}_rosa");
        var members = nodes.A.Service<MemberService>();
        await members.UpdateProfileAsync(glue.Id, $"Gwen {prefix}", null, null, Ct);
        await members.UpdateProfileAsync(amina.Id, $"Amina {prefix}", null, null, Ct);
        await members.UpdateProfileAsync(rosa.Id, $"Rosa {prefix}", null, null, Ct);
        var store = nodes.A.Service<IMemberStore>();
        return ((await store.FindAsync(glue.Id, Ct))!, (await store.FindAsync(amina.Id, Ct))!, (await store.FindAsync(rosa.Id, Ct))!);
    }

    private async Task<Guid> ProposeAsync(Member glue, Member a, Member b)
    {
        var outcome = await nodes.A.Service<IntroductionService>().ProposeAsync(
            glue.Id, new IntroductionCandidate.Local(a.Username), new IntroductionCandidate.Local(b.Username), Reason, "en", Ct);
        return Assert.IsType<Outcome<Introduction>.Ok>(outcome).Value.Id;
    }

    private async Task<IntroductionView> ViewAsync(Guid id, Member viewer) =>
        Assert.IsType<Outcome<IntroductionView>.Ok>(await nodes.A.Service<IntroductionService>().FindForViewerAsync(id, viewer.Id, Ct)).Value;

    /// <summary>The page's text as a person reads it (entities decoded), after checking it answered 200.</summary>
    private static async Task<string> PageAsync(Browserless browser, string url)
    {
        var (status, html) = await browser.GetAsync(url);
        Assert.True(status == HttpStatusCode.OK, $"GET {url} answered {(int)status}");
        return WebUtility.HtmlDecode(html);
    }

    private static void AssertNothingOf(string html, params Member[] people)
    {
        var text = WebUtility.HtmlDecode(html);
        Assert.DoesNotContain(Reason, text, StringComparison.Ordinal);
        foreach (var person in people)
        {
            Assert.DoesNotContain(person.Username, text, StringComparison.Ordinal);
            Assert.DoesNotContain(person.DisplayName, text, StringComparison.Ordinal);
        }
    }
}
