using System.Security.Cryptography;

namespace OurSociety.ActivityPub.Signatures;

// CONTRACT STUBS (issue 4). The signatures helper replaces the bodies and may split this file; the public shapes below
// are what the web layer codes against. Adding members is fine; changing these needs a note in the report.

/// <summary>An incoming request as the verifier needs it: no ASP.NET types, so the library stays host-neutral.</summary>
public sealed class IncomingRequest
{
    /// <summary>The HTTP method, e.g. <c>POST</c>.</summary>
    public required string Method { get; init; }

    /// <summary>The absolute URL the client addressed (the node's public origin + path + query), not Kestrel's own.</summary>
    public required Uri TargetUri { get; init; }

    /// <summary>Header lookup by lower-case name; several values of one header come back joined with <c>", "</c>.</summary>
    public required Func<string, string?> Header { get; init; }

    /// <summary>The raw body bytes as received, or empty for a GET.</summary>
    public ReadOnlyMemory<byte> Body { get; init; }
}

/// <summary>Which HTTP signature specification a request used.</summary>
public enum SignatureSpec
{
    /// <summary>draft-cavage-http-signatures-12 (<c>Signature</c> header).</summary>
    Cavage,

    /// <summary>RFC 9421 (<c>Signature-Input</c> + <c>Signature</c>).</summary>
    Rfc9421,
}

/// <summary>A signature whose shape, coverage, time window and body digest are checked; only the key is still to check.</summary>
public sealed class ParsedSignature
{
    /// <summary>The specification used.</summary>
    public required SignatureSpec Spec { get; init; }

    /// <summary>The key id exactly as sent (e.g. <c>https://host/users/a#main-key</c>).</summary>
    public required string KeyId { get; init; }

    /// <summary>The algorithm name as sent or defaulted (<c>rsa-sha256</c>, <c>hs2019</c>, <c>rsa-v1_5-sha256</c>, …).</summary>
    public required string Algorithm { get; init; }

    /// <summary>The decoded signature bytes.</summary>
    public required byte[] Signature { get; init; }

    /// <summary>
    /// The signing strings to try, in order (cavage: with the query, then without; RFC 9421: one). Verification
    /// succeeds when any verifies.
    /// </summary>
    public required IReadOnlyList<byte[]> SigningBases { get; init; }

    /// <summary>When it was signed (<c>Date</c> or <c>created</c>).</summary>
    public required DateTimeOffset Created { get; init; }
}

/// <summary>The result of <see cref="HttpSignatures.Parse"/>: a signature or the reason it was refused.</summary>
public readonly record struct SignatureCheck(ParsedSignature? Signature, string? Error)
{
    /// <summary>True when the shape checks passed.</summary>
    public bool IsValid => Signature is not null;
}

/// <summary>Verifies draft-cavage and RFC 9421 HTTP signatures (INTEROP §3.1–3.2).</summary>
public static class HttpSignatures
{
    /// <summary>
    /// Checks a request's signature headers without the key: present and well formed, covering
    /// <c>(request-target)</c>/<c>@method</c>+<c>@target-uri</c>, <c>host</c>/<c>@authority</c>, <c>date</c>/<c>created</c>,
    /// and the digest when there is a body; the digest matches the body; the time is inside the window
    /// (now − 65 min … now + 60 min).
    /// </summary>
    public static SignatureCheck Parse(IncomingRequest request, DateTimeOffset now) => throw new NotImplementedException();

    /// <summary>True when the signature verifies with the key (RSA PKCS#1 v1.5 SHA-256, RSA-PSS SHA-512, ECDSA P-256 SHA-256).</summary>
    public static bool Verify(ParsedSignature signature, AsymmetricAlgorithm publicKey) => throw new NotImplementedException();
}

/// <summary>A local actor's private key and the key id peers fetch to verify it.</summary>
public sealed class SigningKey(string keyId, RSA privateKey)
{
    /// <summary>The key id peers fetch.</summary>
    public string KeyId { get; } = keyId;

    /// <summary>The private key.</summary>
    public RSA PrivateKey { get; } = privateKey;
}

/// <summary>Signs outgoing requests (INTEROP §3.4).</summary>
public static class HttpSigner
{
    /// <summary>
    /// Sets Host, Date, (POST) Digest, and a draft-cavage <c>Signature</c> (rsa-sha256) over
    /// <c>(request-target) host date digest content-type</c> for POST, <c>(request-target) host date accept</c> for GET.
    /// The body must already be set as bytes; its Content-Type header must be set.
    /// </summary>
    public static void SignCavage(HttpRequestMessage request, ReadOnlySpan<byte> body, SigningKey key, DateTimeOffset now) =>
        throw new NotImplementedException();

    /// <summary>Sets Content-Digest (POST), Signature-Input and Signature per RFC 9421 (rsa-v1_5-sha256, like Fedify).</summary>
    public static void SignRfc9421(HttpRequestMessage request, ReadOnlySpan<byte> body, SigningKey key, DateTimeOffset now) =>
        throw new NotImplementedException();
}

/// <summary>RSA keys as the fediverse exchanges them: SPKI PEM public keys, PKCS#8 PEM private keys.</summary>
public static class RsaKeys
{
    /// <summary>Makes a new RSA-2048 key pair: (private PKCS#8 PEM, public SPKI PEM).</summary>
    public static (string PrivatePem, string PublicPem) Generate() => throw new NotImplementedException();

    /// <summary>Imports a public key PEM (SPKI, or PKCS#1 <c>RSA PUBLIC KEY</c> as some servers send); null when unreadable.</summary>
    public static AsymmetricAlgorithm? ImportPublic(string pem) => throw new NotImplementedException();
}
