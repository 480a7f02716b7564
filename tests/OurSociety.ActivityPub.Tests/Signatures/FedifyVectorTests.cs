using System.Text.Json;
using OurSociety.ActivityPub.Signatures;
using static OurSociety.ActivityPub.Tests.Signatures.SignatureTestKit;

namespace OurSociety.ActivityPub.Tests.Signatures;

/// <summary>Requests captured from the real Fedify 2.3.6 peer (Vectors/README.md), verified at their own Date.</summary>
public sealed class FedifyVectorTests
{
    public static TheoryData<string> All =>
    [
        "fedify-post-rfc9421.json", "fedify-post-cavage.json", "fedify-get-rfc9421.json", "fedify-get-cavage.json",
        "fedify-get-actor-rfc9421.json",
    ];

    public static TheoryData<string> Posts => ["fedify-post-rfc9421.json", "fedify-post-cavage.json"];

    private sealed record Vector(string Method, string Url, List<(string Name, string Value)> Headers, byte[] Body, DateTimeOffset Date, string Pem)
    {
        public IncomingRequest Request(IEnumerable<(string Name, string Value)>? headers = null, byte[]? body = null, string? url = null) =>
            SignatureTestKit.Request(Method, url ?? Url, headers ?? Headers, body ?? Body);

        public SignatureCheck Parse(DateTimeOffset? now = null) => HttpSignatures.Parse(Request(), now ?? Date);

        public bool ParsesAndVerifies(IncomingRequest request, DateTimeOffset? now = null)
        {
            var check = HttpSignatures.Parse(request, now ?? Date);
            using var key = RsaKeys.ImportPublic(Pem)!;
            return check.IsValid && HttpSignatures.Verify(check.Signature!, key);
        }
    }

    private static Vector Load(string name)
    {
        var v = LoadVector(name);
        Assert.True(HttpDates.TryParse(v.GetProperty("date").GetString(), out var date));
        return new Vector(v.GetProperty("method").GetString()!, v.GetProperty("url").GetString()!, Headers(v.GetProperty("headers")),
            Convert.FromBase64String(v.GetProperty("bodyBase64").GetString()!), date, v.GetProperty("publicKeyPem").GetString()!);
    }

    [Theory]
    [MemberData(nameof(All))]
    public void Parse_FedifyRequestAtItsDate_VerifiesWithThePeersRsa4096Key(string file)
    {
        var vector = Load(file);

        var check = vector.Parse();

        Assert.True(check.IsValid, check.Error);
        Assert.Equal("http://127.0.0.1:4171/users/alice#main-key", check.Signature!.KeyId);
        Assert.Equal(file.Contains("rfc9421", StringComparison.Ordinal) ? SignatureSpec.Rfc9421 : SignatureSpec.Cavage, check.Signature.Spec);
        Assert.Equal(vector.Date, check.Signature.Created);
        using var key = RsaKeys.ImportPublic(vector.Pem)!;
        Assert.Equal(4096, key.KeySize);
        Assert.True(HttpSignatures.Verify(check.Signature, key));
    }

    [Fact]
    public void Parse_FedifyCavageGetWithQuery_VerifiesThroughThePathOnlyBase()
    {
        // Fedify signs (request-target) without the query string; the second signing base is the one that verifies.
        var vector = Load("fedify-get-cavage.json");
        var check = vector.Parse();
        Assert.True(check.IsValid, check.Error);
        Assert.Equal(2, check.Signature!.SigningBases.Count);
        using var key = RsaKeys.ImportPublic(vector.Pem)!;

        var withQueryOnly = new ParsedSignature
        {
            Spec = check.Signature.Spec,
            KeyId = check.Signature.KeyId,
            Algorithm = check.Signature.Algorithm,
            Signature = check.Signature.Signature,
            SigningBases = [check.Signature.SigningBases[0]],
            Created = check.Signature.Created,
        };
        Assert.False(HttpSignatures.Verify(withQueryOnly, key));
        Assert.True(HttpSignatures.Verify(check.Signature, key));
    }

    [Theory]
    [MemberData(nameof(All))]
    public void Parse_FedifyRequestInsideTheWindow_IsAccepted(string file)
    {
        var vector = Load(file);

        Assert.True(vector.ParsesAndVerifies(vector.Request(), vector.Date.AddMinutes(64)));
        Assert.True(vector.ParsesAndVerifies(vector.Request(), vector.Date.AddMinutes(-59)));
    }

