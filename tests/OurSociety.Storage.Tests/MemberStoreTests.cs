using Dapper;
using OurSociety.Core.Invitations;
using OurSociety.Core.Members;
using OurSociety.Core.Paging;
using OurSociety.Core.Setup;
using OurSociety.Storage.Stores;

namespace OurSociety.Storage.Tests;

public sealed class MemberStoreTests(StoreFixture fixture) : IClassFixture<StoreFixture>
{
    private readonly MemberStore _members = new(fixture.Db);
    private readonly InvitationStore _invitations = new(fixture.Db);
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task TryAdd_SameUsernameInOtherCase_IsRefused()
    {
        Assert.True(await _members.TryAddAsync(fixture.NewMember("Rosa_Parks"), "hash", "stamp", Ct));

        Assert.False(await _members.TryAddAsync(fixture.NewMember("rosa_parks"), "hash", "stamp", Ct));

        var found = await _members.FindByUsernameAsync("ROSA_PARKS", Ct);
        Assert.Equal("Rosa_Parks", found?.Username);
    }

    [Fact]
    public async Task TryAdd_KeepsRolesAndProfile()
    {
        var member = fixture.NewMember("glue_person", MemberState.Active, Role.GlueEr, Role.Moderator);
        await _members.TryAddAsync(member, "hash", "stamp", Ct);

        var found = await _members.FindAsync(member.Id, Ct);

        Assert.NotNull(found);
        Assert.Equal(new HashSet<Role> { Role.GlueEr, Role.Moderator }, found.Roles.ToHashSet());
        Assert.Equal(member.CreatedAt, found.CreatedAt);
        Assert.Equal("stamp", (await _members.FindCredentialsAsync(member.Id, Ct))?.SecurityStamp);
    }

    [Fact]
    public async Task MustChangePassword_KeptOnAdd_SetAndClearedWithThePassword()
    {
        var member = fixture.NewMember("one_time_pw") with { MustChangePassword = true };
        await _members.TryAddAsync(member, "hash", "stamp", Ct);
        var added = await _members.FindAsync(member.Id, Ct);

        await _members.SetPasswordAsync(member.Id, "own-hash", "stamp-2", mustChange: false, fixture.Time.GetUtcNow(), Ct);
        var chosen = await _members.FindByUsernameAsync("one_time_pw", Ct);
        await _members.SetPasswordAsync(member.Id, "reset-hash", "stamp-3", mustChange: true, fixture.Time.GetUtcNow(), Ct);

        Assert.True(added?.MustChangePassword);
        Assert.False(chosen?.MustChangePassword);
        Assert.True((await _members.FindAsync(member.Id, Ct))?.MustChangePassword);
        Assert.Equal("reset-hash", (await _members.FindCredentialsAsync(member.Id, Ct))?.PasswordHash);
    }

    [Fact]
    public async Task TryAddWithInvitation_LastUseTakenTwice_OnlyFirstGetsIn()
    {
        var inviter = fixture.NewMember("inviter_a");
        await _members.TryAddAsync(inviter, "hash", "stamp", Ct);
        var now = fixture.Time.GetUtcNow();
        var invitation = new Invitation(Guid.CreateVersion7(now), "code-last-use", inviter.Id, 1, 0, now.AddDays(1), null, now);
        await _invitations.AddAsync(invitation, Ct);

        var first = await _members.TryAddWithInvitationAsync(fixture.NewMember("invitee_1"), "h", "s", invitation.Id, now, Ct);
        var second = await _members.TryAddWithInvitationAsync(fixture.NewMember("invitee_2"), "h", "s", invitation.Id, now, Ct);

        Assert.Equal(AddMemberResult.Added, first);
        Assert.Equal(AddMemberResult.Refused, second);
        Assert.Null(await _members.FindByUsernameAsync("invitee_2", Ct));
        Assert.Equal(1, (await _invitations.FindAsync(invitation.Id, Ct))?.Uses);
    }

    [Fact]
    public async Task TryAddWithInvitation_UsernameTaken_DoesNotSpendTheInvitation()
    {
        var inviter = fixture.NewMember("inviter_b");
        await _members.TryAddAsync(inviter, "hash", "stamp", Ct);
        var now = fixture.Time.GetUtcNow();
        var invitation = new Invitation(Guid.CreateVersion7(now), "code-taken", inviter.Id, 1, 0, null, null, now);
        await _invitations.AddAsync(invitation, Ct);

        var result = await _members.TryAddWithInvitationAsync(fixture.NewMember("inviter_b"), "h", "s", invitation.Id, now, Ct);

        Assert.Equal(AddMemberResult.UsernameTaken, result);
        Assert.Equal(0, (await _invitations.FindAsync(invitation.Id, Ct))?.Uses);
    }

