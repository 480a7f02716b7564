using System.Net;
using OurSociety.Core.Invitations;
using OurSociety.Core.Members;
using OurSociety.Core.Paging;
using OurSociety.Testing;

namespace OurSociety.Web.Tests.Settings;

public sealed class InvitationSettingsTests(NodeFactory node) : IClassFixture<NodeFactory>
{
    private async Task<IReadOnlyList<Invitation>> InvitationsOfAsync(Member member) =>
        (await node.Service<InvitationService>().ListAsync(member.Id, Cursor.Start, 100, TestContext.Current.CancellationToken)).Items;

    private static Task<HttpResponseMessage> CreateAsync(Browserless browser, string maxUses, string days) =>
        browser.SubmitAsync("/settings/invitations", "/settings/invitations", new Dictionary<string, string>
        {
            ["maxUses"] = maxUses,
            ["expiresInDays"] = days,
        });

    [Fact]
    public async Task CreateInvitation_Valid_ListedWithItsLink()
    {
        var member = await node.CreateMemberAsync("inv_create");
        using var browser = await node.SignedInBrowserAsync("inv_create");
        var response = await CreateAsync(browser, "3", "14");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/settings/invitations?notice=invitation-created", response.Headers.Location?.OriginalString);

        var invitation = Assert.Single(await InvitationsOfAsync(member));
        Assert.Equal(3, invitation.MaxUses);
        Assert.Equal(node.Time.GetUtcNow().AddDays(14).Date, invitation.ExpiresAt?.UtcDateTime.Date);

        var (_, html) = await browser.GetAsync("/settings/invitations?notice=invitation-created");
        Assert.Contains($"{node.PublicUrl}/invite/{invitation.Code}", html, StringComparison.Ordinal);
        Assert.Contains("Can be used", html, StringComparison.Ordinal);
        Assert.Contains("used 0 of 3 times", html, StringComparison.Ordinal);
        Assert.Contains("Your invitation link is ready.", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateInvitation_Blank_UsesDefaults()
    {
        var member = await node.CreateMemberAsync("inv_default");
        using var browser = await node.SignedInBrowserAsync("inv_default");
        Assert.Equal(HttpStatusCode.Redirect, (await CreateAsync(browser, "", "")).StatusCode);
        var invitation = Assert.Single(await InvitationsOfAsync(member));
        Assert.Equal(1, invitation.MaxUses);
        Assert.Equal(invitation.CreatedAt + InvitationService.DefaultLifetime, invitation.ExpiresAt);
    }

    [Theory]
    [InlineData("0", "7", "maxUses", "between 1 and 100 times")]
    [InlineData("101", "7", "maxUses", "between 1 and 100 times")]
    [InlineData("-1", "7", "maxUses", "whole number")]
    [InlineData("two", "7", "maxUses", "whole number")]
    [InlineData("1", "0", "expiresInDays", "between 1 and 90 days")]
    [InlineData("1", "91", "expiresInDays", "between 1 and 90 days")]
    [InlineData("1", "1.5", "expiresInDays", "whole number")]
    [InlineData("1", "99999999999", "expiresInDays", "whole number")]
    public async Task CreateInvitation_OutOfRange_Is400WithMessageAndNothingStored(string maxUses, string days, string field, string message)
    {
        var username = $"inv_bad_{field[..3]}_{(maxUses + days).Replace("-", "m", StringComparison.Ordinal).Replace(".", "d", StringComparison.Ordinal)}".ToLowerInvariant();
        var member = await node.CreateMemberAsync(username);
        using var browser = await node.SignedInBrowserAsync(username);
        var response = await CreateAsync(browser, maxUses, days);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var html = await response.BodyAsync();
        Assert.Contains($"id=\"{field}-error\"", html, StringComparison.Ordinal);
        Assert.Contains(message, html, StringComparison.Ordinal);
        Assert.Contains($"value=\"{maxUses}\"", html, StringComparison.Ordinal);   // what was typed comes back
        Assert.Empty(await InvitationsOfAsync(member));
    }

    [Fact]
    public async Task WithdrawInvitation_Own_ShownAsWithdrawnAndNoLongerUsable()
    {
        var member = await node.CreateMemberAsync("inv_withdraw");
        using var browser = await node.SignedInBrowserAsync("inv_withdraw");
        await CreateAsync(browser, "1", "7");
        var invitation = Assert.Single(await InvitationsOfAsync(member));

        var response = await browser.SubmitAsync("/settings/invitations", $"/settings/invitations/{invitation.Id}/withdraw", new Dictionary<string, string>());
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/settings/invitations?notice=invitation-revoked", response.Headers.Location?.OriginalString);
        Assert.Null(await node.Service<InvitationService>().FindUsableAsync(invitation.Code, TestContext.Current.CancellationToken));
        var (_, html) = await browser.GetAsync("/settings/invitations");
        Assert.Contains("Withdrawn", html, StringComparison.Ordinal);
        Assert.Null(Browserless.FormWithAction(html, $"/settings/invitations/{invitation.Id}/withdraw"));
    }

    [Fact]
    public async Task WithdrawInvitation_SomeoneElses_Is404AndStillUsable()
    {
        var owner = await node.CreateMemberAsync("inv_owner");
        using var ownerBrowser = await node.SignedInBrowserAsync("inv_owner");
        await CreateAsync(ownerBrowser, "1", "7");
        var invitation = Assert.Single(await InvitationsOfAsync(owner));

        await node.CreateMemberAsync("inv_other");
        using var other = await node.SignedInBrowserAsync("inv_other");
        var (_, html) = await other.GetAsync("/settings/invitations");
        using var content = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            [TestForms.TokenField] = TestForms.Token(html, "/settings/invitations"),
        });
        var response = await other.Client.PostAsync($"/settings/invitations/{invitation.Id}/withdraw", content, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.NotNull(await node.Service<InvitationService>().FindUsableAsync(invitation.Code, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Invitations_UsedUpAndExpired_ShownSo()
    {
        var member = await node.CreateMemberAsync("inv_states");
        using var browser = await node.SignedInBrowserAsync("inv_states");
        await CreateAsync(browser, "1", "1");
        var invitation = Assert.Single(await InvitationsOfAsync(member));
        var joined = await node.Service<MemberService>().RegisterAsync(
            new SignUp("inv_guest", "correct horse battery", null, invitation.Code, null), TestContext.Current.CancellationToken);
        Assert.IsType<Core.Outcome<SignedIn>.Ok>(joined);
        var (_, usedUp) = await browser.GetAsync("/settings/invitations");
        Assert.Contains("Used up", usedUp, StringComparison.Ordinal);
        Assert.Contains("used 1 of 1 times", usedUp, StringComparison.Ordinal);

        await CreateAsync(browser, "5", "1");
        node.Time.Advance(TimeSpan.FromDays(2));
        var (_, expired) = await browser.GetAsync("/settings/invitations");
        Assert.Contains("Expired", expired, StringComparison.Ordinal);
    }
}

public sealed class ClosedRegistrationSettingsTests(ClosedNodeFactory node) : IClassFixture<ClosedNodeFactory>
{
    [Fact]
    public async Task Invitations_MemberWhenClosed_FormHiddenExplainedAndPostIs403()
    {
        var member = await node.CreateMemberAsync("closed_member");
        using var browser = await node.SignedInBrowserAsync("closed_member");
        var (status, html) = await browser.GetAsync("/settings/invitations");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("only its admins can invite people", html, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"maxUses\"", html, StringComparison.Ordinal);

        // A hand-made post is refused by the domain rule too.
        using var content = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            [TestForms.TokenField] = TestForms.Token(html, "/signout"),
            ["maxUses"] = "1",
            ["expiresInDays"] = "7",
        });
        var response = await browser.Client.PostAsync("/settings/invitations", content, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("only admins can invite people", await response.BodyAsync(), StringComparison.Ordinal);
        Assert.Empty((await node.Service<InvitationService>().ListAsync(member.Id, Cursor.Start, 10, TestContext.Current.CancellationToken)).Items);
    }

    [Fact]
    public async Task Invitations_AdminWhenClosed_CanInvite()
    {
        var admin = await node.CreateMemberAsync("closed_admin", roles: [Role.Admin, Role.Member]);
        using var browser = await node.SignedInBrowserAsync("closed_admin");
        var response = await browser.SubmitAsync("/settings/invitations", "/settings/invitations", new Dictionary<string, string>
        {
            ["maxUses"] = "2",
            ["expiresInDays"] = "3",
        });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Single((await node.Service<InvitationService>().ListAsync(admin.Id, Cursor.Start, 10, TestContext.Current.CancellationToken)).Items);
    }
}
