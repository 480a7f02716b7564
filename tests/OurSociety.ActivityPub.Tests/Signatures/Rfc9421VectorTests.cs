using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using OurSociety.ActivityPub.Signatures;
using static OurSociety.ActivityPub.Tests.Signatures.SignatureTestKit;

namespace OurSociety.ActivityPub.Tests.Signatures;

/// <summary>RFC 9421 Appendix B (and the §4.3 rsa-v1_5-sha256 proxy example), byte for byte: Vectors/rfc9421-appendix-b.json.</summary>
public sealed class Rfc9421VectorTests
{
    private static readonly JsonElement Vectors = LoadVector("rfc9421-appendix-b.json");
    private static readonly DateTimeOffset Created = DateTimeOffset.FromUnixTimeSeconds(1618884473);

    private static JsonElement Case(string label) =>
        Vectors.GetProperty("cases").EnumerateArray().Single(c => c.GetProperty("label").GetString() == label);

    private static AsymmetricAlgorithm PublicKey(string name) =>
        RsaKeys.ImportPublic(Vectors.GetProperty("keys").GetProperty(name).GetString()!)!;

    /// <summary>The RFC's test-request with one case's Signature-Input and Signature added.</summary>
    private static IncomingRequest TestRequest(JsonElement signatureCase)
    {
        var request = Vectors.GetProperty("request");
        var headers = Headers(request.GetProperty("headers"))
            .Append(("Signature-Input", signatureCase.GetProperty("signatureInput").GetString()!))
            .Append(("Signature", signatureCase.GetProperty("signature").GetString()!));
        return Request("POST", "https://example.com/foo?param=Value&Pet=dog", headers, Utf8(request.GetProperty("body").GetString()!));
    }

    private static ParsedSignature ParseCase(string label)
    {
        var check = Rfc9421Signatures.Parse(TestRequest(Case(label)), Created, enforcePolicy: false, label: label);
        Assert.True(check.IsValid, check.Error);
        return check.Signature!;
    }

    [Theory]
    [InlineData("sig-b21")]
    [InlineData("sig-b22")]
    [InlineData("sig-b23")]
    public void RsaPss_AppendixB2Vectors_BuildTheSameBaseAndVerify(string label)
    {
        var signature = ParseCase(label);

        Assert.Equal(Case(label).GetProperty("signatureBase").GetString(), Encoding.UTF8.GetString(signature.SigningBases.Single()));
        Assert.Equal("test-key-rsa-pss", signature.KeyId);
        Assert.Equal(Created, signature.Created);
        using var key = PublicKey("test-key-rsa-pss");

        // These examples name no alg: the verifier knows test-key-rsa-pss is a PSS key. Without that knowledge an RSA
        // key means rsa-v1_5-sha256 (what the fediverse sends), which must not accept a PSS signature.
        Assert.Equal("", signature.Algorithm);
        Assert.True(HttpSignatures.Verify(Copy(signature, algorithm: "rsa-pss-sha512"), key));
        Assert.False(HttpSignatures.Verify(signature, key));
    }

    [Fact]
    public void RsaPss_AppendixB2Vector_WithAnotherKeyOrAlteredBase_DoesNotVerify()
    {
        var signature = Copy(ParseCase("sig-b23"), algorithm: "rsa-pss-sha512");
        using var otherKey = PublicKey("test-key-rsa");
        Assert.False(HttpSignatures.Verify(signature, otherKey));

        var altered = signature.SigningBases.Single().ToArray();
        altered[10] ^= 1;
        using var key = PublicKey("test-key-rsa-pss");
        Assert.False(HttpSignatures.Verify(Copy(signature, altered), key));
    }

