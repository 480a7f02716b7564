using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OurSociety.Core;
using OurSociety.Core.Members;
using OurSociety.Core.Moderation;
using OurSociety.Core.Notifications;
using OurSociety.Core.Paging;
using OurSociety.Core.Posts;
using OurSociety.Federation;
using OurSociety.Testing;
using OurSociety.Web.Tests.Api;
using OurSociety.Web.Tests.Federation.Posts;

namespace OurSociety.Web.Tests.Moderation;

/// <summary>
/// Reports through the API: members report posts, replies and accounts; a second report is merged; each bad input is
/// refused with nothing stored; moderators list and close them; the reporter is told, never what was done.
/// </summary>
public sealed class ReportApiTests(NodeFactory node) : IClassFixture<NodeFactory>
{
    private const string Reports = ApiTestKit.Prefix + "/reports";
    private const string Desk = ApiTestKit.Prefix + "/admin/reports";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private string Origin => node.Service<NodeIdentity>().Origin;

    private async Task<int> CountAsync()
    {
        var open = await node.Service<IReportStore>().ListAsync(ReportState.Open, Cursor.Start, 500, Ct);
        var closed = await node.Service<IReportStore>().ListAsync(ReportState.Closed, Cursor.Start, 500, Ct);
        return open.Items.Count + closed.Items.Count;
    }