    [Fact]
    public async Task TryAddWithInvitation_ExpiredOrRevoked_IsRefused()
    {
        var inviter = fixture.NewMember("inviter_c");
        await _members.TryAddAsync(inviter, "hash", "stamp", Ct);
        var now = fixture.Time.GetUtcNow();
        var expired = new Invitation(Guid.CreateVersion7(now), "code-expired", inviter.Id, null, 0, now.AddMinutes(-1), null, now);
        var revoked = new Invitation(Guid.CreateVersion7(now), "code-revoked", inviter.Id, null, 0, null, null, now);
        await _invitations.AddAsync(expired, Ct);
        await _invitations.AddAsync(revoked, Ct);
        await _invitations.RevokeAsync(revoked.Id, now, Ct);

        Assert.Equal(AddMemberResult.Refused, await _members.TryAddWithInvitationAsync(fixture.NewMember("late_1"), "h", "s", expired.Id, now, Ct));
        Assert.Equal(AddMemberResult.Refused, await _members.TryAddWithInvitationAsync(fixture.NewMember("late_2"), "h", "s", revoked.Id, now, Ct));
    }

    [Fact]
    public async Task ListAsync_WalksEveryMemberOnceInPages()
    {
        var made = new HashSet<Guid>();
        for (var i = 0; i < 7; i++)
        {
            var m = fixture.NewMember($"pending_walk_{i}", MemberState.Pending);
            await _members.TryAddAsync(m, "h", "s", Ct);
            made.Add(m.Id);
        }

        var seen = new List<Guid>();
        var cursor = Cursor.Start;
        for (var pages = 0; pages < 20; pages++)
        {
            var page = await _members.ListAsync(MemberState.Pending, cursor, 3, Ct);
            seen.AddRange(page.Items.Select(m => m.Id));
            if (page.Next is null)
            {
                break;
            }

            Assert.True(Cursor.TryDecode(page.Next, out cursor));
        }

        Assert.Equal(seen.Count, seen.Distinct().Count());
        Assert.Superset(made, seen.ToHashSet());
    }

    [Fact]
    public async Task Delete_RemovesRolesTokensAndInvitations()
    {
        var member = fixture.NewMember("leaving_soon", MemberState.Active, Role.Moderator);
        await _members.TryAddAsync(member, "h", "s", Ct);
        var now = fixture.Time.GetUtcNow();
        await _invitations.AddAsync(new Invitation(Guid.CreateVersion7(now), "code-leaving", member.Id, 1, 0, null, null, now), Ct);
        await new ApiTokenStore(fixture.Db).AddAsync(new Core.Tokens.ApiToken(Guid.CreateVersion7(now), member.Id, "t", now, null), "leaving-hash", Ct);

        Assert.Equal(MemberWrite.Done, await fixture.CommitAsync(tx => _members.DeleteAsync(member.Id, tx, Ct)));

        Assert.Null(await _members.FindAsync(member.Id, Ct));
        Assert.Null(await _invitations.FindByCodeAsync("code-leaving", Ct));
        Assert.Null(await new ApiTokenStore(fixture.Db).FindByHashAsync("leaving-hash", Ct));
    }
}

public sealed class LastAdminTests : IClassFixture<StoreFixture>
{
    private readonly StoreFixture _fixture;
    private readonly MemberStore _members;

    public LastAdminTests(StoreFixture fixture)
    {
        _fixture = fixture;
        _members = new MemberStore(fixture.Db);
    }

