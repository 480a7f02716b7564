using Microsoft.Extensions.Options;
using OurSociety.Core.Federation;

namespace OurSociety.Core.Moderation;

/// <summary>A remote account's sanctions, as the moderators set them (never touched by a re-fetch of the actor).</summary>
public sealed record RemoteSanction(DateTimeOffset? LimitedAt, DateTimeOffset? SuspendedAt)
{
    public static readonly RemoteSanction None = new(null, null);

    public bool IsLimited => LimitedAt is not null;

    public bool IsSuspended => SuspendedAt is not null;
}

/// <summary>An account that is limited or suspended now, for the desk's list (to lift it).</summary>
/// <param name="Kind"><see cref="ModerationTargets.Member"/> or <see cref="ModerationTargets.RemoteAccount"/>.</param>
/// <param name="Account">What the desk's form takes back: <c>@name</c> or the actor id.</param>
/// <param name="Label">What a moderator reads: <c>@name</c> or <c>@user@host</c>.</param>
public sealed record SanctionedAccount(string Kind, string Account, string Label, DateTimeOffset? LimitedAt, DateTimeOffset? SuspendedAt);

/// <summary>A follow of one of our members by a suspended remote account, to be answered with a <c>Reject</c>.</summary>
public sealed record EndedFollow(string LocalActor, string RemoteActorId, string FollowActivityId);

/// <summary>The work a remote suspension causes: a Reject(Follow) for each of its follows of our members.</summary>
public sealed record RemoteSuspended(string ActorId, IReadOnlyList<EndedFollow> Follows);

/// <summary>What a remote account's purge removed: its posts, and the cached images whose rows went.</summary>
public sealed record RemotePurge(int Posts, IReadOnlyList<Media.MediaFileRef> Media);

/// <summary>The end of a member's grace period: deleted then unless unsuspended (or suspended again later) in between.</summary>
public sealed record SuspensionEnds(Guid MemberId, string Username, DateTimeOffset SuspendedAt);

/// <summary>Work kinds of account moderation.</summary>
public static class ModerationWork
{
    /// <summary>Payload <see cref="SuspensionEnds"/>; runs at the end of the grace period.</summary>
    public const string SuspensionEnds = "moderation.suspension-ends";

    /// <summary>Payload <see cref="RemoteSuspended"/>: tells the account's server its follows of our members ended.</summary>
    public const string RemoteSuspended = "moderation.remote-suspended";
}

/// <summary>The sanction columns of <c>member</c> and <c>remote_actor</c>, and what a remote suspension removes.</summary>
public interface IAccountSanctionStore
{
    Task SetMemberLimitAsync(Guid memberId, DateTimeOffset? at, ITransaction tx, CancellationToken ct);

    Task SetMemberSuspensionAsync(Guid memberId, DateTimeOffset? at, string? reason, ITransaction tx, CancellationToken ct);

    Task<RemoteSanction> FindRemoteAsync(string actorId, CancellationToken ct);

    /// <summary>A stored remote actor by <c>user@host</c> (host as stored, any case).</summary>
    Task<RemoteActor?> FindRemoteByHandleAsync(string username, string host, CancellationToken ct);

    Task SetRemoteLimitAsync(string actorId, DateTimeOffset? at, ITransaction tx, CancellationToken ct);

    Task SetRemoteSuspensionAsync(string actorId, DateTimeOffset? at, ITransaction tx, CancellationToken ct);

    /// <summary>
    /// Removes what we keep of a remote account: its posts and replies (with their topics, images, reactions), its
    /// reactions to ours, its needs and offers, its posts sent to the hub (any state), and the cached copies of its images: the number of posts removed and
    /// the images whose rows went (their files are for the caller to delete once this commits).
    /// </summary>
    Task<RemotePurge> PurgeRemoteContentAsync(string actorId, ITransaction tx, CancellationToken ct);

    /// <summary>Our actors (by key-store name) with a follow to or from <paramref name="actorId"/> in <paramref name="direction"/>.</summary>
    Task<IReadOnlyList<string>> LocalActorsLinkedToAsync(string actorId, FollowDirection direction, CancellationToken ct);

    /// <summary>Drops every follow with <paramref name="actorId"/> in <paramref name="direction"/>, telling no one.</summary>
    Task<int> DeleteFollowsAsync(string actorId, FollowDirection direction, ITransaction tx, CancellationToken ct);

    /// <summary>Limited or suspended accounts, local and remote, most recent first.</summary>
    Task<IReadOnlyList<SanctionedAccount>> ListSanctionedAsync(int limit, CancellationToken ct);
}

/// <summary>Account moderation settings (<c>OurSociety:Moderation</c>).</summary>
public sealed class ModerationOptions
{
    public const string Section = "OurSociety:Moderation";

    /// <summary>Days a suspended member's account is kept (and can be restored) before it is deleted: 1 to 3650.</summary>
    public int SuspensionGraceDays { get; set; } = 30;
}

/// <summary>Checked at start: a bad value stops the node with a message naming the key.</summary>
public sealed class ModerationOptionsValidator : IValidateOptions<ModerationOptions>
{
    public ValidateOptionsResult Validate(string? name, ModerationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.SuspensionGraceDays is < 1 or > 3650
            ? ValidateOptionsResult.Fail($"{ModerationOptions.Section}:SuspensionGraceDays must be 1 to 3650; got {options.SuspensionGraceDays}.")
            : ValidateOptionsResult.Success;
    }
}
