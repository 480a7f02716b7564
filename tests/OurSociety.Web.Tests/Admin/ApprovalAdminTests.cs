using System.Net;
using OurSociety.Core;
using OurSociety.Core.Members;
using OurSociety.Testing;
using OurSociety.Web.Tests.Settings;

namespace OurSociety.Web.Tests.Admin;

public sealed class ApprovalAdminTests(ApprovalNodeFactory node) : IClassFixture<ApprovalNodeFactory>
{
    private async Task<Member> AskToJoinAsync(string username, string? reason) =>
        await node.Service<MemberService>().RegisterAsync(
            new SignUp(username, "correct horse battery", null, null, reason), TestContext.Current.CancellationToken) is Outcome<SignedIn>.Ok({ Member: var m })
            ? m
            : throw new InvalidOperationException();

    private async Task<Browserless> AdminAsync(string username)
    {
        await node.CreateMemberAsync(username, "correct horse battery", Role.Admin, Role.Member);
        return await node.SignedInBrowserAsync(username);
    }

    [Fact]
    public async Task Admin_PendingRequest_ShownWithReasonAndMode()
    {
        using var browser = await AdminAsync("appr_viewer");
        var pending = await AskToJoinAsync("appr_shown", "I run the <b>repair cafe</b> on Saturdays.");
        var (_, html) = await browser.GetAsync("/admin");
        Assert.Contains("By request", html, StringComparison.Ordinal);
        Assert.Contains("I run the &lt;b&gt;repair cafe&lt;/b&gt; on Saturdays.", html, StringComparison.Ordinal);
        Assert.NotNull(Browserless.FormWithAction(html, $"/admin/members/{pending.Id}/approve"));
        Assert.NotNull(Browserless.FormWithAction(html, $"/admin/members/{pending.Id}/reject"));
        Assert.DoesNotContain("<td><a href=\"/@appr_shown\">", html, StringComparison.Ordinal);   // not among members yet
    }

    [Fact]
    public async Task Approve_Pending_BecomesActiveMember()
    {
        using var browser = await AdminAsync("appr_approver");
        var pending = await AskToJoinAsync("appr_welcome", "Neighbour");
        var response = await browser.SubmitAsync("/admin", $"/admin/members/{pending.Id}/approve", new Dictionary<string, string>());
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/admin?notice=approved", response.Headers.Location?.OriginalString);
        Assert.Equal(MemberState.Active, (await node.Service<IMemberStore>().FindAsync(pending.Id, TestContext.Current.CancellationToken))!.State);
        var (_, html) = await browser.GetAsync("/admin?notice=approved");
        Assert.Contains("The member is approved.", html, StringComparison.Ordinal);
        Assert.Contains("<td><a href=\"/@appr_welcome\">", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reject_Pending_IsRemoved()
    {
        using var browser = await AdminAsync("appr_rejecter");
        var pending = await AskToJoinAsync("appr_nope", null);
        var (_, page) = await browser.GetAsync("/admin");
        Assert.Contains("They did not say.", page, StringComparison.Ordinal);
        var response = await browser.SubmitAsync("/admin", $"/admin/members/{pending.Id}/reject", new Dictionary<string, string>());
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/admin?notice=rejected", response.Headers.Location?.OriginalString);
        Assert.Null(await node.Service<IMemberStore>().FindAsync(pending.Id, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task ApproveOrReject_UnknownOrActiveMember_Is404()
    {
        using var browser = await AdminAsync("appr_404");
        var active = await node.CreateMemberAsync("appr_active");
        var (_, html) = await browser.GetAsync("/admin");
        var token = TestForms.Token(html, "/admin/invitations");
        foreach (var action in new[] { $"/admin/members/{Guid.CreateVersion7()}/approve", $"/admin/members/{active.Id}/reject" })
        {
            using var content = new FormUrlEncodedContent([new(TestForms.TokenField, token)]);
            var response = await browser.Client.PostAsync(action, content, TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        }

        Assert.NotNull(await node.Service<IMemberStore>().FindAsync(active.Id, TestContext.Current.CancellationToken));
    }
}
