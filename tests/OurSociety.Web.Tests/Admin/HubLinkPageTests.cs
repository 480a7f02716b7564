using System.Net;
using OurSociety.Core.Hubs;
using OurSociety.Core.Members;
using OurSociety.Testing;

namespace OurSociety.Web.Tests.Admin;

/// <summary>/admin/hub-links without JavaScript, on two real nodes: ask, see the request on /admin, approve, reshare, unlink.</summary>
public sealed class HubLinkPageTests : IAsyncLifetime
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private readonly FederationNetwork _network = new();
    private NodeFactory _a = null!;
    private NodeFactory _b = null!;

    public async ValueTask InitializeAsync()
    {
        _a = _network.AddNode("http://a.test");
        _b = _network.AddNode("http://b.test");
        await _a.CreateMemberAsync("anna", roles: Role.Admin);
        await _b.CreateMemberAsync("bert", roles: Role.Admin);
        await _b.CreateMemberAsync("bea");
    }

    public ValueTask DisposeAsync() => _network.DisposeAsync();

    [Fact]
    public async Task AskApproveReshareUnlink_ThroughTheForms()
    {
        using var anna = await _a.SignedInBrowserAsync("anna");
        using var bert = await _b.SignedInBrowserAsync("bert");

        // A bad hub: the form again, with the message beside the field, and nothing stored.
        using (var refused = await anna.SubmitAsync("/admin/hub-links", "/admin/hub-links", new Dictionary<string, string> { ["hub"] = "@bea@b.test", ["note"] = "Hi" }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            var html = await refused.Content.ReadAsStringAsync(Ct);
            Assert.Contains("id=\"hub-error\"", html, StringComparison.Ordinal);
            Assert.Contains("not a hub", html, StringComparison.Ordinal);
        }

        Assert.Empty(await _a.Service<IHubLinkStore>().ListAsync(null, Ct));

        using (var asked = await anna.SubmitAsync("/admin/hub-links", "/admin/hub-links",
                   new Dictionary<string, string> { ["hub"] = "@hub@b.test", ["note"] = "We fix bikes.", ["reshare"] = "true" }))
        {
            Assert.Equal(HttpStatusCode.Redirect, asked.StatusCode);
        }

        await _network.DrainAsync();
        var (_, admin) = await bert.GetAsync("/admin");
        Assert.Contains("Hubs waiting for your answer about linking: 1.", admin, StringComparison.Ordinal);
        var (_, page) = await bert.GetAsync("/admin/hub-links");
        Assert.Contains("They asked to link with us.", page, StringComparison.Ordinal);
        Assert.Contains("We fix bikes.", page, StringComparison.Ordinal);

        var waiting = Assert.Single(await _b.Service<IHubLinkStore>().ListAsync(null, Ct));
        using (var approved = await bert.SubmitAsync("/admin/hub-links", $"/admin/hub-links/{waiting.Id}/approve", new Dictionary<string, string>()))
        {
            Assert.Equal(HttpStatusCode.Redirect, approved.StatusCode);
        }

        await _network.DrainAsync();
        var (_, linked) = await anna.GetAsync("/admin/hub-links");
        Assert.Contains("Linked: both hubs follow each other.", linked, StringComparison.Ordinal);
        Assert.Contains("Our hub shares their members’ public posts with our followers.", linked, StringComparison.Ordinal);

        using (var start = await bert.SubmitAsync("/admin/hub-links", $"/admin/hub-links/{waiting.Id}/reshare", new Dictionary<string, string> { ["reshare"] = "true" }))
        {
            Assert.Equal(HttpStatusCode.Redirect, start.StatusCode);
        }

        Assert.True((await _b.Service<IHubLinkStore>().FindAsync(waiting.Id, Ct))!.Reshare);

        using (var unlinked = await bert.SubmitAsync("/admin/hub-links", $"/admin/hub-links/{waiting.Id}/unlink", new Dictionary<string, string>()))
        {
            Assert.Equal(HttpStatusCode.Redirect, unlinked.StatusCode);
        }

        await _network.DrainAsync();
        Assert.Empty(await _a.Service<IHubLinkStore>().ListAsync(null, Ct));
        Assert.Empty(await _b.Service<IHubLinkStore>().ListAsync(null, Ct));

        // Not for members who are not admins.
        using var bea = await _b.SignedInBrowserAsync("bea");
        var (status, _) = await bea.GetAsync("/admin/hub-links");
        Assert.Equal(HttpStatusCode.Forbidden, status);
    }
}
