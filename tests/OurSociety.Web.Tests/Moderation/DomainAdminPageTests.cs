using System.Net;
using OurSociety.Core.Members;
using OurSociety.Core.Moderation;
using OurSociety.Testing;

namespace OurSociety.Web.Tests.Moderation;

/// <summary>/admin/domains without JavaScript: blocks, import, allows and the mode; errors beside the field, nothing stored on an error; admins only.</summary>
public sealed class DomainAdminPageTests : IAsyncLifetime
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private readonly NodeFactory _node = new();
    private Browserless _admin = null!;

    public async ValueTask InitializeAsync()
    {
        await _node.CreateMemberAsync("ada", roles: [Role.Admin, Role.Member]);
        await _node.CreateMemberAsync("mo", roles: [Role.Moderator, Role.Member]);
        _admin = await _node.SignedInBrowserAsync("ada");
    }

    public async ValueTask DisposeAsync()
    {
        _admin.Dispose();
        await _node.DisposeAsync();
    }

    private async Task<IReadOnlyList<DomainBlock>> StoredAsync() => await _node.Service<IDomainBlockStore>().AllAsync(Ct);

    [Fact]
    public async Task Block_ThenListed_AndOnAbout_Obfuscated()
    {
        using var response = await _admin.SubmitAsync("/admin/domains", "/admin/domains/blocks",
            new Dictionary<string, string> { ["domain"] = "Secret-Spam.Example", ["severity"] = "limit", ["obfuscate"] = "true", ["publicReason"] = "Spam waves" });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var (_, page) = await _admin.GetAsync("/admin/domains");
        Assert.Contains("secret-spam.example", page, StringComparison.Ordinal);
        using var anonymous = new Browserless(_node);
        var (_, about) = await anonymous.GetAsync("/about");
        Assert.Contains("Spam waves", about, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-spam.example", about, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Block_BadName_ErrorBesideTheField_NothingStored()
    {
        using var response = await _admin.SubmitAsync("/admin/domains", "/admin/domains/blocks",
            new Dictionary<string, string> { ["domain"] = "192.0.2.1", ["severity"] = "suspend" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync(Ct);
        Assert.Contains("id=\"domain-error\"", html, StringComparison.Ordinal);
        Assert.Contains("not an IP address", html, StringComparison.Ordinal);
        Assert.Empty(await StoredAsync());
    }

    [Fact]
    public async Task Import_BadLine_ShownByNumber_NothingImported()
    {
        using var response = await _admin.SubmitAsync("/admin/domains", "/admin/domains/import",
            new Dictionary<string, string> { ["csv"] = "#domain,#severity\ngood.example,suspend\nnot a name,suspend\n" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Line 3:", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Empty(await StoredAsync());
    }

    [Fact]
    public async Task ModeAndAllows_Saved()
    {
        using var mode = await _admin.SubmitAsync("/admin/domains", "/admin/domains/mode", new Dictionary<string, string> { ["mode"] = "allowlist" });
        using var allow = await _admin.SubmitAsync("/admin/domains", "/admin/domains/allows", new Dictionary<string, string> { ["allowDomain"] = "Friends.Example." });

        Assert.Equal(HttpStatusCode.Redirect, mode.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, allow.StatusCode);
        Assert.Equal(FederationMode.Allowlist, await _node.Service<IDomainRules>().ModeAsync(Ct));
        Assert.Equal("friends.example", Assert.Single(await _node.Service<DomainBlockService>().AllowsAsync(Ct)).Domain.Value);
    }

    [Fact]
    public async Task NotAdmin_403_Anonymous_ToSignIn()
    {
        using var moderator = await _node.SignedInBrowserAsync("mo");
        using var anonymous = new Browserless(_node);

        var (forbidden, _) = await moderator.GetAsync("/admin/domains");
        var (redirected, _) = await anonymous.GetAsync("/admin/domains");

        Assert.Equal(HttpStatusCode.Forbidden, forbidden);
        Assert.True(redirected is HttpStatusCode.Redirect or HttpStatusCode.Found, $"{redirected}");
    }
}
