using System.Data.Common;
using OurSociety.Core;

namespace OurSociety.Storage.Sql;

internal static class Writes
{
    /// <summary>
    /// Runs <paramref name="write"/> in a transaction of its own (<see cref="ITransactions.BeginAsync"/>) and commits:
    /// for the queue's frequent writes (claims, completions), so they take their turn with the node's other writers
    /// instead of sleeping on SQLite's busy lock.
    /// </summary>
    public static async Task<T> WriteAsync<T>(
        this IDbConnectionFactory db, Func<DbConnection, DbTransaction, Task<T>> write, CancellationToken ct)
    {
        await using var tx = await db.BeginAsync(ct);
        var (connection, transaction) = tx.Sql();
        var result = await write(connection, transaction);
        await tx.CommitAsync(ct);
        return result;
    }
}
