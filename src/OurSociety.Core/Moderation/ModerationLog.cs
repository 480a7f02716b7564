using OurSociety.Core.Paging;

namespace OurSociety.Core.Moderation;

/// <summary>
/// One line of the moderators' audit log: who did what to whom, when, why, and after which report. Written in the
/// same transaction as the action itself, so the log never misses an action and never shows one that did not happen.
/// </summary>
public sealed record ModerationEntry(
    Guid Id,
    DateTimeOffset CreatedAt,
    Guid? ModeratorId,
    string ModeratorName,
    string Action,
    string TargetKind,
    string Target,
    string TargetLabel,
    string? Reason,
    string? PrivateNote,
    Guid? ReportId);

/// <summary>The wire names of <see cref="ModerationEntry.Action"/>, as shown in the log, its CSV and the API.</summary>
public static class ModerationActions
{
    public const string Warn = "warn";
    public const string Limit = "limit";
    public const string Unlimit = "unlimit";
    public const string Suspend = "suspend";
    public const string Unsuspend = "unsuspend";
    public const string DeleteSuspended = "delete-suspended";
    public const string Remove = "remove";
    public const string CloseReport = "close-report";
    public const string DomainBlock = "domain-block";
    public const string DomainUnblock = "domain-unblock";
    public const string DomainAllow = "domain-allow";
    public const string DomainDisallow = "domain-disallow";
    public const string FederationMode = "federation-mode";
    public const string Unlock = "unlock";

    /// <summary>A submission to the hub from elsewhere approved (issue 14).</summary>
    public const string ApproveSubmission = "approve-submission";

    /// <summary>A submission to the hub from elsewhere declined (issue 14).</summary>
    public const string DeclineSubmission = "decline-submission";
}

/// <summary>The wire names of <see cref="ModerationEntry.TargetKind"/>.</summary>
public static class ModerationTargets
{
    public const string Member = "member";
    public const string RemoteAccount = "remote-account";
    public const string Post = "post";
    public const string Domain = "domain";
    public const string Report = "report";
    public const string Node = "node";
    public const string Need = "need";
    public const string Offer = "offer";

    /// <summary>A post submitted to the hub from elsewhere (its id).</summary>
    public const string HubSubmission = "hub-submission";
}

public interface IModerationLogStore
{
    Task AddAsync(ModerationEntry entry, ITransaction tx, CancellationToken ct);

    /// <summary>The newest entry about a target with one of <paramref name="actions"/> (the warn or suspend an appeal answers).</summary>
    Task<ModerationEntry?> FindLatestAboutAsync(string targetKind, string target, IReadOnlyCollection<string> actions, CancellationToken ct);

    /// <summary>Newest first.</summary>
    Task<Page<ModerationEntry>> ListAsync(Cursor after, int limit, CancellationToken ct);
}
