using OurSociety.Core.Members;
using OurSociety.Core.Moderation;
using OurSociety.Core.Paging;
using OurSociety.Core.Posts;
using OurSociety.Core.Setup;
using OurSociety.Core.Work;

namespace OurSociety.Core.Hubs;

/// <summary>Where a post submitted to our hub from elsewhere stands (issue 14, FEP-1b12).</summary>
public enum HubSubmissionState
{
    /// <summary>In the queue: a moderator or admin has not answered yet.</summary>
    Waiting,

    /// <summary>Announced to the hub's followers and shown on the hub's page.</summary>
    Approved,

    /// <summary>Not announced and not shown.</summary>
    Declined,
}

/// <summary>
/// A public or unlisted top-level post from elsewhere that addresses our hub, mentions it or sets its
/// <c>audience</c> to it. Kept apart (<see cref="ObjectJson"/>, <see cref="ActivityJson"/>) until approved, when it is
/// stored among posts and announced.
/// </summary>
/// <param name="ApId">The post's id: a repeat of the same post is one submission.</param>
/// <param name="ActorId">Its author elsewhere.</param>
/// <param name="DecidedBy">The moderator or admin who answered; null when approved at once (a follower, with "followers may post directly").</param>
public sealed record HubSubmission(
    Guid Id,
    string ApId,
    string ActorId,
    string? Url,
    string? Title,
    string? Summary,
    string ObjectJson,
    string ActivityJson,
    HubSubmissionState State,
    DateTimeOffset ReceivedAt,
    Guid? DecidedBy,
    DateTimeOffset? DecidedAt);

/// <summary>The wire names of <see cref="HubSubmissionState"/> (API, database, pages).</summary>
public static class HubSubmissionStates
{
    public static string Name(HubSubmissionState state) => state switch
    {
        HubSubmissionState.Waiting => "waiting",
        HubSubmissionState.Approved => "approved",
        HubSubmissionState.Declined => "declined",
        _ => throw new ArgumentOutOfRangeException(nameof(state)),
    };

    public static HubSubmissionState? Parse(string? name) => name switch
    {
        "waiting" => HubSubmissionState.Waiting,
        "approved" => HubSubmissionState.Approved,
        "declined" => HubSubmissionState.Declined,
        _ => null,
    };
}

/// <summary>Submissions to the hub (migration 0027).</summary>
public interface IHubSubmissionStore
{
    /// <summary>Adds the submission; false when one for the same post exists (nothing changes then).</summary>
    Task<bool> AddAsync(HubSubmission submission, ITransaction tx, CancellationToken ct);

    Task<HubSubmission?> FindAsync(Guid id, CancellationToken ct);

    Task<HubSubmission?> FindByApIdAsync(string apId, CancellationToken ct);

    /// <summary>Those in <paramref name="state"/>, newest received first.</summary>
    Task<Page<HubSubmission>> ListAsync(HubSubmissionState state, Cursor after, int limit, CancellationToken ct);

    /// <summary>Moves a waiting submission to <paramref name="state"/>; false when it was not waiting (decided already).</summary>
    Task<bool> DecideAsync(Guid id, HubSubmissionState state, Guid? by, DateTimeOffset at, ITransaction tx, CancellationToken ct);

    /// <summary>
    /// Takes its author's edit (an <c>Update</c>): the stored object, the Create carrying it, title, summary and page
    /// address. Only while it waits (false otherwise): once approved, the post's own update path applies.
    /// </summary>
    Task<bool> ReviseAsync(HubSubmission revised, ITransaction tx, CancellationToken ct);

    /// <summary>
    /// Forgets every submission by these accounts, whatever its state: used when what we keep of an account is purged
    /// (suspended, its domain suspended, or deleted by itself), so nothing of it can be approved afterwards.
    /// </summary>
    Task<int> DeleteByActorsAsync(IReadOnlyCollection<string> actorIds, ITransaction tx, CancellationToken ct);
}

/// <summary>The software a remote host runs, from its NodeInfo (<c>''</c> when not known), and when it was read.</summary>
public sealed record InstanceSoftware(string Host, string Software, DateTimeOffset FetchedAt);

/// <summary>What we know of remote hosts' software (migration 0027), filled by work items only.</summary>
public interface IInstanceSoftwareStore
{
    /// <summary>The known hosts among <paramref name="hosts"/> (lower case).</summary>
    Task<IReadOnlyList<InstanceSoftware>> FindAsync(IReadOnlyCollection<string> hosts, CancellationToken ct);

