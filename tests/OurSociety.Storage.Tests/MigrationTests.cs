using Dapper;
using Microsoft.Data.Sqlite;
using OurSociety.Storage.Sql;
using OurSociety.Testing;

namespace OurSociety.Storage.Tests;

public sealed class MigrationTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    [Fact]
    public void EmbeddedMigrations_AreNumberedUniquelyAndContiguouslyFromOne()
    {
        var versions = MigrationRunner.All.Select(m => m.Version).ToList();
        Assert.NotEmpty(versions);
        Assert.Equal(Enumerable.Range(1, versions.Count).Select(v => (long)v), versions);
    }

    [Fact]
    public async Task Migrate_FreshDatabase_AppliesAllAndRecordsThem()
    {
        var db = new SqliteConnectionFactory(_dir.File("fresh.db"));
        var runner = new MigrationRunner(db, TimeProvider.System);

        var applied = await runner.MigrateAsync(null, TestContext.Current.CancellationToken);

        Assert.Equal(MigrationRunner.All.Count, applied.Count);
        var status = await runner.GetStatusAsync(TestContext.Current.CancellationToken);
        Assert.True(status.IsUpToDate);
        await using var connection = await db.OpenAsync(TestContext.Current.CancellationToken);
        Assert.Equal(MigrationRunner.All.Count, await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM schema_version"));
        Assert.Equal("wal", await connection.ExecuteScalarAsync<string>("PRAGMA journal_mode"));
        Assert.Equal(1, await connection.ExecuteScalarAsync<long>("PRAGMA foreign_keys"));
    }

    [Fact]
    public async Task Migrate_Twice_SecondRunAppliesNothing()
    {
        var db = new SqliteConnectionFactory(_dir.File("twice.db"));
        var runner = new MigrationRunner(db, TimeProvider.System);
        await runner.MigrateAsync(null, TestContext.Current.CancellationToken);

        var again = await runner.MigrateAsync(null, TestContext.Current.CancellationToken);

        Assert.Empty(again);
        Assert.True((await runner.GetStatusAsync(TestContext.Current.CancellationToken)).IsUpToDate);
    }

    [Fact]
    public async Task Migrate_ScriptFails_DatabaseIsLeftUntouched()
    {
        var path = _dir.File("broken.db");
        var db = new SqliteConnectionFactory(path);
        var runner = new MigrationRunner(db, TimeProvider.System);
        // A table in the way makes the first script fail half-way (after it created other tables).
        await using (var connection = await db.OpenAsync(TestContext.Current.CancellationToken))
        {
            await connection.ExecuteAsync("CREATE TABLE node_setting (something_else TEXT)");
        }

        var error = await Assert.ThrowsAsync<MigrationFailedException>(() => runner.MigrateAsync(null, TestContext.Current.CancellationToken));

        Assert.Contains("0001", error.Message, StringComparison.Ordinal);
        Assert.Contains("unchanged", error.Message, StringComparison.Ordinal);
        await using var check = await db.OpenAsync(TestContext.Current.CancellationToken);
        var tables = (await check.QueryAsync<string>("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")).ToList();
        Assert.DoesNotContain("member", tables);
        Assert.Equal(0, await check.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM schema_version"));
    }

    [Fact]
    public async Task Migrate_DatabaseFromNewerProgram_IsRefusedWithClearMessage()
    {
        var db = new SqliteConnectionFactory(_dir.File("newer.db"));
        var runner = new MigrationRunner(db, TimeProvider.System);
        await runner.MigrateAsync(null, TestContext.Current.CancellationToken);
        await using (var connection = await db.OpenAsync(TestContext.Current.CancellationToken))
        {
            await connection.ExecuteAsync("INSERT INTO schema_version (version, name, applied_at) VALUES (9999, 'future', 'x')");
        }

        var error = await Assert.ThrowsAsync<MigrationFailedException>(() => runner.MigrateAsync(null, TestContext.Current.CancellationToken));

        Assert.Contains("newer", error.Message, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _dir.Dispose();
    }
}
