using Microsoft.Data.Sqlite;
using OurSociety.Testing;
using OurSociety.Web.Cli;

namespace OurSociety.Web.Tests.Cli;

/// <summary>
/// Issue 10: a failing command says what went wrong and what to do, in a sentence, never with an exception's own text
/// ("Could not find file '/proc/forbidden'", "SQLite Error 26", "Access to the path … is denied").
/// </summary>
public sealed class CliErrorTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    private string Data => Path.Combine(_temp.Path, "data");

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData("/proc/forbidden", "that place does not exist and nothing can be made there")]
    [InlineData("/sys/forbidden", "permission denied")]
    public async Task Backup_ToAFolderThatCannotBeMade_SaysWhyAndWhatToDo(string target, string reason)
    {
        await CliRunner.RunAsync(Data, "db", "migrate");

        var result = await CliRunner.RunAsync(Data, "backup", target);

        Assert.Equal(CliApp.Failed, result.ExitCode);
        Assert.Equal($"Error: Cannot write the backup to {target}: {reason}. Choose a folder you can write to.", result.Err.Trim());
        AssertNoRawText(result);
    }

    [Fact]
    public async Task Backup_BelowAFile_SaysWhyAndWhatToDo()
    {
        await CliRunner.RunAsync(Data, "db", "migrate");
        var file = Path.Combine(_temp.Path, "notes.txt");
        await File.WriteAllTextAsync(file, "mine", TestContext.Current.CancellationToken);

        var result = await CliRunner.RunAsync(Data, "backup", Path.Combine(file, "backup"));

        Assert.Equal(CliApp.Failed, result.ExitCode);
        Assert.StartsWith($"Error: Cannot write the backup to {Path.Combine(file, "backup")}: ", result.Err, StringComparison.Ordinal);
        Assert.Contains("Choose a folder you can write to.", result.Err, StringComparison.Ordinal);
        AssertNoRawText(result);
    }

    [Fact]
    public async Task DataDirectoryThatCannotBeMade_SaysWhichAndWhatToDo()
    {
        var result = await CliRunner.RunAsync("/proc/forbidden/data", "admin", "create-user", "alice", "--role", "admin");

        Assert.Equal(CliApp.Failed, result.ExitCode);
        Assert.Contains("Cannot use the data directory /proc/forbidden/data: ", result.Err, StringComparison.Ordinal);
        Assert.Contains("Set OurSociety:DataDirectory to a folder this user can write to.", result.Err, StringComparison.Ordinal);
        AssertNoRawText(result);
    }

    [Fact]
    public async Task Restore_NextToAFolderThatCannotBeWritten_SaysWhatToDo_AndChangesNothing()
    {
        await CliRunner.RunAsync(Data, "admin", "create-user", "alice", "--role", "admin");
        var backup = Path.Combine(_temp.Path, "backup");
        await CliRunner.RunAsync(Data, "backup", backup);

        var result = await CliRunner.RunAsync("/proc/forbidden", "restore", backup);

        Assert.Equal(CliApp.Failed, result.ExitCode);
        Assert.Contains("Error: Cannot copy the backup into /proc: ", result.Err, StringComparison.Ordinal);
        Assert.Contains("is unchanged", result.Err, StringComparison.Ordinal);
        AssertNoRawText(result);
    }

    [Fact]
    public async Task DatabaseThatIsNotADatabase_SaysSoAndWhatToDo()
    {
        Directory.CreateDirectory(Data);
        await File.WriteAllTextAsync(Path.Combine(Data, "oursociety.db"), new string('x', 4096), TestContext.Current.CancellationToken);

        var result = await CliRunner.RunAsync(Data, "admin", "create-user", "alice", "--role", "admin");

        Assert.Equal(CliApp.Failed, result.ExitCode);
        Assert.Contains("The database file is damaged or is not a database. Restore a backup", result.Err, StringComparison.Ordinal);
        AssertNoRawText(result);
    }

    [Fact]
    public async Task Restore_OfADamagedBackup_SaysSoWithoutSqliteText()
    {
        await CliRunner.RunAsync(Data, "db", "migrate");
        var garbage = Path.Combine(_temp.Path, "garbage");
        Directory.CreateDirectory(garbage);
        await File.WriteAllTextAsync(Path.Combine(garbage, "oursociety.db"), new string('x', 4096), TestContext.Current.CancellationToken);

        var result = await CliRunner.RunAsync(Data, "restore", garbage);

        Assert.Equal(CliApp.Failed, result.ExitCode);
        Assert.Contains("is not a usable database: it is damaged, or not a database at all. Restore another backup.", result.Err, StringComparison.Ordinal);
        AssertNoRawText(result);
    }

    private static void AssertNoRawText(CliResult result)
    {
        SqliteConnection.ClearAllPools();
        foreach (var raw in new[] { "Could not find", "Access to the path", "SQLite Error", "Exception", "   at " })
        {
            Assert.DoesNotContain(raw, result.Err, StringComparison.Ordinal);
        }
    }
}
