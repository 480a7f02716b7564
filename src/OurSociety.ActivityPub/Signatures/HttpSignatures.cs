using System.Security.Cryptography;

namespace OurSociety.ActivityPub.Signatures;

/// <summary>Verifies draft-cavage and RFC 9421 HTTP signatures (INTEROP §3.1–3.2).</summary>
public static class HttpSignatures
{
    /// <summary>
    /// Checks a request's signature headers without the key: present and well formed, covering
    /// <c>(request-target)</c>/<c>@method</c>+<c>@target-uri</c>, <c>host</c>/<c>@authority</c>, <c>date</c>/<c>created</c>,
    /// and the digest when there is a body; the digest matches the body; the time is inside the window
    /// (now − 65 min … now + 60 min). Never throws on malformed input: every refusal is a short reason in
    /// <see cref="SignatureCheck.Error"/>, fit for a 401 answer.
    /// </summary>
    public static SignatureCheck Parse(IncomingRequest request, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(request);

        // Mastodon selects the same way: RFC 9421 when Signature-Input is present, otherwise draft-cavage.
        if (request.Header("signature-input") is not null)
        {
            return Rfc9421Signatures.Parse(request, now);
        }

        var signature = request.Header("signature");
        if (signature is null)
        {
            return SignatureCheck.Fail("request is not signed");
        }

        return signature.Length > SignatureRules.MaxHeaderLength
            ? SignatureCheck.Fail("Signature header too long")
            : CavageSignatures.Parse(request, signature, now);
    }

    /// <summary>
    /// True when the signature verifies with the key: RSA keys with cavage <c>rsa-sha256</c>/<c>hs2019</c> or RFC 9421
    /// <c>rsa-v1_5-sha256</c> (also when RFC 9421 names no <c>alg</c>) ⇒ PKCS#1 v1.5 SHA-256, <c>rsa-pss-sha512</c> ⇒
    /// PSS SHA-512; ECDSA P-256 keys with <c>ecdsa-p256-sha256</c> (or no <c>alg</c>) ⇒ SHA-256 over r‖s, or with cavage
    /// <c>hs2019</c> ⇒ SHA-256 over a DER signature. Each signing base is tried in turn.
    /// </summary>
    /// <remarks>
    /// Safe to call concurrently with one cached key instance: verification keeps no state in the key object (the
    /// platform creates a fresh context for every operation), and <c>SignatureTests</c> runs it from many threads.
    /// </remarks>
    public static bool Verify(ParsedSignature signature, AsymmetricAlgorithm publicKey)
    {
        ArgumentNullException.ThrowIfNull(signature);
        ArgumentNullException.ThrowIfNull(publicKey);
        var cavage = signature.Spec == SignatureSpec.Cavage;
        switch (publicKey)
        {
            case RSA rsa:
                var (hash, padding) = (cavage, signature.Algorithm) switch
                {
                    (true, "rsa-sha256" or "hs2019") => (HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1),
                    (false, "" or "rsa-v1_5-sha256") => (HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1),
                    (false, "rsa-pss-sha512") => (HashAlgorithmName.SHA512, RSASignaturePadding.Pss),
                    _ => (default, null),
                };
                if (padding is null)
                {
                    return false;
                }

                foreach (var signingBase in signature.SigningBases)
                {
                    if (rsa.VerifyData(signingBase, signature.Signature, hash, padding))
                    {
                        return true;
                    }
                }

                return false;

            case ECDsa ecdsa when ecdsa.KeySize == 256:
                DSASignatureFormat? format = (cavage, signature.Algorithm) switch
                {
                    (true, "hs2019") => DSASignatureFormat.Rfc3279DerSequence,
                    (false, "" or "ecdsa-p256-sha256") => DSASignatureFormat.IeeeP1363FixedFieldConcatenation,
                    _ => null,
                };
                if (format is null)
                {
                    return false;
                }

                foreach (var signingBase in signature.SigningBases)
                {
                    if (ecdsa.VerifyData(signingBase, signature.Signature, HashAlgorithmName.SHA256, format.Value))
                    {
                        return true;
                    }
                }

                return false;

            default:
                return false;
        }
    }

    /// <summary>
    /// True when an RFC 9421 <c>hmac-sha256</c> signature (or one without <c>alg</c>, where the key decides) matches
    /// the shared secret (RFC 9421 §3.3.3).
    /// </summary>
    public static bool VerifyHmac(ParsedSignature signature, byte[] sharedKey)
    {
        ArgumentNullException.ThrowIfNull(signature);
        ArgumentNullException.ThrowIfNull(sharedKey);
        if (signature.Spec != SignatureSpec.Rfc9421 || signature.Algorithm is not ("" or "hmac-sha256"))
        {
            return false;
        }

        Span<byte> mac = stackalloc byte[HMACSHA256.HashSizeInBytes];
        foreach (var signingBase in signature.SigningBases)
        {
            HMACSHA256.HashData(sharedKey, signingBase, mac);
            if (CryptographicOperations.FixedTimeEquals(mac, signature.Signature))
            {
                return true;
            }
        }

        return false;
    }
}
