using System.Data.Common;
using Dapper;
using OurSociety.Core;
using OurSociety.Core.Introductions;
using OurSociety.Core.Members;
using OurSociety.Core.Paging;
using OurSociety.Core.Setup;
using OurSociety.Storage.Sql;

namespace OurSociety.Storage.Stores;

public sealed class MemberStore(IDbConnectionFactory db) : IMemberStore
{
    private const string Columns =
        "id, username, display_name, bio, locality, avatar_path, state, sign_up_reason, created_at, updated_at, manually_approves_followers, " +
        "must_change_password, language, introduction_policy, limited_at, suspended_at, suspension_reason, discoverable, indexable";

    public async Task SetManuallyApprovesFollowersAsync(Guid memberId, bool value, DateTimeOffset now, ITransaction tx, CancellationToken ct)
    {
        var (connection, transaction) = tx.Sql();
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE member SET manually_approves_followers = @Value, updated_at = @Now WHERE id = @Id",
            new { Id = memberId, Value = value ? 1 : 0, Now = now }, transaction, cancellationToken: ct));
    }

    public async Task SetLanguageAsync(Guid memberId, string? language, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE member SET language = @Language WHERE id = @Id", new { Id = memberId, Language = language }, cancellationToken: ct));
    }

    public async Task SetIntroductionPolicyAsync(Guid memberId, IntroductionPolicy policy, DateTimeOffset now, ITransaction tx, CancellationToken ct)
    {
        var (connection, transaction) = tx.Sql();
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE member SET introduction_policy = @Policy, updated_at = @Now WHERE id = @Id",
            new { Id = memberId, Policy = policy.Name(), Now = now }, transaction, cancellationToken: ct));
    }

    public async Task SetDiscoveryAsync(Guid memberId, bool discoverable, bool indexable, DateTimeOffset now, ITransaction tx, CancellationToken ct)
    {
        var (connection, transaction) = tx.Sql();
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE member SET discoverable = @Discoverable, indexable = @Indexable, updated_at = @Now WHERE id = @Id",
            new { Id = memberId, Discoverable = discoverable ? 1L : 0L, Indexable = indexable ? 1L : 0L, Now = now }, transaction, cancellationToken: ct));
    }

    public async Task<Member?> FindAsync(Guid id, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        var row = await connection.QuerySingleOrDefaultAsync<MemberRow>(new CommandDefinition(
            $"SELECT {Columns} FROM member WHERE id = @Id", new { Id = id }, cancellationToken: ct));
        return row is null ? null : (await WithRolesAsync(connection, [row], ct))[0];
    }

    public async Task<Member?> FindByUsernameAsync(string username, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        var row = await connection.QuerySingleOrDefaultAsync<MemberRow>(new CommandDefinition(
            $"SELECT {Columns} FROM member WHERE username_normalized = @Name",
            new { Name = Username.Normalize(username) }, cancellationToken: ct));
        return row is null ? null : (await WithRolesAsync(connection, [row], ct))[0];
    }

    public async Task<Credentials?> FindCredentialsAsync(Guid memberId, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        var row = await connection.QuerySingleOrDefaultAsync<CredentialsRow>(new CommandDefinition("""
            SELECT id, password_hash, security_stamp, locked_until FROM member WHERE id = @Id
            """, new { Id = memberId }, cancellationToken: ct));
        return row is null ? null : new Credentials(row.Id, row.PasswordHash, row.SecurityStamp, row.LockedUntil);
    }

    public async Task<bool> TryAddAsync(Member member, string passwordHash, string securityStamp, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        if (!await TryInsertAsync(connection, tx, member, passwordHash, securityStamp, null, ct))
        {
            return false;
        }

        await tx.CommitAsync(ct);
        return true;
    }

    public async Task<AddMemberResult> TryAddWithInvitationAsync(
        Member member, string passwordHash, string securityStamp, Guid invitationId, DateTimeOffset now, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        // The use is spent by a guarded UPDATE, so two people racing for the last use cannot both get in.
        var spent = await connection.ExecuteAsync(new CommandDefinition("""
            UPDATE invitation SET uses = uses + 1
            WHERE id = @Id AND revoked_at IS NULL
              AND (expires_at IS NULL OR expires_at > @Now)
              AND (max_uses IS NULL OR uses < max_uses)
            """, new { Id = invitationId, Now = now }, tx, cancellationToken: ct));
        if (spent == 0)
        {
            return AddMemberResult.Refused;
        }

        if (!await TryInsertAsync(connection, tx, member, passwordHash, securityStamp, invitationId, ct))
        {
            return AddMemberResult.UsernameTaken;
        }

        await tx.CommitAsync(ct);
        return AddMemberResult.Added;
    }

    public async Task<AddMemberResult> TryAddFirstAdminAsync(Member member, string passwordHash, string securityStamp, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        // Deleting the token is the guard: of two people submitting the setup form at once, only one deletes it.
        var claimed = await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM node_setting WHERE name = @Name", new { Name = NodeSettings.SetupToken }, tx, cancellationToken: ct));
        if (claimed == 0 || await AnyAdminAsync(connection, tx, ct))
        {
            return AddMemberResult.Refused;
        }

        if (!await TryInsertAsync(connection, tx, member, passwordHash, securityStamp, null, ct))
        {
            return AddMemberResult.UsernameTaken;
        }

        await tx.CommitAsync(ct);
        return AddMemberResult.Added;
    }

    public async Task<bool> AnyAdminAsync(CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        return await AnyAdminAsync(connection, null, ct);
    }

    public async Task<long> CountAsync(MemberState state, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT COUNT(*) FROM member WHERE state = @State", new { State = StateName(state) }, cancellationToken: ct));
    }

    public async Task<MemberActivity> CountActivityAsync(DateTimeOffset monthAgo, DateTimeOffset halfYearAgo, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        // Timestamps are fixed-width UTC text, so comparing the text orders them.
        var row = await connection.QuerySingleAsync<ActivityRow>(new CommandDefinition("""
            SELECT COUNT(*) AS total,
                COALESCE(SUM(CASE WHEN last_sign_in_at >= @Month OR created_at >= @Month THEN 1 ELSE 0 END), 0) AS active_month,
                COALESCE(SUM(CASE WHEN last_sign_in_at >= @HalfYear OR created_at >= @HalfYear THEN 1 ELSE 0 END), 0) AS active_half_year
            FROM member WHERE state = @State
            """, new { State = StateName(MemberState.Active), Month = monthAgo, HalfYear = halfYearAgo }, cancellationToken: ct));
        return new MemberActivity(row.Total, row.ActiveMonth, row.ActiveHalfYear);
    }

    public async Task<Page<Member>> ListAsync(MemberState state, Cursor after, int limit, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        var rows = (await connection.QueryAsync<MemberRow>(new CommandDefinition($"""
            SELECT {Columns} FROM member
            WHERE state = @State AND (created_at, id) < (@Key, @Id)
            ORDER BY created_at DESC, id DESC
            LIMIT @Take
            """, new { State = StateName(state), after.Key, after.Id, Take = limit + 1 }, cancellationToken: ct))).ToList();
        // The extra row stays a row (no roles needed): it only says that a next page exists.
        var members = await WithRolesAsync(connection, rows.Take(limit).ToList(), ct);
        var page = KeysetPage.From(rows, limit, r => r.CreatedAt, r => r.Id);
        return new Page<Member>(members, page.Next);
    }

    public async Task<IReadOnlyList<Member>> ListWithRolesAsync(IReadOnlyCollection<Role> roles, int limit, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        var rows = (await connection.QueryAsync<MemberRow>(new CommandDefinition($"""
            SELECT {Columns} FROM member
            WHERE state = @State AND id IN (SELECT member_id FROM member_role WHERE role IN @Roles)
            ORDER BY created_at, id
            LIMIT @Take
            """, new { State = StateName(MemberState.Active), Roles = roles.Select(r => r.Name()).ToList(), Take = limit }, cancellationToken: ct))).ToList();
        return await WithRolesAsync(connection, rows, ct);
    }

    public async Task<IReadOnlyList<Guid>> ListIdsWithRoleAsync(Role role, int limit, ITransaction tx, CancellationToken ct)
    {
        var (connection, transaction) = tx.Sql();
        return [.. await connection.QueryAsync<Guid>(new CommandDefinition("""
            SELECT id FROM member
            WHERE state = @State AND id IN (SELECT member_id FROM member_role WHERE role = @Role)
            ORDER BY created_at, id
            LIMIT @Take
            """, new { State = StateName(MemberState.Active), Role = role.Name(), Take = limit }, transaction, cancellationToken: ct))];
    }

    public async Task<bool> RecordFailedSignInAsync(
        Guid memberId, string clientKey, int lockAfter, DateTimeOffset lockUntil, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        // One statement, so parallel guesses all count. The right-hand sides see the old count, on SQLite and
        // PostgreSQL alike; the count starts again at 0 on locking.
        var count = await connection.QuerySingleOrDefaultAsync<long?>(new CommandDefinition("""
            INSERT INTO sign_in_failure (member_id, client_key, failures, locked_until)
            VALUES (@Id, @Client, CASE WHEN 1 >= @LockAfter THEN 0 ELSE 1 END, CASE WHEN 1 >= @LockAfter THEN @LockUntil END)
            ON CONFLICT (member_id, client_key) DO UPDATE SET
                failures = CASE WHEN sign_in_failure.failures + 1 >= @LockAfter THEN 0 ELSE sign_in_failure.failures + 1 END,
                locked_until = CASE WHEN sign_in_failure.failures + 1 >= @LockAfter THEN @LockUntil ELSE sign_in_failure.locked_until END
            RETURNING failures
            """, new { Id = memberId, Client = clientKey, LockAfter = (long)lockAfter, LockUntil = lockUntil }, cancellationToken: ct));
        return count == 0;
    }

    public async Task<DateTimeOffset?> FindSignInLockAsync(Guid memberId, string clientKey, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<DateTimeOffset?>(new CommandDefinition(
            "SELECT locked_until FROM sign_in_failure WHERE member_id = @Id AND client_key = @Client AND locked_until IS NOT NULL",
            new { Id = memberId, Client = clientKey }, cancellationToken: ct));
    }

    public async Task<bool> UnlockSignInAsync(Guid memberId, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        return await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM sign_in_failure WHERE member_id = @Id", new { Id = memberId }, cancellationToken: ct)) > 0;
    }

    public async Task RecordSignInAsync(Guid memberId, string clientKey, string? newPasswordHash, DateTimeOffset now, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition("""
            UPDATE member SET last_sign_in_at = @Now, password_hash = COALESCE(@Hash, password_hash)
            WHERE id = @Id
            """, new { Id = memberId, Now = now, Hash = newPasswordHash }, tx, cancellationToken: ct));
        await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM sign_in_failure WHERE member_id = @Id AND client_key = @Client",
            new { Id = memberId, Client = clientKey }, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
    }

    public async Task SetPasswordAsync(
        Guid memberId, string passwordHash, string securityStamp, bool mustChange, DateTimeOffset now, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition("""
            UPDATE member SET password_hash = @Hash, security_stamp = @Stamp, failed_sign_ins = 0, locked_until = NULL,
                must_change_password = @MustChange, updated_at = @Now
            WHERE id = @Id
            """, new { Id = memberId, Hash = passwordHash, Stamp = securityStamp, MustChange = mustChange ? 1 : 0, Now = now },
            tx, cancellationToken: ct));
        await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM sign_in_failure WHERE member_id = @Id", new { Id = memberId }, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
    }

    public async Task<bool> UpdateProfileAsync(Guid memberId, ProfileUpdate profile, DateTimeOffset now, ITransaction tx, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(profile);
        var (connection, transaction) = tx.Sql();
        return await connection.ExecuteAsync(new CommandDefinition("""
            UPDATE member SET display_name = @DisplayName, bio = @Bio, locality = @Locality, updated_at = @Now WHERE id = @Id
            """, new { Id = memberId, profile.DisplayName, profile.Bio, profile.Locality, Now = now }, transaction, cancellationToken: ct)) == 1;
    }

    public async Task SetAvatarAsync(Guid memberId, string? avatarPath, DateTimeOffset now, ITransaction tx, CancellationToken ct)
    {
        var (connection, transaction) = tx.Sql();
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE member SET avatar_path = @Path, updated_at = @Now WHERE id = @Id",
            new { Id = memberId, Path = avatarPath, Now = now }, transaction, cancellationToken: ct));
    }

    public async Task<MemberWrite> SetRolesAsync(Guid memberId, IReadOnlySet<Role> roles, DateTimeOffset now, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        // Writing first takes the write lock, so the admin count below cannot change under us.
        var old = (await connection.QueryAsync<string>(new CommandDefinition(
            "DELETE FROM member_role WHERE member_id = @Id RETURNING role", new { Id = memberId }, tx, cancellationToken: ct))).ToList();
        var found = await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE member SET updated_at = @Now WHERE id = @Id", new { Id = memberId, Now = now }, tx, cancellationToken: ct));
        if (found == 0)
        {
            return MemberWrite.NotFound;
        }

        await InsertRolesAsync(connection, tx, memberId, roles, ct);
        if (old.Contains("admin") && !roles.Contains(Role.Admin) && await ActiveAdminsAsync(connection, tx, ct) == 0)
        {
            return MemberWrite.WouldLeaveNoAdmin;   // rolled back on dispose
        }

        await tx.CommitAsync(ct);
        return MemberWrite.Done;
    }

    public async Task<bool> ApproveAsync(Guid memberId, DateTimeOffset now, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        return await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE member SET state = 'active', updated_at = @Now WHERE id = @Id AND state = 'pending'",
            new { Id = memberId, Now = now }, cancellationToken: ct)) == 1;
    }

    public async Task<MemberWrite> DeleteAsync(Guid memberId, ITransaction tx, CancellationToken ct)
    {
        var (connection, transaction) = tx.Sql();
        // The writes below are undone when they would leave no admin, but the caller's transaction stays usable (and
        // keeps what it wrote before): a savepoint, not a rollback of it all. A caller that commits anyway then
        // commits nothing of this.
        await transaction.SaveAsync(DeleteSavepoint, ct);
        var roles = (await connection.QueryAsync<string>(new CommandDefinition(
            "DELETE FROM member_role WHERE member_id = @Id RETURNING role", new { Id = memberId }, transaction, cancellationToken: ct))).ToList();
        var deleted = await connection.QuerySingleOrDefaultAsync<(string Username, string State, string UpdatedAt)?>(new CommandDefinition(
            "DELETE FROM member WHERE id = @Id RETURNING username_normalized, state, updated_at", new { Id = memberId }, transaction, cancellationToken: ct));
        if (deleted is not { } gone)
        {
            await transaction.ReleaseAsync(DeleteSavepoint, ct);   // nothing was there to delete
            return MemberWrite.NotFound;
        }

        if (gone.State == "active")
        {
            // Once active, the username was an actor id other servers may know: it is never given out again.
            await connection.ExecuteAsync(new CommandDefinition("""
                INSERT INTO retired_username (username_normalized, retired_at) VALUES (@Username, @At)
                ON CONFLICT (username_normalized) DO NOTHING
                """, new { gone.Username, At = gone.UpdatedAt }, transaction, cancellationToken: ct));
        }

        if (roles.Contains("admin") && await ActiveAdminsAsync(connection, transaction, ct) == 0)
        {
            await transaction.RollbackAsync(DeleteSavepoint, ct);
            await transaction.ReleaseAsync(DeleteSavepoint, ct);
            return MemberWrite.WouldLeaveNoAdmin;
        }

        await transaction.ReleaseAsync(DeleteSavepoint, ct);
        return MemberWrite.Done;
    }

    private const string DeleteSavepoint = "member_delete";

    private static async Task<long> ActiveAdminsAsync(DbConnection connection, DbTransaction tx, CancellationToken ct) =>
        await connection.ExecuteScalarAsync<long>(new CommandDefinition("""
            SELECT COUNT(*) FROM member m JOIN member_role r ON r.member_id = m.id
            WHERE r.role = 'admin' AND m.state = 'active'
            """, transaction: tx, cancellationToken: ct));

    private async Task<bool> TryInsertAsync(
        DbConnection connection, DbTransaction tx, Member member, string passwordHash, string securityStamp, Guid? invitationId, CancellationToken ct)
    {
        if (await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT COUNT(*) FROM retired_username WHERE username_normalized = @Normalized",
            new { Normalized = Username.Normalize(member.Username) }, tx, cancellationToken: ct)) > 0)
        {
            return false;   // taken by a deleted account, for good
        }

        try
        {
            await connection.ExecuteAsync(new CommandDefinition("""
                INSERT INTO member (id, username, username_normalized, display_name, bio, locality, avatar_path, state,
                    sign_up_reason, invitation_id, password_hash, security_stamp, failed_sign_ins, locked_until,
                    last_sign_in_at, created_at, updated_at, must_change_password)
                VALUES (@Id, @Username, @Normalized, @DisplayName, @Bio, @Locality, @AvatarPath, @State,
                    @SignUpReason, @InvitationId, @PasswordHash, @SecurityStamp, 0, NULL,
                    NULL, @CreatedAt, @UpdatedAt, @MustChangePassword)
                """, new
            {
                member.Id,
                member.Username,
                Normalized = Username.Normalize(member.Username),
                member.DisplayName,
                member.Bio,
                member.Locality,
                member.AvatarPath,
                State = StateName(member.State),
                member.SignUpReason,
                InvitationId = invitationId,
                PasswordHash = passwordHash,
                SecurityStamp = securityStamp,
                member.CreatedAt,
                member.UpdatedAt,
                MustChangePassword = member.MustChangePassword ? 1 : 0,
            }, tx, cancellationToken: ct));
        }
        catch (DbException ex) when (db.Dialect.IsUniqueViolation(ex))
        {
            return false;
        }

        await InsertRolesAsync(connection, tx, member.Id, member.Roles, ct);
        return true;
    }

    private static async Task InsertRolesAsync(DbConnection connection, DbTransaction tx, Guid memberId, IEnumerable<Role> roles, CancellationToken ct)
    {
        foreach (var role in roles)
        {
            await connection.ExecuteAsync(new CommandDefinition(
                "INSERT INTO member_role (member_id, role) VALUES (@Id, @Role)",
                new { Id = memberId, Role = role.Name() }, tx, cancellationToken: ct));
        }
    }

    private static async Task<bool> AnyAdminAsync(DbConnection connection, DbTransaction? tx, CancellationToken ct) =>
        await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT COUNT(*) FROM member_role WHERE role = 'admin'", transaction: tx, cancellationToken: ct)) > 0;

    private static async Task<List<Member>> WithRolesAsync(DbConnection connection, List<MemberRow> rows, CancellationToken ct)
    {
        if (rows.Count == 0)
        {
            return [];
        }

        var roles = (await connection.QueryAsync<RoleRow>(new CommandDefinition(
                "SELECT member_id, role FROM member_role WHERE member_id IN @Ids",
                new { Ids = rows.Select(r => r.Id.ToString("D")).ToArray() }, cancellationToken: ct)))
            .ToLookup(r => r.MemberId, r => r.Role);
        var skills = await SkillStore.ReadAsync(connection, rows.Select(r => r.Id), ct);
        return [.. rows.Select(r => r.ToDomain(roles[r.Id]) with
        {
            CanHelpWith = [.. skills[(r.Id, SkillStore.CanHelpWith)]],
            InterestedIn = [.. skills[(r.Id, SkillStore.InterestedIn)]],
        })];
    }

    internal static string StateName(MemberState state) => state == MemberState.Active ? "active" : "pending";

    private sealed class MemberRow
    {
        public required Guid Id { get; init; }
        public required string Username { get; init; }
        public required string DisplayName { get; init; }
        public required string Bio { get; init; }
        public required string Locality { get; init; }
        public string? AvatarPath { get; init; }
        public required string State { get; init; }
        public string? SignUpReason { get; init; }
        public required DateTimeOffset CreatedAt { get; init; }
        public required DateTimeOffset UpdatedAt { get; init; }
        public long ManuallyApprovesFollowers { get; init; }
        public long MustChangePassword { get; init; }
        public string? Language { get; init; }
        public string? IntroductionPolicy { get; init; }
        public DateTimeOffset? LimitedAt { get; init; }
        public DateTimeOffset? SuspendedAt { get; init; }
        public string? SuspensionReason { get; init; }
        public long Discoverable { get; init; } = 1;
        public long Indexable { get; init; } = 1;

        public Member ToDomain(IEnumerable<string> roles) => new(
            Id, Username, DisplayName, Bio, Locality, AvatarPath,
            roles.Select(name => Roles.TryParse(name, out var role) ? role : Role.Member).ToHashSet(),
            State == "active" ? MemberState.Active : MemberState.Pending,
            SignUpReason, CreatedAt, UpdatedAt)
        {
            ManuallyApprovesFollowers = ManuallyApprovesFollowers != 0,
            MustChangePassword = MustChangePassword != 0,
            Language = Language,
            IntroductionPolicy = IntroductionNames.TryParse(IntroductionPolicy, out Core.Introductions.IntroductionPolicy policy) ? policy : Core.Introductions.IntroductionPolicy.GlueErsOnly,
            LimitedAt = LimitedAt,
            SuspendedAt = SuspendedAt,
            SuspensionReason = SuspensionReason,
            Discoverable = Discoverable != 0,
            Indexable = Indexable != 0,
        };
    }

    private sealed class CredentialsRow
    {
        public required Guid Id { get; init; }
        public required string PasswordHash { get; init; }
        public required string SecurityStamp { get; init; }
        public DateTimeOffset? LockedUntil { get; init; }
    }

    private sealed class ActivityRow
    {
        public required long Total { get; init; }
        public required long ActiveMonth { get; init; }
        public required long ActiveHalfYear { get; init; }
    }

    private sealed class RoleRow
    {
        public required Guid MemberId { get; init; }
        public required string Role { get; init; }
    }
}
