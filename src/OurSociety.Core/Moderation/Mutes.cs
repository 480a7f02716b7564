using OurSociety.Core.Federation;
using OurSociety.Core.Paging;

namespace OurSociety.Core.Moderation;

/// <summary>How a member hides an account for themselves.</summary>
public enum MuteKind
{
    /// <summary>Hidden without telling anyone; they can still follow and reply, the member just never sees it.</summary>
    Mute,

    /// <summary>
    /// A block of a member here (no activity: both are on this node). Blocks of accounts elsewhere are
    /// <see cref="Block"/> records in <see cref="IBlockStore"/>, because their server is told.
    /// </summary>
    Block,
}

/// <summary>
/// One member's mute or block of one account. <see cref="Target"/> is spelled as <c>Notification.Actor</c> is: a
/// member's id (<see cref="IsLocal"/>) or a remote actor's IRI.
/// </summary>
public sealed record AccountMute(Guid MemberId, string Target, bool IsLocal, MuteKind Kind, DateTimeOffset CreatedAt);

/// <summary>A member hides a whole domain (and its subdomains) for themselves: Mastodon's user domain block.</summary>
public sealed record MemberDomainBlock(Guid MemberId, DomainName Domain, DateTimeOffset CreatedAt);

/// <summary>
/// Everything one member has hidden, read once per page: muted and blocked accounts (members' ids and remote IRIs,
/// blocks of remote accounts included) and blocked domains. Lists that are not filtered in SQL (search, replies under
/// a post) ask it.
/// </summary>
public sealed record MemberFilter(IReadOnlySet<string> Accounts, IReadOnlyList<DomainName> Domains)
{
    public static readonly MemberFilter None = new(new HashSet<string>(), []);

    public bool IsEmpty => Accounts.Count == 0 && Domains.Count == 0;

    /// <summary>True when the member hid this account: a member's id (<paramref name="isLocal"/>) or a remote actor's IRI.</summary>
    public bool Hides(string actor, bool isLocal)
    {
        if (Accounts.Contains(actor))
        {
            return true;
        }

        return !isLocal && Domains.Count > 0 && Uri.TryCreate(actor, UriKind.Absolute, out var uri)
            && DomainName.TryParse(uri.Host, out var host, out DomainNameProblem _)
            && Domains.Any(d => d.Covers(host));
    }

    /// <summary>True when the member hid the author of <paramref name="post"/>.</summary>
    public bool Hides(Posts.Post post)
    {
        ArgumentNullException.ThrowIfNull(post);
        return post.AuthorId is { } author ? Hides(author.ToString("D"), true) : post.RemoteAuthor is { } remote && Hides(remote, false);
    }
}

public interface IMuteStore
{
    /// <summary>Adds the mute or block; false when it was there already.</summary>
    Task<bool> AddAsync(AccountMute mute, ITransaction tx, CancellationToken ct);

    Task<AccountMute?> FindAsync(Guid memberId, string target, MuteKind kind, CancellationToken ct);

    Task<bool> DeleteAsync(Guid memberId, string target, MuteKind kind, ITransaction tx, CancellationToken ct);

    /// <summary>Newest first.</summary>
    Task<Page<AccountMute>> ListAsync(Guid memberId, MuteKind kind, Cursor after, int limit, CancellationToken ct);

    /// <summary>Adds the domain block; false when it was there already.</summary>
    Task<bool> AddDomainAsync(MemberDomainBlock block, ITransaction tx, CancellationToken ct);

    Task<bool> DeleteDomainAsync(Guid memberId, DomainName domain, ITransaction tx, CancellationToken ct);

    /// <summary>Newest first.</summary>
    Task<Page<MemberDomainBlock>> ListDomainsAsync(Guid memberId, Cursor after, int limit, CancellationToken ct);

    /// <summary>Everything the member hid (mutes, blocks of members here and elsewhere, blocked domains).</summary>
    Task<MemberFilter> FilterOfAsync(Guid memberId, CancellationToken ct);

    /// <summary>
    /// The member's follows (both directions, any state) with accounts on <paramref name="domain"/> or its subdomains,
    /// which a domain block ends.
    /// </summary>
    Task<IReadOnlyList<Follow>> FollowsOnDomainAsync(string username, DomainName domain, CancellationToken ct);

    /// <summary>Whether the member (by username) blocked the domain of <paramref name="actorId"/> (or one above it).</summary>
    Task<bool> BlocksDomainOfAsync(string username, string actorId, CancellationToken ct);
}

/// <summary>
/// Notification requests, as Mastodon 4.3 filters notifications: a mention or reply from a <em>stranger</em> (an account
/// elsewhere the member does not follow, that does not follow them, that the member never mentioned and whose
/// requests they never accepted: Mastodon's "not following", "not followers" and "private mentions" rules together)
/// is held as a request once strangers have sent <see cref="Burst"/> of them within <see cref="Window"/>.
/// </summary>
public static class NotificationRequests
{
    /// <summary>
    /// A few replies from new people in an hour is an ordinary good day (a post shared widely); more than this many is
    /// what a flood of throwaway accounts looks like. Fixed rather than an option: the member accepts or dismisses
    /// what is held, so a wrong guess costs a click, not a message.
    /// </summary>
    public const int Burst = 5;

    /// <summary>How far back strangers' mentions and replies are counted.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromHours(1);

    /// <summary>Only mentions and replies can be held: they are what a flood is made of, and what buries the rest.</summary>
    public static bool CanHold(Notifications.NotificationKind kind) =>
        kind is Notifications.NotificationKind.Mention or Notifications.NotificationKind.Reply;
}

/// <summary>One account's held notifications, as the requests page lists them.</summary>
public sealed record NotificationRequest(string Actor, int Count, DateTimeOffset Latest);

/// <summary>The member's held notification requests, grouped per account.</summary>
public interface INotificationRequestStore
{
    /// <summary>Accounts with held notifications, most recent first.</summary>
    Task<IReadOnlyList<NotificationRequest>> ListAsync(Guid memberId, int limit, CancellationToken ct);

    /// <summary>How many notifications are held.</summary>
    Task<int> CountAsync(Guid memberId, CancellationToken ct);

    /// <summary>Moves the account's held notifications into the list and lets its later ones through; false when none were held.</summary>
    Task<bool> AcceptAsync(Guid memberId, string actor, DateTimeOffset at, CancellationToken ct);

    /// <summary>Deletes the account's held notifications; false when none were held.</summary>
    Task<bool> DismissAsync(Guid memberId, string actor, CancellationToken ct);
}
