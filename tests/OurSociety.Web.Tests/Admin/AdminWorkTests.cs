using System.Net;
using OurSociety.Core;
using OurSociety.Core.Members;
using OurSociety.Core.Work;
using OurSociety.Testing;
using OurSociety.Web.Tests.Settings;

namespace OurSociety.Web.Tests.Admin;

/// <summary>The admin page's line on background work, its failed items and "Try again".</summary>
public sealed class AdminWorkTests(NodeFactory node) : IClassFixture<NodeFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<Browserless> AdminAsync(string username)
    {
        await node.CreateMemberAsync(username, "correct horse battery", Role.Admin, Role.Member);
        return await node.SignedInBrowserAsync(username);
    }

    private async Task AddAsync(params NewWorkItem[] items)
    {
        await using var tx = await node.Service<ITransactions>().BeginAsync(Ct);
        await node.Service<IWorkItemStore>().AddAsync(items, tx, Ct);
        await tx.CommitAsync(Ct);
    }

    [Fact]
    public async Task Admin_ShowsWaitingAndFailedWork_AndTryAgainRunsItNow()
    {
        using var browser = await AdminAsync("adm_work");
        var before = await node.Service<IWorkItemStore>().SummaryAsync(Ct);
        await AddAsync(new NewWorkItem("adm-work-a", "{}"), new NewWorkItem("adm-work-b", "{}"), new NewWorkItem("adm-work-unknown", "{}"));
        // The node has no handler for these kinds: running them buries them, with the reason.
        Assert.Equal(3, await node.Service<WorkRunner>().DrainAsync(Ct));
        var failed = await node.Service<IWorkItemStore>().ListAsync(WorkState.Dead, Core.Paging.Cursor.Start, 100, Ct);
        var item = failed.Items.First(i => i.Kind == "adm-work-unknown");
        await AddAsync(new NewWorkItem("adm-work-later", "{}", RunAt: node.Time.GetUtcNow().AddHours(1)));

        var (status, html) = await browser.GetAsync("/admin");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("<dt>Background work</dt>", html, StringComparison.Ordinal);
        Assert.Contains($"{before.Pending + 1} waiting, {before.Dead + 3} failed", html, StringComparison.Ordinal);
        Assert.Contains("Background work that failed", html, StringComparison.Ordinal);
        Assert.Contains("No handler for work of kind &quot;adm-work-unknown&quot;", html, StringComparison.Ordinal);
        Assert.NotNull(Browserless.FormWithAction(html, $"/admin/work/{item.Id}/retry"));

        var response = await browser.SubmitAsync("/admin", $"/admin/work/{item.Id}/retry", new Dictionary<string, string>());

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/admin?notice=work-retried", response.Headers.Location?.OriginalString);
        var again = await node.Service<IWorkItemStore>().FindAsync(item.Id, Ct);
        Assert.Equal((WorkState.Pending, 0), (again!.State, again.Attempts));
        var (_, after) = await browser.GetAsync("/admin?notice=work-retried");
        Assert.Contains("The work will be tried again now.", after, StringComparison.Ordinal);
        Assert.Contains($"{before.Pending + 2} waiting, {before.Dead + 2} failed", after, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RetryWork_UnknownOrNotFailed_Is404()
    {
        using var browser = await AdminAsync("adm_work_404");
        await AddAsync(new NewWorkItem("adm-work-waiting", "{}", RunAt: node.Time.GetUtcNow().AddDays(1)));
        var waiting = (await node.Service<IWorkItemStore>().ListAsync(WorkState.Pending, Core.Paging.Cursor.Start, 100, Ct)).Items
            .First(i => i.Kind == "adm-work-waiting");
        var (_, html) = await browser.GetAsync("/admin");
        var token = TestForms.Token(html, "/admin/invitations");

        foreach (var id in new[] { waiting.Id, Guid.CreateVersion7() })
        {
            using var content = new FormUrlEncodedContent([new(TestForms.TokenField, token)]);
            var response = await browser.Client.PostAsync($"/admin/work/{id}/retry", content, Ct);
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        }
    }

    [Fact]
    public async Task RetryWork_NonAdmin_Is403()
    {
        await node.CreateMemberAsync("adm_work_member");
        using var browser = await node.SignedInBrowserAsync("adm_work_member");
        var (_, settings) = await browser.GetAsync("/settings/tokens");
        using var content = new FormUrlEncodedContent([new(TestForms.TokenField, TestForms.Token(settings, "/settings/tokens"))]);

        var response = await browser.Client.PostAsync($"/admin/work/{Guid.CreateVersion7()}/retry", content, Ct);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }
}

/// <summary>On its own node, so no other test's failed work is there.</summary>
public sealed class AdminCalmWorkTests(NodeFactory node) : IClassFixture<NodeFactory>
{
    [Fact]
    public async Task Admin_NothingFailed_ShowsTheLineWithoutTheList()
    {
        await node.CreateMemberAsync("adm_work_calm", "correct horse battery", Role.Admin, Role.Member);
        using var browser = await node.SignedInBrowserAsync("adm_work_calm");
        await using (var tx = await node.Service<ITransactions>().BeginAsync(TestContext.Current.CancellationToken))
        {
            await node.Service<IWorkItemStore>().AddAsync([new NewWorkItem("calm", "{}"), new NewWorkItem("calm", "{}")], tx, TestContext.Current.CancellationToken);
            await tx.CommitAsync(TestContext.Current.CancellationToken);
        }

        var (_, html) = await browser.GetAsync("/admin");

        Assert.Contains("2 waiting, 0 failed", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Background work that failed", html, StringComparison.Ordinal);
        Assert.DoesNotContain("See what failed", html, StringComparison.Ordinal);
    }
}
