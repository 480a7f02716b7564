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
    public void DeliveryLeases_Is0009_RightAfterTheWorkQueue()
    {
        Assert.Equal((8L, "work_items"), (MigrationRunner.All[7].Version, MigrationRunner.All[7].Name));
        Assert.Equal((9L, "delivery_leases"), (MigrationRunner.All[8].Version, MigrationRunner.All[8].Name));
    }

    [Fact]
    public async Task Migrate_DatabaseAt0008WithDeliveries_AddsLeasesThatAreFree()
    {
        var ct = TestContext.Current.CancellationToken;
        var db = new SqliteConnectionFactory(_dir.File("at-0008.db"));
        await using (var connection = await db.OpenAsync(ct))
        {
            // A node from before 0009: its scripts applied the way the runner does, and a delivery waiting.
            await connection.ExecuteAsync("CREATE TABLE schema_version (version BIGINT PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)");
            foreach (var migration in MigrationRunner.All.Where(m => m.Version <= 8))
            {
                await connection.ExecuteAsync(migration.Sql);
                await connection.ExecuteAsync("INSERT INTO schema_version (version, name, applied_at) VALUES (@Version, @Name, 'x')",
                    new { migration.Version, migration.Name });
            }

            await connection.ExecuteAsync("""
                INSERT INTO outbox_activity (id, actor, type, object_id, is_public, body, created_at)
                VALUES ('https://hub.test/a/1', 'alice', 'Create', NULL, 1, '{}', '2026-11-28T12:00:00.0000000Z');
                INSERT INTO delivery (id, activity_id, inbox, host, attempts, state, next_attempt_at, created_at, finished_at)
                VALUES ('0193a5c4-0000-7000-8000-000000000001', 'https://hub.test/a/1', 'https://a.test/inbox', 'a.test', 0, 'pending',
                        '2026-11-28T12:00:00.0000000Z', '2026-11-28T12:00:00.0000000Z', NULL);
                """);
        }

        var applied = await new MigrationRunner(db, TimeProvider.System).MigrateAsync(null, ct);

        Assert.Equal(MigrationRunner.All.Where(m => m.Version > 8).Select(m => m.Version), applied.Select(m => m.Version));
        await using var check = await db.OpenAsync(ct);
        Assert.Equal((null, null), await check.QuerySingleAsync<(string?, string?)>("SELECT lease_owner, lease_until FROM delivery"));
        var claimed = await new Stores.DeliveryStore(db).ClaimDueAsync(
            "w", new DateTimeOffset(2026, 11, 28, 12, 1, 0, TimeSpan.Zero), new DateTimeOffset(2026, 11, 28, 12, 6, 0, TimeSpan.Zero), 10, ct);
        Assert.Equal("https://a.test/inbox", Assert.Single(claimed).Delivery.Inbox);
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
