using System.Security.Cryptography;
using System.Text;
using OurSociety.Core.Hubs;

namespace OurSociety.Web.Pages;

/// <summary>
/// The hub's accent colour on every page: a few bytes of CSS in the head (<c>:root{--accent:#…}</c>), so no
/// stylesheet request depends on the hub and site.css stays cacheable. The content security policy allows exactly
/// this text by its hash: no other inline style can run.
/// </summary>
internal static class HubStyle
{
    private static volatile Cached? _last;

    /// <summary>The CSS, or null when the hub keeps site.css's own colour.</summary>
    public static string? Css(HubProfile hub) => AccentColour.Normalize(hub.Accent) is { } accent ? $":root{{--accent:{accent}}}" : null;

    /// <summary>The CSP source that allows <see cref="Css"/> (<c>'sha256-…'</c>), or null when there is none.</summary>
    public static string? CspSource(HubProfile hub)
    {
        if (Css(hub) is not { } css)
        {
            return null;
        }

        // One hub, one colour at a time: remembered, so a page does not hash the same few bytes again.
        if (_last is { } last && last.Accent == hub.Accent)
        {
            return last.Hash;
        }

        var hash = $"'sha256-{Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(css)))}'";
        _last = new Cached(hub.Accent, hash);
        return hash;
    }

    /// <summary>A class, so the pair is read and written whole by concurrent requests.</summary>
    private sealed record Cached(string Accent, string Hash);
}
