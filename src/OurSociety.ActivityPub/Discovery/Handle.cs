using System.Globalization;

namespace OurSociety.ActivityPub.Discovery;

/// <summary>A fediverse handle <c>user@host[:port]</c>, parsed from <c>@user@host</c>, <c>user@host</c> or <c>acct:user@host</c>.</summary>
public sealed record Handle(string User, string Host)
{
    /// <summary>Longest user part accepted (Mastodon's hard limit for remote usernames, INTEROP §1.1).</summary>
    public const int MaxUserLength = 2048;

    /// <summary>Parses and normalises (host lower-case, IDN to punycode, one trailing dot removed); null when malformed.</summary>
    /// <remarks>
    /// Refuses rather than repairs: a handle with a slash, a backslash, whitespace, a second <c>@</c> or user info in its
    /// host is an attempt to name one server while showing another (Mastodon CVE-2023-42451 stripped the slash from
    /// <c>user@mastodon.so/cial</c> and so resolved it as <c>mastodon.social</c>). Surrounding whitespace from a copy and
    /// paste is ignored.
    /// </remarks>
    public static Handle? TryParse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var s = text.Trim();
        if (s.StartsWith("acct:", StringComparison.OrdinalIgnoreCase))
        {
            s = s[5..];
        }
        else if (s.StartsWith('@'))
        {
            s = s[1..];
        }

        var at = s.IndexOf('@', StringComparison.Ordinal);
        if (at <= 0 || at != s.LastIndexOf('@') || at == s.Length - 1)
        {
            return null;
        }

        var user = s[..at];
        if (user.Length > MaxUserLength || !user.All(IsUserChar))
        {
            return null;
        }

        return Origins.NormalizeAuthority(s[(at + 1)..]) is { } host ? new Handle(user, host) : null;
    }

    /// <summary>The handle as <c>user@host</c>.</summary>
    public override string ToString() => $"{User}@{Host}";

    /// <summary>The handle as a WebFinger resource, <c>acct:user@host</c>.</summary>
    public string ToAcct() => $"acct:{User}@{Host}";

    // Letters, digits, '_', '.', '-' cover Mastodon, Misskey, Lemmy, GoToSocial and Pleroma names; '~' and '+' are not
    // used by any and would need escaping in URLs.
    private static bool IsUserChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-';
}

/// <summary>Origin rules: one normal form for hosts and origins, compared ordinally (INTEROP §7.9).</summary>
public static class Origins
{
    private static readonly IdnMapping Idn = new() { UseStd3AsciiRules = true };

    /// <summary>
    /// <c>scheme://host[:port]</c> of an absolute http(s) URL: lower case, IDN host in punycode, one trailing dot removed,
    /// default port left out. Null for other schemes, user info, or an empty or invalid host.
    /// </summary>
    public static string? Normalize(Uri? uri)
    {
        if (uri is not { IsAbsoluteUri: true } || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp)
            || uri.UserInfo.Length > 0 || NormalizeHost(uri) is not { } host)
        {
            return null;
        }

        return uri.IsDefaultPort ? $"{uri.Scheme}://{host}" : $"{uri.Scheme}://{host}:{uri.Port.ToString(CultureInfo.InvariantCulture)}";
    }

    /// <summary>The normal origin of a URL given as text, or null (see <see cref="Normalize(Uri)"/>).</summary>
    public static string? Normalize(string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && !HasForbiddenChars(url!) ? Normalize(uri) : null;

    /// <summary>True when both URLs are valid and have the same normal origin (scheme, host and port).</summary>
    public static bool SameOrigin(string? a, string? b) =>
        Normalize(a) is { } x && Normalize(b) is { } y && string.Equals(x, y, StringComparison.Ordinal);

    /// <summary>The normal host of a URL (no scheme, no port), or null.</summary>
    public static string? HostOf(string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && !HasForbiddenChars(url!) ? NormalizeHost(uri) : null;

    /// <summary>
    /// Normalises a bare authority <c>host[:port]</c> as handles carry it: null when it holds anything else (a path,
    /// user info, a backslash, whitespace). A port is kept unless it is 443, the default for https.
    /// </summary>
    public static string? NormalizeAuthority(string? authority)
    {
        if (string.IsNullOrEmpty(authority) || HasForbiddenChars(authority)
            || authority.AsSpan().IndexOfAny("/?#@%") >= 0)
        {
            return null;
        }

        if (!Uri.TryCreate("https://" + authority + "/", UriKind.Absolute, out var uri)
            || uri.AbsolutePath != "/" || uri.Query.Length > 0 || uri.Fragment.Length > 0 || uri.UserInfo.Length > 0)
        {
            return null;
        }

        return NormalizeHost(uri) is { } host
            ? uri.IsDefaultPort ? host : $"{host}:{uri.Port.ToString(CultureInfo.InvariantCulture)}"
            : null;
    }

    private static string? NormalizeHost(Uri uri)
    {
        switch (uri.HostNameType)
        {
            case UriHostNameType.IPv4:
                return uri.Host;
            case UriHostNameType.IPv6:
                return uri.Host.StartsWith('[') ? uri.Host.ToLowerInvariant() : $"[{uri.Host.ToLowerInvariant()}]";
            case UriHostNameType.Dns:
                break;
            default:
                return null;
        }

        var host = uri.Host;
        if (host.EndsWith('.'))
        {
            host = host[..^1];   // one trailing dot: "example.com." is the same DNS name, a second one is not a name
        }

        if (host.Length == 0 || host.EndsWith('.'))
        {
            return null;
        }

        try
        {
            return Idn.GetAscii(host).ToLowerInvariant();
        }
        catch (ArgumentException)
        {
            return null;   // not a valid (internationalised) DNS name
        }
    }

    private static bool HasForbiddenChars(string text) =>
        text.Contains('\\', StringComparison.Ordinal) || text.Any(char.IsWhiteSpace) || text.Any(char.IsControl);
}
