using System.Net;
using OurSociety.Core.Members;
using OurSociety.Testing;
using OurSociety.Web.Tests.Accounts;
using OurSociety.Web.Tests.Settings;

namespace OurSociety.Web.Tests.Admin;

/// <summary>An admin lifts a member's sign-in pauses from the member's admin page.</summary>
public sealed class UnlockSignInTests(RoomyNode node) : IClassFixture<RoomyNode>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task LockOutAsync(string username)
    {
        using var stranger = new Browserless(node);
        for (var i = 0; i < MemberService.MaxFailedSignIns; i++)
        {
            Assert.Equal(HttpStatusCode.BadRequest, (await stranger.SignInAsync(username, "wrong password " + i)).StatusCode);
        }

        Assert.Equal(HttpStatusCode.Forbidden, (await stranger.SignInAsync(username)).StatusCode);
    }

    [Fact]
    public async Task Admin_UnlockButton_LetsTheMemberInAgainAtOnce()
    {
        var member = await node.CreateMemberAsync("unlock_member");
        await LockOutAsync("unlock_member");
        await node.CreateMemberAsync("unlock_admin", "correct horse battery", Role.Admin, Role.Member);
        using var admin = await node.SignedInBrowserAsync("unlock_admin");
        var page = $"/admin/members/{member.Id}";
        var (_, html) = await admin.GetAsync(page);
        Assert.NotNull(Browserless.FormWithAction(html, $"{page}/unlock"));

        var response = await admin.SubmitAsync(page, $"{page}/unlock", new Dictionary<string, string>());

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal($"{page}?notice=signin-unlocked", response.Headers.Location?.OriginalString);
        var (_, after) = await admin.GetAsync($"{page}?notice=signin-unlocked");
        Assert.Contains("Signing in to this account is no longer paused anywhere.", after, StringComparison.Ordinal);
        using var again = new Browserless(node);
        (await again.SignInAsync("unlock_member")).AssertRedirect("/");
    }

    [Fact]
    public async Task Unlock_UnknownMember_Is404()
    {
        await node.CreateMemberAsync("unlock_admin_404", "correct horse battery", Role.Admin, Role.Member);
        using var admin = await node.SignedInBrowserAsync("unlock_admin_404");
        var (_, settings) = await admin.GetAsync("/settings/tokens");
        using var content = new FormUrlEncodedContent([new(TestForms.TokenField, TestForms.Token(settings, "/settings/tokens"))]);

        var response = await admin.Client.PostAsync($"/admin/members/{Guid.CreateVersion7()}/unlock", content, Ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Unlock_NonAdmin_Is403_AndTheLockStays()
    {
        var member = await node.CreateMemberAsync("unlock_kept");
        await LockOutAsync("unlock_kept");
        await node.CreateMemberAsync("unlock_nobody");
        using var browser = await node.SignedInBrowserAsync("unlock_nobody");
        var (_, settings) = await browser.GetAsync("/settings/tokens");
        using var content = new FormUrlEncodedContent([new(TestForms.TokenField, TestForms.Token(settings, "/settings/tokens"))]);

        var response = await browser.Client.PostAsync($"/admin/members/{member.Id}/unlock", content, Ct);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        using var stranger = new Browserless(node);
        Assert.Equal(HttpStatusCode.Forbidden, (await stranger.SignInAsync("unlock_kept")).StatusCode);
    }

    [Fact]
    public async Task Unlock_WithoutAntiforgeryToken_IsRefused()
    {
        var member = await node.CreateMemberAsync("unlock_csrf");
        await node.CreateMemberAsync("unlock_admin_csrf", "correct horse battery", Role.Admin, Role.Member);
        using var admin = await node.SignedInBrowserAsync("unlock_admin_csrf");

        var response = await admin.PostWithoutTokenAsync($"/admin/members/{member.Id}/unlock", new Dictionary<string, string>());

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }
}
