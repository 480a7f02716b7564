using System.Text;
using OurSociety.ActivityPub.Signatures;
using static OurSociety.ActivityPub.Tests.Signatures.SignatureTestKit;

namespace OurSociety.ActivityPub.Tests.Signatures;

public sealed class HttpSignerTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 28, 10, 0, 0, TimeSpan.Zero);
    private static readonly SigningKey Signer = new("https://leeds.example/users/amira#main-key", Key);
    private static readonly byte[] Body = Utf8("{\"type\":\"Follow\",\"actor\":\"https://leeds.example/users/amira\"}");

    private static ParsedSignature ParseAndVerify(HttpRequestMessage message, byte[] body)
    {
        var check = HttpSignatures.Parse(FromMessage(message, body), Now);
        Assert.True(check.IsValid, check.Error);
        Assert.True(HttpSignatures.Verify(check.Signature!, Key));
        return check.Signature!;
    }

    [Fact]
    public void SignCavage_Post_SetsMastodonShapedHeadersAndVerifies()
    {
        using var message = Post("https://remote.example/users/bob/inbox", Body);

        HttpSigner.SignCavage(message, Body, Signer, Now);

        Assert.Equal("remote.example", message.Headers.Host);
        Assert.Equal("Sat, 28 Nov 2026 10:00:00 GMT", message.Headers.GetValues("Date").Single());
        Assert.Equal(Digests.DigestHeader(Body), message.Headers.GetValues("Digest").Single());
        Assert.StartsWith("SHA-256=", message.Headers.GetValues("Digest").Single(), StringComparison.Ordinal);
        var signature = message.Headers.GetValues("Signature").Single();
        Assert.StartsWith("keyId=\"https://leeds.example/users/amira#main-key\",algorithm=\"rsa-sha256\",headers=\"(request-target) host date digest content-type\",signature=\"", signature, StringComparison.Ordinal);
        var parsed = ParseAndVerify(message, Body);
        Assert.Equal(SignatureSpec.Cavage, parsed.Spec);
        Assert.Equal(Now, parsed.Created);
    }

    [Fact]
    public void SignCavage_GetWithQueryOnNonDefaultPort_SignsQueryAcceptAndPortAndVerifies()
    {
        using var message = new HttpRequestMessage(HttpMethod.Get, "http://remote.example:8080/users/bob/outbox?page=2");

        HttpSigner.SignCavage(message, [], Signer, Now);

        Assert.Equal("remote.example:8080", message.Headers.Host);
        Assert.Equal(HttpSigner.ActivityAccept, string.Join(", ", message.Headers.GetValues("Accept")));
        Assert.Contains("headers=\"(request-target) host date accept\"", message.Headers.GetValues("Signature").Single(), StringComparison.Ordinal);
        Assert.False(message.Headers.Contains("Digest"));
        var parsed = ParseAndVerify(message, []);
        Assert.StartsWith("(request-target): get /users/bob/outbox?page=2\nhost: remote.example:8080\n", Encoding.UTF8.GetString(parsed.SigningBases[0]), StringComparison.Ordinal);
    }

    [Fact]
    public void SignRfc9421_Post_SetsContentDigestAndSignatureInputAndVerifies()
    {
        using var message = Post("https://remote.example/inbox", Body);

        HttpSigner.SignRfc9421(message, Body, Signer, Now);

        Assert.Equal(Digests.ContentDigestHeader(Body), message.Headers.GetValues("Content-Digest").Single());
        Assert.Equal(
            "sig1=(\"@method\" \"@target-uri\" \"@authority\" \"content-digest\");created=1795860000;keyid=\"https://leeds.example/users/amira#main-key\";alg=\"rsa-v1_5-sha256\"",
            message.Headers.GetValues("Signature-Input").Single());
        Assert.Matches("^sig1=:[A-Za-z0-9+/]+=*:$", message.Headers.GetValues("Signature").Single());
        var parsed = ParseAndVerify(message, Body);
        Assert.Equal(SignatureSpec.Rfc9421, parsed.Spec);
        Assert.Equal("rsa-v1_5-sha256", parsed.Algorithm);
    }

    [Fact]
    public void SignRfc9421_Get_CoversNoDigestAndVerifies()
    {
        using var message = new HttpRequestMessage(HttpMethod.Get, "https://remote.example/users/bob?x=1");

        HttpSigner.SignRfc9421(message, [], Signer, Now);

        Assert.False(message.Headers.Contains("Content-Digest"));
        Assert.Equal(HttpSigner.ActivityAccept, string.Join(", ", message.Headers.GetValues("Accept")));
        Assert.StartsWith("sig1=(\"@method\" \"@target-uri\" \"@authority\");created=", message.Headers.GetValues("Signature-Input").Single(), StringComparison.Ordinal);
        var parsed = ParseAndVerify(message, []);
        Assert.StartsWith("\"@method\": GET\n\"@target-uri\": https://remote.example/users/bob?x=1\n\"@authority\": remote.example\n\"@signature-params\": (",
            Encoding.UTF8.GetString(parsed.SigningBases[0]), StringComparison.Ordinal);
    }

    [Fact]
    public void SignCavage_PostWithoutContentType_Throws()
    {
        using var message = new HttpRequestMessage(HttpMethod.Post, "https://remote.example/inbox");

        Assert.Throws<ArgumentException>(() => HttpSigner.SignCavage(message, Body, Signer, Now));
    }

    [Fact]
    public void Verify_ManyThreadsOnOneCachedKey_AllAgree()
    {
        using var message = Post("https://remote.example/inbox", Body);
        HttpSigner.SignCavage(message, Body, Signer, Now);
        var good = HttpSignatures.Parse(FromMessage(message, Body), Now).Signature!;
        using var publicKey = RsaKeys.ImportPublic(Key.ExportSubjectPublicKeyInfoPem())!;
        var bad = new ParsedSignature
        {
            Spec = good.Spec,
            KeyId = good.KeyId,
            Algorithm = good.Algorithm,
            Signature = good.Signature,
            SigningBases = [[.. good.SigningBases[0], (byte)'x']],
            Created = good.Created,
        };

        var results = new bool[800];
        Parallel.For(0, results.Length, new ParallelOptions { MaxDegreeOfParallelism = 8 },
            i => results[i] = HttpSignatures.Verify(i % 2 == 0 ? good : bad, publicKey) == (i % 2 == 0));

        Assert.All(results, Assert.True);
    }
}
