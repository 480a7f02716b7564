using System.Net;
using OurSociety.Core.Members;
using OurSociety.Testing;
using OurSociety.Web.Tests.Settings;

namespace OurSociety.Web.Tests.Admin;

/// <summary>A node with exactly one admin: the hub must never be left without one. No test here adds an admin.</summary>
public sealed class LastAdminTests(NodeFactory node) : IClassFixture<NodeFactory>
{
    private async Task<Member> OnlyAdminAsync() =>
        await node.Service<IMemberStore>().FindByUsernameAsync("only_admin", TestContext.Current.CancellationToken)
        ?? await node.CreateMemberAsync("only_admin", "correct horse battery", Role.Admin, Role.Member);

    [Fact]
    public async Task DeleteAccount_LastAdmin_Is409WithMessageAndKept()
    {
        var admin = await OnlyAdminAsync();
        using var browser = await node.SignedInBrowserAsync("only_admin");
        var response = await browser.SubmitAsync("/settings/account", "/settings/account/delete", new Dictionary<string, string>
        {
            ["password"] = "correct horse battery",
        });
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains("You are the only admin.", await response.BodyAsync(), StringComparison.Ordinal);
        Assert.NotNull(await node.Service<IMemberStore>().FindAsync(admin.Id, TestContext.Current.CancellationToken));
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/admin")).Status);
    }

    [Fact]
    public async Task SetRoles_DropOwnAdminAsLastAdmin_Is409WithMessageAndKept()
    {
        var admin = await OnlyAdminAsync();
        using var browser = await node.SignedInBrowserAsync("only_admin");
        var response = await browser.SubmitManyAsync($"/admin/members/{admin.Id}", $"/admin/members/{admin.Id}/roles",
            [new("roles", "member"), new("roles", "moderator")]);
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        var html = await response.BodyAsync();
        Assert.Contains("This is the only admin.", html, StringComparison.Ordinal);
        Assert.Contains("role=\"alert\"", html, StringComparison.Ordinal);
        var kept = await node.Service<IMemberStore>().FindAsync(admin.Id, TestContext.Current.CancellationToken);
        Assert.Equal(new HashSet<Role> { Role.Admin, Role.Member }, kept!.Roles);
    }
}
