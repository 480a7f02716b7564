using OurSociety.Core;
using OurSociety.Core.Members;
using OurSociety.Core.Tokens;
using OurSociety.Testing;
using OurSociety.Web.Cli;

namespace OurSociety.Web.Tests.Cli;

public sealed class CliAdminTests : IDisposable
{
    private const string Password = "correct horse battery";
    private readonly TempDirectory _temp = new();

    private string Data => Path.Combine(_temp.Path, "data");

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task CreateUser_FreshDataDirectory_MigratesAndPrintsOneTimePasswordLast()
    {
        var result = await CliRunner.RunAsync(Data, "admin", "create-user", "alice", "--role", "admin");

        Assert.True(result.ExitCode == CliApp.Ok, result.ToString());
        Assert.Contains($"Data directory: {Data}", result.Lines);
        Assert.Contains(result.Lines, l => l.StartsWith("Applied database migration 0001", StringComparison.Ordinal));
        Assert.Contains("Created alice with the roles admin, member.", result.Lines);
        Assert.Matches("^[A-Za-z0-9]{16}$", result.LastLine);
        using var host = CliRunner.Services(Data);
        var signIn = await host.Get<MemberService>().SignInAsync("alice", result.LastLine, "192.0.2.1", TestContext.Current.CancellationToken);
        var member = Assert.IsType<Outcome<SignedIn>.Ok>(signIn).Value.Member;
        Assert.True(member.IsAdmin);
        Assert.True(member.Has(Role.Member));
    }

    [Fact]
    public async Task CreateUser_PasswordStdin_UsesFirstLineAndPrintsNoPassword()
    {
        var result = await CliRunner.RunWithInputAsync(Data, $"{Password}\nsecond line\n",
            "admin", "create-user", "bob", "--role", "glue-er", "--role", "moderator", "--password-stdin");

        Assert.True(result.ExitCode == CliApp.Ok, result.ToString());
        Assert.Equal("Created bob with the roles moderator, glue-er, member.", result.LastLine);
        Assert.DoesNotContain(Password, result.Out, StringComparison.Ordinal);
        using var host = CliRunner.Services(Data);
        var signIn = await host.Get<MemberService>().SignInAsync("bob", Password, "192.0.2.1", TestContext.Current.CancellationToken);
        var member = Assert.IsType<Outcome<SignedIn>.Ok>(signIn).Value.Member;
        Assert.Equal(new HashSet<Role> { Role.GlueEr, Role.Moderator, Role.Member }, member.Roles.ToHashSet());
    }

    [Fact]
    public async Task CreateUser_CommaSeparatedRoles_AllGiven()
    {
        var result = await CliRunner.RunAsync(Data, "admin", "create-user", "carol", "--role=moderator,admin");
        Assert.True(result.ExitCode == CliApp.Ok, result.ToString());
        Assert.Contains("Created carol with the roles admin, moderator, member.", result.Lines);
    }

    [Fact]
    public async Task CreateUser_UnknownRole_Exits1ListingRolesAndTouchesNothing()
    {
        var result = await CliRunner.RunAsync(Data, "admin", "create-user", "dave", "--role", "member", "--role", "boss");

        Assert.Equal(CliApp.Failed, result.ExitCode);
        Assert.Equal($"Error: \"boss\" is not a role. The roles are: {Roles.NameList}.\n", result.Err.ReplaceLineEndings("\n"));
        Assert.Empty(result.Out);
        Assert.False(Directory.Exists(Data));
    }

    [Fact]
    public async Task CreateUser_Twice_SecondExits1AndKeepsTheFirst()
    {
        var first = await CliRunner.RunWithInputAsync(Data, Password + "\n", "admin", "create-user", "erin", "--role", "member", "--password-stdin");
        var second = await CliRunner.RunAsync(Data, "admin", "create-user", "ERIN", "--role", "admin");

        Assert.Equal(CliApp.Ok, first.ExitCode);
        Assert.Equal(CliApp.Failed, second.ExitCode);
        Assert.Contains("already taken", second.Err, StringComparison.Ordinal);
        Assert.DoesNotContain("Created", second.Out, StringComparison.Ordinal);
        using var host = CliRunner.Services(Data);
        var signIn = await host.Get<MemberService>().SignInAsync("erin", Password, "192.0.2.1", TestContext.Current.CancellationToken);
        Assert.False(Assert.IsType<Outcome<SignedIn>.Ok>(signIn).Value.Member.IsAdmin);
    }

