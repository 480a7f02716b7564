using System.Text;
using System.Text.Json.Nodes;
using System.Xml.Linq;
using OurSociety.ActivityPub.Discovery;

namespace OurSociety.ActivityPub.Tests.Discovery;

public sealed class DiscoveryDocumentTests
{
    private static readonly WebFingerDocument Alice = new(
        "acct:alice@example.com",
        ["https://example.com/@alice", "https://example.com/users/alice"],
        [
            new WebFingerLink("self", "application/activity+json", "https://example.com/users/alice"),
            new WebFingerLink(WebFingerDocument.ProfilePageRel, "text/html", "https://example.com/@alice"),
            new WebFingerLink(WebFingerDocument.SubscribeRel, null, null, "https://example.com/authorize_interaction?uri={uri}"),
        ]);

    [Fact]
    public void WebFinger_RoundTrips()
    {
        var json = Alice.ToJson();
        var back = WebFingerDocument.Parse(Encoding.UTF8.GetBytes(json))!;
        Assert.Equal(Alice.Subject, back.Subject);
        Assert.Equal(Alice.Aliases, back.Aliases);
        Assert.Equal(Alice.Links, back.Links);
        Assert.Equal("https://example.com/users/alice", back.ActorId);
        Assert.Contains("\"template\":\"https://example.com/authorize_interaction?uri={uri}\"", json, StringComparison.Ordinal);
        Assert.DoesNotContain("\"href\":null", json, StringComparison.Ordinal);
    }

    [Fact]
    public void WebFinger_Parse_ReadsMastodonsJrd_AndLdJsonSelf()
    {
        var jrd = """
            {"subject":"acct:Gargron@mastodon.social","aliases":["https://mastodon.social/@Gargron","https://mastodon.social/users/Gargron"],
             "links":[{"rel":"http://webfinger.net/rel/profile-page","type":"text/html","href":"https://mastodon.social/@Gargron"},
                      {"rel":"self","type":"application/ld+json; profile=\"https://www.w3.org/ns/activitystreams\"","href":"https://mastodon.social/users/Gargron"},
                      {"rel":"http://ostatus.org/schema/1.0/subscribe","template":"https://mastodon.social/authorize_interaction?uri={uri}"},
                      {"type":"no rel"}, 5]}
            """;
        var doc = WebFingerDocument.Parse(Encoding.UTF8.GetBytes(jrd))!;
        Assert.Equal("https://mastodon.social/users/Gargron", doc.ActorId);
        Assert.Equal(3, doc.Links.Count);
    }

    [Theory]
    [InlineData("""{"links":[]}""")]
    [InlineData("""{"subject":5}""")]
    [InlineData("[]")]
    [InlineData("{")]
    public void WebFinger_Parse_Malformed_IsNull(string json) => Assert.Null(WebFingerDocument.Parse(Encoding.UTF8.GetBytes(json)));

    [Fact]
    public void WebFinger_WithoutSelfLink_HasNoActorId() =>
        Assert.Null(WebFingerDocument.Parse("""{"subject":"acct:a@b","links":[{"rel":"self","type":"text/html","href":"https://b/a"}]}"""u8)!.ActorId);

    [Fact]
    public void HostMeta_HasXrdDefaultNamespace_AndLrddTemplate()
    {
        var xml = XDocument.Parse(HostMeta.Xml("https://example.com:8443"));
        XNamespace ns = HostMeta.Namespace;
        Assert.Equal(ns + "XRD", xml.Root!.Name);
        var link = Assert.Single(xml.Root.Elements(ns + "Link"));
        Assert.Equal("lrdd", (string?)link.Attribute("rel"));
        Assert.Equal("https://example.com:8443/.well-known/webfinger?resource={uri}", (string?)link.Attribute("template"));
        Assert.Equal("UTF-8", xml.Declaration!.Encoding);
    }

    private static readonly NodeInfoDocument Info = new("oursociety", "0.4.0", OpenRegistrations: true, 3, 2, 3, 0)
    {
        SoftwareRepository = "https://example.org/oursociety",
        SoftwareHomepage = "https://example.org",
        Metadata = new Dictionary<string, string> { ["nodeName"] = "Leeds Bücher", ["locality"] = "Leeds" },
    };

    private static JsonObject Parse(string version) => JsonNode.Parse(Info.ToJson(version))!.AsObject();

    private static readonly string[] TopKeys = ["version", "software", "protocols", "services", "openRegistrations", "usage", "metadata"];

    [Theory]
    [InlineData("2.0")]
    [InlineData("2.1")]
    public void NodeInfo_HasExactlyTheSchemaKeys(string version)
    {
        var doc = Parse(version);
        Assert.Equal(TopKeys.Order(StringComparer.Ordinal), doc.Select(p => p.Key).Order(StringComparer.Ordinal));
        Assert.Equal(version, (string?)doc["version"]);
        Assert.Equal("oursociety", (string?)doc["software"]!["name"]);
        Assert.Equal("activitypub", (string?)doc["protocols"]![0]);
        Assert.Empty(doc["services"]!["inbound"]!.AsArray());
        Assert.Empty(doc["services"]!["outbound"]!.AsArray());
        Assert.True((bool)doc["openRegistrations"]!);
        Assert.Equal(3, (long)doc["usage"]!["users"]!["total"]!);
        Assert.Equal(2, (long)doc["usage"]!["users"]!["activeMonth"]!);
        Assert.Equal(3, (long)doc["usage"]!["users"]!["activeHalfyear"]!);
        Assert.Equal(0, (long)doc["usage"]!["localPosts"]!);
        Assert.Equal(["users", "localPosts"], doc["usage"]!.AsObject().Select(p => p.Key));
        Assert.Equal("Leeds Bücher", (string?)doc["metadata"]!["nodeName"]);
    }

    [Fact]
    public void NodeInfo20_HasNoRepositoryOrHomepage_21Has()
    {
        Assert.Equal(["name", "version"], Parse("2.0")["software"]!.AsObject().Select(p => p.Key));
        Assert.Equal(["name", "version", "repository", "homepage"], Parse("2.1")["software"]!.AsObject().Select(p => p.Key));
    }

    [Fact]
    public void NodeInfo_BadVersionOrName_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Info.ToJson("2.2"));
        Assert.Throws<InvalidOperationException>(() => (Info with { SoftwareName = "Our Society" }).ToJson("2.1"));
    }

    [Fact]
    public void NodeInfo_ContentTypes_NameTheProfile()
    {
        Assert.Equal("application/json; profile=\"http://nodeinfo.diaspora.software/ns/schema/2.0#\"", NodeInfoDocument.ContentType("2.0"));
        Assert.Equal("application/json; profile=\"http://nodeinfo.diaspora.software/ns/schema/2.1#\"", NodeInfoDocument.ContentType("2.1"));
    }

    [Fact]
    public void NodeInfoLinks_ListBothVersions_AndTheApplicationActor()
    {
        var links = JsonNode.Parse(NodeInfoDocument.LinksJson("https://example.com", "https://example.com/actor"))!["links"]!.AsArray();
        Assert.Equal(3, links.Count);
        Assert.Equal("http://nodeinfo.diaspora.software/ns/schema/2.0", (string?)links[0]!["rel"]);
        Assert.Equal("https://example.com/nodeinfo/2.0", (string?)links[0]!["href"]);
        Assert.Equal("https://example.com/nodeinfo/2.1", (string?)links[1]!["href"]);
        Assert.Equal("https://www.w3.org/ns/activitystreams#Application", (string?)links[2]!["rel"]);
        Assert.Equal("https://example.com/actor", (string?)links[2]!["href"]);
    }
}
