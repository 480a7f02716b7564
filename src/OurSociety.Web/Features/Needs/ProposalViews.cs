using Microsoft.Extensions.Localization;
using OurSociety.Core.Hubs;
using OurSociety.Core.Members;
using OurSociety.Core.Needs;
using OurSociety.Core.Posts;
using OurSociety.Federation.Needs;

namespace OurSociety.Web.Features.Needs;

/// <summary>An offer that may meet a need, as a glue-er sees it: the offer, and the introduction to propose.</summary>
public sealed record MatchView(ProposalCard Offer, IReadOnlyList<string> SharedTopics, bool SameLocality, string IntroductionUrl);

/// <summary>A need or offer in a list or on its page: what it is, who posted it, where and how long, and its state.</summary>
public sealed record ProposalCard(
    Proposal Proposal,
    string PageUrl,
    string? OriginalUrl,
    ProposalPerson Author,
    string DetailsHtml,
    string Teaser,
    bool Open)
{
    /// <summary>Glue-ers: the offers that may meet this need (null when not shown).</summary>
    public IReadOnlyList<MatchView>? Matches { get; init; }
}

/// <summary>Who posted it: their name, their page, and the handle the introductions form takes (<c>@user@host</c>).</summary>
public sealed record ProposalPerson(string DisplayName, string Url, bool IsLocal, string Handle);

/// <summary>
/// Builds what the needs and offers pages show. One per request (authors are looked up once each). Matches are
/// ranked against the open offers read once per page, not once per need.
/// </summary>
internal sealed class ProposalViews(
    ProposalAuthors authors,
    IProposalStore proposals,
    ProposalService service,
    IMemberStore members,
    IMentionStore mentions,
    HubIdentity hub,
    TimeProvider time,
    IStringLocalizer<NeedsText> text)
{
    private IReadOnlyList<Proposal>? _openOffers;

    public DateTimeOffset Now => time.GetUtcNow();

    public async Task<ProposalCard> CardAsync(Proposal proposal, string origin, CancellationToken ct)
    {
        // Written here and naming someone elsewhere: their links, as the work queue looked them up (none yet: plain text).
        var named = proposal.IsLocal && proposal.Format == TextFormat.Markdown && Mentions.RemoteHandles(proposal.Details).Count > 0
            ? await mentions.ListAsync(ProposalDocuments.MentionSubject(proposal), ct)
            : null;
        var details = ProposalDocuments.Details(proposal, named);
        var author = await authors.OfAsync(proposal, ct);
        return new ProposalCard(
            proposal,
            ProposalUrls.Page("", proposal),
            proposal.IsLocal ? null : ProposalUrls.Original(origin, proposal),
            new ProposalPerson(author.DisplayName, author.Url, author.IsLocal, authors.FullHandle(author)),
            details,
            OurSociety.Content.SafeHtml.PlainText(details, 200),
            proposal.IsOpenAt(Now));
    }

    /// <summary>Cards for a list; for a glue-er, each open need carries its matches.</summary>
    public async Task<IReadOnlyList<ProposalCard>> CardsAsync(IEnumerable<Proposal> list, string origin, Member? viewer, CancellationToken ct)
    {
        var cards = new List<ProposalCard>();
        foreach (var proposal in list)
        {
            var card = await CardAsync(proposal, origin, ct);
            cards.Add(ProposalService.MayMatch(viewer) && proposal.Kind == ProposalKind.Need ? card with { Matches = await MatchesAsync(card, origin, ct) } : card);
        }

        return cards;
    }

    /// <summary>The offers that may meet a need, best first, each with "Propose an introduction".</summary>
    public async Task<IReadOnlyList<MatchView>> MatchesAsync(ProposalCard need, string origin, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(need);
        if (!need.Open)
        {
            return [];
        }

        _openOffers ??= await proposals.OpenAsync(ProposalKind.Offer, Now, ProposalMatcher.Candidates, ct);
        var views = new List<MatchView>();
        foreach (var match in await service.RankAsync(need.Proposal, _openOffers, ct))
        {
            var offer = await CardAsync(match.Offer, origin, ct);
            var reason = IntroductionLinks.Reason(text, need.Proposal, need.Author.DisplayName, match.Offer, offer.Author.DisplayName);
            views.Add(new MatchView(offer, [.. match.SharedTopics.Union(match.SharedSkills)], match.SameLocality, IntroductionLinks.For(need.Author.Handle, offer.Author.Handle, reason)));
        }

        return views;
    }

    /// <summary>"Near you": the hub's locality and the member's own, each once.</summary>
    public async Task<IReadOnlyList<string>> NearAsync(Guid? viewer, CancellationToken ct)
    {
        var places = new List<string>();
        if (!string.IsNullOrWhiteSpace(hub.Current.Locality))
        {
            places.Add(hub.Current.Locality.Trim());
        }

        if (viewer is { } id && await members.FindAsync(id, ct) is { Locality: { Length: > 0 } own }
            && !places.Contains(own.Trim(), StringComparer.OrdinalIgnoreCase))
        {
            places.Add(own.Trim());
        }

        return places;
    }

    public async Task<Member?> MemberAsync(Guid? id, CancellationToken ct) => id is { } memberId ? await members.FindAsync(memberId, ct) : null;
}
