namespace OurSociety.ActivityPub.Signatures;

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

    /// <summary>
    /// The algorithm name as sent or defaulted (<c>rsa-sha256</c>, <c>hs2019</c>, <c>rsa-v1_5-sha256</c>, …). For RFC 9421
    /// without an <c>alg</c> parameter it is the empty string: the key's type decides at <see cref="HttpSignatures.Verify"/>.
    /// </summary>
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

    /// <summary>The covered components / signed header names, lower-case, in the order signed (for logs and policy).</summary>
    public IReadOnlyList<string> Covered { get; init; } = [];
}

/// <summary>The result of <see cref="HttpSignatures.Parse"/>: a signature or the reason it was refused.</summary>
public readonly record struct SignatureCheck(ParsedSignature? Signature, string? Error)
{
    /// <summary>True when the shape checks passed.</summary>
    public bool IsValid => Signature is not null;

    internal static SignatureCheck Fail(string reason) => new(null, reason);
}
