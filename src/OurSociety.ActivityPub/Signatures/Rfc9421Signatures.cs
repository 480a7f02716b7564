using System.Text;

namespace OurSociety.ActivityPub.Signatures;

/// <summary>RFC 9421 HTTP Message Signatures for requests (INTEROP §3.2).</summary>
internal static class Rfc9421Signatures
{
    /// <summary>The algorithms we can verify; ed25519 is not among them (not needed by any peer we target).</summary>
    private static readonly string[] KnownAlgorithms = ["rsa-v1_5-sha256", "rsa-pss-sha512", "ecdsa-p256-sha256", "hmac-sha256"];

    /// <param name="request">The request.</param>
    /// <param name="now">The current time.</param>
    /// <param name="enforcePolicy">
    /// False only for the RFC's own Appendix B vectors, which cover too little for our inbox and are years old: it skips
    /// the coverage and time-window rules but still checks shape, digests and the signature base.
    /// </param>
    /// <param name="label">A signature label to pick; null picks the first one that has a <c>keyid</c>.</param>
    public static SignatureCheck Parse(IncomingRequest request, DateTimeOffset now, bool enforcePolicy = true, string? label = null)
    {
        var inputHeader = request.Header("signature-input");
        var signatureHeader = request.Header("signature");
        if (inputHeader is null || signatureHeader is null)
        {
            return SignatureCheck.Fail("Signature-Input needs a Signature header");
        }

        if (inputHeader.Length > SignatureRules.MaxHeaderLength || signatureHeader.Length > SignatureRules.MaxHeaderLength)
        {
            return SignatureCheck.Fail("signature headers too long");
        }

        var inputs = StructuredFields.ParseDictionary(inputHeader);
        if (inputs is null)
        {
            return SignatureCheck.Fail("Signature-Input malformed");
        }

        var signatures = StructuredFields.ParseDictionary(signatureHeader);
        if (signatures is null)
        {
            return SignatureCheck.Fail("Signature malformed");
        }

        SfMember? input = null;
        foreach (var (name, member) in inputs)
        {
            if ((label is null || name == label) && member.IsInnerList && member.Item.Parameter("keyid")?.Kind == SfKind.String)
            {
                label = name;
                input = member;
                break;
            }
        }

        if (input is null)
        {
            return SignatureCheck.Fail("Signature-Input has no signature with a keyid");
        }

        var signatureMember = signatures.Find(kv => kv.Key == label).Value;
        if (signatureMember is null || signatureMember.IsInnerList || signatureMember.Item.Value.Kind != SfKind.ByteSequence)
        {
            return SignatureCheck.Fail("Signature has no value for " + label);
        }

        var keyId = input.Item.Parameter("keyid")!.Value.Text!;
        if (input.Item.Parameter("created") is not { Kind: SfKind.Integer } createdItem
            || !SignatureRules.TryFromUnixSeconds(createdItem.Number, out var created))
        {
            return SignatureCheck.Fail("Signature-Input has no integer created");
        }

        DateTimeOffset? expires = null;
        if (input.Item.Parameter("expires") is { } expiresItem)
        {
            if (expiresItem.Kind != SfKind.Integer || !SignatureRules.TryFromUnixSeconds(expiresItem.Number, out var e))
            {
                return SignatureCheck.Fail("Signature-Input expires is not an integer");
            }

            expires = e;
        }

        var algorithm = "";
        if (input.Item.Parameter("alg") is { } algItem)
        {
            if (algItem.Kind != SfKind.String || !KnownAlgorithms.Contains(algItem.Text))
            {
                return SignatureCheck.Fail("unsupported signature algorithm");
            }

            algorithm = algItem.Text!;
        }

        var components = input.InnerList!;
        var covered = new List<string>(components.Count);
        foreach (var component in components)
        {
            if (component.Value.Kind != SfKind.String)
            {
                return SignatureCheck.Fail("Signature-Input component is not a string");
            }

            var id = Serialize(component);
            if (covered.Contains(id))
            {
                return SignatureCheck.Fail("Signature-Input repeats a component");
            }

            covered.Add(id);
        }

        if (enforcePolicy)
        {
            if (!covered.Contains("\"@method\"") || !covered.Contains("\"@target-uri\""))
            {
                return SignatureCheck.Fail("signature does not cover @method and @target-uri");
            }

            if (request.HasBody && !covered.Contains("\"content-digest\""))
            {
                return SignatureCheck.Fail("signature does not cover content-digest");
            }

            if ((SignatureRules.CheckWindow(created, now, "created") ?? SignatureRules.CheckExpires(expires, now)) is { } timeError)
            {
                return SignatureCheck.Fail(timeError);
            }
        }

        if (covered.Contains("\"host\"") && !SignatureRules.HostMatches(request.Header("host"), request.TargetUri))
        {
            return SignatureCheck.Fail("Host header does not name this server");
        }

        if ((request.HasBody || covered.Contains("\"content-digest\""))
            && Digests.CheckContentDigest(request.Header("content-digest"), request.Body.Span) is { } digestError)
        {
            return SignatureCheck.Fail(digestError);
        }

        var signatureBase = new StringBuilder(512);
        for (var i = 0; i < components.Count; i++)
        {
            var value = ComponentValue(request, components[i], out var error);
            if (value is null)
            {
                return SignatureCheck.Fail(error!);
            }

            signatureBase.Append(covered[i]).Append(": ").Append(value).Append('\n');
        }

        // §2.3: the parameters line is the inner list exactly as the signer serialized it.
        signatureBase.Append("\"@signature-params\": ").Append(input.RawText);

        return new SignatureCheck(new ParsedSignature
        {
            Spec = SignatureSpec.Rfc9421,
            KeyId = keyId,
            Algorithm = algorithm,
            Signature = signatureMember.Item.Value.Bytes!,
            SigningBases = [Encoding.UTF8.GetBytes(signatureBase.ToString())],
            Created = created,
            Covered = [.. components.Select(c => c.Value.Text!)],
        }, null);
    }

