using System.Net;
using System.Text.Json.Nodes;
using OurSociety.Core.Federation;
using OurSociety.Core.Hubs;
using OurSociety.Federation.Follows;
using OurSociety.Testing;
using OurSociety.Web.Tests.Content;

namespace OurSociety.Web.Tests.Hub;

/// <summary>A change to the hub on the web reaches the hub's followers on other nodes, and its NodeInfo.</summary>
public sealed class HubFederationTests : IAsyncLifetime
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private readonly FederationNetwork _network = new();
    private NodeFactory _a = null!;
    private NodeFactory _b = null!;

    public async ValueTask InitializeAsync()
    {
        _a = _network.AddNode("http://a.test");
        _b = _network.AddNode("http://b.test").With("OurSociety:Hub:Name", "Bee Hub").With("OurSociety:Hub:Description", "First words.");
        await _a.CreateMemberAsync("alice");
        var follow = await _a.Service<FollowService>().FollowAsync("alice", "http://b.test/users/hub", Ct);
        Assert.IsType<OurSociety.Core.Outcome<Follow>.Ok>(follow);
        await _network.DrainAsync();
        Assert.Equal("Bee Hub", (await _a.Service<IRemoteActorStore>().FindAsync("http://b.test/users/hub", Ct))?.Name);
    }

    public ValueTask DisposeAsync() => _network.DisposeAsync();

    [Fact]
    public async Task NameDescriptionAndLogoChangedOnTheWeb_TheGroupsUpdateReachesAFollowerElsewhere()
    {
        using var admin = await HubTestKit.AdminAsync(_b);
        using (var saved = await admin.SaveHubAsync(_b, new Dictionary<string, string> { ["name"] = "Bee Hive", ["description"] = "New words." }))
        {
            Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        }

        using (var uploaded = await admin.UploadLogoAsync(TestImages.Jpeg(800, 600), "logo.jpg", "image/jpeg"))
        {
            Assert.Equal(HttpStatusCode.Redirect, uploaded.StatusCode);
        }

        await _network.DrainAsync();

        var logo = _b.Service<HubIdentity>().Current.Logo!;
        var seen = await _a.Service<IRemoteActorStore>().FindAsync("http://b.test/users/hub", Ct);
        Assert.NotNull(seen);
        Assert.Equal("Bee Hive", seen.Name);
        Assert.Equal($"http://b.test/media/{logo.Id:D}", seen.IconUrl);
        var document = JsonNode.Parse(seen.Document)!;
        Assert.Equal("<p>New words.</p>", (string?)document["summary"]);
        Assert.Equal("image/jpeg", (string?)document["icon"]!["mediaType"]);
    }

    [Fact]
    public async Task RulesOrAccentChanged_NothingToTellOtherServers_NodeInfoFollowsTheStoredName()
    {
        using var admin = await HubTestKit.AdminAsync(_b);
        var before = await _b.Service<OurSociety.Core.Work.IWorkItemStore>().SummaryAsync(Ct);

        using (var saved = await admin.SaveHubAsync(_b, new Dictionary<string, string> { ["rules"] = "Be kind.", ["accent"] = "#7a1f5c" }))
        {
            Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        }

        Assert.Equal(before.Pending, (await _b.Service<OurSociety.Core.Work.IWorkItemStore>().SummaryAsync(Ct)).Pending);

        using (var saved = await admin.SaveHubAsync(_b, new Dictionary<string, string> { ["name"] = "Bee Hive", ["description"] = "New words." }))
        {
            Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        }

        using var client = _b.CreateClient();
        var nodeInfo = JsonNode.Parse(await client.GetStringAsync(new Uri("/nodeinfo/2.1", UriKind.Relative), Ct))!;
        Assert.Equal("Bee Hive", (string?)nodeInfo["metadata"]!["nodeName"]);
        Assert.Equal("New words.", (string?)nodeInfo["metadata"]!["nodeDescription"]);
    }
}
