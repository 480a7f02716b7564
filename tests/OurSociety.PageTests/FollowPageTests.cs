using Microsoft.Playwright;
using OurSociety.Core.Federation;
using OurSociety.Core.Members;
using static Microsoft.Playwright.Assertions;

namespace OurSociety.PageTests;

/// <summary>
/// People you follow, the hub's page, "Follow from elsewhere" and our remote-follow page, in a real browser with
/// and without JavaScript. Accounts on other servers are stored directly (this node has no network), at hosts under
/// <c>.invalid</c>; the deliveries the buttons queue are never sent (no test drains this node).
/// </summary>
public sealed class FollowPageTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task FollowsPage_WithEveryList_AnswersRequestsAndIsAccessible(bool javaScript)
    {
        var suffix = javaScript ? "js" : "nojs";
        var username = $"people_{suffix}";
        var member = await browser.Node.CreateMemberAsync(username);
        await browser.Node.Service<MemberService>().SetManuallyApprovesFollowersAsync(member.Id, true, Ct);
        var followed = await RemoteAsync($"followed_{suffix}");
        var asking = await RemoteAsync($"asking_{suffix}");
        var follower = await RemoteAsync($"follower_{suffix}");
        var blocked = await RemoteAsync($"blocked_{suffix}");
        await FollowAsync(username, followed, FollowDirection.Out, FollowState.Accepted);
        await FollowAsync(username, asking, FollowDirection.In, FollowState.Pending);
        await FollowAsync(username, follower, FollowDirection.In, FollowState.Accepted);
        await browser.Node.WriteAsync(tx => browser.Node.Service<IBlockStore>().AddAsync(
            new Block(username, blocked.Id, FollowDirection.Out, $"https://{username}.example/block", browser.Node.Time.GetUtcNow()), tx, Ct));

        var page = await browser.NewPageAsync(javaScript);
        await BrowserFixture.SignInAsync(page, username);
        await page.GotoAsync("/settings");
        await page.ClickForPageAsync(page.Link("People you follow"));

        await Expect(page.Locator("h1")).ToHaveTextAsync("People you follow");
        await Expect(page.GetByText("Waiting for them to accept")).ToHaveCountAsync(0);
        await Expect(page.Button($"Unfollow {followed.Handle}")).ToBeVisibleAsync();
        await Expect(page.Button($"Remove {follower.Handle} from your followers")).ToBeVisibleAsync();
        await Expect(page.Button($"Unblock {blocked.Handle}")).ToBeVisibleAsync();
        await browser.AssertGoodPageAsync(page);

        var accepted = await page.SubmitAsync($"Accept {asking.Handle}");

        Assert.Equal(200, accepted.Status);
        await Expect(page.Notice()).ToHaveTextAsync("They follow you now.");
        await Expect(page.Button($"Remove {asking.Handle} from your followers")).ToBeVisibleAsync();
        await Expect(page.GetByText("Nobody is waiting for an answer.")).ToBeVisibleAsync();
        await browser.AssertGoodPageAsync(page);

        var unblocked = await page.SubmitAsync($"Unblock {blocked.Handle}");
        Assert.Equal(200, unblocked.Status);
        await Expect(page.Notice()).ToHaveTextAsync("The account is unblocked.");
        await Expect(page.GetByText("You have not blocked anyone.")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task FollowForm_WithProblems_ComesBackAccessibly()
    {
        await browser.Node.CreateMemberAsync("people_slips");
        var page = await browser.NewPageAsync();
        await BrowserFixture.SignInAsync(page, "people_slips");
        await page.GotoAsync("/follows");

        await page.Field("Their address or link").FillAsync("just words");
        var response = await page.SubmitAsync("Follow");

        Assert.Equal(400, response.Status);
        await Expect(page.GetByRole(AriaRole.Alert)).ToBeFocusedAsync();
        await Expect(page.Locator("#target-error")).ToBeVisibleAsync();
        await Expect(page.Field("Their address or link")).ToHaveAttributeAsync("aria-invalid", "true");
        await browser.AssertGoodPageAsync(page);

        await page.Field("Address or link to block").FillAsync("more words");
        var blocked = await page.SubmitAsync("Block");
        Assert.Equal(400, blocked.Status);
        await Expect(page.Locator("#blockTarget-error")).ToBeVisibleAsync();
        await browser.AssertGoodPageAsync(page);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task ApprovalSetting_Ticked_ShowsFollowRequests(bool javaScript)
    {
        var username = javaScript ? "approver_js" : "approver_nojs";
        await browser.Node.CreateMemberAsync(username);
        var page = await browser.NewPageAsync(javaScript);
        await BrowserFixture.SignInAsync(page, username);
        await page.GotoAsync("/settings/profile");

        await page.Field("Approve new followers myself").CheckAsync();
        var saved = await page.SubmitAsync("Save follower setting");

        Assert.Equal(200, saved.Status);
        await Expect(page.Notice()).ToHaveTextAsync("New followers now wait until you accept them.");
        await Expect(page.Field("Approve new followers myself")).ToBeCheckedAsync();
        await browser.AssertGoodPageAsync(page);
        await page.GotoAsync("/follows");
        await Expect(page.GetByRole(AriaRole.Heading, new PageGetByRoleOptions { Name = "Follow requests" })).ToBeVisibleAsync();
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task ProfileAndHubPages_RemoteFollowWithGarbage_ComeBackAccessibly(bool javaScript)
    {
        var username = javaScript ? "visited_js" : "visited_nojs";
        await browser.Node.CreateMemberAsync(username);
        var page = await browser.NewPageAsync(javaScript);

        foreach (var (path, heading) in new[] { ($"/@{username}", username), ("/@hub", "Our Society hub") })
        {
            await page.GotoAsync(path);
            await Expect(page.Locator("h1")).ToHaveTextAsync(heading);
            await Expect(page.GetByRole(AriaRole.Heading, new PageGetByRoleOptions { Name = "Follow from elsewhere" })).ToBeVisibleAsync();
            await browser.AssertGoodPageAsync(page);

            await page.Field("Where your account is").FillAsync("not a server");
            var response = await page.SubmitAsync("Take me there");

            Assert.Equal(400, response.Status);
            await Expect(page.Locator("#server-error")).ToHaveTextAsync("Type where your account is, like mastodon.social.");
            await Expect(page.Field("Where your account is")).ToHaveAttributeAsync("aria-invalid", "true");
            await browser.AssertGoodPageAsync(page);
        }
    }

    [Fact]
    public async Task RemoteFollow_GoodServer_SendsTheBrowserThere()
    {
        await browser.Node.CreateMemberAsync("visited_remote");
        var page = await browser.NewPageAsync(javaScript: false);
        await page.GotoAsync("/@visited_remote");
        var expected = "https://mastodon.social/authorize_interaction?uri=" + Uri.EscapeDataString($"{browser.Node.PublicUrl}/users/visited_remote");

        await page.Field("Where your account is").FillAsync("mastodon.social");
        // The closed network has no mastodon.social, so the page itself fails; what matters is that the browser went
        // there (a content security policy that forbade it would stop the redirect before any request).
        var request = await page.RunAndWaitForRequestAsync(() => page.Button("Take me there").ClickAsync(), "https://mastodon.social/**");

        Assert.Equal(expected, request.Url);
        Assert.Equal(303, (await request.RedirectedFrom!.ResponseAsync())!.Status);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task AuthorizeInteraction_ConfirmsThenFollows(bool javaScript)
    {
        var username = javaScript ? "interactor_js" : "interactor_nojs";
        await browser.Node.CreateMemberAsync(username);
        var remote = await RemoteAsync($"wanted_{(javaScript ? "js" : "nojs")}");
        var page = await browser.NewPageAsync(javaScript);
        await BrowserFixture.SignInAsync(page, username);

        await page.GotoAsync("/authorize_interaction?uri=" + Uri.EscapeDataString(remote.Id));
        await Expect(page.Locator("h1")).ToHaveTextAsync($"Follow {remote.Name}?");
        await browser.AssertGoodPageAsync(page);
        var followed = await page.SubmitAsync("Follow");

        Assert.Equal(200, followed.Status);
        await Expect(page.Locator("h1")).ToHaveTextAsync("People you follow");
        await Expect(page.Button($"Withdraw request to {remote.Handle}")).ToBeVisibleAsync();
        await browser.AssertGoodPageAsync(page);

        await page.GotoAsync("/authorize_interaction?uri=garbage");
        await Expect(page.Locator("h1")).ToHaveTextAsync("We cannot follow that account");
        await browser.AssertGoodPageAsync(page);
    }

    /// <summary>Stores an account of another server as if fetched just now.</summary>
    private async Task<RemoteActor> RemoteAsync(string username)
    {
        var host = $"{username.Replace('_', '-')}.invalid";
        var id = $"https://{host}/users/{username}";
        var actor = new RemoteActor(id, "Person", username, host, $"Remote {username}", id + "/inbox", null, $"https://{host}/@{username}",
            null, id + "#main-key", null, false, "{}", browser.Node.Time.GetUtcNow());
        await browser.Node.Service<IRemoteActorStore>().UpsertAsync(actor, Ct);
        return actor;
    }

    private async Task FollowAsync(string username, RemoteActor actor, FollowDirection direction, FollowState state)
    {
        var now = browser.Node.Time.GetUtcNow();
        await browser.Node.WriteAsync(tx => browser.Node.Service<IFollowStore>().PutAsync(
            new Follow(Guid.CreateVersion7(now), username, actor.Id, direction, state, $"{actor.Id}/follows/{username}", now,
                state == FollowState.Accepted ? now : null), tx, Ct));
    }
}
