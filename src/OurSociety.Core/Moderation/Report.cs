using OurSociety.Core.Paging;

namespace OurSociety.Core.Moderation;

/// <summary>Why something was reported. Wire names <c>spam</c>, <c>abuse</c>, <c>illegal</c>, <c>other</c>, <c>appeal</c>.</summary>
public enum ReportCategory
{
    Spam,
    Abuse,
    Illegal,
    Other,

    /// <summary>A warned or suspended member's answer to the moderators (never chosen on the report form).</summary>
    Appeal,
}

/// <summary>What a report is about. Wire names <c>post</c>, <c>reply</c>, <c>account</c>, <c>need</c>, <c>offer</c>, <c>introduction</c>.</summary>
public enum ReportTargetKind
{
    Post,
    Reply,
    Account,
    Need,
    Offer,
    Introduction,
}

public enum ReportOrigin
{
    /// <summary>A member here reported it.</summary>
    Local,

    /// <summary>Another server sent a <c>Flag</c> about something of ours.</summary>
    Remote,
}

public enum ReportState
{
    Open,
    Closed,
}

/// <summary>What a moderator does on closing a report. Wire names <c>none</c>, <c>warn</c>, <c>limit</c>, <c>suspend</c>, <c>remove</c>.</summary>
public enum ReportCloseAction
{
    None,
    Warn,
    Limit,
    Suspend,
    Remove,
}

/// <summary>
/// The reported content as it was when reported, kept with the report so that deleting or editing it afterwards
/// cannot hide from the moderators what was reported. Text is plain (no markup).
/// </summary>
public sealed record ReportSnapshot(string? Title, string? Text, string? Author, string? Url);

/// <summary>
/// A report in the moderators' queue: by a member here (<see cref="ReporterId"/>) or from another server
/// (<see cref="RemoteOrigin"/>, the sender's domain, and <see cref="RemoteActor"/>). <see cref="Account"/> is the
/// account it is about: a member id ("D") when <see cref="AccountIsLocal"/>, else the actor IRI.
/// </summary>
public sealed record Report(
    Guid Id,
    string Target,
    ReportTargetKind TargetKind,
    string Account,
    string AccountLabel,
    bool AccountIsLocal,
    ReportCategory Category,
    string Note,
    ReportOrigin Origin,
    Guid? ReporterId,
    string? RemoteOrigin,
    string? RemoteActor,
    bool Forward,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    ReportState State,
    DateTimeOffset? ClosedAt,
    Guid? ClosedBy,
    ReportCloseAction? CloseAction,
    ReportSnapshot Snapshot)
{
    /// <summary>The id of the reported post, reply, need, offer or introduction as stored here (for acting on it).</summary>
    public Guid? TargetId { get; init; }

    /// <summary>For an appeal: the audit-log entry (warn or suspend) it answers; one appeal per entry.</summary>
    public Guid? AppealOf { get; init; }

    /// <summary>The <c>Flag</c> activity a remote report came in, so the same one is never queued twice.</summary>
    public string? FlagId { get; init; }

    public bool IsOpen => State == ReportState.Open;
}

public static class ReportLimits
{
    public const int NoteMax = 1000;
    public const int ReasonMax = 1000;
    public const int PrivateNoteMax = 2000;
    public const int TargetMax = 2000;
}

public static class ReportNames
{
    public static string Name(this ReportCategory category) => category switch
    {
        ReportCategory.Spam => "spam",
        ReportCategory.Abuse => "abuse",
        ReportCategory.Illegal => "illegal",
        ReportCategory.Other => "other",
        ReportCategory.Appeal => "appeal",
        _ => throw new ArgumentOutOfRangeException(nameof(category)),
    };

