using System.Text;
using System.Text.Json.Nodes;
using OurSociety.ActivityPub.Json;

namespace OurSociety.ActivityPub.Tests.Json;

/// <summary>The public readers: <see cref="ApDocument.AsString"/>, <see cref="ApDocument.ReferenceOf"/>, <see cref="ApDocument.HrefOf"/>, objects and links of a property.</summary>
public sealed class ApDocumentReaderTests
{
    private static ApDocument Doc(string json) => ApDocument.Parse(Encoding.UTF8.GetBytes(json)).Document!;

    [Theory]
    [InlineData("\"text\"", "text")]
    [InlineData("\"\"", "")]
    [InlineData("42", null)]
    [InlineData("true", null)]
    [InlineData("null", null)]
    [InlineData("""{"id":"https://a.example/1"}""", null)]
    [InlineData("""["https://a.example/1"]""", null)]
    public void AsString_OnlyJsonStrings(string json, string? expected) => Assert.Equal(expected, ApDocument.AsString(JsonNode.Parse(json)));

    [Theory]
    [InlineData("\"https://a.example/1\"", "https://a.example/1")]
    [InlineData("""{"type":"Person","id":"https://a.example/1"}""", "https://a.example/1")]
    [InlineData("""{"type":"Link","href":"https://a.example/2"}""", "https://a.example/2")]
    [InlineData("""{"type":"Link","id":"https://a.example/link","href":"https://a.example/2"}""", "https://a.example/link")]
    [InlineData("""{"type":"Note"}""", null)]
    [InlineData("""{"id":7}""", null)]
    [InlineData("""["https://a.example/1"]""", null)]
    [InlineData("42", null)]
    public void ReferenceOf_IdFirst(string json, string? expected) => Assert.Equal(expected, ApDocument.ReferenceOf(JsonNode.Parse(json)));

    [Theory]
    [InlineData("\"https://a.example/1\"", "https://a.example/1")]
    [InlineData("""{"type":"Link","href":"https://a.example/2"}""", "https://a.example/2")]
    [InlineData("""{"type":"Link","id":"https://a.example/link","href":"https://a.example/2"}""", "https://a.example/2")]
    [InlineData("""{"type":"Note","id":"https://a.example/1"}""", "https://a.example/1")]
    [InlineData("""{"type":"Link","href":5}""", null)]
    [InlineData("""["https://a.example/1"]""", null)]
    [InlineData("null", null)]
    public void HrefOf_HrefFirst(string json, string? expected) => Assert.Equal(expected, ApDocument.HrefOf(JsonNode.Parse(json)));

    [Fact]
    public void ReferenceOf_Null_IsNull() => Assert.Null(ApDocument.ReferenceOf(null));

    [Fact]
    public void GetObjects_OneObject_IsAListOfOne()
    {
        var tags = Doc("""{"tag":{"type":"Mention","href":"https://a.example/u/1","name":"@u@a.example"}}""").GetObjects("tag");
        var mention = Assert.Single(tags);
        Assert.Equal("Mention", mention.Type);
        Assert.Equal("https://a.example/u/1", mention.GetString("href"));
    }

    [Fact]
    public void GetObjects_Array_KeepsObjectsInOrder_AndSkipsEverythingElse()
    {
        var doc = Doc("""
            {"tag":[
              {"type":"Hashtag","name":"#one"},
              "https://a.example/tags/x",
              42, null, true,
              [{"type":"Hashtag","name":"#nested"}],
              {"type":"Mention","href":"https://a.example/u/1"},
              {"type":["Hashtag","x:Extra"],"name":"#two"}
            ]}
            """);

        var tags = doc.GetObjects("tag");

        Assert.Equal(["Hashtag", "Mention", "Hashtag"], tags.Select(t => t.Type));
        Assert.Equal(["#one", null, "#two"], tags.Select(t => t.GetString("name")));
    }

    [Theory]
    [InlineData("""{}""")]
    [InlineData("""{"tag":null}""")]
    [InlineData("""{"tag":"https://a.example/tags/x"}""")]
    [InlineData("""{"tag":[]}""")]
    [InlineData("""{"tag":7}""")]
    public void GetObjects_NoObjects_IsEmpty(string json) => Assert.Empty(Doc(json).GetObjects("tag"));

    [Fact]
    public void GetObjects_AppliesTheRefusalsOfFrom_EvenAfterTheDocumentWasChanged()
    {
        var doc = Doc("""{"attachment":[{"type":"Image","url":"https://a.example/1.png"}]}""");
        doc.Json["attachment"]!.AsArray().Add(new JsonObject { ["type"] = "Image", ["@graph"] = new JsonArray() });

        var attachments = doc.GetObjects("attachment");

        Assert.Equal("https://a.example/1.png", Assert.Single(attachments).GetString("url"));
    }

    [Fact]
    public void GetLinks_EveryShape_HrefFirst_InOrder_WithoutDuplicates()
    {
        var doc = Doc("""
            {"url":[
              {"type":"Link","id":"https://a.example/link/1","href":"https://a.example/@u/1","mediaType":"text/html"},
              "https://a.example/notes/1",
              {"type":"Note","id":"https://a.example/notes/2"},
              7, null,
              "https://a.example/notes/1"
            ]}
            """);

        Assert.Equal(["https://a.example/@u/1", "https://a.example/notes/1", "https://a.example/notes/2"], doc.GetLinks("url"));
    }

    [Theory]
    [InlineData("""{"url":"https://a.example/1"}""", "https://a.example/1")]
    [InlineData("""{"url":{"type":"Link","href":"https://a.example/1"}}""", "https://a.example/1")]
    public void GetLinks_Single_IsAListOfOne(string json, string expected) => Assert.Equal([expected], Doc(json).GetLinks("url"));

    [Theory]
    [InlineData("""{}""")]
    [InlineData("""{"url":null}""")]
    [InlineData("""{"url":{"type":"Link"}}""")]
    [InlineData("""{"url":[]}""")]
    public void GetLinks_None_IsEmpty(string json) => Assert.Empty(Doc(json).GetLinks("url"));
}
