using OurSociety.Core.Members;
using OurSociety.Core.Moderation;
using OurSociety.Core.Paging;
using OurSociety.Testing;
using OurSociety.Web.Cli;

namespace OurSociety.Web.Tests.Cli;

/// <summary>Issue 13: <c>admin suspend</c>, <c>admin unsuspend</c> and <c>admin unlock</c>.</summary>
public sealed class CliModerationTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    private string Data => Path.Combine(_temp.Path, "data");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Suspend_NeedsAReason_ThenSuspendsAsTheNode_AndUnsuspendLiftsIt()
    {
        Assert.Equal(CliApp.Ok, (await CliRunner.RunAsync(Data, "admin", "create-user", "dora", "--role", "member")).ExitCode);

        var noReason = await CliRunner.RunAsync(Data, "admin", "suspend", "dora");
        Assert.Equal(CliApp.Failed, noReason.ExitCode);
        Assert.Contains("--reason", noReason.ToString(), StringComparison.Ordinal);
        var unknown = await CliRunner.RunAsync(Data, "admin", "suspend", "nobody", "--reason", "Spam");
        Assert.Equal(CliApp.Failed, unknown.ExitCode);

        var suspended = await CliRunner.RunAsync(Data, "admin", "suspend", "dora", "--reason", "Spam links");
        Assert.True(suspended.ExitCode == CliApp.Ok, suspended.ToString());
        using (var host = CliRunner.Services(Data))
        {
            var dora = await host.Get<IMemberStore>().FindByUsernameAsync("dora", Ct);
            Assert.NotNull(dora!.SuspendedAt);
            Assert.Equal("Spam links", dora.SuspensionReason);
            var entry = Assert.Single((await host.Get<IModerationLogStore>().ListAsync(Cursor.Start, 10, Ct)).Items);
            Assert.Equal(("node", ModerationActions.Suspend), (entry.ModeratorName, entry.Action));
        }

        Assert.Equal(CliApp.Ok, (await CliRunner.RunAsync(Data, "admin", "unsuspend", "dora")).ExitCode);
        using (var host = CliRunner.Services(Data))
        {
            Assert.Null((await host.Get<IMemberStore>().FindByUsernameAsync("dora", Ct))!.SuspendedAt);
        }
    }

    [Fact]
    public async Task Unlock_LiftsSignInLocks_UnknownMemberFails()
    {
        Assert.Equal(CliApp.Ok, (await CliRunner.RunAsync(Data, "admin", "create-user", "erin", "--role", "member")).ExitCode);

        var unlocked = await CliRunner.RunAsync(Data, "admin", "unlock", "erin");
        Assert.True(unlocked.ExitCode == CliApp.Ok, unlocked.ToString());
        Assert.Equal(CliApp.Failed, (await CliRunner.RunAsync(Data, "admin", "unlock", "nobody")).ExitCode);
    }
}
