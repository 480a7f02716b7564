using System.Security.Cryptography;
using System.Text;
using OurSociety.ActivityPub.Json;

namespace OurSociety.ActivityPub.Tests.Json;

public sealed class ApActorTests
{
    private static readonly string RsaPem = MakeRsaPem();
    private static readonly string EcPem = MakeEcPem();

    private static string MakeRsaPem()
    {
        using var rsa = RSA.Create(2048);
        return rsa.ExportSubjectPublicKeyInfoPem();
    }

    private static string MakeEcPem()
    {
        using var ec = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        return ec.ExportSubjectPublicKeyInfoPem();
    }

    private static string Json(string s) => System.Text.Json.JsonSerializer.Serialize(s);

    private static (ApActor? Actor, string? Error) Read(string json)
    {
        var parsed = ApDocument.Parse(Encoding.UTF8.GetBytes(json));
        Assert.Null(parsed.Error);
        return ApActor.From(parsed.Document!);
    }

    private static ApActor Ok(string json)
    {
        var (actor, error) = Read(json);
        Assert.Null(error);
        return actor!;
    }

    [Theory]
    [InlineData("\"location\": {\"type\": \"Place\", \"name\": \"Rhondda\"}", "Rhondda")]
    [InlineData("\"location\": [{\"type\": \"Place\"}, {\"type\": \"Place\", \"name\": \" \"}, {\"type\": \"Place\", \"name\": \"Leeds\"}]", "Leeds")]
    [InlineData("\"locality\": \"Treorchy\", \"location\": {\"type\": \"Place\", \"name\": \"Rhondda\"}", "Treorchy")]
    [InlineData("\"locality\": \"\", \"location\": {\"type\": \"Place\", \"name\": \"Rhondda\"}", "Rhondda")]
    [InlineData("\"location\": \"https://places.example/rhondda\"", null)]
    [InlineData("\"location\": {\"type\": \"Place\", \"name\": 7}", null)]
    [InlineData("\"summary\": \"no place\"", null)]
    public void Locality_IsOurTermOrTheFirstNamedLocation(string part, string? expected)
    {
        var actor = Ok($$"""{"id": "https://lemmy.example/c/valley", "type": "Group", "inbox": "https://lemmy.example/c/valley/inbox", {{part}}}""");

        Assert.Equal(expected, actor.Locality);
    }

    // The shape Misskey serves (misskey.io): sharedInbox at the top level as well as in endpoints, isCat, _misskey terms.
    [Fact]
    public void MisskeyShapedActor_IsRead()
    {
        var actor = Ok($$"""
            {"@context":["https://www.w3.org/ns/activitystreams","https://w3id.org/security/v1",{"misskey":"https://misskey-hub.net/ns#","isCat":"misskey:isCat"}],
             "type":"Person","id":"https://misskey.example/users/9abc","inbox":"https://misskey.example/users/9abc/inbox",
             "outbox":"https://misskey.example/users/9abc/outbox","followers":"https://misskey.example/users/9abc/followers",
             "following":"https://misskey.example/users/9abc/following","sharedInbox":"https://misskey.example/inbox",
             "endpoints":{"sharedInbox":"https://misskey.example/inbox"},"url":"https://misskey.example/@syuilo",
             "preferredUsername":"syuilo","name":"\u3057\u3085\u3044\u308d","summary":"<p>hi</p>",
             "icon":{"type":"Image","url":"https://files.misskey.example/a.png","sensitive":false,"name":null},
             "manuallyApprovesFollowers":false,"discoverable":true,
             "publicKey":{"id":"https://misskey.example/users/9abc#main-key","type":"Key","owner":"https://misskey.example/users/9abc","publicKeyPem":{{Json(RsaPem)}}},
             "isCat":true,"vcard:bday":"1997-12-06"}
            """);
        Assert.Equal("https://misskey.example/inbox", actor.SharedInbox);
        Assert.Equal("しゅいろ", actor.Name);
        Assert.Equal("https://files.misskey.example/a.png", actor.IconUrl);
        Assert.True(actor.Discoverable);
        Assert.Null(actor.Indexable);   // not sent: search keeps treating it as before
        Assert.True(actor.PublicKey!.IsRsa);
    }

    [Theory]
    [InlineData("\"indexable\":false", false)]
    [InlineData("\"indexable\":true", true)]
    [InlineData("\"indexable\":\"false\"", null)]
    public void Indexable_IsReadOnlyAsABoolean(string member, bool? expected) =>
        Assert.Equal(expected, Ok($$"""{"type":"Person","id":"https://m.example/u/1","inbox":"https://m.example/u/1/inbox",{{member}}}""").Indexable);