    [Fact]
    public async Task TwoAdminsRemovingEachOtherAtOnce_OneAdminAlwaysRemains()
    {
        var ct = TestContext.Current.CancellationToken;
        var a = _fixture.NewMember("admin_a", MemberState.Active, Role.Admin, Role.Member);
        var b = _fixture.NewMember("admin_b", MemberState.Active, Role.Admin, Role.Member);
        await _members.TryAddAsync(a, "h", "s", ct);
        await _members.TryAddAsync(b, "h", "s", ct);

        // Each checked "another admin exists" before acting; only one of the two may go through.
        var results = await Task.WhenAll(
            _fixture.CommitAsync(tx => _members.DeleteAsync(a.Id, tx, ct)),
            _members.SetRolesAsync(b.Id, new HashSet<Role> { Role.Member }, _fixture.Time.GetUtcNow(), ct));

        Assert.Single(results, r => r == MemberWrite.Done);
        Assert.Single(results, r => r == MemberWrite.WouldLeaveNoAdmin);
        Assert.True(await _members.AnyAdminAsync(ct));

        var last = (await _members.FindAsync(a.Id, ct))?.IsAdmin == true ? a : b;
        Assert.Equal(MemberWrite.WouldLeaveNoAdmin, await _fixture.CommitAsync(tx => _members.DeleteAsync(last.Id, tx, ct)));
        Assert.Equal(MemberWrite.NotFound, await _fixture.CommitAsync(tx => _members.DeleteAsync(Guid.CreateVersion7(_fixture.Time.GetUtcNow()), tx, ct)));
    }
}

public sealed class FirstAdminTests : IClassFixture<StoreFixture>
{
    private readonly StoreFixture _fixture;
    private readonly MemberStore _members;

    public FirstAdminTests(StoreFixture fixture)
    {
        _fixture = fixture;
        _members = new MemberStore(fixture.Db);
    }

    [Fact]
    public async Task TryAddFirstAdmin_OnlyOnceAndOnlyWithTheToken()
    {
        var ct = TestContext.Current.CancellationToken;
        var settings = new NodeSettingStore(_fixture.Db);
        Assert.Equal(AddMemberResult.Refused, await _members.TryAddFirstAdminAsync(_fixture.NewMember("no_token", MemberState.Active, Role.Admin), "h", "s", ct));

        var token = await settings.GetOrAddAsync(NodeSettings.SetupToken, "token-1", ct);
        Assert.Equal("token-1", await settings.GetOrAddAsync(NodeSettings.SetupToken, "token-2", ct));

        Assert.Equal(AddMemberResult.Added, await _members.TryAddFirstAdminAsync(_fixture.NewMember("first_admin", MemberState.Active, Role.Admin), "h", "s", ct));
        Assert.Equal(AddMemberResult.Refused, await _members.TryAddFirstAdminAsync(_fixture.NewMember("second_admin", MemberState.Active, Role.Admin), "h", "s", ct));
        Assert.Null(await settings.GetAsync(NodeSettings.SetupToken, ct));
        Assert.True(await _members.AnyAdminAsync(ct));
        Assert.Equal("token-1", token);
    }
}

/// <summary>A member deleted in the caller's transaction: refused deletes undo only their own writes.</summary>
public sealed class MemberDeleteInTransactionTests(StoreFixture fixture) : IClassFixture<StoreFixture>
{
    private readonly MemberStore _members = new(fixture.Db);
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Delete_LastAdmin_CallerCommitsAnyway_AdminStaysAndCallersOtherWritesAreKept()
    {
        var admin = fixture.NewMember("only_admin", MemberState.Active, Role.Admin, Role.Member);
        var other = fixture.NewMember("someone_else");
        await _members.TryAddAsync(admin, "h", "s", Ct);
        await _members.TryAddAsync(other, "h", "s", Ct);

        var result = await fixture.CommitAsync(async tx =>
        {
            await _members.UpdateProfileAsync(other.Id, new ProfileUpdate("Someone", "bio", "here"), fixture.Time.GetUtcNow(), tx, Ct);
            var deleted = await _members.DeleteAsync(admin.Id, tx, Ct);
            // The transaction is still usable after the refused delete.
            await _members.SetAvatarAsync(other.Id, "avatars/x.webp", fixture.Time.GetUtcNow(), tx, Ct);
            return deleted;
        });

        Assert.Equal(MemberWrite.WouldLeaveNoAdmin, result);
        var kept = await _members.FindAsync(admin.Id, Ct);
        Assert.NotNull(kept);
        Assert.True(kept.IsAdmin);
        await using var connection = await fixture.Db.OpenAsync(Ct);
        Assert.Equal(0, await connection.ExecuteScalarAsync<long>(
            "SELECT COUNT(*) FROM retired_username WHERE username_normalized = 'only_admin'"));
        var changed = await _members.FindAsync(other.Id, Ct);
        Assert.Equal(("Someone", "avatars/x.webp"), (changed?.DisplayName, changed?.AvatarPath));
    }
}
