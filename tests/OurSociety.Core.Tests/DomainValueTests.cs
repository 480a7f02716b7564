using OurSociety.Core.Invitations;
using OurSociety.Core.Members;
using OurSociety.Core.Paging;

namespace OurSociety.Core.Tests;

public sealed class CursorTests
{
    [Fact]
    public void Encode_ThenDecode_GivesTheSamePosition()
    {
        var cursor = new Cursor("2026-11-28T12:00:00.0000000Z", "0193a7f1-0000-7000-8000-00000000abcd");

        Assert.True(Cursor.TryDecode(cursor.Encode(), out var back));

        Assert.Equal(cursor, back);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void TryDecode_NoCursor_IsTheStart(string? value)
    {
        Assert.True(Cursor.TryDecode(value, out var cursor));
        Assert.Equal(Cursor.Start, cursor);
    }

    [Theory]
    [InlineData("not base64!")]
    [InlineData("bm8tbmV3bGluZQ")]   // "no-newline": one part only
    public void TryDecode_Garbage_IsRefused(string value) => Assert.False(Cursor.TryDecode(value, out _));
}

public sealed class RoleTests
{
    [Theory]
    [InlineData("admin", Role.Admin)]
    [InlineData("Moderator", Role.Moderator)]
    [InlineData(" glue-er ", Role.GlueEr)]
    [InlineData("member", Role.Member)]
    public void TryParse_WireName_GivesTheRole(string name, Role expected)
    {
        Assert.True(Roles.TryParse(name, out var role));
        Assert.Equal(expected, role);
        Assert.Equal(name.Trim().ToLowerInvariant(), role.Name());
    }

    [Theory]
    [InlineData("glueer")]
    [InlineData("GlueEr")]
    [InlineData("owner")]
    [InlineData(null)]
    public void TryParse_UnknownName_IsRefused(string? name) => Assert.False(Roles.TryParse(name, out _));
}

public sealed class InvitationTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 28, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void IsUsable_FreshInvitation_IsUsable() =>
        Assert.True(new Invitation(Guid.Empty, "c", Guid.Empty, 1, 0, Now.AddDays(1), null, Now).IsUsable(Now));

    [Fact]
    public void IsUsable_UsedUpExpiredOrWithdrawn_IsNot()
    {
        Assert.False(new Invitation(Guid.Empty, "c", Guid.Empty, 1, 1, null, null, Now).IsUsable(Now));
        Assert.False(new Invitation(Guid.Empty, "c", Guid.Empty, null, 0, Now, null, Now).IsUsable(Now));
        Assert.False(new Invitation(Guid.Empty, "c", Guid.Empty, null, 0, null, Now, Now).IsUsable(Now));
    }
}

public sealed class SecretsTests
{
    [Fact]
    public void NewPassword_IsSixteenUnambiguousCharacters()
    {
        var password = Secrets.NewPassword();
        Assert.Matches("^[a-km-zA-HJ-NP-Z2-9]{16}$", password);
        Assert.DoesNotContain(password, c => c is 'i' or 'l' or 'o' or 'I' or 'O' or '0' or '1');
    }

    [Fact]
    public void NewCode_IsUrlSafeAndUnique()
    {
        var codes = Enumerable.Range(0, 100).Select(_ => Secrets.NewCode()).ToHashSet();
        Assert.Equal(100, codes.Count);
        Assert.All(codes, c => Assert.Matches("^[A-Za-z0-9_-]{32}$", c));
    }

    [Fact]
    public void Hash_IsStableHexSha256() =>
        Assert.Equal("2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824", Secrets.Hash("hello"));
}
