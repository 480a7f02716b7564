using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OurSociety.Core.Federation;
using OurSociety.Core.Members;
using OurSociety.Core.Notifications;
using OurSociety.Core.Work;

namespace OurSociety.Core.Moderation;

/// <summary>Where this hub is, for reading accounts named by URL or <c>@name@host</c>.</summary>
/// <param name="Origin"><c>scheme://host[:port]</c>.</param>
/// <param name="Authority"><c>host[:port]</c>.</param>
public sealed record ModerationSite(string Origin, string Authority);

/// <summary>
/// Warn, limit, suspend and lift them, on members here and on accounts elsewhere: one set of rules for the desk, the
/// close of a report and the CLI. Each action, the work it causes and its line in the audit log commit together.
/// </summary>
public sealed partial class AccountModerationService(
    IMemberStore members,
    IRemoteActorStore remoteActors,
    IAccountSanctionStore sanctions,
    IFollowStore follows,
    IModerationLogStore log,
    INotificationStore notifications,
    UnitOfWork unit,
    MemberService memberService,
    TimeProvider time,
    IOptions<ModerationOptions> options,
    ModerationSite site,
    ILogger<AccountModerationService> logger) : IAccountModeration
{
    /// <summary>The subject kind of a warning's notification: <c>moderation:{entry id}</c>.</summary>
    public const string NoticeSubject = "moderation";

    /// <summary>The actor of a warning's notification: the hub's moderators, never one of them by name.</summary>
    public const string NoticeActor = "moderators";

    public const int ReasonMax = 2000;

    public async Task<Outcome<ModerationEntry>> ApplyAsync(AccountActionRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        Member? moderator = null;
        if (request.ModeratorId is { } moderatorId)
        {
            moderator = await members.FindAsync(moderatorId, ct);
            if (moderator is null || !(moderator.Has(Role.Moderator) || moderator.IsAdmin))
            {
                return new Outcome<ModerationEntry>.Forbidden(CoreText.Get("AccountAction.NotModerator"));
            }
        }

        var reason = string.IsNullOrWhiteSpace(request.Reason) ? null : request.Reason.Trim();
        var note = string.IsNullOrWhiteSpace(request.PrivateNote) ? null : request.PrivateNote.Trim();
        var errors = new Dictionary<string, string[]>();
        if (reason is null && request.Action is AccountAction.Warn or AccountAction.Suspend)
        {
            errors["reason"] = [CoreText.Get("AccountAction.ReasonMissing")];
        }
        else if (reason is { Length: > ReasonMax })
        {
            errors["reason"] = [CoreText.Format("TooLong", ("max", ReasonMax))];
        }

        if (note is { Length: > ReasonMax })
        {
            errors["privateNote"] = [CoreText.Format("TooLong", ("max", ReasonMax))];
        }

        if (string.IsNullOrWhiteSpace(request.Account))
        {
            errors["account"] = [CoreText.Get("AccountAction.AccountMissing")];
        }

        if (errors.Count > 0)
        {
            return new Outcome<ModerationEntry>.Invalid(errors);
        }

        var target = await FindAsync(request.Account.Trim(), ct);
        if (target is null)
        {
            return new Outcome<ModerationEntry>.NotFound
            {
                Field = "account",
                Reason = CoreText.Format("AccountAction.Unknown", ("account", request.Account.Trim())),
            };
        }

        var now = time.GetUtcNow();
        var entry = new ModerationEntry(Guid.CreateVersion7(now), now, moderator?.Id, moderator?.Username ?? "node",
            request.Action.Name(), target.Member is null ? ModerationTargets.RemoteAccount : ModerationTargets.Member,
            target.Member?.Id.ToString("D") ?? target.Remote!.Id, target.Label, reason, note, request.ReportId);
        var outcome = target.Member is { } member
            ? await OnMemberAsync(member, moderator, request.Action, entry, ct)
            : await OnRemoteAsync(target.Remote!, request.Action, entry, ct);
        if (outcome is Outcome<ModerationEntry>.Ok)
        {
            LogActed(entry.ModeratorName, entry.Action, entry.TargetLabel);
        }

        return outcome;
    }

    private async Task<Outcome<ModerationEntry>> OnMemberAsync(
        Member member, Member? moderator, AccountAction action, ModerationEntry entry, CancellationToken ct)
    {
        if (moderator is not null && moderator.Id == member.Id)
        {
            return new Outcome<ModerationEntry>.Conflict(CoreText.Get("AccountAction.Self")) { Field = "account" };
        }

        // A moderator cannot sanction an admin (an admin can take the role away instead); the node can.
        if (moderator is not null && !moderator.IsAdmin && member.IsAdmin)
        {
            return new Outcome<ModerationEntry>.Forbidden(CoreText.Get("AccountAction.AdminTarget")) { Field = "account" };
        }

        var now = entry.CreatedAt;
        switch (action)
        {
            case AccountAction.Warn:
                await unit.CommitAsync(async tx =>
                {
                    await log.AddAsync(entry, tx, ct);
                    // The reason is read on /appeal from the audit log; the notification only points there.
                    await notifications.AddAsync([new Notification(Guid.CreateVersion7(now), member.Id, NotificationKind.Warned, NoticeActor,
                        IsLocal: false, PostId: null, now, ReadAt: null, NotificationSubjects.Of(NoticeSubject, entry.Id))], tx, ct);
                    return [];
                }, ct);
                break;
            case AccountAction.Limit or AccountAction.Unlimit:
                if ((action == AccountAction.Limit) == (member.LimitedAt is not null))
                {
                    return new Outcome<ModerationEntry>.Conflict(CoreText.Get(action == AccountAction.Limit
                        ? "AccountAction.AlreadyLimited" : "AccountAction.NotLimited"))
                    { Field = "action" };
                }

                // Nothing is sent: a limit is this hub's own choice of what it lists.
                await unit.CommitAsync(async tx =>
                {
                    await sanctions.SetMemberLimitAsync(member.Id, action == AccountAction.Limit ? now : null, tx, ct);
                    await log.AddAsync(entry, tx, ct);
                    return [];
                }, ct);
                break;
            case AccountAction.Suspend:
                if (member.IsSuspended)
                {
                    return new Outcome<ModerationEntry>.Conflict(CoreText.Get("AccountAction.AlreadySuspended")) { Field = "action" };
                }

                await unit.CommitAsync(async tx =>
                {
                    await sanctions.SetMemberSuspensionAsync(member.Id, now, entry.Reason, tx, ct);
                    await log.AddAsync(entry, tx, ct);
                    // Followers' servers see the actor suspended; at the end of the grace period the account goes.
                    var ends = new SuspensionEnds(member.Id, member.Username, now);
                    return
                    [
                        MemberWork.Item(MemberWork.Updated, member),
                        new NewWorkItem(ModerationWork.SuspensionEnds, WorkPayload.Write(ends), $"member:{member.Id:D}",
                            now.AddDays(options.Value.SuspensionGraceDays)),
                    ];
                }, ct);
                break;
            case AccountAction.Unsuspend:
                if (!member.IsSuspended)
                {
                    return new Outcome<ModerationEntry>.Conflict(CoreText.Get("AccountAction.NotSuspended")) { Field = "action" };
                }

                await unit.CommitAsync(async tx =>
                {
                    await sanctions.SetMemberSuspensionAsync(member.Id, null, null, tx, ct);
                    await log.AddAsync(entry, tx, ct);
                    // The grace item stays queued and finds the account no longer suspended: it does nothing.
                    return [MemberWork.Item(MemberWork.Updated, member)];
                }, ct);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(action));
        }

        return new Outcome<ModerationEntry>.Ok(entry);
    }

    private async Task<Outcome<ModerationEntry>> OnRemoteAsync(RemoteActor actor, AccountAction action, ModerationEntry entry, CancellationToken ct)
    {
        if (action == AccountAction.Warn)
        {
            return new Outcome<ModerationEntry>.Invalid("action", CoreText.Get("AccountAction.WarnRemote"));
        }

        var current = await sanctions.FindRemoteAsync(actor.Id, ct);
        var already = action switch
        {
            AccountAction.Limit => current.IsLimited ? "AccountAction.AlreadyLimited" : null,
            AccountAction.Unlimit => current.IsLimited ? null : "AccountAction.NotLimited",
            AccountAction.Suspend => current.IsSuspended ? "AccountAction.AlreadySuspended" : null,
            _ => current.IsSuspended ? null : "AccountAction.NotSuspended",
        };
        if (already is not null)
        {
            return new Outcome<ModerationEntry>.Conflict(CoreText.Get(already)) { Field = "action" };
        }

        var now = entry.CreatedAt;
        IReadOnlyList<EndedFollow> ended = [];
        if (action == AccountAction.Suspend)
        {
            // Read before the transaction (no other connection inside it); the work item carries them to the Rejects.
            ended = await TheirFollowsAsync(actor.Id, ct);
        }

        var purged = 0;
        IReadOnlyList<Media.MediaFileRef> pictures = [];
        await unit.CommitAsync(async tx =>
        {
            switch (action)
            {
                case AccountAction.Limit or AccountAction.Unlimit:
                    await sanctions.SetRemoteLimitAsync(actor.Id, action == AccountAction.Limit ? now : null, tx, ct);
                    break;
                case AccountAction.Unsuspend:
                    // What was removed stays removed: the desk says so before a remote suspension is confirmed.
                    await sanctions.SetRemoteSuspensionAsync(actor.Id, null, tx, ct);
                    break;
                default:
                    await sanctions.SetRemoteSuspensionAsync(actor.Id, now, tx, ct);
                    // Their follows of our members and ours of them end; only theirs are told (a Reject each), ours
                    // are dropped here without a word, as Mastodon does.
                    await sanctions.DeleteFollowsAsync(actor.Id, FollowDirection.In, tx, ct);
                    await sanctions.DeleteFollowsAsync(actor.Id, FollowDirection.Out, tx, ct);
                    var purge = await sanctions.PurgeRemoteContentAsync(actor.Id, tx, ct);
                    (purged, pictures) = (purge.Posts, purge.Media);
                    break;
            }

            await log.AddAsync(entry, tx, ct);
            List<NewWorkItem> work = [];
            if (action == AccountAction.Suspend && ended.Count > 0)
            {
                work.Add(new NewWorkItem(ModerationWork.RemoteSuspended, WorkPayload.Write(new RemoteSuspended(actor.Id, ended)), $"actor:{actor.Id}"));
            }

            if (pictures.Count > 0)
            {
                work.Add(Media.MediaFileWork.Item(pictures));   // the files go once the rows' removal commits
            }

            return work;
        }, ct);
        if (action == AccountAction.Suspend)
        {
            LogRemoteSuspended(actor.Id, ended.Count, purged);
        }

        return new Outcome<ModerationEntry>.Ok(entry);
    }

    /// <summary>Whether <paramref name="account"/> names an account elsewhere (null: no account known by that name).</summary>
    public async Task<bool?> IsRemoteAsync(string? account, CancellationToken ct) =>
        string.IsNullOrWhiteSpace(account) ? null : await FindAsync(account.Trim(), ct) is { } target ? target.Member is null : null;

    /// <summary>Limited or suspended accounts, local and remote, for the desk.</summary>
    public Task<IReadOnlyList<SanctionedAccount>> SanctionedAsync(int limit, CancellationToken ct) => sanctions.ListSanctionedAsync(limit, ct);

    /// <summary>
    /// The end of a grace period (work item <see cref="ModerationWork.SuspensionEnds"/>): the account is deleted, as its
    /// owner would delete it (followers' servers get the Delete of the actor), unless it was unsuspended in time or
    /// suspended again later (that suspension's own item decides). Running again finds nothing to delete.
    /// </summary>
    public async Task SuspensionEndsAsync(WorkItem item, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(item);
        var ends = WorkPayload.Read<SuspensionEnds>(item);
        if (await members.FindAsync(ends.MemberId, ct) is not { SuspendedAt: { } since } member
            || Math.Abs((since - ends.SuspendedAt).TotalMilliseconds) >= 1)
        {
            return;
        }

        // The entry's id comes from the work item, so a second run cannot log the deletion twice.
        var entry = new ModerationEntry(DerivedGuid(item.Id), time.GetUtcNow(), null, "node", ModerationActions.DeleteSuspended,
            ModerationTargets.Member, member.Id.ToString("D"), "@" + member.Username, member.SuspensionReason, null, null);
        if (await memberService.DeleteByNodeAsync(member, tx => log.AddAsync(entry, tx, ct), ct))
        {
            LogGraceEnded(member.Username);
        }
    }

    private static Guid DerivedGuid(Guid workItemId)
    {
        var bytes = System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes("moderation-entry:" + workItemId.ToString("D")));
        return new Guid(bytes.AsSpan(0, 16));
    }

    /// <summary>Every follow of one of our actors by <paramref name="actorId"/>, accepted or waiting.</summary>
    private async Task<IReadOnlyList<EndedFollow>> TheirFollowsAsync(string actorId, CancellationToken ct)
    {
        var list = new List<EndedFollow>();
        foreach (var local in await sanctions.LocalActorsLinkedToAsync(actorId, FollowDirection.In, ct))
        {
            if (await follows.FindAsync(local, actorId, FollowDirection.In, ct) is { } follow)
            {
                list.Add(new EndedFollow(follow.LocalActor, actorId, follow.ActivityId));
            }
        }

        return list;
    }

    /// <summary>The account named, here or elsewhere (stored accounts only: nothing is fetched while the moderator waits).</summary>
    private async Task<Target?> FindAsync(string account, CancellationToken ct)
    {
        if (Guid.TryParse(account, out var id))
        {
            return await members.FindAsync(id, ct) is { } byId ? Target.Of(byId) : null;
        }

        if (account.StartsWith("https://", StringComparison.OrdinalIgnoreCase) || account.StartsWith("http://", StringComparison.OrdinalIgnoreCase))
        {
            foreach (var prefix in new[] { site.Origin + "/users/", site.Origin + "/@" })
            {
                if (account.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
                {
                    return await LocalAsync(Uri.UnescapeDataString(account[prefix.Length..].TrimEnd('/')), ct);
                }
            }

            return await remoteActors.FindAsync(account, ct) is { } byUrl ? Target.Of(byUrl) : null;
        }

        var handle = account.TrimStart('@');
        var at = handle.IndexOf('@', StringComparison.Ordinal);
        if (at < 0)
        {
            return await LocalAsync(handle, ct);
        }

        var (user, host) = (handle[..at], handle[(at + 1)..]);
        if (string.Equals(host, site.Authority, StringComparison.OrdinalIgnoreCase))
        {
            return await LocalAsync(user, ct);
        }

        return user.Length > 0 && host.Length > 0 && await sanctions.FindRemoteByHandleAsync(user, host, ct) is { } byHandle
            ? Target.Of(byHandle)
            : null;
    }

    private async Task<Target?> LocalAsync(string username, CancellationToken ct) =>
        username.Length > 0 && !username.Contains('/', StringComparison.Ordinal)
        && await members.FindByUsernameAsync(username, ct) is { State: MemberState.Active } member
            ? Target.Of(member)
            : null;

    private sealed record Target(Member? Member, RemoteActor? Remote, string Label)
    {
        public static Target Of(Member member) => new(member, null, "@" + member.Username);

        public static Target Of(RemoteActor actor) => new(null, actor, actor.Handle);
    }

    [LoggerMessage(EventId = 13401, Level = LogLevel.Information, Message = "Moderation: {Moderator} did {Action} to {Target}")]
    private partial void LogActed(string moderator, string action, string target);

    [LoggerMessage(EventId = 13402, Level = LogLevel.Information, Message = "Suspended remote account {ActorId}: {Follows} follows of our members rejected, {Posts} posts removed")]
    private partial void LogRemoteSuspended(string actorId, int follows, int posts);

    [LoggerMessage(EventId = 13403, Level = LogLevel.Information, Message = "The grace period of suspended member {Username} ended: the account is deleted")]
    private partial void LogGraceEnded(string username);
}
