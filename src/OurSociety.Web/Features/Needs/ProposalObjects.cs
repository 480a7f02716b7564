using OurSociety.Core.Needs;
using OurSociety.Federation;
using OurSociety.Federation.Needs;
using OurSociety.Web.Features.Federation;

namespace OurSociety.Web.Features.Needs;

/// <summary>
/// Serves a need or offer posted here as its ActivityPub object at its page address when a server asks for JSON (a
/// hub's boost names it by id, so Mastodon fetches it here); a Tombstone with 410 once deleted. They are public.
/// </summary>
internal sealed class ProposalObjects(IProposalStore proposals, ProposalFederation federation, SignedFetch signedFetch, NodeIdentity node)
{
    public async Task<IResult> ServeAsync(HttpContext http, ProposalKind kind, Guid id, CancellationToken ct)
    {
        var proposal = await proposals.FindAsync(id, ct);
        if (proposal is null || proposal.Kind != kind || !proposal.IsLocal)
        {
            return ApResults.Refuse(StatusCodes.Status404NotFound, "no such object");
        }

        if (proposal.IsDeleted)
        {
            return ApResults.Json(http, ProposalDocuments.Tombstone(ProposalUrls.Page(node.Origin, proposal), proposal.DeletedAt), StatusCodes.Status410Gone);
        }

        if (await signedFetch.CheckAsync(http.Request, ct) is { } refused)
        {
            return ApResults.Refuse(StatusCodes.Status401Unauthorized, refused);
        }

        return await federation.ObjectAsync(proposal, ct) is { } document
            ? ApResults.Json(http, document, cacheControl: "max-age=180, public")
            : ApResults.Refuse(StatusCodes.Status404NotFound, "no such object");
    }
}
