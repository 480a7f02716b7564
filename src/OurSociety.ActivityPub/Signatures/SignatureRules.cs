using System.Globalization;

namespace OurSociety.ActivityPub.Signatures;

/// <summary>Checks both specifications share: the time window, the Host binding, Unix times (INTEROP §3.1).</summary>
internal static class SignatureRules
{
    /// <summary>Mastodon's effective window for a plain Date: 5 min default expiry + 1 h clock-skew margin behind.</summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromMinutes(65);

    /// <summary>Mastodon's clock-skew margin ahead.</summary>
    public static readonly TimeSpan MaxFuture = TimeSpan.FromMinutes(60);

    /// <summary>Margin after an explicit <c>expires</c>, for clock skew.</summary>
    public static readonly TimeSpan ExpiresMargin = TimeSpan.FromHours(1);

    /// <summary>Longer signature headers are refused before parsing; an RSA-4096 signature is about 700 characters.</summary>
    public const int MaxHeaderLength = 8192;

    public static string? CheckWindow(DateTimeOffset signedAt, DateTimeOffset now, string what)
    {
        if (signedAt < now - MaxAge)
        {
            return what + " is too old";
        }

        return signedAt > now + MaxFuture ? what + " is in the future" : null;
    }

    public static string? CheckExpires(DateTimeOffset? expires, DateTimeOffset now) =>
        expires is { } e && now > e + ExpiresMargin ? "signature has expired" : null;

    /// <summary>
    /// The Host the client sent must name this node (Misskey CVE-2023-49079: a signature for another host replayed
    /// here). Case-insensitive; an explicit default port is the same authority.
    /// </summary>
    public static bool HostMatches(string? host, Uri target)
    {
        if (host is null)
        {
            return false;
        }

        var trimmed = host.AsSpan().Trim();
        return trimmed.Equals(target.Authority, StringComparison.OrdinalIgnoreCase)
            || (target.IsDefaultPort && trimmed.Equals(target.Host + ":" + target.Port.ToString(CultureInfo.InvariantCulture),
                StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>Unix seconds (fraction allowed) to a moment; false outside the representable range.</summary>
    public static bool TryFromUnixSeconds(decimal seconds, out DateTimeOffset value)
    {
        value = default;
        if (seconds is < -62_135_596_800m or > 253_402_300_799m)
        {
            return false;
        }

        value = DateTimeOffset.FromUnixTimeMilliseconds((long)(seconds * 1000m));
        return true;
    }

    public static bool TryParseUnix(string? text, out DateTimeOffset value)
    {
        value = default;
        return text is { Length: > 0 and <= 24 }
            && decimal.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var s)
            && TryFromUnixSeconds(s, out value);
    }

    /// <summary>The target URI as RFC 9421 §2.2.2 rebuilds it: scheme, authority (no default port), path and query.</summary>
    public static string TargetUriText(Uri uri) => uri.Scheme + "://" + uri.Authority + uri.PathAndQuery;
}
