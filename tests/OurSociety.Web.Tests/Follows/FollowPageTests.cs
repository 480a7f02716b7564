using System.Net;
using OurSociety.Core;
using OurSociety.Core.Federation;
using OurSociety.Core.Members;
using OurSociety.Core.Paging;
using OurSociety.Federation.Follows;
using OurSociety.Testing;

namespace OurSociety.Web.Tests.Follows;

/// <summary>The People you follow page, the follower setting and our remote-follow page, with JavaScript off.</summary>
public sealed class FollowPageTests(TwoNodes nodes) : IClassFixture<TwoNodes>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task FollowsPage_SignedOut_RedirectsToSignIn()
    {
        using var browser = new Browserless(nodes.A);

        var response = await browser.Client.GetAsync("/follows", Ct);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/signin", response.Headers.Location?.PathAndQuery, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FollowForm_RemoteHandle_RedirectsWithNoticeAndListsThem()
    {
        await nodes.A.CreateMemberAsync("fp_follower");
        await nodes.B.CreateMemberAsync("fp_followed");
        using var browser = await nodes.A.SignedInBrowserAsync("fp_follower");

        var response = await browser.SubmitAsync("/follows", "/follows", new Dictionary<string, string> { ["target"] = "@fp_followed@b.test" });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/follows?notice=follow-sent", response.Headers.Location?.OriginalString);
        var (status, html) = await browser.GetAsync("/follows?notice=follow-sent");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("We asked their hub.", html, StringComparison.Ordinal);
        Assert.Contains("@fp_followed@b.test", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("just some words")]
    [InlineData("@nobody@nowhere.test")]
    public async Task FollowForm_Unresolvable_Is400WithTheErrorBesideTheField(string target)
    {
        var username = $"fp_bad_{(uint)target.GetHashCode():x}";
        await nodes.A.CreateMemberAsync(username);
        using var browser = await nodes.A.SignedInBrowserAsync(username);

        var response = await browser.SubmitAsync("/follows", "/follows", new Dictionary<string, string> { ["target"] = target });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync(Ct);
        Assert.Contains("id=\"target-error\"", html, StringComparison.Ordinal);
        Assert.Contains("aria-invalid=\"true\"", html, StringComparison.Ordinal);
        Assert.Empty((await nodes.A.Service<IFollowStore>().ListAsync(username, FollowDirection.Out, null, Cursor.Start, 10, Ct)).Items);
    }

    [Fact]
    public async Task FollowForm_WithoutAntiforgeryToken_Is400AndNothingStored()
    {
        await nodes.A.CreateMemberAsync("fp_forged");
        await nodes.B.CreateMemberAsync("fp_forged_b");
        using var browser = await nodes.A.SignedInBrowserAsync("fp_forged");

        var response = await browser.PostWithoutTokenAsync("/follows", new Dictionary<string, string> { ["target"] = "@fp_forged_b@b.test" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Empty((await nodes.A.Service<IFollowStore>().ListAsync("fp_forged", FollowDirection.Out, null, Cursor.Start, 10, Ct)).Items);
    }

    [Fact]
    public async Task ApprovalSetting_TickedThenUnticked_IsStored()
    {
        var member = await nodes.A.CreateMemberAsync("fp_locker");
        using var browser = await nodes.A.SignedInBrowserAsync("fp_locker");

        var on = await browser.SubmitAsync("/settings/profile", "/settings/profile/followers", new Dictionary<string, string> { ["manuallyApprovesFollowers"] = "true" });
        Assert.Equal("/settings/profile?notice=approval-on", on.Headers.Location?.OriginalString);
        Assert.True((await nodes.A.Service<IMemberStore>().FindAsync(member.Id, Ct))!.ManuallyApprovesFollowers);
        var (_, html) = await browser.GetAsync("/settings/profile?notice=approval-on");
        Assert.Contains("New followers now wait until you accept them.", html, StringComparison.Ordinal);
        Assert.Contains("Follow requests", (await browser.GetAsync("/follows")).Html, StringComparison.Ordinal);

        var off = await browser.SubmitAsync("/settings/profile", "/settings/profile/followers", new Dictionary<string, string>());
        Assert.Equal("/settings/profile?notice=approval-off", off.Headers.Location?.OriginalString);
        Assert.False((await nodes.A.Service<IMemberStore>().FindAsync(member.Id, Ct))!.ManuallyApprovesFollowers);
    }

    [Fact]
    public async Task RequestForm_Accept_MakesThemAFollowerOnBothNodes()
    {
        var carol = await nodes.A.CreateMemberAsync("fp_carol");
        await nodes.A.Service<MemberService>().SetManuallyApprovesFollowersAsync(carol.Id, true, Ct);
        await nodes.B.CreateMemberAsync("fp_asks");
        var follow = Ok(await nodes.B.Service<FollowService>().FollowAsync("fp_asks", "@fp_carol@a.test", Ct));
        await nodes.DrainAsync();
        var request = await nodes.A.Service<IFollowStore>().FindAsync("fp_carol", "http://b.test/users/fp_asks", FollowDirection.In, Ct);
        Assert.NotNull(request);
        using var browser = await nodes.A.SignedInBrowserAsync("fp_carol");
        Assert.Contains("Accept @fp_asks@b.test", (await browser.GetAsync("/follows")).Html, StringComparison.Ordinal);

        var response = await browser.SubmitAsync("/follows", $"/follows/requests/{request.Id}/accept", new Dictionary<string, string>());

        Assert.Equal("/follows?notice=request-accepted", response.Headers.Location?.OriginalString);
        await nodes.DrainAsync();
        Assert.Equal(FollowState.Accepted, (await nodes.B.Service<IFollowStore>().FindAsync(follow.Id, Ct))?.State);
        Assert.Contains("Remove @fp_asks@b.test from your followers", (await browser.GetAsync("/follows")).Html, StringComparison.Ordinal);

        var removed = await browser.SubmitAsync("/follows", $"/follows/followers/{request.Id}/remove", new Dictionary<string, string>());
        Assert.Equal("/follows?notice=follower-removed", removed.Headers.Location?.OriginalString);
        await nodes.DrainAsync();
        Assert.Null(await nodes.B.Service<IFollowStore>().FindAsync(follow.Id, Ct));
    }

    [Fact]
    public async Task RequestForm_Decline_RemovesTheRequest()
    {
        var dave = await nodes.A.CreateMemberAsync("fp_dave");
        await nodes.A.Service<MemberService>().SetManuallyApprovesFollowersAsync(dave.Id, true, Ct);
        await nodes.B.CreateMemberAsync("fp_declined");
        var follow = Ok(await nodes.B.Service<FollowService>().FollowAsync("fp_declined", "@fp_dave@a.test", Ct));
        await nodes.DrainAsync();
        var request = await nodes.A.Service<IFollowStore>().FindAsync("fp_dave", "http://b.test/users/fp_declined", FollowDirection.In, Ct);
        Assert.NotNull(request);
        using var browser = await nodes.A.SignedInBrowserAsync("fp_dave");

        var response = await browser.SubmitAsync("/follows", $"/follows/requests/{request.Id}/decline", new Dictionary<string, string>());

        Assert.Equal("/follows?notice=request-declined", response.Headers.Location?.OriginalString);
        Assert.Null(await nodes.A.Service<IFollowStore>().FindAsync(request.Id, Ct));
        await nodes.DrainAsync();
        Assert.Null(await nodes.B.Service<IFollowStore>().FindAsync(follow.Id, Ct));
        var again = await browser.PostWithTokenAsync($"/follows/requests/{request.Id}/decline", new Dictionary<string, string>(), "/follows");
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
    }

    [Fact]
    public async Task BlockForm_ThenUnblock_ListsAndForgetsTheAccount()
    {
        await nodes.A.CreateMemberAsync("fp_blocker");
        await nodes.B.CreateMemberAsync("fp_blockee");
        using var browser = await nodes.A.SignedInBrowserAsync("fp_blocker");

        var bad = await browser.SubmitAsync("/follows", "/follows/blocks", new Dictionary<string, string> { ["blockTarget"] = "nonsense" });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("id=\"blockTarget-error\"", await bad.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);

        var blocked = await browser.SubmitAsync("/follows", "/follows/blocks", new Dictionary<string, string> { ["blockTarget"] = "@fp_blockee@b.test" });
        Assert.Equal("/follows?notice=blocked", blocked.Headers.Location?.OriginalString);
        Assert.Contains("Unblock @fp_blockee@b.test", (await browser.GetAsync("/follows")).Html, StringComparison.Ordinal);

        var conflict = await browser.SubmitAsync("/follows", "/follows", new Dictionary<string, string> { ["target"] = "@fp_blockee@b.test" });
        Assert.Equal(HttpStatusCode.Conflict, conflict.StatusCode);

        var unblocked = await browser.SubmitAsync("/follows", "/follows/blocks/remove", new Dictionary<string, string>());
        Assert.Equal("/follows?notice=unblocked", unblocked.Headers.Location?.OriginalString);
        Assert.Null(await nodes.A.Service<IBlockStore>().FindAsync("fp_blocker", "http://b.test/users/fp_blockee", FollowDirection.Out, Ct));
    }

    [Fact]
    public async Task Unfollow_Button_EndsTheFollow()
    {
        await nodes.A.CreateMemberAsync("fp_unfollower");
        await nodes.B.CreateMemberAsync("fp_unfollowed");
        var follow = Ok(await nodes.A.Service<FollowService>().FollowAsync("fp_unfollower", "@fp_unfollowed@b.test", Ct));
        using var browser = await nodes.A.SignedInBrowserAsync("fp_unfollower");

        var response = await browser.SubmitAsync("/follows", $"/follows/{follow.Id}/unfollow", new Dictionary<string, string>());

        Assert.Equal("/follows?notice=unfollowed", response.Headers.Location?.OriginalString);
        Assert.Null(await nodes.A.Service<IFollowStore>().FindAsync(follow.Id, Ct));
        var again = await browser.PostWithTokenAsync($"/follows/{follow.Id}/unfollow", new Dictionary<string, string>(), "/follows");
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
    }

    [Fact]
    public async Task AuthorizeInteraction_SignedOut_RedirectsToSignInAndBack()
    {
        using var browser = new Browserless(nodes.A);

        var response = await browser.Client.GetAsync("/authorize_interaction?uri=" + Uri.EscapeDataString("acct:someone@b.test"), Ct);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!.OriginalString;
        Assert.Contains("/signin", location, StringComparison.Ordinal);
        Assert.Contains(Uri.EscapeDataString("/authorize_interaction?uri="), location, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AuthorizeInteraction_SignedIn_ConfirmsThenFollows()
    {
        await nodes.A.CreateMemberAsync("fp_interactor");
        await nodes.B.CreateMemberAsync("fp_interesting");
        using var browser = await nodes.A.SignedInBrowserAsync("fp_interactor");
        var page = "/authorize_interaction?uri=" + Uri.EscapeDataString("acct:fp_interesting@b.test");

        var (status, html) = await browser.GetAsync(page);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("Follow fp_interesting?", html, StringComparison.Ordinal);
        Assert.Empty((await nodes.A.Service<IFollowStore>().ListAsync("fp_interactor", FollowDirection.Out, null, Cursor.Start, 10, Ct)).Items);

        var response = await browser.SubmitAsync(page, "/authorize_interaction", new Dictionary<string, string>());

        Assert.Equal("/follows?notice=follow-sent", response.Headers.Location?.OriginalString);
        var follow = Assert.Single((await nodes.A.Service<IFollowStore>().ListAsync("fp_interactor", FollowDirection.Out, null, Cursor.Start, 10, Ct)).Items);
        Assert.Equal("http://b.test/users/fp_interesting", follow.Actor.Id);
    }

    [Theory]
    [InlineData("")]
    [InlineData("?uri=")]
    [InlineData("?uri=garbage")]
    [InlineData("?uri=acct%3Anobody%40nowhere.test")]
    public async Task AuthorizeInteraction_BadUri_Is400(string query)
    {
        var username = $"fp_ai_{(uint)query.GetHashCode():x}";
        await nodes.A.CreateMemberAsync(username);
        using var browser = await nodes.A.SignedInBrowserAsync(username);

        var (status, html) = await browser.GetAsync("/authorize_interaction" + query);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("We cannot follow that account", html, StringComparison.Ordinal);
    }

    private static Follow Ok(Outcome<Follow> outcome) =>
        outcome is Outcome<Follow>.Ok ok ? ok.Value : throw new InvalidOperationException($"Follow failed: {outcome}");
}
