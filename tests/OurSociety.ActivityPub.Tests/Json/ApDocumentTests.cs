using System.Text;
using OurSociety.ActivityPub.Json;

namespace OurSociety.ActivityPub.Tests.Json;

public sealed class ApDocumentTests
{
    private static ApDocument Doc(string json)
    {
        var result = ApDocument.Parse(Encoding.UTF8.GetBytes(json));
        Assert.Null(result.Error);
        return result.Document!;
    }

    private static string Refused(string json)
    {
        var result = ApDocument.Parse(Encoding.UTF8.GetBytes(json));
        Assert.Null(result.Document);
        Assert.NotNull(result.Error);
        return result.Error;
    }

    [Fact]
    public void Reference_AsString_IsRead() => Assert.Equal("https://a.example/u/1", Doc("""{"actor":"https://a.example/u/1"}""").ActorId);

    [Fact]
    public void Reference_AsObjectWithId_IsRead() =>
        Assert.Equal("https://a.example/u/1", Doc("""{"actor":{"type":"Person","id":"https://a.example/u/1"}}""").ActorId);

    [Fact]
    public void Reference_AsLinkWithHref_IsRead() =>
        Assert.Equal("https://a.example/@u", Doc("""{"url":{"type":"Link","href":"https://a.example/@u"}}""").GetReference("url"));

    [Fact]
    public void Reference_AsArray_TakesFirstUsable() =>
        Assert.Equal("https://a.example/u/1", Doc("""{"actor":[42, null, {"id":"https://a.example/u/1"}, "https://b.example/u/2"]}""").ActorId);

    [Theory]
    [InlineData("""{"actor":42}""")]
    [InlineData("""{"actor":null}""")]
    [InlineData("""{"actor":{"type":"Person"}}""")]
    [InlineData("""{"actor":[]}""")]
    [InlineData("""{}""")]
    public void Reference_Unusable_IsNull(string json) => Assert.Null(Doc(json).ActorId);

    [Fact]
    public void References_SingleString_IsAListOfOne() =>
        Assert.Equal(["https://www.w3.org/ns/activitystreams#Public"], Doc("""{"to":"https://www.w3.org/ns/activitystreams#Public"}""").To);

    [Fact]
    public void References_Array_DeduplicatesAndSkipsNonStrings() =>
        Assert.Equal(
            ["https://a.example/f", "https://b.example/u", "https://c.example/x"],
            Doc("""{"cc":["https://a.example/f", 1, true, null, ["nested"], "https://a.example/f", {"id":"https://b.example/u"}, {"href":"https://c.example/x"}]}""").Cc);

    [Fact]
    public void References_Missing_IsEmpty() => Assert.Empty(Doc("{}").GetReferences("to"));

    [Theory]
    [InlineData("""{"@context":"https://www.w3.org/ns/activitystreams"}""", 1)]
    [InlineData("""{"@context":["https://www.w3.org/ns/activitystreams","https://w3id.org/security/v1",{"toot":"http://joinmastodon.org/ns#"}]}""", 2)]
    [InlineData("""{"@context":{"@vocab":"https://www.w3.org/ns/activitystreams"}}""", 0)]
    [InlineData("""{}""", 0)]
    public void Context_AnyShape_IsAccepted(string json, int urls) => Assert.Equal(urls, Doc(json).ContextUrls.Count);

    [Fact]
    public void Type_AsArray_TakesFirst()
    {
        var doc = Doc("""{"type":["Person","https://example.org/ns#Bot"]}""");
        Assert.Equal("Person", doc.Type);
        Assert.Equal(2, doc.Types.Count);
    }

    [Theory]
    [InlineData("""{"type":5}""")]
    [InlineData("""{"type":[]}""")]
    [InlineData("""{}""")]
    public void Type_Unusable_IsNull(string json) => Assert.Null(Doc(json).Type);

    [Fact]
    public void EmbeddedObject_WhenObject_IsWrapped()
    {
        var doc = Doc("""{"type":"Create","object":{"type":"Note","id":"https://a.example/n/1","content":"hi"}}""");
        Assert.Equal("https://a.example/n/1", doc.ObjectId);
        Assert.Equal("Note", doc.EmbeddedObject!.Type);
        Assert.Equal("hi", doc.EmbeddedObject.GetString("content"));
    }

    [Fact]
    public void EmbeddedObject_WhenString_IsNull()
    {
        var doc = Doc("""{"type":"Like","object":"https://a.example/n/1"}""");
        Assert.Equal("https://a.example/n/1", doc.ObjectId);
        Assert.Null(doc.EmbeddedObject);
    }

