using System.Net;
using System.Text.RegularExpressions;
using OurSociety.Core.Invitations;
using OurSociety.Core.Members;
using OurSociety.Core.Paging;
using OurSociety.Testing;
using OurSociety.Web.Tests.Settings;

namespace OurSociety.Web.Tests.Admin;

public sealed class AdminPageTests(NodeFactory node) : IClassFixture<NodeFactory>
{
    private async Task<Browserless> AdminAsync(string username)
    {
        await node.CreateMemberAsync(username, "correct horse battery", Role.Admin, Role.Member);
        return await node.SignedInBrowserAsync(username);
    }

    [Fact]
    public async Task Admin_Anonymous_RedirectsToSignIn()
    {
        using var browser = new Browserless(node);
        var response = await browser.Client.GetAsync("/admin", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/signin", response.Headers.Location?.PathAndQuery, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Admin_SignedInNonAdmin_Is403Everywhere()
    {
        var someone = await node.CreateMemberAsync("adm_nobody", "correct horse battery", Role.Member, Role.Moderator);
        using var browser = await node.SignedInBrowserAsync("adm_nobody");
        var (status, html) = await browser.GetAsync("/admin");
        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Contains("Not allowed", html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, (await browser.GetAsync($"/admin/members/{someone.Id}")).Status);

        // A post with a valid token of their own session is still refused, and changes nothing.
        var (_, settings) = await browser.GetAsync("/settings/tokens");
        var token = TestForms.Token(settings, "/settings/tokens");
        foreach (var (action, fields) in new (string, Dictionary<string, string>)[]
        {
            ($"/admin/members/{someone.Id}/roles", new() { ["roles"] = "admin" }),
            ("/admin/invitations", new() { ["maxUses"] = "1", ["expiresInDays"] = "1" }),
            ($"/admin/members/{someone.Id}/approve", new()),
            ($"/admin/members/{someone.Id}/reject", new()),
        })
        {
            fields[TestForms.TokenField] = token;
            using var content = new FormUrlEncodedContent(fields);
            var response = await browser.Client.PostAsync(action, content, TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        }

        var after = await node.Service<IMemberStore>().FindAsync(someone.Id, TestContext.Current.CancellationToken);
        Assert.False(after!.IsAdmin);
        Assert.Empty((await node.Service<InvitationService>().ListAsync(someone.Id, Cursor.Start, 10, TestContext.Current.CancellationToken)).Items);
    }

    [Fact]
    public async Task Admin_ListsMembersWithProfileLinksRolesDatesModeAndCounts()
    {
        using var browser = await AdminAsync("adm_list");
        await node.CreateMemberAsync("adm_listed", "correct horse battery", Role.Member, Role.GlueEr);
        var (status, html) = await browser.GetAsync("/admin");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("<a href=\"/@adm_listed\">@adm_listed</a>", html, StringComparison.Ordinal);
        Assert.Contains("Glue-er, Member", html, StringComparison.Ordinal);
        Assert.Contains("28 November 2026", html, StringComparison.Ordinal);
        Assert.Contains("By invitation", html, StringComparison.Ordinal);   // the default registration mode
        var active = await node.Service<IMemberStore>().CountAsync(MemberState.Active, TestContext.Current.CancellationToken);
        Assert.Contains($"<dd>{active}</dd>", html, StringComparison.Ordinal);
        Assert.Contains("Nobody is waiting for approval.", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Admin_ManyMembers_PagedFiftyAtATimeWithNextLink()
    {
        using var browser = await AdminAsync("adm_pager");
        for (var i = 0; i < 55; i++)
        {
            await node.CreateMemberAsync($"adm_page_{i:D2}");
        }

        var seen = new List<string>();
        var url = "/admin";
        var pages = 0;
        while (url is not null)
        {
            var (status, html) = await browser.GetAsync(url);
            Assert.Equal(HttpStatusCode.OK, status);
            var rows = Regex.Matches(html, "<td><a href=\"/@([a-z0-9_]+)\">").Select(m => m.Groups[1].Value).ToList();
            Assert.True(rows.Count <= 50);
            seen.AddRange(rows);
            var next = Regex.Match(html, "href=\"(/admin\\?cursor=[^\"]+)\"");
            url = next.Success ? System.Net.WebUtility.HtmlDecode(next.Groups[1].Value) : null;
            Assert.True(url is null || rows.Count == 50);
            pages++;
        }

        var total = await node.Service<IMemberStore>().CountAsync(MemberState.Active, TestContext.Current.CancellationToken);
        Assert.Equal(total, seen.Count);
        Assert.Equal(seen.Count, seen.Distinct().Count());
        Assert.Equal((int)Math.Ceiling(total / 50.0), pages);
        Assert.Equal("adm_page_54", seen[0]);   // newest first
    }

    [Fact]
    public async Task Admin_BadCursor_Is400()
    {
        using var browser = await AdminAsync("adm_cursor");
        Assert.Equal(HttpStatusCode.BadRequest, (await browser.GetAsync("/admin?cursor=!!!")).Status);
    }

    [Fact]
    public async Task SetRoles_Valid_SavedAndShown()
    {
        using var browser = await AdminAsync("adm_roles");
        var member = await node.CreateMemberAsync("adm_promoted");
        var response = await browser.SubmitManyAsync($"/admin/members/{member.Id}", $"/admin/members/{member.Id}/roles",
            [new("roles", "member"), new("roles", "moderator"), new("roles", "glue-er")]);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal($"/admin/members/{member.Id}?notice=roles-saved", response.Headers.Location?.OriginalString);
        var saved = await node.Service<IMemberStore>().FindAsync(member.Id, TestContext.Current.CancellationToken);
        Assert.Equal(new HashSet<Role> { Role.Member, Role.Moderator, Role.GlueEr }, saved!.Roles);

        var (_, html) = await browser.GetAsync($"/admin/members/{member.Id}?notice=roles-saved");
        Assert.Contains("The roles are saved.", html, StringComparison.Ordinal);
        Assert.Matches("id=\"role-moderator\"[^>]*checked", html);
        Assert.DoesNotMatch("id=\"role-admin\"[^>]*checked", html);
    }

    [Fact]
    public async Task SetRoles_MakeAdmin_TheyCanOpenTheAdminPage()
    {
        using var browser = await AdminAsync("adm_maker");
        var member = await node.CreateMemberAsync("adm_made");
        using var theirs = await node.SignedInBrowserAsync("adm_made");
        Assert.Equal(HttpStatusCode.Forbidden, (await theirs.GetAsync("/admin")).Status);
        await browser.SubmitManyAsync($"/admin/members/{member.Id}", $"/admin/members/{member.Id}/roles", [new("roles", "admin"), new("roles", "member")]);
        Assert.Equal(HttpStatusCode.OK, (await theirs.GetAsync("/admin")).Status);   // roles are re-read on each request
    }

    [Fact]
    public async Task SetRoles_UnknownRole_Is400AndNothingChanged()
    {
        using var browser = await AdminAsync("adm_badrole");
        var member = await node.CreateMemberAsync("adm_target");
        var response = await browser.SubmitManyAsync($"/admin/members/{member.Id}", $"/admin/members/{member.Id}/roles",
            [new("roles", "admin"), new("roles", "emperor")]);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Please pick roles from the list.", await response.BodyAsync(), StringComparison.Ordinal);
        var kept = await node.Service<IMemberStore>().FindAsync(member.Id, TestContext.Current.CancellationToken);
        Assert.Equal(new HashSet<Role> { Role.Member }, kept!.Roles);
    }

    [Fact]
    public async Task SetRoles_UnknownMember_Is404()
    {
        using var browser = await AdminAsync("adm_ghost");
        Assert.Equal(HttpStatusCode.NotFound, (await browser.GetAsync($"/admin/members/{Guid.CreateVersion7()}")).Status);
        var (_, html) = await browser.GetAsync("/admin");
        using var content = new FormUrlEncodedContent([new(TestForms.TokenField, TestForms.Token(html, "/admin/invitations")), new("roles", "member")]);
        var response = await browser.Client.PostAsync($"/admin/members/{Guid.CreateVersion7()}/roles", content, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task CreateInvitation_Admin_ListedOnTheAdminPage()
    {
        using var browser = await AdminAsync("adm_inviter");
        var admin = await node.Service<IMemberStore>().FindByUsernameAsync("adm_inviter", TestContext.Current.CancellationToken);
        var response = await browser.SubmitAsync("/admin", "/admin/invitations", new Dictionary<string, string> { ["maxUses"] = "10", ["expiresInDays"] = "30" });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/admin?notice=invitation-created", response.Headers.Location?.OriginalString);
        var invitation = Assert.Single((await node.Service<InvitationService>().ListAsync(admin!.Id, Cursor.Start, 10, TestContext.Current.CancellationToken)).Items);
        Assert.Equal(10, invitation.MaxUses);
        var (_, html) = await browser.GetAsync("/admin?notice=invitation-created");
        Assert.Contains($"{node.PublicUrl}/invite/{invitation.Code}", html, StringComparison.Ordinal);
        Assert.Contains("The invitation link is ready.", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0", "30", "maxUses")]
    [InlineData("5", "365", "expiresInDays")]
    [InlineData("many", "30", "maxUses")]
    public async Task CreateInvitation_AdminBadInput_Is400AndNothingStored(string maxUses, string days, string field)
    {
        var username = "adm_badinv_" + maxUses + days;
        using var browser = await AdminAsync(username);
        var response = await browser.SubmitAsync("/admin", "/admin/invitations", new Dictionary<string, string> { ["maxUses"] = maxUses, ["expiresInDays"] = days });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains($"id=\"{field}-error\"", await response.BodyAsync(), StringComparison.Ordinal);
        var admin = await node.Service<IMemberStore>().FindByUsernameAsync(username, TestContext.Current.CancellationToken);
        Assert.Empty((await node.Service<InvitationService>().ListAsync(admin!.Id, Cursor.Start, 10, TestContext.Current.CancellationToken)).Items);
    }

    [Fact]
    public async Task AdminPost_WithoutAntiforgeryToken_Is400()
    {
        using var browser = await AdminAsync("adm_forged");
        var member = await node.CreateMemberAsync("adm_forge_target");
        Assert.Equal(HttpStatusCode.BadRequest, (await browser.PostWithoutTokenAsync($"/admin/members/{member.Id}/roles", new Dictionary<string, string> { ["roles"] = "admin" })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await browser.PostWithoutTokenAsync("/admin/invitations", new Dictionary<string, string> { ["maxUses"] = "1" })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await browser.PostWithoutTokenAsync($"/admin/members/{member.Id}/reject", new Dictionary<string, string>())).StatusCode);
        Assert.False((await node.Service<IMemberStore>().FindAsync(member.Id, TestContext.Current.CancellationToken))!.IsAdmin);
    }
}