    private static string Serialize(SfItem component)
    {
        var sb = new StringBuilder(component.Value.ToString());
        foreach (var (key, value) in component.Parameters)
        {
            sb.Append(';').Append(key);
            if (value is not { Kind: SfKind.Boolean, Flag: true })
            {
                sb.Append('=').Append(value.ToString());
            }
        }

        return sb.ToString();
    }

    private static string? ComponentValue(IncomingRequest request, SfItem component, out string? error)
    {
        error = null;
        var name = component.Value.Text!;
        var uri = request.TargetUri;
        var parameters = component.Parameters;

        // Field parameters (sf, key, bs, req, tr) change how a value is serialized; nobody in the fediverse uses
        // them, so they are refused rather than half-supported. @query-param needs exactly its name parameter.
        var allowed = name == "@query-param" ? 1 : 0;
        if (parameters.Count != allowed || (allowed == 1 && component.Parameter("name") is not { Kind: SfKind.String }))
        {
            error = "unsupported component parameters on " + name;
            return null;
        }

        string? value = name switch
        {
            "@method" => request.Method,
            "@target-uri" => SignatureRules.TargetUriText(uri),
            "@authority" => uri.Authority.ToLowerInvariant(),
            "@scheme" => uri.Scheme.ToLowerInvariant(),
            "@request-target" => uri.PathAndQuery,
            "@path" => uri.AbsolutePath.Length == 0 ? "/" : uri.AbsolutePath,
            "@query" => uri.Query.Length == 0 ? "?" : uri.Query,
            "@query-param" => QueryParam(uri.Query, component.Parameter("name")!.Value.Text!),
            _ when name.StartsWith('@') => null,
            _ when !IsFieldName(name) => null,
            _ => request.Header(name)?.Trim(),
        };
        if (value is null)
        {
            error = name.StartsWith('@') || !IsFieldName(name)
                ? "unsupported component " + name
                : "covered component " + name + " is missing";
        }

        // Field values may not carry line breaks into the base (they would forge extra lines).
        else if (value.AsSpan().IndexOfAny('\r', '\n') >= 0)
        {
            error = "covered component " + name + " has a line break";
            return null;
        }

        return value;
    }

    /// <summary>RFC 9421 §2.1: field component names are lower-case; anything else names nothing we can rebuild.</summary>
    private static bool IsFieldName(string name) => name.Length > 0 && !name.AsSpan().ContainsAnyInRange('A', 'Z');

    /// <summary>§2.2.8: the one value of a named query parameter, decoded then re-encoded; null when absent or repeated.</summary>
    private static string? QueryParam(string query, string name)
    {
        string? found = null;
        foreach (var range in query.AsSpan().TrimStart('?').Split('&'))
        {
            var pair = query.AsSpan().TrimStart('?')[range];
            var eq = pair.IndexOf('=');
            var key = Decode(eq < 0 ? pair : pair[..eq]);
            if (key != name)
            {
                continue;
            }

            if (found is not null)
            {
                return null;
            }

            found = Uri.EscapeDataString(Decode(eq < 0 ? [] : pair[(eq + 1)..]));
        }

        return found;
    }

    private static string Decode(ReadOnlySpan<char> text) => Uri.UnescapeDataString(text.ToString().Replace('+', ' '));
}
