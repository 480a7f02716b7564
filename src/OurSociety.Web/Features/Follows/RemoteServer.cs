using OurSociety.ActivityPub.Discovery;
using OurSociety.Core.Federation;

namespace OurSociety.Web.Features.Follows;

/// <summary>
/// "Follow from your own server": what a visitor types as their server, turned into the address of its remote-follow
/// page. Mastodon, GoToSocial, Akkoma and Misskey forks answer <c>/authorize_interaction?uri=</c>.
/// </summary>
internal static class RemoteServer
{
    /// <summary>Longest input read: a DNS name has at most 253 characters, plus a scheme, port and slash.</summary>
    public const int MaxLength = 300;

    /// <summary>
    /// The server's authority (<c>host[:port]</c>, normalised) from <c>mastodon.social</c>, <c>https://mastodon.social/</c>
    /// or the visitor's own <c>@me@mastodon.social</c>; null for anything else. A bare word is refused: a public server
    /// has a dotted name, and a typo like "mastodon" would send the visitor nowhere.
    /// </summary>
    public static string? Parse(string? input)
    {
        if (string.IsNullOrWhiteSpace(input) || input.Length > MaxLength)
        {
            return null;
        }

        var text = input.Trim();
        string? authority;
        if (text.StartsWith("https://", StringComparison.OrdinalIgnoreCase) || text.StartsWith("http://", StringComparison.OrdinalIgnoreCase))
        {
            authority = Origins.Normalize(text) is { } origin ? origin[(origin.IndexOf("://", StringComparison.Ordinal) + 3)..] : null;
        }
        else if (text.Contains('@', StringComparison.Ordinal))
        {
            authority = Handle.TryParse(text)?.Host;
        }
        else
        {
            authority = Origins.NormalizeAuthority(text.EndsWith('/') ? text[..^1] : text);
        }

        if (authority is null)
        {
            return null;
        }

        var host = authority.StartsWith('[') ? authority : authority.Split(':')[0];
        return host.StartsWith('[') || host.Contains('.', StringComparison.Ordinal) ? authority : null;
    }

    /// <summary>The server's remote-interaction page for <paramref name="actorId"/>. Always https: servers are.</summary>
    public static string AuthorizeInteractionUrl(string authority, string actorId) =>
        $"https://{authority}/authorize_interaction?uri={Uri.EscapeDataString(actorId)}";
}