    [Fact]
    public void Ecdsa_AppendixB24Vector_Verifies()
    {
        // B.2.4 signs a response (@status), which a request verifier cannot rebuild; the given base is checked instead.
        var vector = Case("sig-b24");
        var signatureText = vector.GetProperty("signature").GetString()!;
        var signature = new ParsedSignature
        {
            Spec = SignatureSpec.Rfc9421,
            KeyId = "test-key-ecc-p256",
            Algorithm = "ecdsa-p256-sha256",
            Signature = Convert.FromBase64String(signatureText["sig-b24=:".Length..^1]),
            SigningBases = [Encoding.UTF8.GetBytes(vector.GetProperty("signatureBase").GetString()!)],
            Created = Created,
        };
        using var key = PublicKey("test-key-ecc-p256");

        Assert.IsAssignableFrom<ECDsa>(key);
        Assert.True(HttpSignatures.Verify(signature, key));
        Assert.True(HttpSignatures.Verify(Copy(signature, algorithm: ""), key));
        Assert.False(HttpSignatures.Verify(Copy(signature, algorithm: "rsa-v1_5-sha256"), key));
        Assert.False(HttpSignatures.Verify(Copy(signature, [.. signature.SigningBases[0], (byte)' ']), key));
    }

    [Fact]
    public void Hmac_AppendixB25Vector_ProducesTheSameBytes()
    {
        var signature = ParseCase("sig-b25");
        var secret = Convert.FromBase64String(Vectors.GetProperty("keys").GetProperty("test-shared-secret").GetString()!);

        Assert.Equal(Case("sig-b25").GetProperty("signatureBase").GetString(), Encoding.UTF8.GetString(signature.SigningBases.Single()));
        Assert.Equal(signature.Signature, HMACSHA256.HashData(secret, signature.SigningBases[0]));
        Assert.True(HttpSignatures.VerifyHmac(signature, secret));
        secret[0] ^= 1;
        Assert.False(HttpSignatures.VerifyHmac(signature, secret));
    }

    [Fact]
    public void RsaV15_ProxySignatureExample_BuildsTheSameBaseAndVerifies()
    {
        var proxy = Vectors.GetProperty("proxyRequest");
        var request = Request("POST", "https://origin.host.internal.example/foo?param=Value&Pet=dog",
            Headers(proxy.GetProperty("headers")), Utf8(proxy.GetProperty("body").GetString()!));

        var check = Rfc9421Signatures.Parse(request, Created, enforcePolicy: false, label: "proxy_sig");

        Assert.True(check.IsValid, check.Error);
        Assert.Equal(proxy.GetProperty("signatureBase").GetString(), Encoding.UTF8.GetString(check.Signature!.SigningBases.Single()));
        Assert.Equal("rsa-v1_5-sha256", check.Signature.Algorithm);
        using var key = PublicKey("test-key-rsa");
        Assert.IsAssignableFrom<RSA>(key);
        Assert.True(HttpSignatures.Verify(check.Signature, key));
        Assert.False(HttpSignatures.Verify(Copy(check.Signature, algorithm: "rsa-pss-sha512"), key));
    }

    [Fact]
    public void Parse_AppendixB23WithInboxPolicy_IsRefusedForMissingTargetUri()
    {
        var check = HttpSignatures.Parse(TestRequest(Case("sig-b23")), Created);

        Assert.False(check.IsValid);
        Assert.Contains("@target-uri", check.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_AppendixB22WithAlteredBody_IsRefusedByTheSha512ContentDigest()
    {
        var vector = Case("sig-b22");
        var request = TestRequest(vector);
        var altered = new IncomingRequest { Method = request.Method, TargetUri = request.TargetUri, Header = request.Header, Body = Utf8("{\"hello\": \"World\"}") };

        var check = Rfc9421Signatures.Parse(altered, Created, enforcePolicy: false, label: "sig-b22");

        Assert.Equal("Content-Digest does not match the body", check.Error);
    }

    private static ParsedSignature Copy(ParsedSignature s, byte[]? signingBase = null, string? algorithm = null) => new()
    {
        Spec = s.Spec,
        KeyId = s.KeyId,
        Algorithm = algorithm ?? s.Algorithm,
        Signature = s.Signature,
        SigningBases = signingBase is null ? s.SigningBases : [signingBase],
        Created = s.Created,
    };
}
