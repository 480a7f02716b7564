using OurSociety.ActivityPub.Discovery;
using OurSociety.Core;
using OurSociety.Core.Federation;
using OurSociety.Core.Introductions;
using OurSociety.Core.Moderation;
using OurSociety.Federation;
using OurSociety.Federation.Follows;
using OurSociety.Federation.Introductions;

namespace OurSociety.Web.Features.Introductions;

/// <summary>
/// Turns what a glue-er typed for a party into someone the service can check: <c>@name</c>, <c>name</c>,
/// <c>@name@thishub</c> or a link to a profile here is a member here (looked up by the service); anything else is
/// looked up where it lives, as a follow is (WebFinger and the actor, at most <see cref="FollowService.LookupLimit"/>:
/// the one wait a person may have). Used by the API and the pages. Our own hub (<c>@hub</c>, its handle or address)
/// is a party its admins answer for; a hub elsewhere is a <c>Group</c>, and only one on Our Society can answer, so a
/// group on other software (Lemmy…) is refused here, as is anyone on a domain this hub does not deal with.
/// </summary>
public sealed class IntroductionParties(FollowService follows, NodeIdentity node, OurSociety.Federation.Actors.LocalActors locals, IDomainRules domains)
{
    /// <summary>The candidate, or null with the field's message when it cannot be found; null and null when nothing was typed.</summary>
    public async Task<(IntroductionCandidate? Candidate, string? Error)> ResolveAsync(string? typed, CancellationToken ct)
    {
        var text = typed?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            return (null, null);
        }

        if (LocalUsername(text) is { } username)
        {
            return string.Equals(username, locals.HubUsername, StringComparison.OrdinalIgnoreCase)
                ? (new IntroductionCandidate.OurHub(), null)
                : (new IntroductionCandidate.Local(username), null);
        }

        // A blocked (or, in allowlist mode, not allowed) domain is refused before any lookup, and again after it: an
        // actor stored before the block is not fetched again.
        if (HostOf(text) is { } typedHost && await RefusedAsync(typedHost, ct) is { } typedRefusal)
        {
            return (null, typedRefusal);
        }

        return await follows.ResolveAsync(text, ct) switch
        {
            Outcome<RemoteActor>.Ok(var actor) when await RefusedAsync(actor.Host, ct) is { } refusal => (null, refusal),
            Outcome<RemoteActor>.Ok(var actor) when IsGroup(actor) && IntroductionChannels.Of(actor) != PartyChannel.Offer =>
                (null, CoreText.Get("Introduction.NotOurSocietyHub")),
            Outcome<RemoteActor>.Ok(var actor) => (new IntroductionCandidate.Remote(actor, IntroductionChannels.Of(actor)), null),
            Outcome<RemoteActor>.Invalid(var errors) => (null, errors.Values.SelectMany(m => m).FirstOrDefault() ?? CoreText.Get("Follow.BadTarget")),
            _ => (null, CoreText.Get("Follow.BadTarget")),
        };
    }

    private static bool IsGroup(RemoteActor actor) => string.Equals(actor.Type, "Group", StringComparison.Ordinal);

    private async Task<string?> RefusedAsync(string host, CancellationToken ct) =>
        (await domains.ForAsync(host, ct)).Federates ? null : CoreText.Format("Introduction.DomainBlocked", ("host", host));

    /// <summary>The host a typed handle or address names, or null.</summary>
    private static string? HostOf(string text)
    {
        if (Uri.TryCreate(text, UriKind.Absolute, out var uri))
        {
            return uri.Scheme is "https" or "http" ? uri.Host : null;
        }

        var bare = text.TrimStart('@');
        var at = bare.IndexOf('@', StringComparison.Ordinal);
        return at > 0 && at < bare.Length - 1 ? bare[(at + 1)..] : null;
    }

    /// <summary>The username when <paramref name="text"/> names a member here, else null.</summary>
    public string? LocalUsername(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http")
        {
            var url = uri.GetLeftPart(UriPartial.Path).TrimEnd('/');
            if (!Origins.SameOrigin(url, node.Origin))
            {
                return null;
            }

            var profile = node.Origin + "/@";
            return url.StartsWith(profile, StringComparison.Ordinal) && !url[profile.Length..].Contains('/', StringComparison.Ordinal)
                ? Uri.UnescapeDataString(url[profile.Length..])
                : ApUrls.LocalUsername(node.Origin, url);
        }

        var bare = text.TrimStart('@');
        var at = bare.IndexOf('@', StringComparison.Ordinal);
        if (at < 0)
        {
            return bare.Length > 0 && !bare.Contains('/', StringComparison.Ordinal) && !bare.Contains(':', StringComparison.Ordinal) ? bare : null;
        }

        return string.Equals(bare[(at + 1)..], node.Authority, StringComparison.OrdinalIgnoreCase) && at > 0 ? bare[..at] : null;
    }
}
