using System.Net;
using System.Net.Http.Json;
using OurSociety.Core;
using OurSociety.Core.Members;
using OurSociety.Core.Moderation;
using OurSociety.Core.Needs;
using OurSociety.Core.Paging;
using OurSociety.Federation;
using OurSociety.Testing;
using OurSociety.Web.Tests.Api;
using OurSociety.Web.Tests.Federation.Posts;

namespace OurSociety.Web.Tests.Moderation;

/// <summary>
/// Moderators remove a reported need or offer by closing the report with <c>remove</c> and a reason: it leaves the
/// lists, its page says the moderators removed it, and the audit log holds the removal with the report.
/// </summary>
public sealed class ProposalRemovalTests(NodeFactory node) : IClassFixture<NodeFactory>
{
    private const string Reports = ApiTestKit.Prefix + "/reports";
    private const string Desk = ApiTestKit.Prefix + "/admin/reports";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private string Origin => node.Service<NodeIdentity>().Origin;

    private async Task<(Proposal Need, Guid ReportId)> ReportedNeedAsync(string name, string title)
    {
        var author = await node.CreateMemberAsync("pr_author" + name);
        var need = PostNetwork.Ok(await node.Service<ProposalService>().CreateAsync(author.Id, ProposalKind.Need,
            new ProposalInput(title, null, ["stuff"], null, null, null, "equipment"), Ct));
        using var reporter = await node.ApiUserAsync("pr_reporter" + name);
        var id = (await (await reporter.Client.PostAsJsonAsync(Reports, new { target = $"{Origin}/needs/{need.Id}", category = "spam" }, Ct))
            .JsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();
        return (need, id);
    }

    [Fact]
    public async Task Closing_WithRemove_RemovesTheNeed_ItsPageSaysSo_AndTheAuditLogHasIt()
    {
        var (need, id) = await ReportedNeedAsync("1", "Cheap pills xyzzy");
        using var moderator = await node.ApiUserAsync("pr_mod1", Role.Moderator);

        await (await moderator.Client.PostAsJsonAsync($"{Desk}/{id}/close", new { action = "remove", reason = "Spam, rule 2." }, Ct)).JsonAsync(HttpStatusCode.OK);

        Assert.True((await node.Service<IProposalStore>().FindAsync(need.Id, Ct))!.IsDeleted);
        Assert.Equal(ReportCloseAction.Remove, (await node.Service<IReportStore>().FindAsync(id, Ct))!.CloseAction);
        using var browser = node.CreateClient();
        Assert.DoesNotContain("Cheap pills xyzzy", await browser.GetStringAsync("/needs", Ct), StringComparison.Ordinal);
        var page = await browser.GetAsync($"/needs/{need.Id}", Ct);
        Assert.Equal(HttpStatusCode.Gone, page.StatusCode);
        Assert.Contains("This has been removed by the hub&#x27;s moderators.", await page.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);

        var log = await node.Service<IModerationLogStore>().ListAsync(Cursor.Start, 200, Ct);
        var removal = Assert.Single(log.Items, e => e.Action == ModerationActions.Remove && e.Target == need.Id.ToString("D"));
        Assert.Equal(ModerationTargets.Need, removal.TargetKind);
        Assert.Equal("Spam, rule 2.", removal.Reason);
        Assert.Equal(id, removal.ReportId);
        Assert.Equal(moderator.Member.Id, removal.ModeratorId);

        // Removing it again changes nothing.
        Assert.False(PostNetwork.Ok(await node.Service<ProposalService>().RemoveAsync(moderator.Member.Id, need.Id, "Again.", Ct)));
        log = await node.Service<IModerationLogStore>().ListAsync(Cursor.Start, 200, Ct);
        Assert.Single(log.Items, e => e.Action == ModerationActions.Remove && e.Target == need.Id.ToString("D"));
    }

    [Fact]
    public async Task Closing_WithRemove_WithoutAReason_Is400_AndByAMember_Is403_AndNothingChanges()
    {
        var (need, id) = await ReportedNeedAsync("2", "Chairs");
        using var moderator = await node.ApiUserAsync("pr_mod2", Role.Moderator);
        using var member = await node.ApiUserAsync("pr_member2");

        await (await moderator.Client.PostAsJsonAsync($"{Desk}/{id}/close", new { action = "remove" }, Ct)).ValidationProblemAsync("reason");
        await (await member.Client.PostAsJsonAsync($"{Desk}/{id}/close", new { action = "remove", reason = "Mine." }, Ct)).ProblemAsync(HttpStatusCode.Forbidden);

        Assert.IsType<Outcome<bool>.Forbidden>(await node.Service<ProposalService>().RemoveAsync(member.Member.Id, need.Id, "Mine.", Ct));
        var tooLong = await node.Service<ProposalService>().RemoveAsync(moderator.Member.Id, need.Id, new string('x', 501), Ct);
        Assert.Contains("reason", Assert.IsType<Outcome<bool>.Invalid>(tooLong).Errors.Keys);
        Assert.False((await node.Service<IProposalStore>().FindAsync(need.Id, Ct))!.IsDeleted);
        Assert.True((await node.Service<IReportStore>().FindAsync(id, Ct))!.IsOpen);
    }
}