    [Theory]
    [InlineData("Not Valid!", "")]
    [InlineData("admin", "")]
    [InlineData("frank", "short\n")]
    public async Task CreateUser_BadNameOrPassword_Exits1AndStoresNothing(string username, string stdin)
    {
        string[] args = stdin.Length > 0
            ? ["admin", "create-user", username, "--role", "member", "--password-stdin"]
            : ["admin", "create-user", username, "--role", "member"];
        var result = await CliRunner.RunWithInputAsync(Data, stdin, args);

        Assert.Equal(CliApp.Failed, result.ExitCode);
        Assert.StartsWith("Error: ", result.Err, StringComparison.Ordinal);
        using var host = CliRunner.Services(Data);
        Assert.Equal(0, await host.Get<IMemberStore>().CountAsync(MemberState.Active, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task CreateUser_PasswordStdinEmpty_Exits1()
    {
        var result = await CliRunner.RunWithInputAsync(Data, "", "admin", "create-user", "gina", "--role", "member", "--password-stdin");
        Assert.Equal(CliApp.Failed, result.ExitCode);
        Assert.Contains("stdin is empty", result.Err, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Data));
    }

    [Fact]
    public async Task ResetPassword_LiftsSignInLocks()
    {
        await CliRunner.RunWithInputAsync(Data, Password + "\n", "admin", "create-user", "ivy", "--role", "member", "--password-stdin");
        using (var before = CliRunner.Services(Data))
        {
            var members = before.Get<MemberService>();
            for (var i = 0; i < MemberService.MaxFailedSignIns; i++)
            {
                await members.SignInAsync("ivy", "wrong " + i, "198.51.100.7", TestContext.Current.CancellationToken);
            }

            Assert.IsType<Outcome<SignedIn>.Forbidden>(await members.SignInAsync("ivy", Password, "198.51.100.7", TestContext.Current.CancellationToken));
        }

        var result = await CliRunner.RunAsync(Data, "admin", "reset-password", "ivy");

        Assert.True(result.ExitCode == CliApp.Ok, result.ToString());
        using var host = CliRunner.Services(Data);
        Assert.IsType<Outcome<SignedIn>.Ok>(await host.Get<MemberService>().SignInAsync("ivy", result.LastLine, "198.51.100.7", TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task ResetPassword_NewPasswordSignsInAndOldOneNoLonger()
    {
        await CliRunner.RunWithInputAsync(Data, Password + "\n", "admin", "create-user", "hank", "--role", "member", "--password-stdin");

        var result = await CliRunner.RunAsync(Data, "admin", "reset-password", "hank");

        Assert.True(result.ExitCode == CliApp.Ok, result.ToString());
        Assert.Matches("^[A-Za-z0-9]{16}$", result.LastLine);
        using var host = CliRunner.Services(Data);
        var members = host.Get<MemberService>();
        Assert.IsType<Outcome<SignedIn>.Ok>(await members.SignInAsync("hank", result.LastLine, "192.0.2.1", TestContext.Current.CancellationToken));
        Assert.IsType<Outcome<SignedIn>.Invalid>(await members.SignInAsync("hank", Password, "192.0.2.1", TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task ResetPassword_UnknownMember_Exits1()
    {
        var result = await CliRunner.RunAsync(Data, "admin", "reset-password", "nobody");
        Assert.Equal(CliApp.Failed, result.ExitCode);
        Assert.Contains("There is no member called \"nobody\".", result.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateToken_PrintedTokenAuthenticatesTheMember()
    {
        await CliRunner.RunAsync(Data, "admin", "create-user", "ivy", "--role", "member");

        var result = await CliRunner.RunAsync(Data, "admin", "create-token", "ivy", "--name", "backup script");

        Assert.True(result.ExitCode == CliApp.Ok, result.ToString());
        Assert.Contains("\"backup script\"", result.Out, StringComparison.Ordinal);
        Assert.StartsWith(ApiTokenService.Prefix, result.LastLine, StringComparison.Ordinal);
        using var host = CliRunner.Services(Data);
        var member = await host.Get<ApiTokenService>().AuthenticateAsync(result.LastLine, TestContext.Current.CancellationToken);
        Assert.Equal("ivy", member?.Username);
    }

    [Fact]
    public async Task CreateToken_WithoutName_GetsADefaultName()
    {
        await CliRunner.RunAsync(Data, "admin", "create-user", "jack", "--role", "member");
        var result = await CliRunner.RunAsync(Data, "admin", "create-token", "jack");
        Assert.True(result.ExitCode == CliApp.Ok, result.ToString());
        Assert.Contains("oursociety admin create-token", result.Out, StringComparison.Ordinal);
        Assert.StartsWith(ApiTokenService.Prefix, result.LastLine, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateToken_BadNameOrUnknownMember_Exits1()
    {
        await CliRunner.RunAsync(Data, "admin", "create-user", "kim", "--role", "member");

        var unknown = await CliRunner.RunAsync(Data, "admin", "create-token", "nobody");
        var tooLong = await CliRunner.RunAsync(Data, "admin", "create-token", "kim", "--name", new string('x', ApiTokenService.NameMax + 1));

        Assert.Equal(CliApp.Failed, unknown.ExitCode);
        Assert.Contains("There is no member called \"nobody\".", unknown.Err, StringComparison.Ordinal);
        Assert.Equal(CliApp.Failed, tooLong.ExitCode);
        Assert.DoesNotContain(ApiTokenService.Prefix, tooLong.Out, StringComparison.Ordinal);
    }
}
