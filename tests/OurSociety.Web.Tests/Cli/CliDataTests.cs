using Microsoft.Data.Sqlite;
using OurSociety.Storage;
using OurSociety.Testing;
using OurSociety.Web.Cli;

namespace OurSociety.Web.Tests.Cli;

/// <summary><c>db migrate</c>, <c>backup</c> and <c>restore</c> on real data directories.</summary>
public sealed class CliDataTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    private string Data => Path.Combine(_temp.Path, "data");

    private string Db => Path.Combine(Data, "oursociety.db");

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task DbMigrate_Twice_SecondSaysUpToDate()
    {
        var first = await CliRunner.RunAsync(Data, "db", "migrate");
        var second = await CliRunner.RunAsync(Data, "db", "migrate");

        var latest = MigrationRunner.All[^1].Version;
        Assert.True(first.ExitCode == CliApp.Ok, first.ToString());
        Assert.Contains(first.Lines, l => l.StartsWith("Applied database migration 0001", StringComparison.Ordinal));
        Assert.Equal($"The database is now up to date (schema version {latest}).", first.LastLine);
        Assert.Equal(CliApp.Ok, second.ExitCode);
        Assert.DoesNotContain(second.Lines, l => l.StartsWith("Applied", StringComparison.Ordinal));
        Assert.Equal($"The database is already up to date (schema version {latest}).", second.LastLine);
    }

    [Fact]
    public async Task DbMigrate_DatabaseFromANewerVersion_Exits1()
    {
        await CliRunner.RunAsync(Data, "db", "migrate");
        await ExecuteAsync(Db, "INSERT INTO schema_version (version, name, applied_at) VALUES (9999, 'future', 'x')");

        var result = await CliRunner.RunAsync(Data, "db", "migrate");

        Assert.Equal(CliApp.Failed, result.ExitCode);
        Assert.Contains("newer than this program knows", result.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BackupThenRestore_KeepsMembersUploadsAndKeys_AndMovesNewerDataAside()
    {
        await CliRunner.RunAsync(Data, "admin", "create-user", "alice", "--role", "admin");
        var upload = Path.Combine(Data, "uploads", "avatars", "alice.png");
        Directory.CreateDirectory(Path.GetDirectoryName(upload)!);
        await File.WriteAllBytesAsync(upload, [1, 2, 3, 4], TestContext.Current.CancellationToken);
        Directory.CreateDirectory(Path.Combine(Data, "keys"));
        await File.WriteAllTextAsync(Path.Combine(Data, "keys", "key-1.xml"), "<key />", TestContext.Current.CancellationToken);
        var backup = Path.Combine(_temp.Path, "backup");

        var made = await CliRunner.RunAsync(Data, "backup", backup);

        Assert.True(made.ExitCode == CliApp.Ok, made.ToString());
        Assert.Equal($"Backup complete: {backup}", made.LastLine);
        Assert.True(File.Exists(Path.Combine(backup, "oursociety.db")));
        Assert.True(File.Exists(Path.Combine(backup, "uploads", "avatars", "alice.png")));
        Assert.True(File.Exists(Path.Combine(backup, "keys", "key-1.xml")));

        // Life goes on after the backup…
        await CliRunner.RunAsync(Data, "admin", "create-user", "later", "--role", "member");
        File.Delete(upload);

        var restored = await CliRunner.RunAsync(Data, "restore", backup);

        Assert.True(restored.ExitCode == CliApp.Ok, restored.ToString());
        Assert.Contains(restored.Lines, l => l.Contains("data.before-restore-", StringComparison.Ordinal));
        Assert.Equal([1, 2, 3, 4], await File.ReadAllBytesAsync(upload, TestContext.Current.CancellationToken));
        Assert.True(File.Exists(Path.Combine(Data, "keys", "key-1.xml")));
        Assert.Equal(CliApp.Ok, (await CliRunner.RunAsync(Data, "admin", "reset-password", "alice")).ExitCode);
        Assert.Equal(CliApp.Failed, (await CliRunner.RunAsync(Data, "admin", "reset-password", "later")).ExitCode);
        // …and what was there before the restore is kept aside, not lost.
        var aside = Assert.Single(Directory.GetDirectories(_temp.Path, "data.before-restore-*"));
        Assert.True(File.Exists(Path.Combine(aside, "oursociety.db")));
        Assert.False(File.Exists(Path.Combine(aside, "uploads", "avatars", "alice.png")));
        Assert.Empty(Directory.GetDirectories(_temp.Path, "data.restoring-*"));
    }

    [Fact]
    public async Task Restore_IntoAFreshDataDirectory_MovesNothingAside()
    {
        await CliRunner.RunAsync(Data, "admin", "create-user", "alice", "--role", "admin");
        var backup = Path.Combine(_temp.Path, "backup");
        await CliRunner.RunAsync(Data, "backup", backup);
        var elsewhere = Path.Combine(_temp.Path, "new-node");

        var restored = await CliRunner.RunAsync(elsewhere, "restore", backup);

        Assert.True(restored.ExitCode == CliApp.Ok, restored.ToString());
        Assert.DoesNotContain(restored.Lines, l => l.Contains("before-restore", StringComparison.Ordinal));
        Assert.Equal(CliApp.Ok, (await CliRunner.RunAsync(elsewhere, "admin", "reset-password", "alice")).ExitCode);
    }

    [Fact]
    public async Task Backup_NonEmptyTarget_Exits1AndAddsNothing()
    {
        await CliRunner.RunAsync(Data, "db", "migrate");
        var target = Path.Combine(_temp.Path, "busy");
        Directory.CreateDirectory(target);
        await File.WriteAllTextAsync(Path.Combine(target, "notes.txt"), "mine", TestContext.Current.CancellationToken);

        var result = await CliRunner.RunAsync(Data, "backup", target);

        Assert.Equal(CliApp.Failed, result.ExitCode);
        Assert.Contains("is not empty", result.Err, StringComparison.Ordinal);
        Assert.Equal(["notes.txt"], Directory.GetFileSystemEntries(target).Select(Path.GetFileName));
    }

    [Fact]
    public async Task Backup_IntoAnEmptyFolder_Works()
    {
        await CliRunner.RunAsync(Data, "db", "migrate");
        var target = Path.Combine(_temp.Path, "empty");
        Directory.CreateDirectory(target);

        var result = await CliRunner.RunAsync(Data, "backup", target);

        Assert.True(result.ExitCode == CliApp.Ok, result.ToString());
        Assert.True(File.Exists(Path.Combine(target, "oursociety.db")));
    }

    [Fact]
    public async Task Backup_InsideTheDataDirectoryOrWithoutDatabase_Exits1()
    {
        var nothing = await CliRunner.RunAsync(Data, "backup", Path.Combine(_temp.Path, "b1"));
        await CliRunner.RunAsync(Data, "db", "migrate");
        var inside = await CliRunner.RunAsync(Data, "backup", Path.Combine(Data, "b2"));

        Assert.Equal(CliApp.Failed, nothing.ExitCode);
        Assert.Contains("nothing to back up", nothing.Err, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(_temp.Path, "b1")));
        Assert.Equal(CliApp.Failed, inside.ExitCode);
        Assert.Contains("inside the data directory", inside.Err, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(Data, "b2")));
    }

    [Fact]
    public async Task Restore_NotABackup_Exits1AndLeavesDataAlone()
    {
        await CliRunner.RunAsync(Data, "admin", "create-user", "alice", "--role", "admin");
        var notBackup = Path.Combine(_temp.Path, "photos");
        Directory.CreateDirectory(notBackup);

        var missing = await CliRunner.RunAsync(Data, "restore", Path.Combine(_temp.Path, "no-such-folder"));
        var noDatabase = await CliRunner.RunAsync(Data, "restore", notBackup);

        Assert.Equal(CliApp.Failed, missing.ExitCode);
        Assert.Contains("There is no folder", missing.Err, StringComparison.Ordinal);
        Assert.Equal(CliApp.Failed, noDatabase.ExitCode);
        Assert.Contains("is not an Our Society backup", noDatabase.Err, StringComparison.Ordinal);
        AssertDataUntouched();
    }

    [Fact]
    public async Task Restore_BrokenOrForeignDatabase_Exits1AndLeavesDataAlone()
    {
        await CliRunner.RunAsync(Data, "admin", "create-user", "alice", "--role", "admin");
        var garbage = Path.Combine(_temp.Path, "garbage");
        Directory.CreateDirectory(garbage);
        await File.WriteAllTextAsync(Path.Combine(garbage, "oursociety.db"), "not a database, just text that is long enough to have a header",
            TestContext.Current.CancellationToken);
        var foreign = Path.Combine(_temp.Path, "foreign");
        Directory.CreateDirectory(foreign);
        await ExecuteAsync(Path.Combine(foreign, "oursociety.db"), "CREATE TABLE recipes (name TEXT)");

        var broken = await CliRunner.RunAsync(Data, "restore", garbage);
        var other = await CliRunner.RunAsync(Data, "restore", foreign);

        Assert.Equal(CliApp.Failed, broken.ExitCode);
        Assert.Contains("is not a usable database", broken.Err, StringComparison.Ordinal);
        Assert.Equal(CliApp.Failed, other.ExitCode);
        Assert.Contains("is not an Our Society database", other.Err, StringComparison.Ordinal);
        AssertDataUntouched();
    }

    [Fact]
    public async Task Restore_BackupFromANewerVersion_Exits1AndLeavesDataAlone()
    {
        await CliRunner.RunAsync(Data, "admin", "create-user", "alice", "--role", "admin");
        var backup = Path.Combine(_temp.Path, "backup");
        await CliRunner.RunAsync(Data, "backup", backup);
        await ExecuteAsync(Path.Combine(backup, "oursociety.db"), "INSERT INTO schema_version (version, name, applied_at) VALUES (9999, 'future', 'x')");

        var result = await CliRunner.RunAsync(Data, "restore", backup);

        Assert.Equal(CliApp.Failed, result.ExitCode);
        Assert.Contains("made by a newer Our Society", result.Err, StringComparison.Ordinal);
        AssertDataUntouched();
    }

    [Fact]
    public async Task Restore_WhileTheDatabaseIsOpenElsewhere_Exits1AndLeavesDataAlone()
    {
        await CliRunner.RunAsync(Data, "admin", "create-user", "alice", "--role", "admin");
        var backup = Path.Combine(_temp.Path, "backup");
        await CliRunner.RunAsync(Data, "backup", backup);
        // What a running node looks like: an open connection (unpooled here, so the CLI cannot close it).
        await using var node = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Db, Pooling = false }.ToString());
        await node.OpenAsync(TestContext.Current.CancellationToken);
        await using (var read = node.CreateCommand())
        {
            read.CommandText = "SELECT COUNT(*) FROM member";
            await read.ExecuteScalarAsync(TestContext.Current.CancellationToken);
        }

        var result = await CliRunner.RunAsync(Data, "restore", backup);

        Assert.Equal(CliApp.Failed, result.ExitCode);
        Assert.Contains("is in use. Stop the node first", result.Err, StringComparison.Ordinal);
        AssertDataUntouched();
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]   // Unix file modes
    public async Task BackupAndRestore_WriteEverythingPrivate_EvenFromLooseOriginals()
    {
        await CliRunner.RunAsync(Data, "admin", "create-user", "alice", "--role", "admin");
        Directory.CreateDirectory(Path.Combine(Data, "uploads", "avatars"));
        await File.WriteAllBytesAsync(Path.Combine(Data, "uploads", "avatars", "alice.png"), [1, 2, 3], TestContext.Current.CancellationToken);
        Directory.CreateDirectory(Path.Combine(Data, "keys"));
        await File.WriteAllTextAsync(Path.Combine(Data, "keys", "key-1.xml"), "<key />", TestContext.Current.CancellationToken);
        Loosen(Data);   // as an older version (or a copy by hand) left them: 755 and 644
        var backup = Path.Combine(_temp.Path, "backup");

        var made = await CliRunner.RunAsync(Data, "backup", backup);
        var restored = await CliRunner.RunAsync(Data, "restore", backup);

        Assert.True(made.ExitCode == CliApp.Ok, made.ToString());
        Assert.True(restored.ExitCode == CliApp.Ok, restored.ToString());
        AssertPrivate(backup);
        AssertPrivate(Data);
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]   // Unix file modes
    public async Task Backup_IntoAnEmptyFolderOfTheAdmin_MakesItPrivate()
    {
        await CliRunner.RunAsync(Data, "db", "migrate");
        var target = Path.Combine(_temp.Path, "empty");
        Directory.CreateDirectory(target);
        File.SetUnixFileMode(target, Loose(folder: true));

        var result = await CliRunner.RunAsync(Data, "backup", target);

        Assert.True(result.ExitCode == CliApp.Ok, result.ToString());
        AssertPrivate(target);
    }

    [Fact]
    public async Task WhileANodeRuns_RestoreAndDbMigrateRefuse_BackupWorks_AndAfterItStopsTheyRun()
    {
        var node = new NodeFactory();
        var data = node.DataDirectory;
        var backup = Path.Combine(_temp.Path, "backup-beside-node");
        try
        {
            using (var client = node.CreateClient())
            {
                // The node is up (it took the data directory's lock when it started).
                Assert.Equal(System.Net.HttpStatusCode.OK, (await client.GetAsync("/readyz", TestContext.Current.CancellationToken)).StatusCode);
            }

            var copied = await CliRunner.RunAsync(data, "backup", backup);
            var migrate = await CliRunner.RunAsync(data, "db", "migrate");
            var restore = await CliRunner.RunAsync(data, "restore", backup);

            Assert.True(copied.ExitCode == CliApp.Ok, copied.ToString());
            foreach (var (refused, command) in new[] { (migrate, "db migrate"), (restore, "restore") })
            {
                Assert.Equal(CliApp.Failed, refused.ExitCode);
                Assert.Equal($"Error: A node is running on this data directory ({data}); stop it first, then run {command} again.", refused.Err.Trim());
            }

            Assert.Empty(Directory.GetDirectories(Path.GetDirectoryName(data)!, Path.GetFileName(data) + ".before-restore-*"));
        }
        finally
        {
            await node.DisposeAsync();   // stopping the node lets go of the lock (its folder goes with it here)
        }

        Directory.CreateDirectory(Data);
        var elsewhere = await CliRunner.RunAsync(Data, "restore", backup);
        Assert.True(elsewhere.ExitCode == CliApp.Ok, elsewhere.ToString());
    }

    private static UnixFileMode Loose(bool folder) => folder
        ? UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute
        : UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    private static void Loosen(string root)
    {
        File.SetUnixFileMode(root, Loose(folder: true));
        foreach (var entry in new DirectoryInfo(root).EnumerateFileSystemInfos("*", SearchOption.AllDirectories))
        {
            File.SetUnixFileMode(entry.FullName, Loose(entry is DirectoryInfo));
        }
    }

    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    private static void AssertPrivate(string root)
    {
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(root));
        foreach (var entry in new DirectoryInfo(root).EnumerateFileSystemInfos("*", SearchOption.AllDirectories))
        {
            var expected = entry is DirectoryInfo
                ? UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
                : UnixFileMode.UserRead | UnixFileMode.UserWrite;
            Assert.True(File.GetUnixFileMode(entry.FullName) == expected, $"{entry.FullName} is {File.GetUnixFileMode(entry.FullName)}");
        }
    }

    private void AssertDataUntouched()
    {
        Assert.True(File.Exists(Db));
        Assert.Empty(Directory.GetDirectories(_temp.Path, "data.before-restore-*"));
        Assert.Empty(Directory.GetDirectories(_temp.Path, "data.restoring-*"));
    }

    private static async Task ExecuteAsync(string databaseFile, string sql)
    {
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = databaseFile, Pooling = false }.ToString());
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
    }
}
