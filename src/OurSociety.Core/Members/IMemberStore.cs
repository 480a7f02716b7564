using OurSociety.Core.Paging;

namespace OurSociety.Core.Members;

public interface IMemberStore
{
    Task<Member?> FindAsync(Guid id, CancellationToken ct);

    /// <summary>Locks or unlocks the account for follow requests.</summary>
    Task SetManuallyApprovesFollowersAsync(Guid memberId, bool value, DateTimeOffset now, ITransaction tx, CancellationToken ct);

    Task<Member?> FindByUsernameAsync(string username, CancellationToken ct);

    /// <summary>The language the member chose for the pages; null forgets the choice.</summary>
    Task SetLanguageAsync(Guid memberId, string? language, CancellationToken ct);

    /// <summary>Who may introduce the member to someone.</summary>
    Task SetIntroductionPolicyAsync(Guid memberId, Introductions.IntroductionPolicy policy, DateTimeOffset now, ITransaction tx, CancellationToken ct);

    /// <summary>Whether the member is shown in directories and suggestions, and whether search finds their public posts.</summary>
    Task SetDiscoveryAsync(Guid memberId, bool discoverable, bool indexable, DateTimeOffset now, ITransaction tx, CancellationToken ct);

    Task<Credentials?> FindCredentialsAsync(Guid memberId, CancellationToken ct);

    /// <summary>Inserts the member; false when the username is taken.</summary>
    Task<bool> TryAddAsync(Member member, string passwordHash, string securityStamp, CancellationToken ct);

    /// <summary>
    /// Inserts the member and spends one use of the invitation in one transaction; the outcome says which
    /// of the two was refused (username taken, or invitation used up, expired or revoked).
    /// </summary>
    Task<AddMemberResult> TryAddWithInvitationAsync(
        Member member, string passwordHash, string securityStamp, Guid invitationId, DateTimeOffset now, CancellationToken ct);

    /// <summary>Creates the first admin and forgets the setup token in one transaction; refused when an admin already exists.</summary>
    Task<AddMemberResult> TryAddFirstAdminAsync(Member member, string passwordHash, string securityStamp, CancellationToken ct);

    Task<bool> AnyAdminAsync(CancellationToken ct);

    Task<long> CountAsync(MemberState state, CancellationToken ct);

    /// <summary>
    /// Active members in total and those active since each date (NodeInfo usage): signed in, or joined, on or after it.
    /// Pending members are not counted.
    /// </summary>
    Task<MemberActivity> CountActivityAsync(DateTimeOffset monthAgo, DateTimeOffset halfYearAgo, CancellationToken ct);

    Task<Page<Member>> ListAsync(MemberState state, Cursor after, int limit, CancellationToken ct);

    /// <summary>Active members with any of <paramref name="roles"/>, oldest first (the hub's admins and moderators to contact).</summary>
    Task<IReadOnlyList<Member>> ListWithRolesAsync(IReadOnlyCollection<Role> roles, int limit, CancellationToken ct);

    /// <summary>
    /// Counts one more wrong password from <paramref name="clientKey"/> (an address, or an IPv6 /64) in a single
    /// statement (so parallel guesses cannot slip past the count); the <paramref name="lockAfter"/>th locks the account
    /// for that address until <paramref name="lockUntil"/>. True when this one locked it.
    /// </summary>
    Task<bool> RecordFailedSignInAsync(Guid memberId, string clientKey, int lockAfter, DateTimeOffset lockUntil, CancellationToken ct);

    /// <summary>Until when signing in to the account from <paramref name="clientKey"/> is locked; null when it is not.</summary>
    Task<DateTimeOffset?> FindSignInLockAsync(Guid memberId, string clientKey, CancellationToken ct);

    /// <summary>Lifts every sign-in lock on the account and forgets its wrong passwords. False when there was none.</summary>
    Task<bool> UnlockSignInAsync(Guid memberId, CancellationToken ct);

    /// <summary>A right password from <paramref name="clientKey"/>: forgets that address's wrong passwords.</summary>
    Task RecordSignInAsync(Guid memberId, string clientKey, string? newPasswordHash, DateTimeOffset now, CancellationToken ct);

    /// <summary>
    /// Replaces the password and the security stamp (signing out every device) and lifts a lockout;
    /// <paramref name="mustChange"/> marks it as a one-time password (see <see cref="Member.MustChangePassword"/>).
    /// </summary>
    Task SetPasswordAsync(Guid memberId, string passwordHash, string securityStamp, bool mustChange, DateTimeOffset now, CancellationToken ct);

    Task<bool> UpdateProfileAsync(Guid memberId, ProfileUpdate profile, DateTimeOffset now, ITransaction tx, CancellationToken ct);

    Task SetAvatarAsync(Guid memberId, string? avatarPath, DateTimeOffset now, ITransaction tx, CancellationToken ct);

    /// <summary>Replaces the member's roles, unless that would take away the node's last active admin.</summary>
    Task<MemberWrite> SetRolesAsync(Guid memberId, IReadOnlySet<Role> roles, DateTimeOffset now, CancellationToken ct);

    Task<bool> ApproveAsync(Guid memberId, DateTimeOffset now, CancellationToken ct);

    /// <summary>
    /// Deletes the member and everything that cascades from it (tokens, invitations), unless they are the node's last
    /// active admin.
    /// </summary>
    Task<MemberWrite> DeleteAsync(Guid memberId, ITransaction tx, CancellationToken ct);

    /// <summary>The ids of active members with <paramref name="role"/>, oldest first, read in the caller's transaction (our hub's admins to tell).</summary>
    Task<IReadOnlyList<Guid>> ListIdsWithRoleAsync(Role role, int limit, ITransaction tx, CancellationToken ct);
}

/// <summary>
/// How a change to a member went. The last-admin rule is checked inside the change's own transaction, so two admins
/// removing each other at the same moment cannot both succeed.
/// </summary>
/// <summary>How many active members there are and how many were active lately.</summary>
public sealed record MemberActivity(long Total, long ActiveMonth, long ActiveHalfyear);

public enum MemberWrite
{
    Done,
    NotFound,
    WouldLeaveNoAdmin,
}

public enum AddMemberResult
{
    Added,
    UsernameTaken,

    /// <summary>The invitation is used up, expired or revoked; or, for the first admin, an admin exists already.</summary>
    Refused,
}
