using Microsoft.Playwright;
using OurSociety.Core;
using OurSociety.Core.Federation;
using OurSociety.Core.Hubs;
using OurSociety.Core.Posts;
using OurSociety.Testing;
using static Microsoft.Playwright.Assertions;

namespace OurSociety.PageTests;

/// <summary>
/// Search's "Where to look" (issue 14) in a real browser with JavaScript off: linked hubs are asked, the second real
/// node's results are marked with its hub, a linked hub that cannot be reached is named, a bad choice is shown beside
/// the fieldset. Links are rows put through the stores (the link flow has its own tests).
/// </summary>
public sealed class LinkedSearchPageTests(LinkedHubFixture browser) : IClassFixture<LinkedHubFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Linked_WithoutJavaScript_MarksResultsWithTheirHub_AndNamesAHubThatDidNotAnswer()
    {
        var bob = await browser.Remote.CreateMemberAsync("bob");
        await StoryAsync(browser.Remote, bob.Id, "Quinceword at Bee");
        var ann = await browser.Node.CreateMemberAsync("ann");
        await StoryAsync(browser.Node, ann.Id, "Quinceword here");
        await LinkAsync($"{LinkedHubFixture.RemoteOrigin}/users/hub", "Bee Hub");
        await LinkAsync("http://quiet.test/users/hub", "Quiet Hub");
        var page = await browser.NewPageAsync(javaScript: false);
        await page.GotoAsync("/search");
        var choice = page.GetByRole(AriaRole.Group, new() { Name = "Where to look" });
        await Expect(choice).ToBeVisibleAsync();
        await Expect(page.Field("This hub, with what reached it from other hubs")).ToBeCheckedAsync();
        await browser.AssertGoodPageAsync(page);

        await page.Field("Words to look for").FillAsync("quinceword");
        await page.Field("Also ask the hubs we are linked with (a little slower)").CheckAsync();
        var found = await page.ClickForPageAsync(page.Locator("main").GetByRole(AriaRole.Button, new() { Name = "Search", Exact = true }));

        Assert.Equal(200, found.Status);
        Assert.Contains("source=linked", page.Url, StringComparison.Ordinal);
        await Expect(page.Field("Also ask the hubs we are linked with (a little slower)")).ToBeCheckedAsync();
        await Expect(page.Link("Quinceword here")).ToBeVisibleAsync();
        var linked = page.GetByRole(AriaRole.Region, new() { Name = "Found on linked hubs" });
        await Expect(linked.GetByRole(AriaRole.Link, new() { Name = "Quinceword at Bee", Exact = true }))
            .ToHaveAttributeAsync("href", new System.Text.RegularExpressions.Regex("^http://b\\.test/"));
        await Expect(linked).ToContainTextAsync("On Bee Hub, by");
        await Expect(page.GetByText("Quiet Hub did not answer in time, so its results are missing.")).ToBeVisibleAsync();
        await browser.AssertGoodPageAsync(page);

        // Without "linked" no other hub is asked.
        await page.Field("Only what was written on this hub").CheckAsync();
        await page.ClickForPageAsync(page.Locator("main").GetByRole(AriaRole.Button, new() { Name = "Search", Exact = true }));
        await Expect(page.Link("Quinceword here")).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Region, new() { Name = "Found on linked hubs" })).ToHaveCountAsync(0);
        await Expect(page.GetByText("Quiet Hub did not answer in time, so its results are missing.")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task ABadSource_IsShownBesideTheFieldset()
    {
        var page = await browser.NewPageAsync(javaScript: false);

        var refused = await page.GotoAsync("/search?q=quinceword&source=everywhere");

        Assert.Equal(400, refused?.Status);
        await Expect(page.Locator("#source-error")).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Group, new() { Name = "Where to look" })).ToHaveAttributeAsync("aria-describedby", "source-error");
        await Expect(page.GetByRole(AriaRole.Alert)).ToBeVisibleAsync();
        await browser.AssertGoodPageAsync(page);
    }

    private static async Task StoryAsync(NodeFactory node, Guid authorId, string title)
    {
        var outcome = await node.Service<PostService>().CreateStoryAsync(
            authorId, new StoryInput(title, "A short teaser.", "What we did.", ["repair"], "Leeds", null, null, false, null), Ct);
        Assert.IsType<Outcome<Post>.Ok>(outcome);
    }

    private async Task LinkAsync(string hubActorId, string name)
    {
        var node = browser.Node;
        var host = new Uri(hubActorId).Authority;
        var now = node.Time.GetUtcNow();
        await node.Service<IRemoteActorStore>().UpsertAsync(new RemoteActor(
            hubActorId, "Group", "hub", host, name, hubActorId + "/inbox", null, $"http://{host}/", null, null, null, false, "{}", now)
        { ImplementsIntroductions = true }, Ct);
        await node.WriteAsync(tx => node.Service<IHubLinkStore>().PutAsync(
            new HubLink(Guid.CreateVersion7(now), hubActorId, HubLinkState.Linked, true, "", false, null, null, now, now), tx, Ct));
    }
}
