using OurSociety.Core.Needs;
using OurSociety.Federation.Actors;
using OurSociety.Web.Posts;

namespace OurSociety.Web.Features.Needs;

/// <summary>Who posted a need or offer, as pages and the API show it: a member, the hub, or someone elsewhere.</summary>
internal sealed class ProposalAuthors(PostAuthors authors, LocalActors locals)
{
    public async Task<PostAuthor> OfAsync(Proposal proposal, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(proposal);
        if (proposal.AsHub && proposal.RemoteAuthor is null)
        {
            var hub = locals.Hub;
            return new PostAuthor(hub.Username, hub.DisplayName, hub.Id, hub.ProfileUrl, "@" + hub.Username, hub.IconUrl, true);
        }

        return proposal.AuthorId is { } memberId ? await authors.MemberAsync(memberId, ct) : await authors.RemoteAsync(proposal.RemoteAuthor ?? "", ct);
    }

    /// <summary>
    /// The handle another page (the introductions form) takes: <c>@user@host</c> for everyone, members here included,
    /// so one form of address works for every party.
    /// </summary>
    public string FullHandle(PostAuthor author)
    {
        ArgumentNullException.ThrowIfNull(author);
        if (!author.IsLocal)
        {
            return author.Handle.StartsWith('@') ? author.Handle : author.ActorId;
        }

        return $"@{author.Username}@{new Uri(locals.Origin).Authority}";
    }
}
