using OurSociety.Core.Needs;

namespace OurSociety.Federation.Needs;

/// <summary>
/// Addresses of needs and offers: one for people (HTML) and servers (the ActivityPub id, by content negotiation), like
/// posts. They never change once sent.
/// </summary>
public static class ProposalUrls
{
    /// <summary>Our page for one (here or received).</summary>
    public static string Page(string origin, Proposal proposal)
    {
        ArgumentNullException.ThrowIfNull(proposal);
        return Page(origin, proposal.Kind, proposal.Id);
    }

    public static string Page(string origin, ProposalKind kind, Guid id) => $"{origin}/{ProposalNames.Segment(kind)}/{id:D}";

    /// <summary>The ActivityPub id: ours for those posted here, theirs for received ones.</summary>
    public static string ApId(string origin, Proposal proposal)
    {
        ArgumentNullException.ThrowIfNull(proposal);
        return proposal.ApId ?? Page(origin, proposal);
    }

    /// <summary>Where people read the original: its own server's page for received ones, ours otherwise.</summary>
    public static string Original(string origin, Proposal proposal)
    {
        ArgumentNullException.ThrowIfNull(proposal);
        return proposal.IsLocal ? Page(origin, proposal) : proposal.Url ?? proposal.ApId ?? Page(origin, proposal);
    }

    /// <summary>
    /// True when <paramref name="url"/> has the shape of an Our Society need or offer address (<c>/needs/{id}</c>,
    /// <c>/offers/{id}</c>) on any host: the hint that a boost is of a need or offer rather than a post.
    /// </summary>
    public static bool LooksLikeOne(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            return false;
        }

        var parts = uri.AbsolutePath.Trim('/').Split('/');
        return parts.Length == 2 && parts[0] is "needs" or "offers" && Guid.TryParse(parts[1], out _);
    }
}
