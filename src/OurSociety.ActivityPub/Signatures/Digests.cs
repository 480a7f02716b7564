using System.Security.Cryptography;

namespace OurSociety.ActivityPub.Signatures;

/// <summary>Body digests: the legacy <c>Digest</c> header (RFC 3230) and <c>Content-Digest</c> (RFC 9530).</summary>
public static class Digests
{
    /// <summary>The <c>Digest</c> header value for a body, as Mastodon sends it: <c>SHA-256=&lt;base64&gt;</c>.</summary>
    public static string DigestHeader(ReadOnlySpan<byte> body) => "SHA-256=" + Sha256Base64(body);

    /// <summary>The <c>Content-Digest</c> header value for a body: <c>sha-256=:&lt;base64&gt;:</c>.</summary>
    public static string ContentDigestHeader(ReadOnlySpan<byte> body) => "sha-256=:" + Sha256Base64(body) + ":";

    /// <summary>
    /// Checks a <c>Digest</c> header against the raw body: a comma-separated list of <c>alg=base64</c> pairs whose
    /// algorithm names compare case-insensitively; a SHA-256 entry of 32 bytes is required and must match, and any
    /// SHA-512 entry must match too. Returns null when it matches, else the reason.
    /// </summary>
    public static string? CheckDigestHeader(string? header, ReadOnlySpan<byte> body)
    {
        if (string.IsNullOrWhiteSpace(header))
        {
            return "Digest header missing";
        }

        var sawSha256 = false;
        foreach (var range in header.AsSpan().Split(','))
        {
            var entry = header.AsSpan(range).Trim();
            var eq = entry.IndexOf('=');
            if (eq <= 0)
            {
                return "Digest header malformed";
            }

            var algorithm = entry[..eq].Trim();
            var value = entry[(eq + 1)..].Trim();
            if (algorithm.Equals("sha-256", StringComparison.OrdinalIgnoreCase))
            {
                if (!MatchesBase64(value, body, HashAlgorithmName.SHA256))
                {
                    return "Digest does not match the body";
                }

                sawSha256 = true;
            }
            else if (algorithm.Equals("sha-512", StringComparison.OrdinalIgnoreCase)
                && !MatchesBase64(value, body, HashAlgorithmName.SHA512))
            {
                return "Digest does not match the body";
            }
        }

        return sawSha256 ? null : "Digest has no SHA-256 value";
    }

    /// <summary>
    /// Checks a <c>Content-Digest</c> dictionary against the raw body: <c>sha-256</c> or <c>sha-512</c> must be present
    /// and every one present must match; other algorithms are ignored. Returns null when it matches, else the reason.
    /// </summary>
    public static string? CheckContentDigest(string? header, ReadOnlySpan<byte> body)
    {
        if (string.IsNullOrWhiteSpace(header))
        {
            return "Content-Digest header missing";
        }

        var dictionary = StructuredFields.ParseDictionary(header);
        if (dictionary is null)
        {
            return "Content-Digest header malformed";
        }

        var sawKnown = false;
        foreach (var (algorithm, member) in dictionary)
        {
            var hash = algorithm switch
            {
                "sha-256" => HashAlgorithmName.SHA256,
                "sha-512" => HashAlgorithmName.SHA512,
                _ => default,
            };
            if (hash == default)
            {
                continue;
            }

            if (member.IsInnerList || member.Item.Value.Kind != SfKind.ByteSequence
                || !Matches(member.Item.Value.Bytes!, body, hash))
            {
                return "Content-Digest does not match the body";
            }

            sawKnown = true;
        }

        return sawKnown ? null : "Content-Digest has no sha-256 or sha-512 value";
    }

    private static string Sha256Base64(ReadOnlySpan<byte> body)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(body, hash);
        return Convert.ToBase64String(hash);
    }

    private static bool MatchesBase64(ReadOnlySpan<char> base64, ReadOnlySpan<byte> body, HashAlgorithmName hash)
    {
        Span<byte> claimed = stackalloc byte[SHA512.HashSizeInBytes + 3];
        return Convert.TryFromBase64Chars(base64, claimed, out var written) && Matches(claimed[..written], body, hash);
    }

    private static bool Matches(ReadOnlySpan<byte> claimed, ReadOnlySpan<byte> body, HashAlgorithmName hash)
    {
        Span<byte> actual = stackalloc byte[SHA512.HashSizeInBytes];
        int length;
        if (hash == HashAlgorithmName.SHA256)
        {
            length = SHA256.HashData(body, actual);
        }
        else
        {
            length = SHA512.HashData(body, actual);
        }

        // Length first: a 31-byte or 33-byte claim is wrong whatever its bytes are.
        return claimed.Length == length && CryptographicOperations.FixedTimeEquals(claimed, actual[..length]);
    }
}
