using Microsoft.Playwright;
using OurSociety.Core.Federation;
using OurSociety.Core.Hubs;
using OurSociety.Core.Members;
using static Microsoft.Playwright.Assertions;

namespace OurSociety.PageTests;

/// <summary>
/// <c>/admin/hub-links</c> (issue 14) in a real browser with JavaScript off: requests from other hubs in plain words,
/// approve, decline, the reshare toggle and unlink by their buttons; the ask form's refusal beside the field and in the
/// summary; <c>?hub=</c> filling the form. The other hubs are rows put through the stores (the two-node flow is tested
/// in Web.Tests); what our answers send waits in the outbox, which nothing drains here.
/// </summary>
public sealed class HubLinksPageTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Admin_ApprovesDeclinesResharesAndUnlinks_WithoutJavaScript()
    {
        await browser.Node.CreateMemberAsync("hl_admin", roles: [Role.Admin]);
        await LinkRowAsync("https://far.example/users/hub", "Far Hub", HubLinkState.AwaitingOurApproval, "We fix bikes.");
        await LinkRowAsync("https://near.example/users/hub", "Near Hub", HubLinkState.AwaitingOurApproval, "");
        await LinkRowAsync("https://kin.example/users/hub", "Kin Hub", HubLinkState.Linked, "", askedByUs: true);
        var page = await browser.NewPageAsync(javaScript: false);
        await BrowserFixture.SignInAsync(page, "hl_admin");

        await page.GotoAsync("/admin");
        await Expect(page.GetByText("Hubs waiting for your answer about linking: 2.")).ToBeVisibleAsync();
        await page.ClickForPageAsync(page.Link("Linked hubs"));
        await Expect(page.Locator("h1")).ToHaveTextAsync("Linked hubs");
        var far = page.Locator("main li", new() { Has = page.GetByRole(AriaRole.Heading, new() { Name = "Far Hub" }) });
        await Expect(far).ToContainTextAsync("They asked to link with us. Approve or decline.");
        await Expect(far).ToContainTextAsync("We fix bikes.");
        var kin = page.Locator("main li", new() { Has = page.GetByRole(AriaRole.Heading, new() { Name = "Kin Hub" }) });
        await Expect(kin).ToContainTextAsync("Linked: both hubs follow each other.");
        await Expect(kin).ToContainTextAsync("Our hub does not share their members’ posts with our followers.");
        await browser.AssertGoodPageAsync(page);

        var approved = await page.SubmitAsync("Approve the link with Far Hub");
        Assert.Equal(200, approved.Status);
        await Expect(page.Notice()).ToHaveTextAsync("Approved. Our hub now follows theirs back.");
        await Expect(far).ToContainTextAsync("We asked to link and are waiting for them.");
        await Expect(page.Button("Approve the link with Far Hub")).ToHaveCountAsync(0);
        await browser.AssertGoodPageAsync(page);

        var declined = await page.SubmitAsync("Decline the link with Near Hub");
        Assert.Equal(200, declined.Status);
        await Expect(page.Notice()).ToHaveTextAsync("Declined. They stay a follower of our hub.");
        await Expect(page.Locator("main li", new() { Has = page.GetByRole(AriaRole.Heading, new() { Name = "Near Hub" }) }))
            .ToContainTextAsync("They asked and we said no. They still follow our hub.");

        var shared = await page.SubmitAsync("Share their posts from Kin Hub with our followers");
        Assert.Equal(200, shared.Status);
        await Expect(page.Notice()).ToHaveTextAsync("Your choice about sharing their posts is saved.");
        await Expect(kin).ToContainTextAsync("Our hub shares their members’ public posts with our followers.");
        var stopped = await page.SubmitAsync("Stop sharing their posts from Kin Hub");
        Assert.Equal(200, stopped.Status);
        await Expect(kin).ToContainTextAsync("Our hub does not share their members’ posts with our followers.");
        await browser.AssertGoodPageAsync(page);

        var unlinked = await page.SubmitAsync("Unlink from Kin Hub");
        Assert.Equal(200, unlinked.Status);
        await Expect(page.Notice()).ToHaveTextAsync("The link has ended.");
        await Expect(kin).ToHaveCountAsync(0);
        await browser.AssertGoodPageAsync(page);
    }

    [Fact]
    public async Task AskForm_FilledFromTheAddress_RefusesOurOwnHub_BesideTheFieldAndInTheSummary()
    {
        await browser.Node.CreateMemberAsync("hl_asker", roles: [Role.Admin]);
        var page = await browser.NewPageAsync(javaScript: false);
        await BrowserFixture.SignInAsync(page, "hl_asker");

        await page.GotoAsync("/admin/hub-links?hub=%40hub%40far.example");
        await Expect(page.Field("The other hub")).ToHaveValueAsync("@hub@far.example");
        await browser.AssertGoodPageAsync(page);

        await page.Field("The other hub").FillAsync("@hub@localhost");
        await page.Field("A note for their admins").FillAsync("Hello, us.");
        var refused = await page.SubmitAsync("Ask to link");

        Assert.Equal(400, refused.Status);
        var error = page.Locator("#hub-error");
        await Expect(error).ToBeVisibleAsync();
        await Expect(page.Field("The other hub")).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(page.Field("The other hub")).ToHaveAttributeAsync("aria-describedby", new System.Text.RegularExpressions.Regex("hub-error"));
        await Expect(page.Field("The other hub")).ToHaveValueAsync("@hub@localhost");
        await Expect(page.Field("A note for their admins")).ToHaveValueAsync("Hello, us.");
        var summary = page.GetByRole(AriaRole.Alert);
        await Expect(summary).ToBeVisibleAsync();
        await Expect(summary).ToContainTextAsync((await error.InnerTextAsync()).Trim());
        // Other tests in this class leave links to other hubs on the shared node; only one with ourselves would be wrong.
        Assert.DoesNotContain(await browser.Node.Service<IHubLinkStore>().ListAsync(null, Ct), l => new Uri(l.HubActorId).Host == "localhost");
        await browser.AssertGoodPageAsync(page);
    }

    private async Task LinkRowAsync(string hubActorId, string name, HubLinkState state, string note, bool askedByUs = false)
    {
        var node = browser.Node;
        var host = new Uri(hubActorId).Host;
        var now = node.Time.GetUtcNow();
        await node.Service<IRemoteActorStore>().UpsertAsync(new RemoteActor(
            hubActorId, "Group", "hub", host, name, hubActorId + "/inbox", null, $"https://{host}/", null, null, null, false, "{}", now)
        { ImplementsIntroductions = true }, Ct);
        await node.WriteAsync(tx => node.Service<IHubLinkStore>().PutAsync(
            new HubLink(Guid.CreateVersion7(now), hubActorId, state, askedByUs, note, false,
                askedByUs ? null : $"https://{host}/activities/{Guid.NewGuid():N}", null, now, now), tx, Ct));
    }
}