    [Fact]
    public void MisskeyTopLevelSharedInbox_IsTheFallback() =>
        Assert.Equal("https://m.example/inbox", Ok("""{"type":"Person","id":"https://m.example/u/1","inbox":"https://m.example/u/1/inbox","sharedInbox":"https://m.example/inbox"}""").SharedInbox);

    // The shape Fedify serves: publicKey as an array, Ed25519 keys in assertionMethod, FEP-2c59 webfinger, url as a Link.
    [Fact]
    public void FedifyShapedActor_WithKeyArray_TakesTheRsaKey()
    {
        var actor = Ok($$"""
            {"@context":["https://www.w3.org/ns/activitystreams","https://w3id.org/security/v1","https://w3id.org/security/data-integrity/v1","https://www.w3.org/ns/did/v1","https://w3id.org/security/multikey/v1",{"toot":"http://joinmastodon.org/ns#"}],
             "id":"http://127.0.0.1:4100/users/alice","type":"Person","preferredUsername":"alice","name":"Alice",
             "inbox":"http://127.0.0.1:4100/users/alice/inbox","outbox":"http://127.0.0.1:4100/users/alice/outbox",
             "endpoints":{"type":"as:Endpoints","sharedInbox":"http://127.0.0.1:4100/inbox"},
             "url":{"type":"Link","href":"http://127.0.0.1:4100/@alice","mediaType":"text/html"},
             "webfinger":"alice@127.0.0.1:4100",
             "publicKey":[
               {"id":"http://127.0.0.1:4100/users/alice#ec","type":"CryptographicKey","owner":"http://127.0.0.1:4100/users/alice","publicKeyPem":{{Json(EcPem)}}},
               {"id":"http://127.0.0.1:4100/users/alice#main-key","type":"CryptographicKey","owner":"http://127.0.0.1:4100/users/alice","publicKeyPem":{{Json(RsaPem)}}}],
             "assertionMethod":[{"id":"http://127.0.0.1:4100/users/alice#ed25519","type":"Multikey","controller":"http://127.0.0.1:4100/users/alice","publicKeyMultibase":"z6Mk..."}]}
            """);
        Assert.Equal(2, actor.PublicKeys.Count);
        Assert.Equal("http://127.0.0.1:4100/users/alice#main-key", actor.PublicKey!.Id);
        Assert.False(actor.KeyById("http://127.0.0.1:4100/users/alice#ec")!.IsRsa);
        Assert.Null(actor.KeyById("http://127.0.0.1:4100/users/alice#ed25519"));
        Assert.Equal("http://127.0.0.1:4100/@alice", actor.Url);
        Assert.Equal("http://127.0.0.1:4100/inbox", actor.SharedInbox);
        Assert.Equal("alice@127.0.0.1:4100", actor.WebFinger);
    }

    [Fact]
    public void KeyWithoutOwner_BelongsToTheActor_NamedOwnerIsKept()
    {
        var actor = Ok($$"""
            {"type":"Service","id":"https://a.example/bot","inbox":"https://a.example/bot/inbox",
             "publicKey":[{"id":"https://a.example/bot#k1","publicKeyPem":{{Json(RsaPem)}}},
                          {"id":"https://a.example/bot#k2","owner":"https://evil.example/x","publicKeyPem":{{Json(RsaPem)}}},
                          {"id":"https://a.example/bot#k3"},
                          "https://a.example/bot#k4"]}
            """);
        Assert.Equal(2, actor.PublicKeys.Count);
        Assert.Equal("https://a.example/bot", actor.KeyById("https://a.example/bot#k1")!.Owner);
        Assert.Equal("https://evil.example/x", actor.KeyById("https://a.example/bot#k2")!.Owner);
    }

    [Theory]
    [InlineData("""{"type":"Image","url":"https://a.example/i.png"}""")]
    [InlineData("""{"type":"Image","url":{"type":"Link","href":"https://a.example/i.png"}}""")]
    [InlineData("""{"type":"Image","url":[{"type":"Link","href":"https://a.example/i.png"},"https://a.example/other.png"]}""")]
    [InlineData("""[{"type":"Image","url":"https://a.example/i.png"},{"type":"Image","url":"https://a.example/b.png"}]""")]
    [InlineData("\"https://a.example/i.png\"")]
    public void Icon_EveryShape_IsRead(string icon) =>
        Assert.Equal("https://a.example/i.png", Ok($$"""{"type":"Person","id":"https://a.example/u","inbox":"https://a.example/i","icon":{{icon}}}""").IconUrl);

