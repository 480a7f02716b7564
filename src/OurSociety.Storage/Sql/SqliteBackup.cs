using Dapper;

namespace OurSociety.Storage.Sql;

public static class SqliteBackup
{
    /// <summary>
    /// A consistent copy of a live database: <c>VACUUM INTO</c> reads one snapshot while writers carry on, and the copy
    /// is a plain, compacted database file (no -wal to forget).
    /// </summary>
    public static async Task CopyToAsync(IDbConnectionFactory db, string targetFile, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition("VACUUM INTO @Target", new { Target = targetFile }, cancellationToken: ct));
    }
}
