using System.Text;

namespace OurSociety.ActivityPub.Signatures;

/// <summary>draft-cavage-http-signatures-12 as the fediverse uses it (INTEROP §3.1).</summary>
internal static class CavageSignatures
{
    public static SignatureCheck Parse(IncomingRequest request, string header, DateTimeOffset now)
    {
        var text = header.AsSpan().Trim();

        // Old node-http-signature sent the Authorization-style form "Signature keyId=…"; Mastodon tolerates it.
        if (text.StartsWith("Signature ", StringComparison.OrdinalIgnoreCase))
        {
            text = text["Signature ".Length..];
        }

        var parameters = ParseParameters(text);
        if (parameters is null)
        {
            return SignatureCheck.Fail("Signature header malformed");
        }

        if (!parameters.TryGetValue("keyId", out var keyId) || string.IsNullOrWhiteSpace(keyId))
        {
            return SignatureCheck.Fail("Signature has no keyId");
        }

        if (!parameters.TryGetValue("signature", out var signatureText) || signatureText.Length == 0)
        {
            return SignatureCheck.Fail("Signature has no signature value");
        }

        var signature = new byte[signatureText.Length * 3 / 4 + 3];
        if (!Convert.TryFromBase64String(signatureText, signature, out var signatureLength))
        {
            return SignatureCheck.Fail("signature is not base64");
        }

        var algorithm = parameters.TryGetValue("algorithm", out var a) ? a.ToLowerInvariant() : "hs2019";
        if (algorithm is not ("rsa-sha256" or "hs2019"))
        {
            return SignatureCheck.Fail("unsupported signature algorithm");
        }

        var headerList = parameters.TryGetValue("headers", out var h) ? h : algorithm == "hs2019" ? "(created)" : "date";
        var names = headerList.ToLowerInvariant().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (names.Length == 0)
        {
            return SignatureCheck.Fail("Signature covers no headers");
        }

        // CAV12 §2.3: (created) and (expires) only exist for algorithms that do not imply a hash (hs2019).
        parameters.TryGetValue("created", out var createdText);
        parameters.TryGetValue("expires", out var expiresText);
        DateTimeOffset? created = null, expires = null;
        if (createdText is not null)
        {
            if (algorithm != "hs2019")
            {
                return SignatureCheck.Fail("created is only allowed with hs2019");
            }

            if (!SignatureRules.TryParseUnix(createdText, out var c))
            {
                return SignatureCheck.Fail("created is not a Unix time");
            }

            created = c;
        }

        if (expiresText is not null)
        {
            if (algorithm != "hs2019")
            {
                return SignatureCheck.Fail("expires is only allowed with hs2019");
            }

            if (!SignatureRules.TryParseUnix(expiresText, out var e))
            {
                return SignatureCheck.Fail("expires is not a Unix time");
            }

            expires = e;
        }

        var coversCreated = names.Contains("(created)");
        var coversDate = names.Contains("date");
        if (!names.Contains("(request-target)"))
        {
            return SignatureCheck.Fail("signature does not cover (request-target)");
        }

        if (!names.Contains("host"))
        {
            return SignatureCheck.Fail("signature does not cover host");
        }

        if (!coversDate && !coversCreated)
        {
            return SignatureCheck.Fail("signature does not cover date or (created)");
        }

        if (request.HasBody && !names.Contains("digest"))
        {
            return SignatureCheck.Fail("signature does not cover digest");
        }

        if ((coversCreated && created is null) || (names.Contains("(expires)") && expires is null))
        {
            return SignatureCheck.Fail("signed (created)/(expires) without its parameter");
        }

        DateTimeOffset signedAt = default;
        if (coversDate)
        {
            if (!HttpDates.TryParse(request.Header("date")?.Trim(), out signedAt))
            {
                return SignatureCheck.Fail("Date header missing or not an HTTP date");
            }

            if (SignatureRules.CheckWindow(signedAt, now, "Date") is { } dateError)
            {
                return SignatureCheck.Fail(dateError);
            }
        }

        if (created is { } createdAt)
        {
            if (SignatureRules.CheckWindow(createdAt, now, "created") is { } createdError)
            {
                return SignatureCheck.Fail(createdError);
            }

            signedAt = coversCreated || !coversDate ? createdAt : signedAt;
        }

        if (SignatureRules.CheckExpires(expires, now) is { } expiredError)
        {
            return SignatureCheck.Fail(expiredError);
        }

        if (!SignatureRules.HostMatches(request.Header("host"), request.TargetUri))
        {
            return SignatureCheck.Fail("Host header does not name this server");
        }

        if ((request.HasBody || names.Contains("digest"))
            && Digests.CheckDigestHeader(request.Header("digest"), request.Body.Span) is { } digestError)
        {
            return SignatureCheck.Fail(digestError);
        }

        var query = request.TargetUri.Query;
        var withQuery = BuildSigningString(request, names, createdText, expiresText, includeQuery: true, out var missing);
        if (withQuery is null)
        {
            return SignatureCheck.Fail("signed header " + missing + " is missing");
        }

        // Fedify and older Mastodon sign the path without the query; M ≥ 4.2.4 and GtS ≥ 0.14 try both, as do we.
        IReadOnlyList<byte[]> bases = query.Length > 1
            ? [withQuery, BuildSigningString(request, names, createdText, expiresText, includeQuery: false, out _)!]
            : [withQuery];

        return new SignatureCheck(new ParsedSignature
        {
            Spec = SignatureSpec.Cavage,
            KeyId = keyId,
            Algorithm = algorithm,
            Signature = signature.AsSpan(0, signatureLength).ToArray(),
            SigningBases = bases,
            Created = signedAt,
            Covered = names,
        }, null);
    }