    [Theory]
    [InlineData("Person")]
    [InlineData("Group")]
    [InlineData("Application")]
    [InlineData("Service")]
    [InlineData("Organization")]
    public void ActorTypes_AreAccepted(string type) =>
        Assert.Equal(type, Ok($$"""{"type":"{{type}}","id":"https://a.example/u","inbox":"https://a.example/i"}""").Type);

    [Fact]
    public void TypeArray_WithAnActorType_IsAccepted() =>
        Assert.Equal("Group", Ok("""{"type":["lemmy:Community","Group"],"id":"https://a.example/c","inbox":"https://a.example/i"}""").Type);

    [Theory]
    [InlineData("""{"type":"Note","id":"https://a.example/u","inbox":"https://a.example/i"}""")]
    [InlineData("""{"id":"https://a.example/u","inbox":"https://a.example/i"}""")]
    [InlineData("""{"type":"Person","inbox":"https://a.example/i"}""")]
    [InlineData("""{"type":"Person","id":"/users/x","inbox":"https://a.example/i"}""")]
    [InlineData("""{"type":"Person","id":"ftp://a.example/u","inbox":"https://a.example/i"}""")]
    [InlineData("""{"type":"Person","id":"https://a.example/u#me","inbox":"https://a.example/i"}""")]
    [InlineData("""{"type":"Person","id":"https://user:pw@a.example/u","inbox":"https://a.example/i"}""")]
    [InlineData("""{"type":"Person","id":"https://a.example/u"}""")]
    [InlineData("""{"type":"Person","id":"https://a.example/u","inbox":"not a url"}""")]
    [InlineData("""{"type":"Person","id":"https://a.example/u","inbox":7}""")]
    public void BadActor_IsRefusedWithAReason(string json)
    {
        var (actor, error) = Read(json);
        Assert.Null(actor);
        Assert.False(string.IsNullOrEmpty(error));
    }

    [Fact]
    public void OverlongUsername_IsRefused_OverlongNameIsCut()
    {
        var longName = new string('n', 3000);
        var (refused, _) = Read($$"""{"type":"Person","id":"https://a.example/u","inbox":"https://a.example/i","preferredUsername":"{{longName}}"}""");
        Assert.Null(refused);
        var actor = Ok($$"""{"type":"Person","id":"https://a.example/u","inbox":"https://a.example/i","preferredUsername":"u","name":"{{longName}}","summary":"{{new string('s', 30000)}}"}""");
        Assert.Equal(ApActor.MaxNameLength, actor.Name!.Length);
        Assert.Equal(ApActor.MaxSummaryLength, actor.Summary!.Length);
    }

    [Fact]
    public void OptionalUrls_WhenNotHttp_AreDropped()
    {
        var actor = Ok("""{"type":"Person","id":"https://a.example/u","inbox":"https://a.example/i","outbox":"javascript:alert(1)","followers":42,"url":"data:text/html,x"}""");
        Assert.Null(actor.Outbox);
        Assert.Null(actor.Followers);
        Assert.Null(actor.Url);
        Assert.False(actor.ManuallyApprovesFollowers);
        Assert.Null(actor.PublicKey);
    }

    [Fact]
    public void Generator_Implements_IsRead_AsHrefs()
    {
        var actor = Ok("""
            {"id":"https://a.example/users/u","type":"Person","inbox":"https://a.example/users/u/inbox",
             "generator":{"type":"Application","implements":[
               {"href":"https://datatracker.ietf.org/doc/html/rfc9421","name":"RFC-9421"},
               "https://w3id.org/oursociety/ns#introductions",{"name":"no href"},42]}}
            """);
        Assert.Equal(["https://datatracker.ietf.org/doc/html/rfc9421", "https://w3id.org/oursociety/ns#introductions"], actor.Implements);
    }

    [Theory]
    [InlineData("")]
    [InlineData(",\"generator\":\"https://a.example/app\"")]
    [InlineData(",\"generator\":{\"type\":\"Application\"}")]
    public void Generator_MissingOrWithoutImplements_IsEmpty(string generator) =>
        Assert.Empty(Ok("""{"id":"https://a.example/users/u","type":"Person","inbox":"https://a.example/users/u/inbox" """ + generator + "}").Implements);
}
