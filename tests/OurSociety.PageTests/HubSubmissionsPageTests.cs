using Microsoft.Playwright;
using OurSociety.Core.Federation;
using OurSociety.Core.Hubs;
using OurSociety.Core.Members;
using static Microsoft.Playwright.Assertions;

namespace OurSociety.PageTests;

/// <summary>
/// The moderators' queue of posts sent to the hub (<c>/admin/hub-submissions</c>, issue 14) in a real browser with
/// JavaScript off: the empty state, then waiting posts (rows through the store) approved and declined by their buttons.
/// The announce an approval queues is not run here (Web.Tests follow it to the other hub).
/// </summary>
public sealed class HubSubmissionsPageTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Moderator_SeesTheEmptyQueue_ThenApprovesAndDeclines_WithoutJavaScript()
    {
        await browser.Node.CreateMemberAsync("hs_mod", roles: [Role.Moderator]);
        var page = await browser.NewPageAsync(javaScript: false);
        await BrowserFixture.SignInAsync(page, "hs_mod");

        await page.GotoAsync("/admin/hub-submissions");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Posts sent to the hub");
        await Expect(page.GetByRole(AriaRole.Navigation, new() { Name = "The moderators' desk" })).ToBeVisibleAsync();
        await Expect(page.GetByText("No posts are waiting for an answer.")).ToBeVisibleAsync();
        await browser.AssertGoodPageAsync(page);

        await SubmissionAsync("Bike repair on Saturday");
        await SubmissionAsync("Cheap watches");
        await page.ReloadAsync();
        var bikes = page.Locator("main li.card", new() { HasText = "Bike repair on Saturday" });
        var watches = page.Locator("main li.card", new() { HasText = "Cheap watches" });
        await Expect(bikes).ToContainTextAsync("ana@far.example");
        await Expect(watches).ToBeVisibleAsync();
        await browser.AssertGoodPageAsync(page);

        var approved = await page.ClickForPageAsync(bikes.GetByRole(AriaRole.Button, new() { Name = "Approve: " }));
        Assert.Equal(200, approved.Status);
        await Expect(page.Notice()).ToHaveTextAsync("The post is approved: the hub will share it with its followers.");
        await Expect(bikes).ToHaveCountAsync(0);
        await browser.AssertGoodPageAsync(page);

        var declined = await page.ClickForPageAsync(watches.GetByRole(AriaRole.Button, new() { Name = "Decline: " }));
        Assert.Equal(200, declined.Status);
        await Expect(page.Notice()).ToHaveTextAsync("The post is declined: it will not be shown.");
        await Expect(page.GetByText("No posts are waiting for an answer.")).ToBeVisibleAsync();
        await browser.AssertGoodPageAsync(page);

        await page.ClickForPageAsync(page.Link("Approved"));
        await Expect(bikes).ToBeVisibleAsync();
        await Expect(bikes.GetByRole(AriaRole.Button)).ToHaveCountAsync(0);
        await page.ClickForPageAsync(page.Link("Declined"));
        await Expect(watches).ToBeVisibleAsync();
        await browser.AssertGoodPageAsync(page);
    }

    private async Task SubmissionAsync(string title)
    {
        var node = browser.Node;
        const string actor = "https://far.example/users/ana";
        var now = node.Time.GetUtcNow();
        await node.Service<IRemoteActorStore>().UpsertAsync(new RemoteActor(
            actor, "Person", "ana", "far.example", "Ana", actor + "/inbox", null, "https://far.example/@ana", null, null, null, false, "{}", now), Ct);
        var id = Guid.CreateVersion7(now);
        var apId = $"https://far.example/objects/{id:N}";
        await node.WriteAsync(tx => node.Service<IHubSubmissionStore>().AddAsync(new HubSubmission(
            id, apId, actor, $"https://far.example/@ana/{id:N}", title, "Come along.",
            $$"""{"id":"{{apId}}","type":"Note","attributedTo":"{{actor}}","content":"<p>Come along.</p>"}""",
            $$"""{"id":"{{apId}}/activity","type":"Create","actor":"{{actor}}"}""",
            HubSubmissionState.Waiting, now, null, null), tx, Ct));
    }
}