    [Theory]
    [MemberData(nameof(All))]
    public void Parse_FedifyRequestOutsideTheWindow_IsRefused(string file)
    {
        var vector = Load(file);

        var stale = vector.Parse(vector.Date.AddMinutes(66));
        var early = vector.Parse(vector.Date.AddMinutes(-61));

        Assert.Contains("too old", stale.Error, StringComparison.Ordinal);
        Assert.Contains("in the future", early.Error, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Posts))]
    public void Parse_FedifyPostWithOneBodyByteChanged_IsRefusedForTheDigest(string file)
    {
        var vector = Load(file);
        var body = vector.Body.ToArray();
        body[body.Length / 2] ^= 0x01;

        var check = HttpSignatures.Parse(vector.Request(body: body), vector.Date);

        Assert.False(check.IsValid);
        Assert.Contains("does not match the body", check.Error, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Posts))]
    public void Parse_FedifyPostWithoutItsDigestHeader_IsRefused(string file)
    {
        var vector = Load(file);

        var check = HttpSignatures.Parse(vector.Request(vector.Headers.With("Digest", null).With("Content-Digest", null)), vector.Date);

        Assert.False(check.IsValid);
        Assert.Contains("header missing", check.Error, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(All))]
    public void Verify_FedifyRequestWithOneSignedHeaderByteChanged_Fails(string file)
    {
        var vector = Load(file);
        var date = vector.Headers.Single(h => h.Name == "Date").Value;
        var changed = date[..^6] + (date[^6] == '1' ? '2' : '1') + date[^5..];   // one second digit: still in the window

        Assert.False(vector.ParsesAndVerifies(vector.Request(vector.Headers.With("Date", changed))));
    }

    [Theory]
    [MemberData(nameof(All))]
    public void Verify_FedifyRequestReplayedToAnotherPath_Fails(string file)
    {
        var vector = Load(file);

        Assert.False(vector.ParsesAndVerifies(vector.Request(url: vector.Url.Replace("/users/x", "/users/y", StringComparison.Ordinal))));
    }

    [Theory]
    [MemberData(nameof(All))]
    public void Verify_FedifyRequestWithOneSignatureByteChanged_Fails(string file)
    {
        var vector = Load(file);
        var check = vector.Parse();
        check.Signature!.Signature[100] ^= 0x01;
        using var key = RsaKeys.ImportPublic(vector.Pem)!;

        Assert.False(HttpSignatures.Verify(check.Signature, key));
    }

    [Theory]
    [MemberData(nameof(All))]
    public void Parse_FedifyRequestReplayedToAnotherHost_IsRefused(string file)
    {
        // CVE-2023-49079 (Misskey): a request signed for one server must not authenticate at another.
        var vector = Load(file);

        var otherHost = HttpSignatures.Parse(vector.Request(url: vector.Url.Replace("127.0.0.1:4172", "127.0.0.1:4173", StringComparison.Ordinal)), vector.Date);
        var forgedHost = HttpSignatures.Parse(vector.Request(vector.Headers.With("Host", "evil.example")), vector.Date);

        Assert.Equal("Host header does not name this server", otherHost.Error);
        Assert.Equal("Host header does not name this server", forgedHost.Error);
    }

    [Fact]
    public void Parse_FedifyCavagePostWithHostRemovedFromTheList_IsRefused()
    {
        var vector = Load("fedify-post-cavage.json");
        var signature = vector.Headers.Single(h => h.Name == "Signature").Value.Replace(" host\"", "\"", StringComparison.Ordinal);

        var check = HttpSignatures.Parse(vector.Request(vector.Headers.With("Signature", signature)), vector.Date);

        Assert.Equal("signature does not cover host", check.Error);
    }

    [Fact]
    public void Parse_FedifyCavagePostWithDigestRemovedFromTheList_IsRefused()
    {
        var vector = Load("fedify-post-cavage.json");
        var signature = vector.Headers.Single(h => h.Name == "Signature").Value.Replace(" digest", "", StringComparison.Ordinal);

        var check = HttpSignatures.Parse(vector.Request(vector.Headers.With("Signature", signature)), vector.Date);

        Assert.Equal("signature does not cover digest", check.Error);
    }

    [Fact]
    public void Parse_FedifyRfc9421PostWithContentDigestRemovedFromTheComponents_IsRefused()
    {
        var vector = Load("fedify-post-rfc9421.json");
        var input = vector.Headers.Single(h => h.Name == "Signature-Input").Value.Replace(" \"content-digest\"", "", StringComparison.Ordinal);

        var check = HttpSignatures.Parse(vector.Request(vector.Headers.With("Signature-Input", input)), vector.Date);

        Assert.Equal("signature does not cover content-digest", check.Error);
    }
}
