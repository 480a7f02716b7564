using System.Net;
using System.Text.Json.Nodes;
using System.Xml.Linq;
using OurSociety.Core.Members;

namespace OurSociety.Web.Tests.Discovery;

public sealed class WellKnownDocumentTests(DiscoveryNode node) : IClassFixture<DiscoveryNode>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly string[] SchemaKeys = ["version", "software", "protocols", "services", "openRegistrations", "usage", "metadata"];

    [Fact]
    public async Task HostMeta_IsXrd_WithDefaultNamespace_AndLrddTemplate()
    {
        using var client = node.CreateClient();
        var response = await client.GetAsync("/.well-known/host-meta", Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/xrd+xml; charset=utf-8", response.Content.Headers.ContentType!.ToString());
        Assert.Equal("*", Assert.Single(response.Headers.GetValues("Access-Control-Allow-Origin")));
        var xml = XDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        XNamespace xrd = "http://docs.oasis-open.org/ns/xri/xrd-1.0";
        Assert.Equal(xrd + "XRD", xml.Root!.Name);
        var link = Assert.Single(xml.Root.Elements(xrd + "Link"));
        Assert.Equal("lrdd", (string?)link.Attribute("rel"));
        Assert.Equal("http://hub.test:8080/.well-known/webfinger?resource={uri}", (string?)link.Attribute("template"));
    }

    [Fact]
    public async Task NodeInfoLinks_ListBothVersions_AndTheInstanceActor()
    {
        using var client = node.CreateClient();
        var response = await client.GetAsync("/.well-known/nodeinfo", Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("*", Assert.Single(response.Headers.GetValues("Access-Control-Allow-Origin")));
        var links = JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!["links"]!.AsArray();
        Assert.Equal(
            [
                ("http://nodeinfo.diaspora.software/ns/schema/2.0", "http://hub.test:8080/nodeinfo/2.0"),
                ("http://nodeinfo.diaspora.software/ns/schema/2.1", "http://hub.test:8080/nodeinfo/2.1"),
                ("https://www.w3.org/ns/activitystreams#Application", "http://hub.test:8080/actor"),
            ],
            links.Select(l => ((string)l!["rel"]!, (string)l["href"]!)));
    }

    [Theory]
    [InlineData("2.0")]
    [InlineData("2.1")]
    public async Task NodeInfo_HasTheSchemaKeys_ProfileAndCache(string version)
    {
        using var client = node.CreateClient();
        var response = await client.GetAsync($"/nodeinfo/{version}", Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var type = response.Content.Headers.ContentType!;
        Assert.Equal("application/json", type.MediaType);
        Assert.Contains(type.Parameters, p => p.Name == "profile" && p.Value == $"\"http://nodeinfo.diaspora.software/ns/schema/{version}#\"");
        Assert.Equal("public, max-age=1800", response.Headers.CacheControl!.ToString());
        Assert.Equal("*", Assert.Single(response.Headers.GetValues("Access-Control-Allow-Origin")));
        var doc = JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!.AsObject();
        Assert.Equal(SchemaKeys.Order(StringComparer.Ordinal), doc.Select(p => p.Key).Order(StringComparer.Ordinal));
        Assert.Equal(version, (string?)doc["version"]);
        Assert.Equal("oursociety", (string?)doc["software"]!["name"]);
        var semver = (string)doc["software"]!["version"]!;
        Assert.Matches(@"^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$", semver);
        Assert.Equal(["activitypub"], doc["protocols"]!.AsArray().Select(p => (string?)p));
        Assert.Empty(doc["services"]!["inbound"]!.AsArray());
        Assert.Empty(doc["services"]!["outbound"]!.AsArray());
        Assert.False((bool)doc["openRegistrations"]!);   // approval is not open
        Assert.Equal(0, (long)doc["usage"]!["localPosts"]!);
        Assert.True((long)doc["usage"]!["users"]!["total"]! >= 0);
        var metadata = doc["metadata"]!;
        Assert.Equal("Riverside Repair Café", (string?)metadata["nodeName"]);
        Assert.Equal("We fix things together on Tuesdays.", (string?)metadata["nodeDescription"]);
        Assert.Equal("Riverside", (string?)metadata["locality"]);
        Assert.NotNull((string?)metadata["federationSpec"]);
    }

    [Fact]
    public async Task NodeInfo20_HasNoRepositoryOrHomepage_21MayAddThem()
    {
        using var client = node.CreateClient();
        var v20 = JsonNode.Parse(await client.GetStringAsync("/nodeinfo/2.0", Ct))!["software"]!.AsObject();
        var v21 = JsonNode.Parse(await client.GetStringAsync("/nodeinfo/2.1", Ct))!["software"]!.AsObject();

        Assert.Equal(["name", "version"], v20.Select(p => p.Key));
        Assert.DoesNotContain(v21.Select(p => p.Key), k => k is not ("name" or "version" or "repository" or "homepage"));
    }

    [Fact]
    public async Task NodeInfo_PendingMember_IsNotCounted_UntilApproved()
    {
        async Task<long> TotalAsync()
        {
            using var client = node.CreateClient();
            return (long)JsonNode.Parse(await client.GetStringAsync("/nodeinfo/2.0", Ct))!["usage"]!["users"]!["total"]!;
        }

        var before = await TotalAsync();
        var signUp = await node.Service<MemberService>().RegisterAsync(
            new SignUp("ni_pending", "correct horse battery", "Pending Person", null, "I live nearby."), Ct);
        var member = Assert.IsType<OurSociety.Core.Outcome<SignedIn>.Ok>(signUp).Value.Member;
        Assert.Equal(before, await TotalAsync());

        await node.Service<MemberService>().ApproveAsync(member.Id, Ct);
        Assert.Equal(before + 1, await TotalAsync());
    }

    [Theory]
    [InlineData("/nodeinfo/2.2")]
    [InlineData("/nodeinfo/1.0")]
    [InlineData("/nodeinfo/latest")]
    public async Task NodeInfo_OtherVersions_Are404(string path)
    {
        using var client = node.CreateClient();
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(path, Ct)).StatusCode);
    }
}