    Task PutAsync(InstanceSoftware software, CancellationToken ct);
}

/// <summary>The payload of <see cref="HubSubmissionWork.Announce"/>.</summary>
public sealed record HubSubmissionEvent(Guid SubmissionId);

/// <summary>Work kinds of hub submissions.</summary>
public static class HubSubmissionWork
{
    /// <summary>
    /// Payload <see cref="HubSubmissionEvent"/>: stores an approved submission among posts (unless it is there) and
    /// announces it to the hub's followers and its author.
    /// </summary>
    public const string Announce = "hubsubmission.announce";

    public static NewWorkItem Item(Guid submissionId) =>
        new(Announce, WorkPayload.Write(new HubSubmissionEvent(submissionId)), "hubsubmission:" + submissionId.ToString("D"));
}

/// <summary>The node settings of hub submissions.</summary>
public static class HubSubmissionSettings
{
    /// <summary>"1": submissions from accounts that follow the hub are approved at once; else every one waits.</summary>
    public const string FollowersPostDirectly = "hub_followers_post_directly";

    public static async Task<bool> IsOnAsync(INodeSettingStore settings, string name, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return await settings.GetAsync(name, ct) == "1";
    }
}

/// <summary>
/// The moderators' answers to submissions: approve (stored among posts and announced by the work item
/// <see cref="HubSubmissionWork.Announce"/>) or decline (nothing sent, nothing shown). Each answer writes its line in
/// the moderation audit log in the same commit. Approval checks the author again (<see cref="HubSubmissionRefusals"/>):
/// an author or domain limited, suspended or blocked since the post arrived, or blocked by the hub, makes it a decline
/// (with the reason in the audit log) and a 409 that says why.
/// </summary>
public sealed class HubSubmissionService(
    IHubSubmissionStore submissions, IMemberStore members, IModerationLogStore log, HubSubmissionRefusals refusals, UnitOfWork unit, TimeProvider time)
{
    /// <summary>The <see cref="Outcome{T}.Conflict.Field"/> of an approval the re-check turned into a decline.</summary>
    public const string RefusedField = "author";

    public async Task<Outcome<HubSubmission>> DecideAsync(Guid id, bool approve, Guid moderatorId, CancellationToken ct)
    {
        var moderator = await members.FindAsync(moderatorId, ct);
        if (!PostService.MayModerate(moderator))
        {
            return new Outcome<HubSubmission>.Forbidden(CoreText.Get("HubSubmission.NotModerator"));
        }

        if (await submissions.FindAsync(id, ct) is not { } submission)
        {
            return new Outcome<HubSubmission>.NotFound { Field = "id", Reason = CoreText.Get("HubSubmission.NotFound") };
        }

        if (submission.State != HubSubmissionState.Waiting)
        {
            return new Outcome<HubSubmission>.Conflict(CoreText.Get("HubSubmission.Decided")) { Field = "id" };
        }

        // Read just before the commit (no other connection inside it, UnitOfWork): a sanction landing in between is
        // caught by the announce item, which checks again before it stores or sends anything.
        var refusal = approve ? await refusals.CheckAsync(submission.ActorId, ct) : null;
        var why = refusal is { } r ? HubSubmissionRefusals.Declined(r) : null;
        var now = time.GetUtcNow();
        var announce = approve && refusal is null;
        var state = announce ? HubSubmissionState.Approved : HubSubmissionState.Declined;
        var decided = false;
        await unit.CommitAsync(async tx =>
        {
            decided = await submissions.DecideAsync(id, state, moderatorId, now, tx, ct);
            if (!decided)
            {
                return [];
            }

            await log.AddAsync(new ModerationEntry(
                Guid.CreateVersion7(now), now, moderatorId, moderator!.Username,
                announce ? ModerationActions.ApproveSubmission : ModerationActions.DeclineSubmission, ModerationTargets.HubSubmission,
                submission.ApId, submission.Title ?? submission.Url ?? submission.ApId, why, null, null), tx, ct);
            return announce ? [HubSubmissionWork.Item(id)] : [];
        }, ct);

        if (!decided)
        {
            return new Outcome<HubSubmission>.Conflict(CoreText.Get("HubSubmission.Decided")) { Field = "id" };
        }

        // Declined in place of the approval asked for: the moderator is told why (the field is the author, not the id).
        return why is not null
            ? new Outcome<HubSubmission>.Conflict(why) { Field = RefusedField }
            : new Outcome<HubSubmission>.Ok(submission with { State = state, DecidedBy = moderatorId, DecidedAt = now });
    }
}
