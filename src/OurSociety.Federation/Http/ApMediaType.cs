using System.Net.Http.Headers;

namespace OurSociety.Federation.Http;

/// <summary>The media types of ActivityPub documents (AP §3.2).</summary>
public static class ApMediaType
{
    public const string ActivityJson = "application/activity+json";
    public const string LdJson = "application/ld+json";
    public const string Profile = "https://www.w3.org/ns/activitystreams";

    /// <summary>What a signed GET asks for, as Mastodon sends it.</summary>
    public const string Accept = $"{ActivityJson}, {LdJson}; profile=\"{Profile}\"";

    /// <summary>
    /// True for <c>application/activity+json</c>, or <c>application/ld+json</c> with the ActivityStreams profile. Plain
    /// <c>application/json</c> is not enough: any uploaded file is served as JSON by someone, and a document that
    /// is not declared ActivityPub must not be taken as one (Mastodon CVE-2024-25623, Misskey CVE-2024-25636).
    /// </summary>
    public static bool IsActivityPub(MediaTypeHeaderValue? type)
    {
        if (type?.MediaType is not { } media)
        {
            return false;
        }

        if (media.Equals(ActivityJson, StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        // profile may be a space-separated list (RFC 6906), quoted or not.
        return media.Equals(LdJson, StringComparison.OrdinalIgnoreCase) && type.Parameters.Any(p =>
            p.Name.Equals("profile", StringComparison.OrdinalIgnoreCase)
            && (p.Value ?? "").Trim('"').Split(' ', StringSplitOptions.RemoveEmptyEntries).Contains(Profile, StringComparer.Ordinal));
    }

    /// <summary>The same check for a media type written as text (a WebFinger link's <c>type</c>).</summary>
    public static bool IsActivityPub(string? type) =>
        MediaTypeHeaderValue.TryParse(type, out var parsed) && IsActivityPub(parsed);
}