    [Fact]
    public async Task Report_AStory_Is201_WithASnapshot_AndModeratorsAreNotified()
    {
        var author = await node.CreateMemberAsync("rp_author1");
        var story = await node.StoryAsync(author.Id, "Buy cheap pills");
        var moderator = await node.CreateMemberAsync("rp_mod1", roles: [Role.Moderator]);
        using var reporter = await node.ApiUserAsync("rp_reporter1");

        var created = await (await reporter.Client.PostAsJsonAsync(Reports,
            new { target = $"{Origin}/stories/{story.Id}", category = "spam", note = "Adverts again.", forward = false }, Ct)).JsonAsync(HttpStatusCode.Created);
        var id = created.GetProperty("id").GetGuid();

        var report = (await node.Service<IReportStore>().FindAsync(id, Ct))!;
        Assert.Equal(ReportTargetKind.Post, report.TargetKind);
        Assert.Equal(author.Id.ToString("D"), report.Account);
        Assert.Equal("@rp_author1", report.AccountLabel);
        Assert.Equal("Buy cheap pills", report.Snapshot.Title);
        Assert.Equal(reporter.Member.Id, report.ReporterId);
        var told = await node.Service<INotificationStore>().ListAsync(moderator.Id, Cursor.Start, 50, Ct);
        Assert.Contains(told.Items, n => n.Kind == NotificationKind.ReportReceived && n.Subject == ReportService.Subject(id));

        // Deleting the story afterwards does not hide it from the moderators: the snapshot stays.
        await node.Service<PostService>().DeleteAsync(author.Id, story.Id, Ct);
        using var desk = await node.ApiUserAsync("rp_mod1b", Role.Moderator);
        var list = await (await desk.Client.GetAsync(Desk + "?state=open&limit=100", Ct)).JsonAsync(HttpStatusCode.OK);
        var item = list.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("id").GetGuid() == id);
        Assert.Equal("Buy cheap pills", item.GetProperty("snapshot").GetProperty("title").GetString());
        Assert.Equal("@rp_reporter1", item.GetProperty("reporter").GetString());
        Assert.Equal("local", item.GetProperty("origin").GetString());
        Assert.Equal("spam", item.GetProperty("category").GetString());
    }

    [Fact]
    public async Task ASecondReport_OfTheSameThing_IsMerged_TheNewNoteReplacesTheOld()
    {
        var author = await node.CreateMemberAsync("rp_author2");
        using var reporter = await node.ApiUserAsync("rp_reporter2");
        var target = $"{Origin}/@rp_author2";

        var first = await (await reporter.Client.PostAsJsonAsync(Reports, new { target, category = "abuse", note = "First." }, Ct)).JsonAsync(HttpStatusCode.Created);
        var second = await (await reporter.Client.PostAsJsonAsync(Reports, new { target, category = "other", note = "Second." }, Ct)).JsonAsync(HttpStatusCode.OK);

        Assert.Equal(first.GetProperty("id").GetGuid(), second.GetProperty("id").GetGuid());
        Assert.True(second.GetProperty("merged").GetBoolean());
        var report = (await node.Service<IReportStore>().FindAsync(first.GetProperty("id").GetGuid(), Ct))!;
        Assert.Equal("Second.", report.Note);
        Assert.Equal(ReportCategory.Other, report.Category);
        Assert.Equal(ReportTargetKind.Account, report.TargetKind);
        Assert.Equal(author.Id.ToString("D"), report.Account);
    }

    [Fact]
    public async Task BadInput_IsRefused_NamingTheField_AndNothingIsStored()
    {
        var author = await node.CreateMemberAsync("rp_author3");
        var story = await node.StoryAsync(author.Id, "Fine story");
        using var reporter = await node.ApiUserAsync("rp_reporter3");
        using var self = await node.ApiUserAsync("rp_author3b");
        var own = await node.StoryAsync(self.Member.Id, "My own");
        var target = $"{Origin}/stories/{story.Id}";
        var before = await CountAsync();

        await (await reporter.Client.PostAsJsonAsync(Reports, new { target, category = "rude", note = "" }, Ct)).ValidationProblemAsync("category");
        await (await reporter.Client.PostAsJsonAsync(Reports, new { target, category = "appeal", note = "" }, Ct)).ValidationProblemAsync("category");
        await (await reporter.Client.PostAsJsonAsync(Reports, new { target, category = "spam", note = new string('x', ReportLimits.NoteMax + 1) }, Ct)).ValidationProblemAsync("note");
        await (await reporter.Client.PostAsJsonAsync(Reports, new { target = "", category = "spam" }, Ct)).ValidationProblemAsync("target");
        await (await reporter.Client.PostAsJsonAsync(Reports, new { target, category = "spam", forward = true }, Ct)).ValidationProblemAsync("forward");
        await (await self.Client.PostAsJsonAsync(Reports, new { target = $"{Origin}/stories/{own.Id}", category = "spam" }, Ct)).ValidationProblemAsync("target");
        await (await self.Client.PostAsJsonAsync(Reports, new { target = $"{Origin}/@rp_author3b", category = "spam" }, Ct)).ValidationProblemAsync("target");

        foreach (var missing in new[] { $"{Origin}/stories/{Guid.CreateVersion7()}", $"{Origin}/@nobody_here", "https://elsewhere.example/notes/1", $"{Origin}/about" })
        {
            var problem = await (await reporter.Client.PostAsJsonAsync(Reports, new { target = missing, category = "spam" }, Ct)).ProblemAsync(HttpStatusCode.NotFound);
            Assert.True(problem.GetProperty("errors").TryGetProperty("target", out _));
        }

        Assert.Equal(before, await CountAsync());
    }

    [Fact]
    public async Task TheQueue_IsForModeratorsAndAdmins_Only()
    {
        using var member = await node.ApiUserAsync("rp_plain4");
        using var anonymous = node.CreateClient();

        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync(Desk, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsJsonAsync(Reports, new { target = "x", category = "spam" }, Ct)).StatusCode);
        await (await member.Client.GetAsync(Desk, Ct)).ProblemAsync(HttpStatusCode.Forbidden);
        await (await member.Client.PostAsJsonAsync($"{Desk}/{Guid.CreateVersion7()}/close", new { action = "none" }, Ct)).ProblemAsync(HttpStatusCode.Forbidden);
        using var admin = await node.ApiUserAsync("rp_admin4", Role.Admin);
        await (await admin.Client.GetAsync(Desk + "?state=closed", Ct)).JsonAsync(HttpStatusCode.OK);
        await (await admin.Client.GetAsync(Desk + "?state=shut", Ct)).ValidationProblemAsync("state");
    }

    [Fact]
    public async Task Closing_WithNone_ClosesIt_WritesTheAuditEntry_AndTellsTheReporterOnly_ThatItWasClosed()
    {
        var author = await node.CreateMemberAsync("rp_author5");
        var story = await node.StoryAsync(author.Id, "Borderline");
        using var reporter = await node.ApiUserAsync("rp_reporter5");
        using var moderator = await node.ApiUserAsync("rp_mod5", Role.Moderator);
        var id = (await (await reporter.Client.PostAsJsonAsync(Reports, new { target = $"{Origin}/stories/{story.Id}", category = "other" }, Ct))
            .JsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();

        await (await moderator.Client.PostAsJsonAsync($"{Desk}/{id}/close", new { action = "shrug" }, Ct)).ValidationProblemAsync("action");
        await (await moderator.Client.PostAsJsonAsync($"{Desk}/{id}/close", new { action = "none", privateNote = new string('x', ReportLimits.PrivateNoteMax + 1) }, Ct)).ValidationProblemAsync("privateNote");
        await (await moderator.Client.PostAsJsonAsync($"{Desk}/{Guid.CreateVersion7()}/close", new { action = "none" }, Ct)).ProblemAsync(HttpStatusCode.NotFound);
        Assert.True((await node.Service<IReportStore>().FindAsync(id, Ct))!.IsOpen);

        var closed = await (await moderator.Client.PostAsJsonAsync($"{Desk}/{id}/close", new { action = "none", reason = "Within the rules.", privateNote = "Watch them." }, Ct))
            .JsonAsync(HttpStatusCode.OK);
        Assert.Equal("closed", closed.GetProperty("state").GetString());
        Assert.Equal("none", closed.GetProperty("action").GetString());
        await (await moderator.Client.PostAsJsonAsync($"{Desk}/{id}/close", new { action = "none" }, Ct)).ProblemAsync(HttpStatusCode.Conflict);

        var log = await node.Service<IModerationLogStore>().ListAsync(Cursor.Start, 100, Ct);
        var entry = Assert.Single(log.Items, e => e.ReportId == id);
        Assert.Equal(ModerationActions.CloseReport, entry.Action);
        Assert.Equal("rp_mod5", entry.ModeratorName);
        Assert.Equal("Watch them.", entry.PrivateNote);

        var told = Assert.Single((await node.Service<INotificationStore>().ListAsync(reporter.Member.Id, Cursor.Start, 50, Ct)).Items, n => n.Kind == NotificationKind.ReportClosed);
        Assert.Equal(ReportService.Subject(id), told.Subject);
        Assert.DoesNotContain("rp_mod5", told.Actor, StringComparison.Ordinal);
        using var browser = await node.SignedInBrowserAsync("rp_reporter5");
        var (_, page) = await browser.GetAsync("/notifications");
        Assert.Contains("The moderators have dealt with a report you made.", page, StringComparison.Ordinal);
        Assert.DoesNotContain("Within the rules.", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Closing_WithRemove_RemovesTheReportedPost_WithTheReason()
    {
        var author = await node.CreateMemberAsync("rp_author6");
        var story = await node.StoryAsync(author.Id, "Insults");
        using var reporter = await node.ApiUserAsync("rp_reporter6");
        using var moderator = await node.ApiUserAsync("rp_mod6", Role.Moderator);
        var id = (await (await reporter.Client.PostAsJsonAsync(Reports, new { target = $"{Origin}/stories/{story.Id}", category = "abuse" }, Ct))
            .JsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();

        await (await moderator.Client.PostAsJsonAsync($"{Desk}/{id}/close", new { action = "remove" }, Ct)).ValidationProblemAsync("reason");
        await (await moderator.Client.PostAsJsonAsync($"{Desk}/{id}/close", new { action = "remove", reason = "Rule 1." }, Ct)).JsonAsync(HttpStatusCode.OK);

        Assert.Equal("Rule 1.", (await node.Service<IPostStore>().FindAsync(story.Id, Ct))!.Removal?.Reason);
        Assert.Equal(ReportCloseAction.Remove, (await node.Service<IReportStore>().FindAsync(id, Ct))!.CloseAction);
    }

    [Theory]
    [InlineData("warn")]
    [InlineData("limit")]
    [InlineData("suspend")]
    public async Task Closing_WithAnAccountAction_AppliesIt_LogsBoth_AndTellsTheReporterOnlyThatItClosed(string action)
    {
        var author = await node.CreateMemberAsync("rp_author7" + action);
        using var reporter = await node.ApiUserAsync("rp_reporter7" + action);
        using var moderator = await node.ApiUserAsync("rp_mod7" + action, Role.Moderator);
        var id = (await (await reporter.Client.PostAsJsonAsync(Reports, new { target = $"{Origin}/@rp_author7{action}", category = "abuse" }, Ct))
            .JsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();

        await (await moderator.Client.PostAsJsonAsync($"{Desk}/{id}/close", new { action, reason = "Be kind xyzzy." }, Ct)).JsonAsync(HttpStatusCode.OK);

        var member = (await node.Service<IMemberStore>().FindAsync(author.Id, Ct))!;
        switch (action)
        {
            case "limit":
                Assert.NotNull(member.LimitedAt);
                break;
            case "suspend":
                Assert.True(member.IsSuspended);
                break;
            default:
                Assert.Single((await node.Service<INotificationStore>().ListAsync(author.Id, Cursor.Start, 50, Ct)).Items, n => n.Kind == NotificationKind.Warned);
                break;
        }

        Assert.False((await node.Service<IReportStore>().FindAsync(id, Ct))!.IsOpen);
        var log = (await node.Service<IModerationLogStore>().ListAsync(Cursor.Start, 200, Ct)).Items.Where(e => e.ReportId == id).ToList();
        Assert.Contains(log, e => e.Action == ModerationActions.CloseReport);
        Assert.Contains(log, e => e.Action == action && e.Target == author.Id.ToString("D"));

        var told = Assert.Single((await node.Service<INotificationStore>().ListAsync(reporter.Member.Id, Cursor.Start, 50, Ct)).Items, n => n.Kind == NotificationKind.ReportClosed);
        Assert.Equal(ReportService.Subject(id), told.Subject);
        using var browser = await node.SignedInBrowserAsync("rp_reporter7" + action);
        var (_, page) = await browser.GetAsync("/notifications");
        Assert.DoesNotContain("xyzzy", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Appeal_AnswersTheLatestWarning_Once()
    {
        using var member = await node.ApiUserAsync("rp_warned8");
        var appeal = ApiTestKit.Prefix + "/me/appeal";
        await (await member.Client.PostAsJsonAsync(appeal, new { note = "Why?" }, Ct)).ProblemAsync(HttpStatusCode.Conflict);

        var now = node.Service<TimeProvider>().GetUtcNow();
        var entry = new ModerationEntry(Guid.CreateVersion7(now), now, null, "node", ModerationActions.Warn, ModerationTargets.Member,
            member.Member.Id.ToString("D"), "@rp_warned8", "Please stop posting adverts.", "Moderators-only xyzzy", null);
        await using (var tx = await node.Service<ITransactions>().BeginAsync(Ct))
        {
            await node.Service<IModerationLogStore>().AddAsync(entry, tx, Ct);
            await tx.CommitAsync(Ct);
        }

        await (await member.Client.PostAsJsonAsync(appeal, new { note = " " }, Ct)).ValidationProblemAsync("note");
        await (await member.Client.PostAsJsonAsync(appeal, new { note = new string('x', ReportLimits.NoteMax + 1) }, Ct)).ValidationProblemAsync("note");
        var id = (await (await member.Client.PostAsJsonAsync(appeal, new { note = "They were not adverts." }, Ct)).JsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();
        await (await member.Client.PostAsJsonAsync(appeal, new { note = "Again." }, Ct)).ProblemAsync(HttpStatusCode.Conflict);

        var report = (await node.Service<IReportStore>().FindAsync(id, Ct))!;
        Assert.Equal(ReportCategory.Appeal, report.Category);
        Assert.Equal(entry.Id, report.AppealOf);
        Assert.Equal("Please stop posting adverts.", report.Snapshot.Text);

        using var browser = await node.SignedInBrowserAsync("rp_warned8");
        var (status, page) = await browser.GetAsync("/appeal");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("Please stop posting adverts.", page, StringComparison.Ordinal);
        Assert.DoesNotContain("Moderators-only xyzzy", page, StringComparison.Ordinal);
        Assert.Contains("You have answered this.", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AppealPage_WithNothingToAppeal_SaysSo()
    {
        await node.CreateMemberAsync("rp_fine9");
        using var browser = await node.SignedInBrowserAsync("rp_fine9");
        var (status, page) = await browser.GetAsync("/appeal");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("There is nothing to answer", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenApi_DescribesTheReportRoutes()
    {
        using var client = node.CreateClient();
        var document = JsonDocument.Parse(await client.GetStringAsync("/openapi/v1.json", Ct)).RootElement;
        var paths = document.GetProperty("paths");
        Assert.True(paths.TryGetProperty("/api/oursociety/v1/reports", out _));
        Assert.True(paths.TryGetProperty("/api/oursociety/v1/admin/reports", out _));
        Assert.True(paths.TryGetProperty("/api/oursociety/v1/admin/reports/{id}/close", out _));
        Assert.True(paths.TryGetProperty("/api/oursociety/v1/me/appeal", out _));
    }
}
