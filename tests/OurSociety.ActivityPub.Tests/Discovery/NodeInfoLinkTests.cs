using System.Text.Json.Nodes;
using OurSociety.ActivityPub.Discovery;

namespace OurSociety.ActivityPub.Tests.Discovery;

/// <summary>Reading another node's <c>/.well-known/nodeinfo</c> (the directory's crawl and the software lookup share it).</summary>
public sealed class NodeInfoLinkTests
{
    private static readonly Uri Origin = new("https://hub.example/");

    private static JsonObject Links(params (string Rel, string Href)[] links) =>
        new JsonObject { ["links"] = new JsonArray([.. links.Select(l => (JsonNode)new JsonObject { ["rel"] = l.Rel, ["href"] = l.Href })]) };

    [Fact]
    public void TheNewest2xDocument_OnTheNodeItself_IsChosen_WhateverTheOrder()
    {
        var wellKnown = Links(
            (NodeInfoDocument.SchemaRel(NodeInfoDocument.Version21), "https://hub.example/nodeinfo/2.1"),
            (NodeInfoDocument.SchemaRel(NodeInfoDocument.Version20), "https://hub.example/nodeinfo/2.0"),
            ("http://nodeinfo.diaspora.software/ns/schema/1.0", "https://hub.example/nodeinfo/1.0"));

        Assert.Equal(new Uri("https://hub.example/nodeinfo/2.1"), NodeInfoDocument.DocumentLink(wellKnown, Origin));
    }

    [Fact]
    public void ALinkToAnotherHostSchemeOrPort_IsNeverChosen()
    {
        var wellKnown = Links(
            (NodeInfoDocument.SchemaRel(NodeInfoDocument.Version21), "https://elsewhere.example/nodeinfo/2.1"),
            (NodeInfoDocument.SchemaRel(NodeInfoDocument.Version21), "http://hub.example/nodeinfo/2.1"),
            (NodeInfoDocument.SchemaRel(NodeInfoDocument.Version21), "https://hub.example:8443/nodeinfo/2.1"),
            (NodeInfoDocument.SchemaRel(NodeInfoDocument.Version20), "https://HUB.example/nodeinfo/2.0"));

        Assert.Equal(new Uri("https://hub.example/nodeinfo/2.0"), NodeInfoDocument.DocumentLink(wellKnown, Origin));
        Assert.Null(NodeInfoDocument.DocumentLink(Links((NodeInfoDocument.SchemaRel(NodeInfoDocument.Version21), "https://elsewhere.example/x")), Origin));
    }

    [Fact]
    public void NoLinksDocument_OrJunk_GivesNothing()
    {
        Assert.Null(NodeInfoDocument.DocumentLink(null, Origin));
        Assert.Null(NodeInfoDocument.DocumentLink(new JsonArray(), Origin));
        Assert.Null(NodeInfoDocument.DocumentLink(new JsonObject { ["links"] = "no" }, Origin));
        Assert.Null(NodeInfoDocument.DocumentLink(JsonNode.Parse("""{"links":[1,null,{"rel":5,"href":"https://hub.example/a"},{"rel":"http://nodeinfo.diaspora.software/ns/schema/2.1"}]}"""), Origin));
    }
}