    public static string Name(this ReportTargetKind kind) => kind switch
    {
        ReportTargetKind.Post => "post",
        ReportTargetKind.Reply => "reply",
        ReportTargetKind.Account => "account",
        ReportTargetKind.Need => "need",
        ReportTargetKind.Offer => "offer",
        ReportTargetKind.Introduction => "introduction",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    public static string Name(this ReportOrigin origin) => origin == ReportOrigin.Local ? "local" : "remote";

    public static string Name(this ReportState state) => state == ReportState.Open ? "open" : "closed";

    public static string Name(this ReportCloseAction action) => action switch
    {
        ReportCloseAction.None => "none",
        ReportCloseAction.Warn => "warn",
        ReportCloseAction.Limit => "limit",
        ReportCloseAction.Suspend => "suspend",
        ReportCloseAction.Remove => "remove",
        _ => throw new ArgumentOutOfRangeException(nameof(action)),
    };

    /// <summary>The categories a member may choose (an appeal is made on the appeal page only).</summary>
    public static readonly IReadOnlyList<ReportCategory> Chosen = [ReportCategory.Spam, ReportCategory.Abuse, ReportCategory.Illegal, ReportCategory.Other];

    public static readonly IReadOnlyList<ReportCloseAction> CloseActions =
        [ReportCloseAction.None, ReportCloseAction.Warn, ReportCloseAction.Limit, ReportCloseAction.Suspend, ReportCloseAction.Remove];

    public static bool TryParse(string? name, out ReportCategory value) => TryParse(name, Enum.GetValues<ReportCategory>(), Name, out value);

    public static bool TryParse(string? name, out ReportTargetKind value) => TryParse(name, Enum.GetValues<ReportTargetKind>(), Name, out value);

    public static bool TryParse(string? name, out ReportOrigin value) => TryParse(name, Enum.GetValues<ReportOrigin>(), Name, out value);

    public static bool TryParse(string? name, out ReportState value) => TryParse(name, Enum.GetValues<ReportState>(), Name, out value);

    public static bool TryParse(string? name, out ReportCloseAction value) => TryParse(name, Enum.GetValues<ReportCloseAction>(), Name, out value);

    private static bool TryParse<T>(string? name, IEnumerable<T> values, Func<T, string> nameOf, out T value)
        where T : struct
    {
        foreach (var candidate in values)
        {
            if (string.Equals(nameOf(candidate), name?.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                value = candidate;
                return true;
            }
        }

        value = default;
        return false;
    }
}

/// <summary>
/// A thing that can be reported, found from its address: a post, reply, need, offer, introduction or member here, or a
/// post or account from elsewhere that we have stored.
/// </summary>
/// <param name="Url">The address the report keeps (our page for local things, the ActivityPub id for remote ones).</param>
/// <param name="Account">The account it is about: a member id ("D") when local, else the actor IRI.</param>
/// <param name="AccountLabel">What a moderator reads: <c>@name</c> or <c>@user@host</c>.</param>
/// <param name="TargetId">The stored id of the post, need, offer or introduction (null for accounts).</param>
/// <param name="MayReport">When set, only these members may report it (an introduction: its parties and glue-er).</param>
public sealed record ReportTarget(
    string Url,
    ReportTargetKind Kind,
    string Account,
    string AccountLabel,
    bool AccountIsLocal,
    ReportSnapshot Snapshot,
    Guid? TargetId = null,
    IReadOnlySet<Guid>? MayReport = null);

/// <summary>Finds what an address names (Federation knows our addresses and the stored remote ones).</summary>
public interface IReportTargets
{
    Task<ReportTarget?> ResolveAsync(string url, CancellationToken ct);

    /// <summary>What a <c>Flag</c>'s object ids name here: our members and our posts only; remote ones are left out.</summary>
    Task<IReadOnlyList<ReportTarget>> LocalTargetsAsync(IReadOnlyCollection<string> ids, CancellationToken ct);
}

public interface IReportStore
{
    Task AddAsync(Report report, ITransaction tx, CancellationToken ct);

    Task<Report?> FindAsync(Guid id, CancellationToken ct);

    /// <summary>The open report of this member about this address, if any (a second one is merged into it).</summary>
    Task<Report?> FindOpenAsync(Guid reporterId, string target, CancellationToken ct);

    /// <summary>Replaces the note, category and forward choice of an open report (a merge).</summary>
    Task<bool> UpdateOpenAsync(Guid id, ReportCategory category, string note, bool forward, DateTimeOffset at, ITransaction tx, CancellationToken ct);

    /// <summary>Closes an open report; false when it was closed already (then nothing changes).</summary>
    Task<bool> CloseAsync(Guid id, Guid closedBy, ReportCloseAction action, DateTimeOffset at, ITransaction tx, CancellationToken ct);

    /// <summary>Newest first.</summary>
    Task<Page<Report>> ListAsync(ReportState state, Cursor after, int limit, CancellationToken ct);

    /// <summary>Other reports about the same account, newest first.</summary>
    Task<IReadOnlyList<Report>> AboutAccountAsync(string account, Guid except, int limit, CancellationToken ct);

    Task<bool> AppealExistsAsync(Guid entryId, CancellationToken ct);

    Task<bool> FlagExistsAsync(string flagId, CancellationToken ct);
}
