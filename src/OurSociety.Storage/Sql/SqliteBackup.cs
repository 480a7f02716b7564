using Dapper;
using Microsoft.Data.Sqlite;

namespace OurSociety.Storage.Sql;

public static class SqliteBackup
{
    private const int SqliteBusy = 5;
    private const int SqliteLocked = 6;
    private const int SqliteCorrupt = 11;
    private const int SqliteNotADatabase = 26;

    /// <summary>
    /// A consistent copy of a live database: <c>VACUUM INTO</c> reads one snapshot while writers carry on, and the copy
    /// is a plain, compacted database file (no -wal to forget).
    /// </summary>
    public static async Task CopyToAsync(IDbConnectionFactory db, string targetFile, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition("VACUUM INTO @Target", new { Target = targetFile }, cancellationToken: ct));
    }

    /// <summary>
    /// Whether another connection has the database open, e.g. a running node. In WAL mode every open connection holds
    /// a shared lock on the file, so an exclusive lock is refused while any exists. Best effort: a node that has been
    /// idle long enough for its pool to close every connection holds none and is not seen.
    /// </summary>
    public static async Task<bool> IsInUseAsync(string databaseFile, CancellationToken ct)
    {
        await using var connection = new SqliteConnection(Direct(databaseFile));
        await connection.OpenAsync(ct);
        try
        {
            // One statement per command: a multi-statement command stops at the pragma's result row and the
            // later statements' errors are lost (seen). Unpooled, closing the connection really drops the lock.
            await connection.ExecuteScalarAsync<string>(new CommandDefinition("PRAGMA locking_mode = EXCLUSIVE", cancellationToken: ct));
            await connection.ExecuteAsync(new CommandDefinition("BEGIN EXCLUSIVE", cancellationToken: ct));
            await connection.ExecuteAsync(new CommandDefinition("ROLLBACK", cancellationToken: ct));
            return false;
        }
        catch (SqliteException e) when (e.SqliteErrorCode is SqliteBusy or SqliteLocked)
        {
            return true;
        }
        catch (SqliteException e) when (e.SqliteErrorCode is SqliteCorrupt or SqliteNotADatabase)
        {
            return false;   // nobody can be using a broken file; whoever asks wants to replace it
        }
    }

    /// <summary>Opens the file as a database and runs SQLite's quick check: null when it is sound, else what is wrong.</summary>
    public static async Task<string?> CheckAsync(string databaseFile, CancellationToken ct)
    {
        try
        {
            await using var connection = new SqliteConnection(Direct(databaseFile));
            await connection.OpenAsync(ct);
            var result = (await connection.QueryAsync<string>(new CommandDefinition("PRAGMA quick_check", cancellationToken: ct))).ToList();
            return result is ["ok"] ? null : string.Join(" ", result.Take(5));
        }
        catch (SqliteException e) when (e.SqliteErrorCode is SqliteCorrupt or SqliteNotADatabase)
        {
            return e.Message;
        }
    }

    // Unpooled (a pooled connection would keep the file open after the check) and without creating a missing file.
    private static string Direct(string databaseFile) => new SqliteConnectionStringBuilder
    {
        DataSource = databaseFile,
        Mode = SqliteOpenMode.ReadWrite,
        Pooling = false,
        DefaultTimeout = 1,
    }.ToString();
}
