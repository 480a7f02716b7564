using System.Net;
using OurSociety.Core;
using OurSociety.Core.HelpRequests;
using OurSociety.Core.Members;
using OurSociety.Core.Paging;
using OurSociety.Testing;
using OurSociety.Web.Tests.Posts;

namespace OurSociety.Web.Tests.Help;

/// <summary>The help pages without JavaScript: asking, the thread and its forms, the glue-ers' list, and who sees what.</summary>
public sealed class HelpPageTests(NodeFactory node) : IClassFixture<NodeFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private HelpRequestService Service => node.Service<HelpRequestService>();

    [Fact]
    public async Task Help_SignedOut_LeadsToSignIn()
    {
        using var anonymous = new Browserless(node);
        foreach (var path in new[] { "/help", "/help/open", $"/help/{Guid.CreateVersion7():D}" })
        {
            var response = await anonymous.Client.GetAsync(path, Ct);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.Equal("/signin", response.Headers.Location!.AbsolutePath);
        }
    }

    [Fact]
    public async Task Ask_ThroughTheForm_OpensTheThread_WhichTheGlueErCanAnswerAndIntroduce()
    {
        await node.CreateMemberAsync("pg_asker");
        await node.CreateMemberAsync("pg_glue", roles: [Role.GlueEr, Role.Member]);
        using var asker = await node.SignedInBrowserAsync("pg_asker");
        using var glue = await node.SignedInBrowserAsync("pg_glue");

        var asked = await asker.SubmitAsync("/help", "/help", new Dictionary<string, string>
        {
            ["question"] = "Where can I borrow a <ladder>?",
            ["topics"] = "tools, #ladders",
            ["shareWithHelpers"] = "true",
        });

        Assert.Equal(HttpStatusCode.Redirect, asked.StatusCode);
        var thread = asked.Headers.Location!.OriginalString.Split('?')[0];
        Assert.Matches("^/help/[0-9a-f-]{36}$", thread);
        var (status, html) = await asker.GetAsync(asked.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("Your question is sent.", html, StringComparison.Ordinal);
        Assert.Contains("Where can I borrow a &lt;ladder&gt;?", html, StringComparison.Ordinal);
        Assert.Contains("#tools #ladders", html, StringComparison.Ordinal);
        Assert.Contains($"action=\"{thread}/close\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("/introductions/new", html, StringComparison.Ordinal);
        Assert.DoesNotContain($"action=\"{thread}/helpers\"", html, StringComparison.Ordinal);

        var (_, forGlue) = await glue.GetAsync(thread);
        Assert.Contains("/introductions/new?a=%40pg_asker%40localhost", WebUtility.HtmlDecode(forGlue), StringComparison.Ordinal);
        Assert.Contains($"action=\"{thread}/helpers\"", forGlue, StringComparison.Ordinal);
        Assert.DoesNotContain($"action=\"{thread}/close\"", forGlue, StringComparison.Ordinal);

        var replied = await glue.SubmitAsync(thread, $"{thread}/replies", new Dictionary<string, string> { ["body"] = "Try the tool library.\n\nIt opens on Tuesdays." });
        Assert.Equal(HttpStatusCode.Redirect, replied.StatusCode);
        var (_, after) = await asker.GetAsync(thread);
        Assert.Contains("<p>Try the tool library.</p>", after, StringComparison.Ordinal);
        Assert.Contains("<p>It opens on Tuesdays.</p>", after, StringComparison.Ordinal);

        // The asker is told, with a link to the thread.
        var (_, notifications) = await asker.GetAsync("/notifications");
        Assert.Contains("answered in a request for help", notifications, StringComparison.Ordinal);
        Assert.Contains($"href=\"{thread}\"", notifications, StringComparison.Ordinal);
        var (_, glueNotifications) = await glue.GetAsync("/notifications");
        Assert.Contains("asked for help.", glueNotifications, StringComparison.Ordinal);

        // The asker closes it: no more forms, and it says so.
        var closed = await asker.SubmitAsync(thread, $"{thread}/close", new Dictionary<string, string>());
        Assert.Equal(HttpStatusCode.Redirect, closed.StatusCode);
        var (_, closedPage) = await glue.GetAsync(thread);
        Assert.Contains("This request is closed.", closedPage, StringComparison.Ordinal);
        Assert.DoesNotContain($"action=\"{thread}/replies\"", closedPage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ask_BadInput_ShowsTheFormAgainWithEachProblem_AndStoresNothing()
    {
        var member = await node.CreateMemberAsync("pg_bad");
        using var browser = await node.SignedInBrowserAsync("pg_bad");

        var response = await browser.SubmitAsync("/help", "/help", new Dictionary<string, string>
        {
            ["question"] = new string('x', HelpLimits.QuestionMax + 1),
            ["topics"] = "",
        });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync(Ct);
        Assert.Contains("id=\"question-error\"", html, StringComparison.Ordinal);
        Assert.Contains("Please keep your question under 1,000 characters (it has 1,001)", html, StringComparison.Ordinal);
        Assert.Contains("id=\"topics-error\"", html, StringComparison.Ordinal);
        Assert.Contains(new string('x', HelpLimits.QuestionMax + 1), html, StringComparison.Ordinal);
        Assert.Empty((await Service.ListAsync(member.Id, Cursor.Start, 10, Ct)).Items);
    }

    [Fact]
    public async Task Thread_Outsider_GetsTheSameNotFoundPageAsForNoRequest()
    {
        var asker = await node.CreateMemberAsync("pg_private");
        await node.CreateMemberAsync("pg_nosy");
        using var nosy = await node.SignedInBrowserAsync("pg_nosy");
        var request = ((Outcome<HelpRequest>.Ok)await Service.AskAsync(asker.Id, "A private worry", ["worries"], true, Ct)).Value;

        var (status, html) = await nosy.GetAsync($"/help/{request.Id:D}");
        var (unknownStatus, unknown) = await nosy.GetAsync($"/help/{Guid.CreateVersion7():D}");

        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Equal(HttpStatusCode.NotFound, unknownStatus);
        Assert.DoesNotContain("A private worry", html, StringComparison.Ordinal);
        Assert.Contains("There is no such request for help here", html, StringComparison.Ordinal);
        Assert.Contains("There is no such request for help here", unknown, StringComparison.Ordinal);
        foreach (var action in new[] { "replies", "close", "helpers" })
        {
            var posted = await nosy.PostWithTokenAsync($"/help/{request.Id:D}/{action}", new Dictionary<string, string> { ["body"] = "Hello", ["username"] = "pg_nosy" }, "/help");
            Assert.Equal(HttpStatusCode.NotFound, posted.StatusCode);
        }

        Assert.Empty(((Outcome<Page<HelpReply>>.Ok)await Service.RepliesAsync(request.Id, asker.Id, Cursor.Start, 10, Ct)).Value.Items);
    }

    [Fact]
    public async Task OpenList_IsForGlueErs()
    {
        var asker = await node.CreateMemberAsync("pg_open_asker");
        await node.CreateMemberAsync("pg_open_glue", roles: [Role.GlueEr, Role.Member]);
        using var glue = await node.SignedInBrowserAsync("pg_open_glue");
        using var member = await node.SignedInBrowserAsync("pg_open_asker");
        await Service.AskAsync(asker.Id, "Who has a gazebo?", ["gazebos"], false, Ct);

        var (status, html) = await glue.GetAsync("/help/open");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("Who has a gazebo?", html, StringComparison.Ordinal);
        var (_, ask) = await glue.GetAsync("/help");
        Assert.Contains("href=\"/help/open\"", ask, StringComparison.Ordinal);

        var (refused, _) = await member.GetAsync("/help/open");
        Assert.Equal(HttpStatusCode.Forbidden, refused);
        var (_, mine) = await member.GetAsync("/help");
        Assert.DoesNotContain("href=\"/help/open\"", mine, StringComparison.Ordinal);
        Assert.Contains("Who has a gazebo?", mine, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invite_ThroughTheForm_UnknownNameComesBackBesideTheField()
    {
        var asker = await node.CreateMemberAsync("pg_inv_asker");
        await node.CreateMemberAsync("pg_inv_glue", roles: [Role.GlueEr, Role.Member]);
        await node.CreateMemberAsync("pg_inv_friend");
        using var glue = await node.SignedInBrowserAsync("pg_inv_glue");
        using var friend = await node.SignedInBrowserAsync("pg_inv_friend");
        var request = ((Outcome<HelpRequest>.Ok)await Service.AskAsync(asker.Id, "Who knows Welsh?", ["welsh"], false, Ct)).Value;
        var thread = $"/help/{request.Id:D}";

        var bad = await glue.SubmitAsync(thread, $"{thread}/helpers", new Dictionary<string, string> { ["username"] = "nobody_at_all" });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("id=\"username-error\"", await bad.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await friend.GetAsync(thread)).Status);

        var invited = await glue.SubmitAsync(thread, $"{thread}/helpers", new Dictionary<string, string> { ["username"] = "pg_inv_friend" });
        Assert.Equal(HttpStatusCode.Redirect, invited.StatusCode);
        var (status, html) = await friend.GetAsync(thread);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("Who knows Welsh?", html, StringComparison.Ordinal);
        var (_, notifications) = await friend.GetAsync("/notifications");
        Assert.Contains("asked you to help with a question.", notifications, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reply_Empty_ShowsTheThreadAgainWithTheMessage()
    {
        var asker = await node.CreateMemberAsync("pg_rep_asker");
        using var browser = await node.SignedInBrowserAsync("pg_rep_asker");
        var request = ((Outcome<HelpRequest>.Ok)await Service.AskAsync(asker.Id, "Any tips?", ["tips"], false, Ct)).Value;
        var thread = $"/help/{request.Id:D}";

        var response = await browser.SubmitAsync(thread, $"{thread}/replies", new Dictionary<string, string> { ["body"] = "  " });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync(Ct);
        Assert.Contains("id=\"body-error\"", html, StringComparison.Ordinal);
        Assert.Contains("Any tips?", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Menu_WritePage_AndHome_LeadToAskingAndToStart()
    {
        await node.CreateMemberAsync("pg_links");
        using var browser = await node.SignedInBrowserAsync("pg_links");
        using var anonymous = new Browserless(node);

        var (_, write) = await browser.GetAsync("/write");
        Assert.Contains("href=\"/help\"", write, StringComparison.Ordinal);
        Assert.Contains("href=\"/start\"", write, StringComparison.Ordinal);   // the menu
        var (_, home) = await browser.GetAsync("/");
        Assert.Contains("New here? Start here", home, StringComparison.Ordinal);
        var (_, signedOut) = await anonymous.GetAsync("/");
        Assert.Contains("href=\"/start\"", signedOut, StringComparison.Ordinal);
        Assert.DoesNotContain("href=\"/help\"", signedOut, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Home_AMemberOfMoreThanAMonth_IsNoLongerPointedToStart()
    {
        await using var hub = new NodeFactory();
        await hub.CreateMemberAsync("pg_old");
        hub.Time.Advance(TimeSpan.FromDays(31));
        using var browser = await hub.SignedInBrowserAsync("pg_old");

        var (_, home) = await browser.GetAsync("/");

        Assert.DoesNotContain("New here? Start here", home, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_ExplainsEachThing_LinksWhereItIsDone_AndListsTheLessonsAdvice()
    {
        var writer = await node.CreateMemberAsync("pg_start_writer");
        var lesson = await node.LessonAsync(writer.Id, "Knock on doors first");
        using var anonymous = new Browserless(node);

        var (status, html) = await anonymous.GetAsync("/start");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("<h1>Start here</h1>", html, StringComparison.Ordinal);
        foreach (var heading in new[] { ">Stories</h2>", ">Lessons</h2>", ">Needs and offers</h2>", ">Asking for help</h2>", ">Advice for someone just starting</h2>" })
        {
            Assert.Contains(heading, html, StringComparison.Ordinal);
        }

        foreach (var link in new[] { "/stories/new", "/lessons/new", "/help", "/local", "/needs", "/settings/profile#skills-heading" })
        {
            Assert.Contains($"href=\"{link}\"", html, StringComparison.Ordinal);
        }

        Assert.Contains($"href=\"/lessons/{lesson.Id:D}\"", html, StringComparison.Ordinal);
        Assert.Contains("Knock on doors first", html, StringComparison.Ordinal);
        Assert.Contains("Start small", html, StringComparison.Ordinal);   // the lesson's advice

        var (_, welsh) = await anonymous.GetAsync("/start?lang=cy");
        Assert.Contains("<h1>Dechrau yma</h1>", welsh, StringComparison.Ordinal);
        Assert.Contains(">Gofyn am help</h2>", welsh, StringComparison.Ordinal);
        var (_, arabic) = await anonymous.GetAsync("/start?lang=ar");
        Assert.Contains("<h1>ابدأ هنا</h1>", arabic, StringComparison.Ordinal);
        Assert.Contains("dir=\"rtl\"", arabic, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_WithoutLessonAdvice_SaysSo()
    {
        await using var hub = new NodeFactory();
        using var anonymous = new Browserless(hub);

        var (_, html) = await anonymous.GetAsync("/start");

        Assert.Contains("No lesson here gives advice yet.", html, StringComparison.Ordinal);
    }
}