    private static byte[]? BuildSigningString(IncomingRequest request, string[] names, string? created, string? expires,
        bool includeQuery, out string? missing)
    {
        missing = null;
        var sb = new StringBuilder(256);
        foreach (var name in names)
        {
            if (sb.Length > 0)
            {
                sb.Append('\n');
            }

            sb.Append(name).Append(": ");
            switch (name)
            {
                case "(request-target)":
                    sb.Append(request.Method.ToLowerInvariant()).Append(' ').Append(request.TargetUri.AbsolutePath);
                    if (includeQuery)
                    {
                        sb.Append(request.TargetUri.Query);
                    }

                    break;
                case "(created)":
                    sb.Append(created);
                    break;
                case "(expires)":
                    sb.Append(expires);
                    break;
                default:
                    var value = name.StartsWith('(') ? null : request.Header(name);
                    if (value is null)
                    {
                        missing = name;
                        return null;
                    }

                    sb.Append(value.AsSpan().Trim());
                    break;
            }
        }

        return Encoding.UTF8.GetBytes(sb.ToString());
    }

    /// <summary>
    /// <c>name="quoted", name=token</c> pairs separated by commas. Null on anything else, including a repeated name
    /// (which value would the signer have meant?).
    /// </summary>
    internal static Dictionary<string, string>? ParseParameters(ReadOnlySpan<char> text)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        var i = 0;
        while (true)
        {
            while (i < text.Length && text[i] is ' ' or '\t')
            {
                i++;
            }

            if (i >= text.Length)
            {
                return result.Count > 0 ? result : null;
            }

            var nameStart = i;
            while (i < text.Length && (char.IsAsciiLetterOrDigit(text[i]) || text[i] is '-' or '_'))
            {
                i++;
            }

            if (i == nameStart)
            {
                return null;
            }

            var name = text[nameStart..i].ToString();
            while (i < text.Length && text[i] is ' ' or '\t')
            {
                i++;
            }

            if (i >= text.Length || text[i] != '=')
            {
                return null;
            }

            i++;
            while (i < text.Length && text[i] is ' ' or '\t')
            {
                i++;
            }

            string value;
            if (i < text.Length && text[i] == '"')
            {
                i++;
                var sb = new StringBuilder();
                while (i < text.Length && text[i] != '"')
                {
                    if (text[i] == '\\' && i + 1 < text.Length)
                    {
                        i++;
                    }

                    sb.Append(text[i]);
                    i++;
                }

                if (i >= text.Length)
                {
                    return null;
                }

                i++;
                value = sb.ToString();
            }
            else
            {
                var valueStart = i;
                while (i < text.Length && text[i] != ',')
                {
                    i++;
                }

                value = text[valueStart..i].Trim().ToString();
            }

            if (!result.TryAdd(name, value))
            {
                return null;
            }

            while (i < text.Length && text[i] is ' ' or '\t')
            {
                i++;
            }

            if (i < text.Length)
            {
                if (text[i] != ',')
                {
                    return null;
                }

                i++;
            }
        }
    }
}
