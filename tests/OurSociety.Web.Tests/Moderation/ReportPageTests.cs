using System.Net;
using OurSociety.Core;
using OurSociety.Core.Introductions;
using OurSociety.Core.Members;
using OurSociety.Core.Moderation;
using OurSociety.Core.Paging;
using OurSociety.Testing;
using OurSociety.Web.Tests.Federation.Posts;

namespace OurSociety.Web.Tests.Moderation;

/// <summary>
/// Reporting without JavaScript: the "Report" link on a story leads to the form, which re-shows with the message beside
/// the field on bad input; the desk's pages send visitors to sign in and answer members without the role 403; a
/// moderator closes a report from its page; only an introduction's people may report it.
/// </summary>
public sealed class ReportPageTests(NodeFactory node) : IClassFixture<NodeFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task TheReportLink_LeadsToTheForm_WhichReShowsErrorsBesideTheField_ThenThanks()
    {
        var author = await node.CreateMemberAsync("rpp_author1");
        var story = await node.StoryAsync(author.Id, "Cheap watches");
        await node.CreateMemberAsync("rpp_reporter1");
        using var browser = await node.SignedInBrowserAsync("rpp_reporter1");

        var (_, page) = await browser.GetAsync($"/stories/{story.Id}");
        var link = $"/report?target={Uri.EscapeDataString($"/stories/{story.Id:D}")}";
        Assert.Contains($"href=\"{link}\"", page, StringComparison.Ordinal);

        var (status, form) = await browser.GetAsync(link);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("Cheap watches", form, StringComparison.Ordinal);
        Assert.DoesNotContain("name=\"forward\"", form, StringComparison.Ordinal);   // only for things from elsewhere

        using (var bad = await browser.SubmitAsync(link, "/report", new Dictionary<string, string>
        {
            ["target"] = $"/stories/{story.Id:D}",
            ["category"] = "",
            ["note"] = new string('x', ReportLimits.NoteMax + 1),
        }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
            var html = await bad.Content.ReadAsStringAsync(Ct);
            Assert.Contains("href=\"#category\"", html, StringComparison.Ordinal);
            Assert.Contains("href=\"#note\"", html, StringComparison.Ordinal);
            Assert.Contains("aria-invalid=\"true\"", html, StringComparison.Ordinal);
        }

        Assert.DoesNotContain((await node.Service<IReportStore>().ListAsync(ReportState.Open, Cursor.Start, 500, Ct)).Items, r => r.TargetId == story.Id);

        using (var sent = await browser.SubmitAsync(link, "/report", new Dictionary<string, string>
        {
            ["target"] = $"/stories/{story.Id:D}",
            ["category"] = "spam",
            ["note"] = "Adverts.",
        }))
        {
            Assert.Equal(HttpStatusCode.OK, sent.StatusCode);
            Assert.Contains("Thank you for your report", await sent.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        }

        Assert.Contains((await node.Service<IReportStore>().ListAsync(ReportState.Open, Cursor.Start, 500, Ct)).Items, r => r.TargetId == story.Id);
        using var authorBrowser = await node.SignedInBrowserAsync("rpp_author1");
        var (_, own) = await authorBrowser.GetAsync($"/stories/{story.Id}");
        Assert.DoesNotContain("/report?target=", own, StringComparison.Ordinal);   // no report link on your own story
    }

    [Fact]
    public async Task TheDesk_SendsVisitorsToSignIn_AndAnswersMembersWithoutTheRole403()
    {
        await node.CreateMemberAsync("rpp_plain2");
        using var anonymous = new Browserless(node);
        using var member = await node.SignedInBrowserAsync("rpp_plain2");

        var visitor = await anonymous.Client.GetAsync("/admin/reports", Ct);
        Assert.Equal(HttpStatusCode.Redirect, visitor.StatusCode);
        Assert.Contains("/signin", visitor.Headers.Location?.OriginalString, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await anonymous.Client.GetAsync("/report?target=%2F", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await member.GetAsync("/admin/reports")).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await member.GetAsync($"/admin/reports/{Guid.CreateVersion7()}")).Status);
    }

    [Fact]
    public async Task AModerator_ClosesAReport_FromItsPage_AndTheMenuLinksTheDesk()
    {
        var author = await node.CreateMemberAsync("rpp_author3");
        var reporter = await node.CreateMemberAsync("rpp_reporter3");
        await node.CreateMemberAsync("rpp_mod3", roles: [Role.Moderator]);
        var story = await node.StoryAsync(author.Id, "Rude story");
        var made = await node.Service<ReportService>().CreateAsync(reporter.Id, new ReportInput($"/stories/{story.Id:D}", "abuse", "Insults.", false), Ct);
        var id = Assert.IsType<Outcome<ReportResult>.Ok>(made).Value.Report.Id;
        using var moderator = await node.SignedInBrowserAsync("rpp_mod3");

        var (_, queue) = await moderator.GetAsync("/admin/reports");
        Assert.Contains($"/admin/reports/{id:D}", queue, StringComparison.Ordinal);
        Assert.Contains("href=\"/admin/audit-log\"", queue, StringComparison.Ordinal);
        Assert.Contains("href=\"/admin/reports\"", (await moderator.GetAsync("/")).Html, StringComparison.Ordinal);

        var (_, detail) = await moderator.GetAsync($"/admin/reports/{id:D}");
        Assert.Contains("Rude story", detail, StringComparison.Ordinal);
        Assert.Contains("@rpp_reporter3", detail, StringComparison.Ordinal);

        using (var bad = await moderator.SubmitAsync($"/admin/reports/{id:D}", $"/admin/reports/{id:D}/close", new Dictionary<string, string> { ["action"] = "warn", ["reason"] = "" }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
            Assert.Contains("href=\"#reason\"", await bad.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        }

        using (var closed = await moderator.SubmitAsync($"/admin/reports/{id:D}", $"/admin/reports/{id:D}/close", new Dictionary<string, string> { ["action"] = "none", ["reason"] = "" }))
        {
            Assert.Equal(HttpStatusCode.Redirect, closed.StatusCode);
        }

        Assert.False((await node.Service<IReportStore>().FindAsync(id, Ct))!.IsOpen);
        var (_, closedTab) = await moderator.GetAsync("/admin/reports?state=closed");
        Assert.Contains($"/admin/reports/{id:D}", closedTab, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnIntroduction_MayBeReportedByItsParties_Only()
    {
        var glue = await node.CreateMemberAsync("rpp_glue4", roles: [Role.GlueEr, Role.Member]);
        var amina = await node.CreateMemberAsync("rpp_amina4");
        await node.CreateMemberAsync("rpp_rosa4");
        var stranger = await node.CreateMemberAsync("rpp_stranger4");
        var proposed = await node.Service<IntroductionService>().ProposeAsync(glue.Id, new IntroductionCandidate.Local("rpp_amina4"),
            new IntroductionCandidate.Local("rpp_rosa4"), "You both grow beans.", "en", Ct);
        var introduction = Assert.IsType<Outcome<Introduction>.Ok>(proposed).Value;
        var service = node.Service<ReportService>();
        var target = $"/introductions/{introduction.Id:D}";

        var refused = await service.CreateAsync(stranger.Id, new ReportInput(target, "abuse", "", false), Ct);
        Assert.Equal("target", Assert.IsType<Outcome<ReportResult>.NotFound>(refused).Field);

        var made = Assert.IsType<Outcome<ReportResult>.Ok>(await service.CreateAsync(amina.Id, new ReportInput(target, "abuse", "Pushy.", false), Ct)).Value.Report;
        Assert.Equal(ReportTargetKind.Introduction, made.TargetKind);
        Assert.Equal(glue.Id.ToString("D"), made.Account);
        Assert.Equal("You both grow beans.", made.Snapshot.Text);
    }
}
