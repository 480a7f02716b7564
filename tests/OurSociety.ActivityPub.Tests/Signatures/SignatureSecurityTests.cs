using System.Security.Cryptography;
using System.Text;
using OurSociety.ActivityPub.Signatures;
using static OurSociety.ActivityPub.Tests.Signatures.SignatureTestKit;

namespace OurSociety.ActivityPub.Tests.Signatures;

/// <summary>Attacks and garbage: every one is refused with a reason (401 material), none throws.</summary>
public sealed class SignatureSecurityTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 28, 10, 0, 0, TimeSpan.Zero);
    private const string Inbox = "https://hub.example/inbox";
    private static readonly byte[] Body = Utf8("{\"type\":\"Create\"}");

    /// <summary>A cavage POST signed by hand, so tests can choose the header list, algorithm and parameters.</summary>
    private static IncomingRequest HandSigned(string headerList, string algorithm = "rsa-sha256", string extra = "", RSA? key = null,
        DateTimeOffset? date = null, string? host = "hub.example", string? digest = null, string created = "", string expires = "")
    {
        var headers = new List<(string, string)>
        {
            ("Host", host ?? ""),
            ("Date", HttpDates.Format(date ?? Now)),
            ("Digest", digest ?? Digests.DigestHeader(Body)),
            ("Content-Type", "application/activity+json"),
        };
        var values = new Dictionary<string, string>
        {
            ["(request-target)"] = "post /inbox",
            ["host"] = host ?? "",
            ["date"] = HttpDates.Format(date ?? Now),
            ["digest"] = digest ?? Digests.DigestHeader(Body),
            ["content-type"] = "application/activity+json",
            ["(created)"] = created,
            ["(expires)"] = expires,
        };
        var signingString = string.Join("\n", headerList.Split(' ').Select(n => n + ": " + values[n]));
        var signature = Convert.ToBase64String((key ?? Key).SignData(Utf8(signingString), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
        headers.Add(("Signature", $"keyId=\"https://a.example/u#k\",algorithm=\"{algorithm}\",headers=\"{headerList}\"{extra},signature=\"{signature}\""));
        return Request("POST", Inbox, headers, Body);
    }

    private static string? Refusal(IncomingRequest request) => HttpSignatures.Parse(request, Now).Error;

    private static bool Accepted(IncomingRequest request)
    {
        var check = HttpSignatures.Parse(request, Now);
        return check.IsValid && HttpSignatures.Verify(check.Signature!, Key);
    }

    [Fact]
    public void HandSigned_FullCoverage_IsAccepted()
    {
        Assert.True(Accepted(HandSigned("(request-target) host date digest content-type")));
    }

    [Fact]
    public void Verify_SignatureByAnotherKey_Fails()
    {
        using var forger = RSA.Create(2048);

        Assert.False(Accepted(HandSigned("(request-target) host date digest", key: forger)));
    }

    [Fact]
    public void Parse_DigestOfAnotherBody_IsRefused()
    {
        Assert.Equal("Digest does not match the body",
            Refusal(HandSigned("(request-target) host date digest", digest: Digests.DigestHeader(Utf8("{}")))));
    }

    [Theory]
    [InlineData("SHA-256=AAAA")]
    [InlineData("MD5=rL0Y20zC+Fzt72VPzMSk2A==")]
    [InlineData("SHA-256")]
    [InlineData("")]
    public void Parse_DigestShortWrongAlgorithmOrEmpty_IsRefused(string digest)
    {
        var request = HandSigned("(request-target) host date digest", digest: digest);

        Assert.NotNull(Refusal(request));
    }

    [Fact]
    public void Parse_DigestListWithLowerCaseSha256AmongOthers_IsAccepted()
    {
        var digest = "md5=xyz, sha-256=" + Digests.DigestHeader(Body)["SHA-256=".Length..];

        Assert.True(Accepted(HandSigned("(request-target) host date digest", digest: digest)));
    }

    [Theory]
    [InlineData(-66, "too old")]
    [InlineData(61, "in the future")]
    public void Parse_DateOutsideTheWindow_IsRefused(int minutes, string reason)
    {
        Assert.Contains(reason, Refusal(HandSigned("(request-target) host date digest", date: Now.AddMinutes(minutes))), StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_NoHostCovered_IsRefused()
    {
        Assert.Equal("signature does not cover host", Refusal(HandSigned("(request-target) date digest")));
    }

    [Fact]
    public void Parse_NoRequestTargetCovered_IsRefused()
    {
        Assert.Equal("signature does not cover (request-target)", Refusal(HandSigned("host date digest")));
    }

    [Fact]
    public void Parse_NoDigestCoveredOnPost_IsRefused()
    {
        Assert.Equal("signature does not cover digest", Refusal(HandSigned("(request-target) host date")));
    }

    [Fact]
    public void Parse_NoDateCovered_IsRefused()
    {
        Assert.Equal("signature does not cover date or (created)", Refusal(HandSigned("(request-target) host digest")));
    }

    [Fact]
    public void Parse_HostOfAnotherServer_IsRefused()
    {
        Assert.Equal("Host header does not name this server", Refusal(HandSigned("(request-target) host date digest", host: "victim.example")));
    }

    [Theory]
    [InlineData("HUB.example")]
    [InlineData("hub.example:443")]
    public void Parse_HostInAnotherCaseOrWithTheDefaultPort_IsAccepted(string host)
    {
        Assert.True(Accepted(HandSigned("(request-target) host date digest", host: host)));
    }

    [Theory]
    [InlineData("rsa-sha512")]
    [InlineData("ed25519")]
    [InlineData("hmac-sha256")]
    public void Parse_UnknownCavageAlgorithm_IsRefused(string algorithm)
    {
        Assert.Equal("unsupported signature algorithm", Refusal(HandSigned("(request-target) host date digest", algorithm)));
    }

    [Fact]
    public void Parse_Hs2019WithCreated_IsAccepted()
    {
        var created = Now.AddMinutes(-1).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);

        var request = HandSigned("(request-target) host (created) digest", "hs2019", $",created={created}", created: created);

        Assert.True(Accepted(request));
        Assert.Equal(Now.AddMinutes(-1), HttpSignatures.Parse(request, Now).Signature!.Created);
    }

    [Fact]
    public void Parse_CreatedWithRsaSha256_IsRefused()
    {
        Assert.Equal("created is only allowed with hs2019",
            Refusal(HandSigned("(request-target) host date digest", extra: ",created=1795860000")));
    }

    [Fact]
    public void Parse_ExpiresLongPast_IsRefused()
    {
        var expires = Now.AddMinutes(-61).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);

        Assert.Equal("signature has expired", Refusal(HandSigned("(request-target) host date digest", "hs2019", $",expires={expires}")));
    }

    [Fact]
    public void Parse_LegacySignaturePrefix_IsTolerated()
    {
        var request = HandSigned("(request-target) host date digest");
        var prefixed = new IncomingRequest
        {
            Method = request.Method,
            TargetUri = request.TargetUri,
            Body = request.Body,
            Header = n => n == "signature" ? "Signature " + request.Header(n) : request.Header(n),
        };

        Assert.True(Accepted(prefixed));
    }

    [Fact]
    public void Parse_Unsigned_IsRefused()
    {
        Assert.Equal("request is not signed", Refusal(Request("POST", Inbox, [("Host", "hub.example")], Body)));
    }

    [Fact]
    public void Parse_Rfc9421WithUnknownAlgorithm_IsRefused()
    {
        using var message = Post(Inbox, Body);
        HttpSigner.SignRfc9421(message, Body, new SigningKey("https://a.example/u#k", Key), Now);
        var input = message.Headers.GetValues("Signature-Input").Single().Replace("rsa-v1_5-sha256", "ed25519", StringComparison.Ordinal);
        message.Headers.Remove("Signature-Input");
        message.Headers.TryAddWithoutValidation("Signature-Input", input);

        Assert.Equal("unsupported signature algorithm", Refusal(FromMessage(message, Body)));
    }

    [Fact]
    public void Parse_Rfc9421WithALineBreakSmuggledIntoACoveredHeader_IsRefused()
    {
        var input = "sig1=(\"@method\" \"@target-uri\" \"x-evil\");created=1795860000;keyid=\"k\"";
        var request = Request("GET", "https://hub.example/a", [("Host", "hub.example"), ("X-Evil", "a\n\"@method\": POST"),
            ("Signature-Input", input), ("Signature", "sig1=:AAAA:")]);

        Assert.Contains("line break", Refusal(request), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("keyId=\"k\",signature=\"!!!\"")]
    [InlineData("keyId=\"k\"")]
    [InlineData("signature=\"AAAA\"")]
    [InlineData("keyId=\"k\",keyId=\"j\",signature=\"AAAA\"")]
    [InlineData("keyId=\"unterminated")]
    [InlineData("=,=,=")]
    [InlineData("Signature ")]
    [InlineData("keyId=\"k\",headers=\"\",signature=\"AAAA\"")]
    public void Parse_MalformedCavageHeader_IsRefused(string signature)
    {
        var request = Request("GET", "https://hub.example/a", [("Host", "hub.example"), ("Date", HttpDates.Format(Now)), ("Signature", signature)]);

        Assert.NotNull(Refusal(request));
    }

    [Theory]
    [InlineData("sig1=(\"@method\" \"@target-uri\");keyid=\"k\"", "sig1=:AAAA:")]
    [InlineData("sig1=(\"@method\" \"@target-uri\");created=1795860000", "sig1=:AAAA:")]
    [InlineData("sig1=(\"@method\" \"@target-uri\");created=1795860000;keyid=\"k\"", "sig2=:AAAA:")]
    [InlineData("sig1=(\"@method\" \"@target-uri\");created=1795860000;keyid=\"k\"", "sig1=\"AAAA\"")]
    [InlineData("sig1=(\"@method\" \"@target-uri\" \"@status\");created=1795860000;keyid=\"k\"", "sig1=:AAAA:")]
    [InlineData("sig1=(\"@method\" \"@target-uri\" \"Host\");created=1795860000;keyid=\"k\"", "sig1=:AAAA:")]
    [InlineData("sig1=(\"@method\" \"@target-uri\" \"host\";sf);created=1795860000;keyid=\"k\"", "sig1=:AAAA:")]
    [InlineData("sig1=(\"@method\" \"@method\" \"@target-uri\");created=1795860000;keyid=\"k\"", "sig1=:AAAA:")]
    [InlineData("sig1=(\"@method\" \"@target-uri\");created=1795860000.5;keyid=\"k\"", "sig1=:AAAA:")]
    [InlineData("sig1=(\"@method\" \"@target-uri\");created=99999999999999999;keyid=\"k\"", "sig1=:AAAA:")]
    [InlineData("sig1=(\"@method\" \"@target-uri\")created=1;keyid=\"k\"", "sig1=:AAAA:")]
    [InlineData("sig1=(\"@method\" \"@target-uri\";created=1795860000;keyid=\"k\"", "sig1=:AAAA:")]
    [InlineData("sig1=(\"@method\" \"@target-uri\");created=1795860000;keyid=\"k\",", "sig1=:AAAA:")]
    [InlineData("sig1=(\"@method\" \"@target-uri\");created=1795860000;keyid=\"k\"", "sig1=:A A:")]
    [InlineData("sig1=(\"@method\" \"@target-uri\");created=1795860000;keyid=\"k\"", null)]
    public void Parse_MalformedRfc9421Headers_AreRefused(string input, string? signature)
    {
        var headers = new List<(string, string)> { ("Host", "hub.example"), ("Signature-Input", input) };
        if (signature is not null)
        {
            headers.Add(("Signature", signature));
        }

        Assert.NotNull(Refusal(Request("GET", "https://hub.example/a", headers)));
    }

    [Fact]
    public void Parse_RandomGarbageAndMutatedHeaders_NeverThrow()
    {
        var random = new Random(4242);
        using var message = Post(Inbox, Body);
        HttpSigner.SignRfc9421(message, Body, new SigningKey("https://a.example/u#k", Key), Now);
        var valid9421 = (message.Headers.GetValues("Signature-Input").Single(), message.Headers.GetValues("Signature").Single());
        var validCavage = HandSigned("(request-target) host date digest").Header("signature")!;
        const string alphabet = "abcAZ09 =,;:\"()\\*-._/+?@!%\t\n\r\u00e9\u0000";

        string Mutate(string s)
        {
            var chars = s.ToCharArray().ToList();
            for (var n = random.Next(1, 4); n > 0 && chars.Count > 0; n--)
            {
                var at = random.Next(chars.Count);
                switch (random.Next(3))
                {
                    case 0: chars[at] = alphabet[random.Next(alphabet.Length)]; break;
                    case 1: chars.RemoveAt(at); break;
                    default: chars.Insert(at, alphabet[random.Next(alphabet.Length)]); break;
                }
            }

            return new string([.. chars]);
        }

        string Garbage() => new([.. Enumerable.Range(0, random.Next(0, 80)).Select(_ => alphabet[random.Next(alphabet.Length)])]);

        for (var i = 0; i < 3000; i++)
        {
            var headers = new List<(string, string)>
            {
                ("Host", i % 7 == 0 ? Garbage() : "hub.example"),
                ("Date", i % 5 == 0 ? Mutate(HttpDates.Format(Now)) : HttpDates.Format(Now)),
                ("Digest", i % 3 == 0 ? Garbage() : Digests.DigestHeader(Body)),
                ("Content-Digest", i % 3 == 1 ? Mutate(Digests.ContentDigestHeader(Body)) : Digests.ContentDigestHeader(Body)),
            };
            switch (i % 4)
            {
                case 0:
                    headers.Add(("Signature", Mutate(validCavage)));
                    break;
                case 1:
                    headers.Add(("Signature-Input", Mutate(valid9421.Item1)));
                    headers.Add(("Signature", valid9421.Item2));
                    break;
                case 2:
                    headers.Add(("Signature-Input", valid9421.Item1));
                    headers.Add(("Signature", Mutate(valid9421.Item2)));
                    break;
                default:
                    headers.Add(("Signature", Garbage()));
                    headers.Add(("Signature-Input", Garbage()));
                    break;
            }

            var check = HttpSignatures.Parse(Request("POST", Inbox, headers, Body), Now);
            Assert.True(check.IsValid || !string.IsNullOrEmpty(check.Error));
            if (check.IsValid)
            {
                _ = HttpSignatures.Verify(check.Signature!, Key);
            }
        }
    }

    [Fact]
    public void Parse_HugeSignatureHeader_IsRefusedWithoutParsing()
    {
        var request = Request("GET", "https://hub.example/a", [("Signature", "keyId=\"" + new string('a', 20_000) + "\"")]);

        Assert.Equal("Signature header too long", Refusal(request));
    }

    [Fact]
    public void VerifyHmac_CavageOrRsaSignature_IsFalse()
    {
        var check = HttpSignatures.Parse(HandSigned("(request-target) host date digest"), Now);

        Assert.False(HttpSignatures.VerifyHmac(check.Signature!, Encoding.UTF8.GetBytes("secret")));
    }
}
