using System.Security.Cryptography;
using System.Text;

namespace OurSociety.ActivityPub.Signatures;

/// <summary>Signs outgoing requests (INTEROP §3.4).</summary>
public static class HttpSigner
{
    /// <summary>What we ask for on signed GETs when the caller set no Accept (INTEROP §3.4).</summary>
    public const string ActivityAccept = "application/activity+json, application/ld+json; profile=\"https://www.w3.org/ns/activitystreams\"";

    /// <summary>
    /// Sets Host, Date, (POST) Digest, and a draft-cavage <c>Signature</c> (rsa-sha256) over
    /// <c>(request-target) host date digest content-type</c> for POST, <c>(request-target) host date accept</c> for GET
    /// (Accept defaults to <see cref="ActivityAccept"/>). The body must already be set as bytes; its Content-Type header
    /// must be set. <c>(request-target)</c> includes the query.
    /// </summary>
    public static void SignCavage(HttpRequestMessage request, ReadOnlySpan<byte> body, SigningKey key, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(key);
        var uri = Target(request);
        var hasBody = HasBody(request, body);

        var host = uri.Authority;
        var date = HttpDates.Format(now);
        request.Headers.Host = host;
        Replace(request, "Date", date);

        var signed = new StringBuilder(512)
            .Append("(request-target): ").Append(request.Method.Method.ToLowerInvariant()).Append(' ').Append(uri.PathAndQuery)
            .Append("\nhost: ").Append(host)
            .Append("\ndate: ").Append(date);
        string headers;
        if (hasBody)
        {
            var digest = Digests.DigestHeader(body);
            Replace(request, "Digest", digest);
            signed.Append("\ndigest: ").Append(digest).Append("\ncontent-type: ").Append(ContentType(request));
            headers = "(request-target) host date digest content-type";
        }
        else
        {
            DefaultAccept(request);
            signed.Append("\naccept: ").Append(string.Join(", ", request.Headers.GetValues("Accept")));
            headers = "(request-target) host date accept";
        }

        var signature = Convert.ToBase64String(key.PrivateKey.SignData(
            Encoding.UTF8.GetBytes(signed.ToString()), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
        Replace(request, "Signature",
            $"keyId=\"{Quote(key.KeyId)}\",algorithm=\"rsa-sha256\",headers=\"{headers}\",signature=\"{signature}\"");
    }

    /// <summary>
    /// Sets Date, Content-Digest (POST), Signature-Input and Signature per RFC 9421 (rsa-v1_5-sha256, like Fedify) over
    /// <c>("@method" "@target-uri" "@authority" "content-digest")</c>, without <c>content-digest</c> for a GET (which
    /// gets Accept <see cref="ActivityAccept"/> when none is set, unsigned: Fedify answers 406 to a GET without it).
    /// </summary>
    public static void SignRfc9421(HttpRequestMessage request, ReadOnlySpan<byte> body, SigningKey key, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(key);
        if (!StructuredFields.IsValidStringContent(key.KeyId))
        {
            throw new ArgumentException("A key id must be printable ASCII to fit an RFC 8941 string.", nameof(key));
        }

        var uri = Target(request);
        var hasBody = HasBody(request, body);
        Replace(request, "Date", HttpDates.Format(now));

        var authority = uri.Authority.ToLowerInvariant();
        var signatureBase = new StringBuilder(512)
            .Append("\"@method\": ").Append(request.Method.Method)
            .Append("\n\"@target-uri\": ").Append(SignatureRules.TargetUriText(uri))
            .Append("\n\"@authority\": ").Append(authority);
        var components = "\"@method\" \"@target-uri\" \"@authority\"";
        if (hasBody)
        {
            var digest = Digests.ContentDigestHeader(body);
            Replace(request, "Content-Digest", digest);
            signatureBase.Append("\n\"content-digest\": ").Append(digest);
            components += " \"content-digest\"";
        }
        else
        {
            DefaultAccept(request);
        }

        var parameters = $"({components});created={now.ToUnixTimeSeconds()};keyid={StructuredFields.SerializeString(key.KeyId)};alg=\"rsa-v1_5-sha256\"";
        signatureBase.Append("\n\"@signature-params\": ").Append(parameters);
        var signature = key.PrivateKey.SignData(
            Encoding.UTF8.GetBytes(signatureBase.ToString()), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        Replace(request, "Signature-Input", "sig1=" + parameters);
        Replace(request, "Signature", "sig1=:" + Convert.ToBase64String(signature) + ":");
    }

    private static void DefaultAccept(HttpRequestMessage request)
    {
        if (!request.Headers.Contains("Accept"))
        {
            request.Headers.TryAddWithoutValidation("Accept", ActivityAccept);
        }
    }

    private static Uri Target(HttpRequestMessage request) =>
        request.RequestUri is { IsAbsoluteUri: true } uri
            ? uri
            : throw new ArgumentException("The request needs an absolute URI before signing.", nameof(request));

    private static bool HasBody(HttpRequestMessage request, ReadOnlySpan<byte> body) =>
        request.Method == HttpMethod.Post || !body.IsEmpty;

    private static string ContentType(HttpRequestMessage request) =>
        request.Content is not null && request.Content.Headers.TryGetValues("Content-Type", out var values)
            ? string.Join(", ", values)
            : throw new ArgumentException("Set the content and its Content-Type before signing.", nameof(request));

    private static void Replace(HttpRequestMessage request, string name, string value)
    {
        request.Headers.Remove(name);
        request.Headers.TryAddWithoutValidation(name, value);
    }

    private static string Quote(string value) => value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal);
}
