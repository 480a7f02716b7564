using Microsoft.Extensions.Logging;
using OurSociety.Core.Members;
using OurSociety.Core.Needs;
using OurSociety.Core.Notifications;
using OurSociety.Core.Paging;
using OurSociety.Core.Posts;
using OurSociety.Core.Work;

namespace OurSociety.Core.Moderation;

/// <summary>What a member sends to report something (the form and <c>POST /reports</c>).</summary>
public sealed record ReportInput(string? Target, string? Category, string? Note, bool Forward);

/// <summary>What a moderator sends to close a report.</summary>
public sealed record ReportCloseInput(string? Action, string? Reason, string? PrivateNote);

/// <summary>A stored report, and whether it was merged into an open one of the same member about the same thing.</summary>
public sealed record ReportResult(Report Report, bool Merged);

/// <summary>What a warned or suspended member may answer: the latest warn or suspend about them, and whether answered.</summary>
public sealed record Appealable(ModerationEntry Entry, bool Answered);

/// <summary>
/// Reports from members here and from other servers, the moderators' queue, closing a report and appeals. Every
/// input is checked before anything is stored; a report, its notifications to the moderators and its forwarding are
/// committed together.
/// </summary>
public sealed partial class ReportService(
    IReportStore reports,
    IReportTargets targets,
    IMemberStore members,
    IModerationLogStore log,
    INotificationStore notifications,
    PostService posts,
    IPostStore postStore,
    ProposalService proposals,
    UnitOfWork unit,
    Notifier notifier,
    TimeProvider time,
    ILogger<ReportService> logger)
{
    public const int ModeratorsNotifiedMax = 200;

    public static string Subject(Guid reportId) => NotificationSubjects.Of("report", reportId);

    /// <summary>
    /// A member reports something. A second report of the same thing by the same member while the first is open is
    /// merged into it: the newer category, note and forward choice <b>replace</b> the older ones (the member's latest
    /// word stands, and the note keeps its length limit), and the moderators are not told again.
    /// </summary>
    public async Task<Outcome<ReportResult>> CreateAsync(Guid reporterId, ReportInput input, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        var errors = new Dictionary<string, string[]>();
        var url = input.Target?.Trim() ?? "";
        if (url.Length == 0)
        {
            errors["target"] = [CoreText.Get("Report.TargetMissing")];
        }
        else if (url.Length > ReportLimits.TargetMax)
        {
            errors["target"] = [CoreText.Format("Report.TargetTooLong", ("max", ReportLimits.TargetMax))];
        }

        if (!ReportNames.TryParse(input.Category, out ReportCategory category) || category == ReportCategory.Appeal)
        {
            errors["category"] = [CoreText.Format("Report.CategoryUnknown", ("categories", string.Join(", ", ReportNames.Chosen.Select(c => c.Name()))))];
        }

        var note = input.Note?.Trim() ?? "";
        if (note.Length > ReportLimits.NoteMax)
        {
            errors["note"] = [CoreText.Format("Report.NoteTooLong", ("max", ReportLimits.NoteMax), ("length", note.Length))];
        }

        if (errors.Count > 0)
        {
            return new Outcome<ReportResult>.Invalid(errors);
        }

        var target = await targets.ResolveAsync(url, ct);
        if (target is null || (target.MayReport is { } may && !may.Contains(reporterId)))
        {
            // An introduction exists only for its three people: to anyone else it is not there.
            return new Outcome<ReportResult>.NotFound { Field = "target", Reason = CoreText.Get("Report.TargetNotFound") };
        }

        if (target.AccountIsLocal && target.Account == reporterId.ToString("D"))
        {
            return new Outcome<ReportResult>.Invalid("target", CoreText.Get(target.Kind == ReportTargetKind.Account ? "Report.OwnAccount" : "Report.OwnContent"));
        }

        if (input.Forward && target.AccountIsLocal)
        {
            return new Outcome<ReportResult>.Invalid("forward", CoreText.Get("Report.ForwardOnlyElsewhere"));
        }

        var now = time.GetUtcNow();
        if (await reports.FindOpenAsync(reporterId, target.Url, ct) is { } open)
        {
            var forwardNow = input.Forward && !open.Forward;
            await unit.CommitAsync(async tx =>
            {
                await reports.UpdateOpenAsync(open.Id, category, note, open.Forward || input.Forward, now, tx, ct);
                return forwardNow ? [ReportWork.Forwarding(open.Id)] : [];
            }, ct);
            LogMerged(open.Id);
            return new Outcome<ReportResult>.Ok(new(open with { Category = category, Note = note, Forward = open.Forward || input.Forward, UpdatedAt = now }, Merged: true));
        }

        var report = new Report(
            Guid.CreateVersion7(now), target.Url, target.Kind, target.Account, target.AccountLabel, target.AccountIsLocal, category, note,
            ReportOrigin.Local, reporterId, null, null, input.Forward, now, now, ReportState.Open, null, null, null, target.Snapshot)
        {
            TargetId = target.TargetId,
        };
        var told = await ModeratorNotificationsAsync(report, reporterId.ToString("D"), isLocal: true, ct);
        await unit.CommitAsync(async tx =>
        {
            await reports.AddAsync(report, tx, ct);
            await notifications.AddAsync(told, tx, ct);
            return report.Forward ? [ReportWork.Forwarding(report.Id)] : [];
        }, ct);
        LogReported(report.Id, report.TargetKind, report.Category);
        return new Outcome<ReportResult>.Ok(new(report, Merged: false));
    }

    /// <summary>
    /// Reports from a <c>Flag</c> another server sent about our members or posts (one per thing named), with the
    /// moderators' notifications, to be written in the inbox item's transaction. Null when it names nothing of ours or
    /// was queued already.
    /// </summary>
    public async Task<Func<ITransaction, CancellationToken, Task>?> FromFlagAsync(
        string flagId, string actorId, string originDomain, IReadOnlyCollection<string> objectIds, string? content, CancellationToken ct)
    {
        if (await reports.FlagExistsAsync(flagId, ct))
        {
            return null;
        }

        var named = await targets.LocalTargetsAsync(objectIds, ct);
        if (named.Count == 0)
        {
            return null;
        }

        // A Flag naming an account and its posts is one report per post (the account alone when no post is named).
        var things = named.Any(t => t.Kind != ReportTargetKind.Account) ? named.Where(t => t.Kind != ReportTargetKind.Account).ToList() : [named[0]];
        var now = time.GetUtcNow();
        var note = content?.Trim() ?? "";
        if (note.Length > ReportLimits.NoteMax)
        {
            note = note[..ReportLimits.NoteMax];   // theirs may be longer than our limit; the start is kept
        }

        var made = things.Select((t, i) => new Report(
            Guid.CreateVersion7(now), t.Url, t.Kind, t.Account, t.AccountLabel, t.AccountIsLocal, ReportCategory.Other, note,
            ReportOrigin.Remote, null, originDomain, actorId, false, now, now, ReportState.Open, null, null, null, t.Snapshot)
        {
            TargetId = t.TargetId,
            FlagId = i == 0 ? flagId : $"{flagId}#{i}",
        }).ToList();
        var told = new List<Notification>();
        foreach (var report in made)
        {
            told.AddRange(await ModeratorNotificationsAsync(report, actorId, isLocal: false, ct));
        }

        return async (tx, token) =>
        {
            foreach (var report in made)
            {
                await reports.AddAsync(report, tx, token);
            }

            await notifications.AddAsync(told, tx, token);
            LogFlagQueued(flagId, made.Count);
        };
    }

    public Task<Report?> FindAsync(Guid id, CancellationToken ct) => reports.FindAsync(id, ct);

    public Task<Page<Report>> ListAsync(ReportState state, Cursor after, int limit, CancellationToken ct) => reports.ListAsync(state, after, limit, ct);

    public Task<IReadOnlyList<Report>> EarlierAsync(Report report, int limit, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(report);
        return reports.AboutAccountAsync(report.Account, report.Id, limit, ct);
    }

    /// <summary>
    /// A moderator closes a report. <c>none</c> only closes it; <c>remove</c> removes the reported post or reply
    /// (<see cref="PostService.RemoveAsync"/>, with the reason) or need or offer (<see cref="ProposalService.RemoveAsync(Guid, Guid, string?, Guid?, CancellationToken)"/>); <c>warn</c>, <c>limit</c> and <c>suspend</c> act on the
    /// account through <paramref name="accounts"/> (null when this node has no account moderation: then 409 and
    /// nothing changes). The action runs first; the close and its <c>close-report</c> audit entry commit together, with
    /// the reporter's notification (which never says what was done).
    /// </summary>
    public async Task<Outcome<Report>> CloseAsync(Guid moderatorId, Guid id, ReportCloseInput input, IAccountModeration? accounts, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        var moderator = await members.FindAsync(moderatorId, ct);
        if (!PostService.MayModerate(moderator))
        {
            return new Outcome<Report>.Forbidden(CoreText.Get("Report.OnlyModerators"));
        }

        var errors = new Dictionary<string, string[]>();
        if (!ReportNames.TryParse(input.Action, out ReportCloseAction action))
        {
            errors["action"] = [CoreText.Format("Report.ActionUnknown", ("actions", string.Join(", ", ReportNames.CloseActions.Select(a => a.Name()))))];
        }

        var reason = input.Reason?.Trim();
        reason = string.IsNullOrEmpty(reason) ? null : reason;
        if (reason is { Length: > ReportLimits.ReasonMax })
        {
            errors["reason"] = [CoreText.Format("Report.ReasonTooLong", ("max", ReportLimits.ReasonMax))];
        }
        else if (reason is null && action is ReportCloseAction.Warn or ReportCloseAction.Suspend or ReportCloseAction.Remove && errors.Count == 0)
        {
            errors["reason"] = [CoreText.Get("Report.ReasonMissing")];
        }

        var privateNote = input.PrivateNote?.Trim();
        privateNote = string.IsNullOrEmpty(privateNote) ? null : privateNote;
        if (privateNote is { Length: > ReportLimits.PrivateNoteMax })
        {
            errors["privateNote"] = [CoreText.Format("Report.PrivateNoteTooLong", ("max", ReportLimits.PrivateNoteMax))];
        }

        if (errors.Count > 0)
        {
            return new Outcome<Report>.Invalid(errors);
        }

        var report = await reports.FindAsync(id, ct);
        if (report is null)
        {
            return new Outcome<Report>.NotFound();
        }

        if (!report.IsOpen)
        {
            return new Outcome<Report>.Conflict(CoreText.Get("Report.AlreadyClosed"));
        }

        var acted = await ActAsync(moderator!, report, action, reason, privateNote, accounts, ct);
        if (acted is not null)
        {
            return acted;
        }

        var now = time.GetUtcNow();
        var closed = false;
        await unit.CommitAsync(async tx =>
        {
            closed = await reports.CloseAsync(report.Id, moderatorId, action, now, tx, ct);
            if (closed)
            {
                await log.AddAsync(new ModerationEntry(
                    Guid.CreateVersion7(now), now, moderatorId, moderator!.Username, ModerationActions.CloseReport, ModerationTargets.Report,
                    report.Id.ToString("D"), report.AccountLabel, reason, privateNote, report.Id), tx, ct);
                if (report.ReporterId is { } reporter
                    && notifier.Make(reporter, NotificationKind.ReportClosed, "", isLocal: false, null, Subject(report.Id)) is { } told)
                {
                    await notifications.AddAsync([told], tx, ct);
                }
            }

            return [];
        }, ct);
        if (!closed)
        {
            return new Outcome<Report>.Conflict(CoreText.Get("Report.AlreadyClosed"));
        }

        LogClosed(report.Id, action);
        return new Outcome<Report>.Ok(report with { State = ReportState.Closed, ClosedAt = now, ClosedBy = moderatorId, CloseAction = action });
    }

    /// <summary>The latest warn or suspend about the member, if any, and whether they have answered it.</summary>
    public async Task<Appealable?> AppealableAsync(Guid memberId, CancellationToken ct)
    {
        var entry = await log.FindLatestAboutAsync(
            ModerationTargets.Member, memberId.ToString("D"), [ModerationActions.Warn, ModerationActions.Suspend], ct);
        return entry is null ? null : new Appealable(entry, await reports.AppealExistsAsync(entry.Id, ct));
    }

    /// <summary>A warned or suspended member answers the latest warn or suspend about them, once: a report of category appeal.</summary>
    public async Task<Outcome<Report>> AppealAsync(Guid memberId, string? text, CancellationToken ct)
    {
        var note = text?.Trim() ?? "";
        if (note.Length == 0)
        {
            return new Outcome<Report>.Invalid("note", CoreText.Get("Appeal.Empty"));
        }

        if (note.Length > ReportLimits.NoteMax)
        {
            return new Outcome<Report>.Invalid("note", CoreText.Format("Report.NoteTooLong", ("max", ReportLimits.NoteMax), ("length", note.Length)));
        }

        var member = await members.FindAsync(memberId, ct);
        var appealable = await AppealableAsync(memberId, ct);
        if (member is null || appealable is null)
        {
            return new Outcome<Report>.Conflict(CoreText.Get("Appeal.Nothing"));
        }

        if (appealable.Answered)
        {
            return new Outcome<Report>.Conflict(CoreText.Get("Appeal.AlreadyAnswered"));
        }

        var now = time.GetUtcNow();
        var entry = appealable.Entry;
        var report = new Report(
            Guid.CreateVersion7(now), $"appeal:{entry.Id:D}", ReportTargetKind.Account, memberId.ToString("D"), "@" + member.Username, true,
            ReportCategory.Appeal, note, ReportOrigin.Local, memberId, null, null, false, now, now, ReportState.Open, null, null, null,
            new ReportSnapshot(entry.Action, entry.Reason, "@" + member.Username, null))
        {
            AppealOf = entry.Id,
        };
        var told = await ModeratorNotificationsAsync(report, memberId.ToString("D"), isLocal: true, ct);
        await unit.CommitAsync(async tx =>
        {
            await reports.AddAsync(report, tx, ct);
            await notifications.AddAsync(told, tx, ct);
            return [];
        }, ct);
        LogReported(report.Id, report.TargetKind, report.Category);
        return new Outcome<Report>.Ok(report);
    }

    private async Task<Outcome<Report>?> ActAsync(
        Member moderator, Report report, ReportCloseAction action, string? reason, string? privateNote, IAccountModeration? accounts, CancellationToken ct)
    {
        switch (action)
        {
            case ReportCloseAction.None:
                return null;
            case ReportCloseAction.Remove when report.TargetKind is ReportTargetKind.Need or ReportTargetKind.Offer:
                if (report.TargetId is not { } proposalId)
                {
                    return new Outcome<Report>.Conflict(CoreText.Get("Report.RemoveOnlyPosts")) { Field = "action" };
                }

                return await proposals.RemoveAsync(moderator.Id, proposalId, reason, report.Id, ct) switch
                {
                    Outcome<bool>.Ok or Outcome<bool>.Gone => null,   // removed now, before, or its author deleted it: the report can close
                    Outcome<bool>.Invalid(var errors) => new Outcome<Report>.Invalid(errors),
                    Outcome<bool>.Forbidden(var why) => new Outcome<Report>.Forbidden(why),
                    _ => new Outcome<Report>.Conflict(CoreText.Get("Report.RemoveOnlyPosts")) { Field = "action" },
                };
            case ReportCloseAction.Remove:
                if (report.TargetKind is not (ReportTargetKind.Post or ReportTargetKind.Reply)
                    || report.TargetId is not { } postId || await postStore.FindAsync(postId, ct) is not { } post)
                {
                    // Introductions have no moderators' removal yet.
                    return new Outcome<Report>.Conflict(CoreText.Get("Report.RemoveOnlyPosts")) { Field = "action" };
                }

                return await posts.RemoveAsync(moderator.Id, post.Id, post.Kind, reason, report.Id, ct) switch
                {
                    Outcome<bool>.Ok or Outcome<bool>.Gone => null,   // removed now, before, or its author deleted it: the report can close
                    Outcome<bool>.Invalid(var errors) => new Outcome<Report>.Invalid(errors),
                    Outcome<bool>.Forbidden(var why) => new Outcome<Report>.Forbidden(why),
                    _ => new Outcome<Report>.Conflict(CoreText.Get("Report.RemoveOnlyPosts")) { Field = "action" },
                };
            default:
                if (accounts is null)
                {
                    return new Outcome<Report>.Conflict(CoreText.Get("Report.AccountActionsMissing")) { Field = "action" };
                }

                var accountAction = action switch
                {
                    ReportCloseAction.Warn => AccountAction.Warn,
                    ReportCloseAction.Limit => AccountAction.Limit,
                    _ => AccountAction.Suspend,
                };
                return await accounts.ApplyAsync(new AccountActionRequest(moderator.Id, report.Account, accountAction, reason, privateNote, report.Id), ct) switch
                {
                    Outcome<ModerationEntry>.Ok => null,
                    Outcome<ModerationEntry>.Invalid(var errors) => new Outcome<Report>.Invalid(errors),
                    Outcome<ModerationEntry>.Forbidden(var why) => new Outcome<Report>.Forbidden(why),
                    Outcome<ModerationEntry>.Conflict conflict => new Outcome<Report>.Conflict(conflict.Reason) { Field = conflict.Field },
                    Outcome<ModerationEntry>.Gone(var why) => new Outcome<Report>.Conflict(why),
                    _ => new Outcome<Report>.Conflict(CoreText.Get("Report.AccountGone")) { Field = "action" },
                };
        }
    }

    private async Task<IReadOnlyList<Notification>> ModeratorNotificationsAsync(Report report, string actor, bool isLocal, CancellationToken ct)
    {
        var moderators = await members.ListWithRolesAsync([Role.Admin, Role.Moderator], ModeratorsNotifiedMax, ct);
        // Nobody is told of a report about themselves (a moderator reported), so it cannot tip them off.
        return [.. moderators
            .Where(m => !(report.AccountIsLocal && report.Account == m.Id.ToString("D")))
            .Select(m => notifier.Make(m.Id, NotificationKind.ReportReceived, actor, isLocal, null, Subject(report.Id)))
            .OfType<Notification>()];
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Report {ReportId} about a {Kind} ({Category})")]
    private partial void LogReported(Guid reportId, ReportTargetKind kind, ReportCategory category);

    [LoggerMessage(Level = LogLevel.Information, Message = "Report {ReportId} merged with a second report by the same member")]
    private partial void LogMerged(Guid reportId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Flag {FlagId} queued as {Count} report(s)")]
    private partial void LogFlagQueued(string flagId, int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "Report {ReportId} closed with action {Action}")]
    private partial void LogClosed(Guid reportId, ReportCloseAction action);
}
