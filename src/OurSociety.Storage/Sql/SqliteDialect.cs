using System.Data.Common;
using Dapper;
using Microsoft.Data.Sqlite;

namespace OurSociety.Storage.Sql;

public sealed class SqliteDialect : ISqlDialect
{
    private const int SqliteConstraint = 19;
    private const int SqliteConstraintUnique = 2067;
    private const int SqliteConstraintPrimaryKey = 1555;

    public string SkipLockedClause => "";

    public bool IsUniqueViolation(DbException exception) =>
        exception is SqliteException { SqliteErrorCode: SqliteConstraint } e
        && e.SqliteExtendedErrorCode is SqliteConstraintUnique or SqliteConstraintPrimaryKey;

    public async Task<bool> TableExistsAsync(DbConnection connection, string table, CancellationToken ct) =>
        await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = @Table", new { Table = table }, cancellationToken: ct)) > 0;

    // WAL must be set outside a transaction (inside one it silently stays "delete"), so not in a migration.
    // It is persistent in the file; synchronous=NORMAL is safe with WAL and survives kill -9.
    public async Task PrepareAsync(DbConnection connection, CancellationToken ct)
    {
        var mode = await connection.ExecuteScalarAsync<string>(new CommandDefinition("PRAGMA journal_mode=WAL;", cancellationToken: ct));
        if (!string.Equals(mode, "wal", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException($"SQLite refused WAL mode (journal_mode is '{mode}').");
        }
    }
}