    [Fact]
    public void UnknownProperties_AreKept()
    {
        var doc = Doc("""{"id":"https://a.example/1","_misskey_quote":"https://b.example/2","vcard:bday":"2000-01-01"}""");
        Assert.Equal("https://b.example/2", doc.GetString("_misskey_quote"));
        Assert.Equal("2000-01-01", doc.GetString("vcard:bday"));
        Assert.Equal(3, doc.Json.Count);
    }

    [Fact]
    public void Scalars_OfWrongKind_AreNull()
    {
        var doc = Doc("""{"name":7,"sensitive":"yes","locked":true}""");
        Assert.Null(doc.GetString("name"));
        Assert.Null(doc.GetBoolean("sensitive"));
        Assert.True(doc.GetBoolean("locked"));
    }

    [Theory]
    [InlineData("https://www.w3.org/ns/activitystreams#Public", true)]
    [InlineData("as:Public", true)]
    [InlineData("Public", true)]
    [InlineData("https://www.w3.org/ns/activitystreams#public", false)]
    [InlineData("https://a.example/users/x/followers", false)]
    [InlineData(null, false)]
    public void IsPublic_KnowsEverySpelling(string? iri, bool expected) => Assert.Equal(expected, ApDocument.IsPublic(iri));

    [Fact]
    public void Graph_AtTop_IsRefused() =>
        Assert.Contains("@graph", Refused("""{"@context":"https://www.w3.org/ns/activitystreams","@graph":[{"type":"Delete"}]}"""), StringComparison.Ordinal);

    [Fact]
    public void Graph_NestedInObject_IsRefused() =>
        Refused("""{"type":"Create","object":{"type":"Note","@graph":{"type":"Person"}}}""");

    [Fact]
    public void Graph_InsideArray_IsRefused() =>
        Refused("""{"type":"Create","tag":[{"type":"Hashtag"},{"x":[{"@graph":[]}]}]}""");

    [Fact]
    public void Included_AnyDepth_IsRefused()
    {
        Assert.Contains("@included", Refused("""{"type":"Note","@included":[{"id":"https://evil.example/x"}]}"""), StringComparison.Ordinal);
        Refused("""{"type":"Create","object":{"attachment":[{"@included":{}}]}}""");
    }

    [Fact]
    public void GraphAsValue_NotKey_IsAccepted() => Doc("""{"name":"@graph","summary":"@included"}""");

    [Theory]
    [InlineData("[]")]
    [InlineData("""[{"type":"Note"}]""")]
    [InlineData("\"https://a.example/1\"")]
    [InlineData("42")]
    [InlineData("null")]
    public void NonObject_IsRefused(string json) => Refused(json);

    [Theory]
    [InlineData("")]
    [InlineData("{")]
    [InlineData("""{"a":1,}""")]
    [InlineData("""{"a":1} trailing""")]
    [InlineData("""{/* comment */"a":1}""")]
    [InlineData("""{'a':1}""")]
    public void InvalidJson_IsRefused(string json) => Refused(json);

    [Fact]
    public void InvalidUtf8_IsRefused()
    {
        var result = ApDocument.Parse([(byte)'{', (byte)'"', 0xC3, 0x28, (byte)'"', (byte)':', (byte)'1', (byte)'}']);
        Assert.Null(result.Document);
    }

    [Fact]
    public void LoneSurrogateEscape_IsRefused() => Refused("""{"name":"\uD800"}""");

    [Fact]
    public void DuplicateKeys_AreRefused() =>
        Refused("""{"id":"https://a.example/1","id":"https://b.example/1"}""");

    [Fact]
    public void DeepNesting_IsRefused()
    {
        var deep = string.Concat(Enumerable.Repeat("{\"a\":", 40)) + "1" + new string('}', 40);
        Refused(deep);
        var deepArrays = "{\"a\":" + new string('[', 40) + new string(']', 40) + "}";
        Refused(deepArrays);
    }

    [Fact]
    public void Nesting_WithinLimit_IsAccepted()
    {
        var ok = string.Concat(Enumerable.Repeat("{\"a\":", ApDocument.MaxDepth - 1)) + "1" + new string('}', ApDocument.MaxDepth - 1);
        Doc(ok);
    }

    [Fact]
    public void From_AppliesTheSameRefusals()
    {
        var json = System.Text.Json.Nodes.JsonNode.Parse("""{"type":"Note","x":{"@graph":[]}}""")!.AsObject();
        Assert.Null(ApDocument.From(json).Document);
        var ok = System.Text.Json.Nodes.JsonNode.Parse("""{"type":"Note"}""")!.AsObject();
        Assert.Equal("Note", ApDocument.From(ok).Document!.Type);
    }
}
