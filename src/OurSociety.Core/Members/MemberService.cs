using Microsoft.Extensions.Logging;
using OurSociety.Core.Hubs;
using OurSociety.Core.Invitations;
using OurSociety.Core.Setup;
using OurSociety.Core.Work;

namespace OurSociety.Core.Members;

public sealed record SignUp(string? Username, string? Password, string? DisplayName, string? InviteCode, string? Reason);

public sealed record SignedIn(Member Member, string SecurityStamp);

/// <summary>Joining, signing in and looking after one's account.</summary>
public sealed partial class MemberService(
    IMemberStore members,
    IInvitationStore invitations,
    INodeSettingStore settings,
    IPasswordHasher hasher,
    NodePolicy policy,
    TimeProvider time,
    UnitOfWork unit,
    IEnumerable<IAccountDeletionStep> deletionSteps,
    ILogger<MemberService> log)
{
    public const int MaxFailedSignIns = 5;

    private readonly Lazy<string> _unknownUserHash = new(() => hasher.Hash(Secrets.NewCode()));
    public static readonly TimeSpan LockoutDuration = TimeSpan.FromMinutes(15);

    /// <summary>Joins the node; the result carries the security stamp, so an active newcomer can be signed in at once.</summary>
    public async Task<Outcome<SignedIn>> RegisterAsync(SignUp request, CancellationToken ct)
    {
        var errors = ValidateNewAccount(request.Username, request.Password, request.DisplayName);
        if (request.Reason is { Length: > ProfileLimits.SignUpReasonMax })
        {
            errors["reason"] = [CoreText.Format("TooLong", ("max", ProfileLimits.SignUpReasonMax))];
        }

        Invitation? invitation = null;
        if (!string.IsNullOrWhiteSpace(request.InviteCode))
        {
            invitation = await invitations.FindByCodeAsync(request.InviteCode.Trim(), ct);
            // A closed hub takes only admins' invitations; one a member made earlier no longer opens the door.
            if (invitation is null || !invitation.IsUsable(time.GetUtcNow())
                || (policy.Registrations == RegistrationMode.Closed && await members.FindAsync(invitation.CreatedBy, ct) is not { IsAdmin: true }))
            {
                errors["invite"] = [CoreText.Get("SignUp.InviteInvalid")];
            }
        }
        else if (policy.Registrations is RegistrationMode.Closed or RegistrationMode.Invite)
        {
            return new Outcome<SignedIn>.Forbidden(policy.Registrations == RegistrationMode.Closed
                ? CoreText.Get("SignUp.Closed")
                : CoreText.Get("SignUp.InviteOnly"));
        }

        if (errors.Count > 0)
        {
            return new Outcome<SignedIn>.Invalid(errors);
        }

        var state = invitation is null && policy.Registrations == RegistrationMode.Approval ? MemberState.Pending : MemberState.Active;
        var member = NewMember(request.Username!, request.DisplayName, new HashSet<Role> { Role.Member }, state, request.Reason?.Trim());
        var hash = hasher.Hash(request.Password!);
        var stamp = Secrets.NewCode();
        var result = invitation is null
            ? await members.TryAddAsync(member, hash, stamp, ct) ? AddMemberResult.Added : AddMemberResult.UsernameTaken
            : await members.TryAddWithInvitationAsync(member, hash, stamp, invitation.Id, time.GetUtcNow(), ct);
        if (result == AddMemberResult.Added)
        {
            LogJoined(member.Id, member.Username, member.State == MemberState.Pending ? "waiting for approval" : "active",
                invitation is null ? "sign-up" : "invitation");
        }

        return Added(new SignedIn(member, stamp), result);
    }

    /// <summary>An admin adds (the CLI) a member directly; without a password a one-time one is generated.</summary>
    public async Task<Outcome<(Member Member, string Password)>> CreateAsync(
        string? username, IReadOnlySet<Role> roles, string? password, CancellationToken ct)
    {
        // A password the admin gives (--password-stdin) is the person's own; one made here is printed on the admin's
        // console, so it only lets its owner in to choose their own.
        var oneTime = password is null;
        password ??= Secrets.NewPassword();
        var errors = ValidateNewAccount(username, password, displayName: null);
        if (errors.Count > 0)
        {
            return new Outcome<(Member, string)>.Invalid(errors);
        }

        var roleSet = roles.Count == 0 ? new HashSet<Role> { Role.Member } : roles;
        var member = NewMember(username!, null, roleSet, MemberState.Active, null) with { MustChangePassword = oneTime };
        if (!await members.TryAddAsync(member, hasher.Hash(password), Secrets.NewCode(), ct))
        {
            return new Outcome<(Member, string)>.Conflict($"The username \"{member.Username}\" is already taken.");
        }

        LogCreated(member.Id, member.Username, member.Roles);

        return new Outcome<(Member, string)>.Ok((member, password));
    }

    /// <summary>
    /// Signs in from <paramref name="clientKey"/> (the client's address, an IPv6 /64 as one). Wrong passwords lock the
    /// account for that address only, so a stranger's guesses cannot keep the member out from their own devices.
    /// There is deliberately no account-wide lock: any one could be set off by strangers again, and guessing from many
    /// addresses is already slowed by the per-address sign-in rate limit and by this lock on each address.
    /// </summary>
    public async Task<Outcome<SignedIn>> SignInAsync(string? username, string? password, string clientKey, CancellationToken ct)
    {
        var wrong = CoreText.Get("SignIn.Wrong");
        if (string.IsNullOrWhiteSpace(username) || string.IsNullOrEmpty(password))
        {
            return new Outcome<SignedIn>.Invalid("password", wrong);
        }

        var member = await members.FindByUsernameAsync(username, ct);
        var credentials = member is null ? null : await members.FindCredentialsAsync(member.Id, ct);
        if (member is null || credentials is null)
        {
            // Spend the same time as for a real account, so the answer's speed does not tell which usernames exist.
            hasher.Verify(_unknownUserHash.Value, password);
            return new Outcome<SignedIn>.Invalid("password", wrong);
        }

        var now = time.GetUtcNow();
        if (await members.FindSignInLockAsync(member.Id, clientKey, ct) is { } until && until > now)
        {
            return new Outcome<SignedIn>.Forbidden(
                CoreText.Format("SignIn.Paused", ("minutes", (long)Math.Ceiling((until - now).TotalMinutes))));
        }

        var check = hasher.Verify(credentials.PasswordHash, password);
        if (check == PasswordCheck.Failed)
        {
            if (await members.RecordFailedSignInAsync(member.Id, clientKey, MaxFailedSignIns, now + LockoutDuration, ct))
            {
                LogLockedOut(member.Id, member.Username, MaxFailedSignIns, LockoutDuration.TotalMinutes);
            }

            return new Outcome<SignedIn>.Invalid("password", wrong);
        }

        if (member.State == MemberState.Pending)
        {
            return new Outcome<SignedIn>.Forbidden(CoreText.Get("SignIn.Pending"));
        }

        await members.RecordSignInAsync(member.Id, clientKey, check == PasswordCheck.SuccessRehashNeeded ? hasher.Hash(password) : null, now, ct);
        return new Outcome<SignedIn>.Ok(new SignedIn(member, credentials.SecurityStamp));
    }

    public async Task<Outcome<string>> ChangePasswordAsync(Guid memberId, string? current, string? replacement, CancellationToken ct)
    {
        var credentials = await members.FindCredentialsAsync(memberId, ct);
        if (credentials is null)
        {
            return new Outcome<string>.NotFound();
        }

        if (string.IsNullOrEmpty(current) || hasher.Verify(credentials.PasswordHash, current) == PasswordCheck.Failed)
        {
            return new Outcome<string>.Invalid("currentPassword", CoreText.Get("Password.CurrentWrong"));
        }

        if (ValidatePassword(replacement) is { } problem)
        {
            return new Outcome<string>.Invalid("newPassword", problem);
        }

        var stamp = Secrets.NewCode();
        await members.SetPasswordAsync(memberId, hasher.Hash(replacement!), stamp, mustChange: false, time.GetUtcNow(), ct);
        LogPasswordChanged(memberId);
        return new Outcome<string>.Ok(stamp);
    }

    /// <summary>
    /// The member signed in with a one-time password and now chooses their own. Their current password is not asked
    /// again (they just gave it), but the new one must differ from it. Conflict when the password is already their own.
    /// </summary>
    public async Task<Outcome<string>> ChooseNewPasswordAsync(Guid memberId, string? replacement, CancellationToken ct)
    {
        var member = await members.FindAsync(memberId, ct);
        var credentials = member is null ? null : await members.FindCredentialsAsync(memberId, ct);
        if (member is null || credentials is null)
        {
            return new Outcome<string>.NotFound();
        }

        if (!member.MustChangePassword)
        {
            return new Outcome<string>.Conflict(CoreText.Get("Password.AlreadyOwn"));
        }

        if (ValidatePassword(replacement) is { } problem)
        {
            return new Outcome<string>.Invalid("newPassword", problem);
        }

        if (hasher.Verify(credentials.PasswordHash, replacement!) != PasswordCheck.Failed)
        {
            return new Outcome<string>.Invalid("newPassword", CoreText.Get("Password.SameAsOneTime"));
        }

        var stamp = Secrets.NewCode();
        await members.SetPasswordAsync(memberId, hasher.Hash(replacement!), stamp, mustChange: false, time.GetUtcNow(), ct);
        LogPasswordChosen(memberId);
        return new Outcome<string>.Ok(stamp);
    }

    /// <summary>An admin lifts every sign-in lock on the member (the admin page). NotFound when there is no such member.</summary>
    public async Task<Outcome<Member>> UnlockSignInAsync(Guid memberId, CancellationToken ct)
    {
        if (await members.FindAsync(memberId, ct) is not { } member)
        {
            return new Outcome<Member>.NotFound();
        }

        if (await members.UnlockSignInAsync(memberId, ct))
        {
            LogUnlocked(member.Id, member.Username);
        }

        return new Outcome<Member>.Ok(member);
    }

    /// <summary>
    /// Sets a new one-time password (admin CLI); signs the member out everywhere and lifts a lockout. The next sign-in
    /// with it must choose a new password.
    /// </summary>
    public async Task<Outcome<(Member Member, string Password)>> ResetPasswordAsync(string? username, CancellationToken ct)
    {
        var member = string.IsNullOrWhiteSpace(username) ? null : await members.FindByUsernameAsync(username, ct);
        if (member is null)
        {
            return new Outcome<(Member, string)>.NotFound();
        }

        var password = Secrets.NewPassword();
        await members.SetPasswordAsync(member.Id, hasher.Hash(password), Secrets.NewCode(), mustChange: true, time.GetUtcNow(), ct);
        LogPasswordReset(member.Id, member.Username);
        return new Outcome<(Member, string)>.Ok((member, password));
    }

    public async Task<Outcome<Member>> UpdateProfileAsync(Guid memberId, string? displayName, string? bio, string? locality, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        Check(errors, "displayName", displayName, ProfileLimits.DisplayNameMax);
        Check(errors, "bio", bio, ProfileLimits.BioMax);
        Check(errors, "locality", locality, ProfileLimits.LocalityMax);
        if (errors.Count > 0)
        {
            return new Outcome<Member>.Invalid(errors);
        }

        var current = await members.FindAsync(memberId, ct);
        if (current is null)
        {
            return new Outcome<Member>.NotFound();
        }

        var update = new ProfileUpdate(
            string.IsNullOrWhiteSpace(displayName) ? current.Username : displayName.Trim(),
            bio?.Trim() ?? current.Bio,
            locality?.Trim() ?? current.Locality);
        await CommitAnnouncedAsync(current, tx => members.UpdateProfileAsync(memberId, update, time.GetUtcNow(), tx, ct), ct);
        return await members.FindAsync(memberId, ct) is { } updated ? new Outcome<Member>.Ok(updated) : new Outcome<Member>.NotFound();
    }

    /// <summary>Locks or unlocks the account for follow requests; followers' servers are told (the locked badge).</summary>
    public async Task SetManuallyApprovesFollowersAsync(Guid memberId, bool value, CancellationToken ct)
    {
        if (await members.FindAsync(memberId, ct) is not { } member)
        {
            return;
        }

        await CommitAnnouncedAsync(member, tx => members.SetManuallyApprovesFollowersAsync(memberId, value, time.GetUtcNow(), tx, ct), ct);
    }

    /// <summary>
    /// Whether the member is shown in directories and suggestions (<c>discoverable</c>) and whether search finds their
    /// public posts (<c>indexable</c>); both are on their actor, so followers' servers are told when either changes.
    /// </summary>
    public async Task<Outcome<Member>> SetDiscoveryAsync(Guid memberId, bool discoverable, bool indexable, CancellationToken ct)
    {
        if (await members.FindAsync(memberId, ct) is not { } member)
        {
            return new Outcome<Member>.NotFound();
        }

        if (member.Discoverable == discoverable && member.Indexable == indexable)
        {
            return new Outcome<Member>.Ok(member);
        }

        await CommitAnnouncedAsync(member, tx => members.SetDiscoveryAsync(memberId, discoverable, indexable, time.GetUtcNow(), tx, ct), ct);
        return new Outcome<Member>.Ok(member with { Discoverable = discoverable, Indexable = indexable });
    }

    /// <summary>Sets (or, with null, removes) the avatar; followers' servers are told.</summary>
    public async Task SetAvatarAsync(Guid memberId, string? avatarPath, CancellationToken ct)
    {
        if (await members.FindAsync(memberId, ct) is not { } member)
        {
            return;
        }

        await CommitAnnouncedAsync(member, tx => members.SetAvatarAsync(memberId, avatarPath, time.GetUtcNow(), tx, ct), ct);
    }

    /// <summary>
    /// Commits a change to <paramref name="member"/>'s public face with the work that tells followers' servers of it;
    /// a pending member is no actor yet, so nothing is told.
    /// </summary>
    private Task CommitAnnouncedAsync(Member member, Func<ITransaction, Task> change, CancellationToken ct) =>
        unit.CommitAsync(async tx =>
        {
            await change(tx);
            return member.State == MemberState.Active ? [MemberWork.Item(MemberWork.Updated, member)] : (IReadOnlyCollection<NewWorkItem>)[];
        }, ct);

    public async Task<Outcome<Member>> ApproveAsync(Guid memberId, CancellationToken ct)
    {
        if (!await members.ApproveAsync(memberId, time.GetUtcNow(), ct) || await members.FindAsync(memberId, ct) is not { } member)
        {
            return new Outcome<Member>.NotFound();
        }

        LogApproved(member.Id, member.Username);
        return new Outcome<Member>.Ok(member);
    }

    /// <summary>Turns down a request to join: the pending account is removed.</summary>
    public async Task<Outcome<bool>> RejectAsync(Guid memberId, CancellationToken ct)
    {
        var member = await members.FindAsync(memberId, ct);
        if (member is not { State: MemberState.Pending })
        {
            return new Outcome<bool>.NotFound();
        }

        var write = MemberWrite.NotFound;
        await unit.CommitAsync(async tx =>
        {
            write = await members.DeleteAsync(memberId, tx, ct);
            return [];
        }, ct);
        if (write != MemberWrite.Done)
        {
            return new Outcome<bool>.NotFound();
        }

        LogTurnedDown(member.Id, member.Username);
        return new Outcome<bool>.Ok(true);
    }

    public async Task<Outcome<Member>> SetRolesAsync(Guid memberId, IReadOnlySet<Role> roles, CancellationToken ct)
    {
        // Everyone stays a member: the other roles come on top of it.
        switch (await members.SetRolesAsync(memberId, new HashSet<Role>(roles) { Role.Member }, time.GetUtcNow(), ct))
        {
            case MemberWrite.WouldLeaveNoAdmin:
                return new Outcome<Member>.Conflict(CoreText.Get("Roles.LastAdmin"));
            case MemberWrite.NotFound:
                return new Outcome<Member>.NotFound();
        }

        if (await members.FindAsync(memberId, ct) is not { } updated)
        {
            return new Outcome<Member>.NotFound();
        }

        LogRolesChanged(updated.Id, updated.Username, updated.Roles);

        return new Outcome<Member>.Ok(updated);
    }

    /// <summary>A member deletes their own account; the password confirms it is really them.</summary>
    public async Task<Outcome<bool>> DeleteAccountAsync(Guid memberId, string? password, CancellationToken ct)
    {
        var member = await members.FindAsync(memberId, ct);
        var credentials = await members.FindCredentialsAsync(memberId, ct);
        if (member is null || credentials is null)
        {
            return new Outcome<bool>.NotFound();
        }

        if (string.IsNullOrEmpty(password) || hasher.Verify(credentials.PasswordHash, password) == PasswordCheck.Failed)
        {
            return new Outcome<bool>.Invalid("password", CoreText.Get("Password.Wrong"));
        }

        var write = MemberWrite.NotFound;
        await unit.CommitAsync(async tx =>
        {
            // The Delete of the actor is queued with the deletion: its followers are told even after a crash.
            write = await members.DeleteAsync(memberId, tx, ct);
            if (write != MemberWrite.Done)
            {
                return [];
            }

            List<NewWorkItem> items = [MemberWork.Item(MemberWork.Deleted, member)];
            foreach (var step in deletionSteps)
            {
                items.AddRange(await step.DeletingAsync(member, tx, ct));
            }

            return items;
        }, ct);
        switch (write)
        {
            case MemberWrite.WouldLeaveNoAdmin:
                return new Outcome<bool>.Conflict(CoreText.Get("Delete.LastAdmin"));
            case MemberWrite.NotFound:
                return new Outcome<bool>.NotFound();
        }

        LogDeleted(member.Id, member.Username);
        return new Outcome<bool>.Ok(true);
    }

    /// <summary>
    /// The node deletes a suspended member's account at the end of the grace period: the same path as a member's own
    /// deletion (the Delete of the actor is queued with it), with <paramref name="alongside"/> (the audit entry) in the
    /// same transaction. False when nothing was deleted (gone already, or the last admin).
    /// </summary>
    public async Task<bool> DeleteByNodeAsync(Member member, Func<ITransaction, Task> alongside, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(member);
        ArgumentNullException.ThrowIfNull(alongside);
        var write = MemberWrite.NotFound;
        await unit.CommitAsync(async tx =>
        {
            write = await members.DeleteAsync(member.Id, tx, ct);
            if (write != MemberWrite.Done)
            {
                return [];
            }

            await alongside(tx);
            List<NewWorkItem> items = [MemberWork.Item(MemberWork.Deleted, member)];
            foreach (var step in deletionSteps)
            {
                items.AddRange(await step.DeletingAsync(member, tx, ct));
            }

            return items;
        }, ct);
        if (write == MemberWrite.Done)
        {
            LogDeletedByNode(member.Id, member.Username);
        }

        return write == MemberWrite.Done;
    }

    /// <summary>The first-run setup token, while the node has no admin; made once and kept across restarts.</summary>
    public async Task<string?> GetSetupTokenAsync(CancellationToken ct) =>
        await members.AnyAdminAsync(ct) ? null : await settings.GetOrAddAsync(NodeSettings.SetupToken, Secrets.NewCode(), ct);

    public async Task<bool> IsSetupTokenValidAsync(string? token, CancellationToken ct) =>
        !string.IsNullOrEmpty(token)
        && await GetSetupTokenAsync(ct) is { } expected
        && System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(
            System.Text.Encoding.UTF8.GetBytes(expected), System.Text.Encoding.UTF8.GetBytes(token));

    public async Task<Outcome<SignedIn>> CompleteSetupAsync(string? token, SignUp request, CancellationToken ct)
    {
        if (!await IsSetupTokenValidAsync(token, ct))
        {
            return new Outcome<SignedIn>.Forbidden(CoreText.Get("Setup.Invalid"));
        }

        var errors = ValidateNewAccount(request.Username, request.Password, request.DisplayName);
        if (errors.Count > 0)
        {
            return new Outcome<SignedIn>.Invalid(errors);
        }

        var member = NewMember(request.Username!, request.DisplayName, new HashSet<Role> { Role.Admin, Role.Member }, MemberState.Active, null);
        var stamp = Secrets.NewCode();
        return await members.TryAddFirstAdminAsync(member, hasher.Hash(request.Password!), stamp, ct) switch
        {
            AddMemberResult.Added => FirstAdmin(member, stamp),
            AddMemberResult.UsernameTaken => new Outcome<SignedIn>.Invalid("username", CoreText.Get("Username.Taken")),
            _ => new Outcome<SignedIn>.Forbidden(CoreText.Get("Setup.Done")),
        };
    }

    public static string? ValidatePassword(string? password) => password switch
    {
        null or "" => CoreText.Get("Password.Missing"),
        { Length: < ProfileLimits.PasswordMin } => CoreText.Format("Password.TooShort", ("min", ProfileLimits.PasswordMin)),
        { Length: > ProfileLimits.PasswordMax } => CoreText.Format("Password.TooLong", ("max", ProfileLimits.PasswordMax)),
        _ => null,
    };

    private Dictionary<string, string[]> ValidateNewAccount(string? username, string? password, string? displayName)
    {
        var errors = new Dictionary<string, string[]>();
        if (Username.Validate(username, policy.HubUsername) is { } usernameProblem)
        {
            errors["username"] = [usernameProblem];
        }

        if (ValidatePassword(password) is { } passwordProblem)
        {
            errors["password"] = [passwordProblem];
        }

        Check(errors, "displayName", displayName, ProfileLimits.DisplayNameMax);
        return errors;
    }

    private static void Check(Dictionary<string, string[]> errors, string field, string? value, int max)
    {
        if (value is not null && value.Trim().Length > max)
        {
            errors[field] = [CoreText.Format("TooLong", ("max", max))];
        }
    }

    private Member NewMember(string username, string? displayName, IReadOnlySet<Role> roles, MemberState state, string? reason)
    {
        var now = time.GetUtcNow();
        // Stored in lower case: the name becomes the actor id and handle (acct:name@host), which never change.
        var name = Username.Normalize(username);
        return new Member(Guid.CreateVersion7(now), name, string.IsNullOrWhiteSpace(displayName) ? name : displayName.Trim(),
            "", "", null, roles, state, string.IsNullOrEmpty(reason) ? null : reason, now, now);
    }

    private Outcome<SignedIn> FirstAdmin(Member member, string stamp)
    {
        LogFirstAdmin(member.Id, member.Username);
        return new Outcome<SignedIn>.Ok(new SignedIn(member, stamp));
    }

    private static Outcome<SignedIn> Added(SignedIn joined, AddMemberResult result) => result switch
    {
        AddMemberResult.Added => new Outcome<SignedIn>.Ok(joined),
        AddMemberResult.UsernameTaken => new Outcome<SignedIn>.Invalid("username", CoreText.Get("Username.Taken")),
        _ => new Outcome<SignedIn>.Invalid("invite", CoreText.Get("SignUp.InviteGone")),
    };

    [LoggerMessage(EventId = 4001, Level = LogLevel.Information, Message = "Member {MemberId} ({Username}) joined through {Route}, {State}")]
    private partial void LogJoined(Guid memberId, string username, string state, string route);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Information, Message = "Member {MemberId} ({Username}) was added by an admin with roles {Roles}")]
    private partial void LogCreated(Guid memberId, string username, IReadOnlySet<Role> roles);

    [LoggerMessage(EventId = 4003, Level = LogLevel.Warning, Message = "Member {MemberId} ({Username}) is locked out from one client address for {Minutes} minutes after {Failures} wrong passwords")]
    private partial void LogLockedOut(Guid memberId, string username, int failures, double minutes);

    [LoggerMessage(EventId = 4004, Level = LogLevel.Information, Message = "Member {MemberId} changed their password")]
    private partial void LogPasswordChanged(Guid memberId);

    [LoggerMessage(EventId = 4005, Level = LogLevel.Information, Message = "Member {MemberId} ({Username}) was given a new one-time password")]
    private partial void LogPasswordReset(Guid memberId, string username);

    [LoggerMessage(EventId = 4006, Level = LogLevel.Information, Message = "Member {MemberId} ({Username}) was approved")]
    private partial void LogApproved(Guid memberId, string username);

    [LoggerMessage(EventId = 4007, Level = LogLevel.Information, Message = "The request to join of {MemberId} ({Username}) was turned down")]
    private partial void LogTurnedDown(Guid memberId, string username);

    [LoggerMessage(EventId = 4008, Level = LogLevel.Information, Message = "Member {MemberId} ({Username}) now has roles {Roles}")]
    private partial void LogRolesChanged(Guid memberId, string username, IReadOnlySet<Role> roles);

    [LoggerMessage(EventId = 4009, Level = LogLevel.Information, Message = "Member {MemberId} ({Username}) deleted their account")]
    private partial void LogDeleted(Guid memberId, string username);

    [LoggerMessage(EventId = 4011, Level = LogLevel.Information, Message = "Member {MemberId} replaced their one-time password with their own")]
    private partial void LogPasswordChosen(Guid memberId);

    [LoggerMessage(EventId = 4010, Level = LogLevel.Information, Message = "First admin {MemberId} ({Username}) created through the setup link")]
    private partial void LogFirstAdmin(Guid memberId, string username);

    [LoggerMessage(EventId = 4012, Level = LogLevel.Information, Message = "An admin lifted the sign-in locks on member {MemberId} ({Username})")]
    private partial void LogUnlocked(Guid memberId, string username);

    [LoggerMessage(EventId = 4013, Level = LogLevel.Information, Message = "Member {MemberId} ({Username}) was deleted by the node at the end of a suspension")]
    private partial void LogDeletedByNode(Guid memberId, string username);
}
