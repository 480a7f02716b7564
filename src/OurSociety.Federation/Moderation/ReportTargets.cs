using OurSociety.Content;
using OurSociety.Core.Federation;
using OurSociety.Core.Introductions;
using OurSociety.Core.Members;
using OurSociety.Core.Moderation;
using OurSociety.Core.Needs;
using OurSociety.Core.Posts;
using OurSociety.Federation.Introductions;
using OurSociety.Federation.Needs;

namespace OurSociety.Federation.Moderation;

/// <summary>
/// Finds what a reported address names: our pages and ActivityPub ids of posts, replies, needs, offers,
/// introductions and members, and the posts and accounts from elsewhere we have stored. Never fetches anything: a
/// member reports what they saw here, so it is stored here. The snapshot is taken from what is stored now.
/// </summary>
public sealed class ReportTargets(
    IPostStore posts,
    IMemberStore members,
    IRemoteActorStore actors,
    IProposalStore proposals,
    IIntroductionStore introductions,
    NodeIdentity node) : IReportTargets
{
    private const int SnapshotMax = 4000;

    public async Task<ReportTarget?> ResolveAsync(string url, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(url);
        var origin = node.Origin;
        if (url.StartsWith('/') && !url.StartsWith("//", StringComparison.Ordinal))
        {
            url = origin + url;   // a page here, as our own "Report" links give it
        }

        if (PostUrls.TryParseLocal(origin, url, out _, out var postId))
        {
            return await PostAsync(await posts.FindAsync(postId, ct), ct);
        }

        if (await LocalMemberAsync(url, ct) is { } member)
        {
            return Member(member);
        }

        if (LocalId(url, "needs") is { } needId)
        {
            return await ProposalAsync(await proposals.FindAsync(needId, ct), ProposalKind.Need, ct);
        }

        if (LocalId(url, "offers") is { } offerId)
        {
            return await ProposalAsync(await proposals.FindAsync(offerId, ct), ProposalKind.Offer, ct);
        }

        if (LocalId(url, "introductions") is { } introductionId)
        {
            return await IntroductionAsync(await introductions.FindAsync(introductionId, ct), ct);
        }

        if (url.StartsWith(origin + "/", StringComparison.Ordinal))
        {
            return null;   // ours, but nothing that can be reported
        }

        if (await posts.FindByApIdOrUrlAsync(url, ct) is { IsLocal: false } remotePost)
        {
            return await PostAsync(remotePost, ct);
        }

        if (await proposals.FindByApIdAsync(url, ct) is { IsLocal: false } remoteProposal)
        {
            return await ProposalAsync(remoteProposal, remoteProposal.Kind, ct);
        }

        return await actors.FindAsync(url, ct) is { } actor ? Remote(actor) : null;
    }

    public async Task<IReadOnlyList<ReportTarget>> LocalTargetsAsync(IReadOnlyCollection<string> ids, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(ids);
        var found = new List<ReportTarget>();
        foreach (var id in ids.Distinct(StringComparer.Ordinal).Take(20))
        {
            if (PostUrls.TryParseLocal(node.Origin, id, out _, out var postId))
            {
                if (await posts.FindAsync(postId, ct) is { IsLocal: true } post && await PostAsync(post, ct) is { } target)
                {
                    found.Add(target);
                }
            }
            else if (await LocalMemberAsync(id, ct) is { } member)
            {
                found.Add(Member(member));
            }
        }

        return found;
    }

    private async Task<Member?> LocalMemberAsync(string url, CancellationToken ct)
    {
        var username = ApUrls.LocalUsername(node.Origin, url);
        var profile = node.Origin + "/@";
        if (username is null && url.StartsWith(profile, StringComparison.Ordinal) && !url[profile.Length..].Contains('/', StringComparison.Ordinal))
        {
            username = Uri.UnescapeDataString(url[profile.Length..]);
        }

        return username is null || username.Contains('@', StringComparison.Ordinal)
            ? null
            : await members.FindByUsernameAsync(username, ct) is { State: MemberState.Active } member ? member : null;
    }

    private Guid? LocalId(string url, string segment)
    {
        var prefix = $"{node.Origin}/{segment}/";
        return url.StartsWith(prefix, StringComparison.Ordinal) && Guid.TryParse(url.AsSpan(prefix.Length), out var id) ? id : null;
    }

    private ReportTarget Member(Member member) => new(
        ApUrls.Profile(node.Origin, member.Username), ReportTargetKind.Account, member.Id.ToString("D"), "@" + member.Username, true,
        new ReportSnapshot(member.DisplayName, member.Bio, "@" + member.Username, ApUrls.Profile(node.Origin, member.Username)));

    private static ReportTarget Remote(RemoteActor actor) => new(
        actor.Id, ReportTargetKind.Account, actor.Id, actor.Handle, false,
        new ReportSnapshot(PlainText.Clean(actor.Name), null, actor.Handle, actor.Url ?? actor.Id));

    private async Task<(string Account, string Label, bool Local)?> AuthorAsync(Guid? authorId, string? remoteAuthor, CancellationToken ct)
    {
        if (authorId is { } id)
        {
            return await members.FindAsync(id, ct) is { } member ? (id.ToString("D"), "@" + member.Username, true) : null;
        }

        if (remoteAuthor is not null)
        {
            return (remoteAuthor, (await actors.FindAsync(remoteAuthor, ct))?.Handle ?? remoteAuthor, false);
        }

        return null;
    }

    private async Task<ReportTarget?> PostAsync(Post? post, CancellationToken ct)
    {
        if (post is null || post.Draft || post.IsDeleted || await AuthorAsync(post.AuthorId, post.RemoteAuthor, ct) is not { } author)
        {
            return null;
        }

        var text = PostHtml.Text(post, post.Kind == PostKind.Lesson ? post.Learned ?? post.Body : post.Body, SnapshotMax);
        return new ReportTarget(
            post.IsLocal ? PostUrls.Page(node.Origin, post) : PostUrls.ApId(node.Origin, post),
            post.Kind == PostKind.Reply ? ReportTargetKind.Reply : ReportTargetKind.Post,
            author.Account, author.Label, author.Local,
            new ReportSnapshot(post.Title is null ? null : PlainText.Clean(post.Title, 500), text.Length == 0 ? PostHtml.Teaser(post) : text, author.Label,
                PostUrls.Original(node.Origin, post)),
            post.Id);
    }

    private async Task<ReportTarget?> ProposalAsync(Proposal? proposal, ProposalKind kind, CancellationToken ct)
    {
        if (proposal is null || proposal.Kind != kind || proposal.IsDeleted
            || await AuthorAsync(proposal.AuthorId ?? proposal.PostedBy, proposal.RemoteAuthor, ct) is not { } author)
        {
            return null;
        }

        var details = proposal.Format == TextFormat.Html ? SafeHtml.PlainText(proposal.Details, SnapshotMax) : PlainText.Clean(proposal.Details);
        return new ReportTarget(
            proposal.IsLocal ? ProposalUrls.Page(node.Origin, proposal) : ProposalUrls.ApId(node.Origin, proposal),
            kind == ProposalKind.Need ? ReportTargetKind.Need : ReportTargetKind.Offer,
            author.Account, author.Label, author.Local,
            new ReportSnapshot(PlainText.Clean(proposal.Title, 500), details.Length > SnapshotMax ? details[..SnapshotMax] : details, author.Label,
                ProposalUrls.Original(node.Origin, proposal)),
            proposal.Id);
    }

    /// <summary>
    /// An introduction is about its glue-er, and exists only for its three people: only a party or the glue-er here may
    /// report it (to anyone else it is not there). The report puts its reason and parties before the moderators.
    /// </summary>
    private async Task<ReportTarget?> IntroductionAsync(Introduction? introduction, CancellationToken ct)
    {
        if (introduction is null || await AuthorAsync(introduction.IntroducerMemberId, introduction.IntroducerIsLocal ? null : introduction.Introducer, ct) is not { } glueEr)
        {
            return null;
        }

        var may = introduction.Parties.Select(p => p.MemberId).OfType<Guid>().ToHashSet();
        if (introduction.IntroducerMemberId is { } glueErId)
        {
            may.Add(glueErId);
        }

        var reason = introduction.IntroducerIsLocal ? PlainText.Clean(introduction.Reason) : SafeHtml.PlainText(introduction.Reason, SnapshotMax);
        var parties = string.Join(", ", introduction.Parties.Select(p => p.Handle));
        return new ReportTarget(
            IntroductionAddresses.Of(node.Origin, introduction.Id), ReportTargetKind.Introduction, glueEr.Account, glueEr.Label, glueEr.Local,
            new ReportSnapshot(parties, reason, glueEr.Label, IntroductionAddresses.Of(node.Origin, introduction.Id)),
            introduction.Id, may);
    }
}
