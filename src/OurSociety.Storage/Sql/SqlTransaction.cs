using System.Data.Common;
using OurSociety.Core;

namespace OurSociety.Storage.Sql;

/// <summary>
/// One pooled connection and its transaction, shared by the stores a use case writes through. Committing or disposing
/// gives the connection back to the pool; disposing without a commit rolls back.
/// </summary>
internal sealed class SqlTransaction(DbConnection connection, DbTransaction transaction, OpenTransactionMark mark) : ITransaction
{
    private bool _done;

    public (DbConnection Connection, DbTransaction Transaction) Open() => _done
        ? throw new InvalidOperationException("This transaction was already committed or rolled back: begin a new one.")
        : (connection, transaction);

    public async Task CommitAsync(CancellationToken ct)
    {
        _ = Open();
        await transaction.CommitAsync(ct);
        // Committed: the write lock is gone, so the flow may open connections again (e.g. to read after the commit).
        await DisposeAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (_done)
        {
            return;
        }

        _done = true;
        try
        {
            await transaction.DisposeAsync();   // rolls back if not committed
            await connection.DisposeAsync();
        }
        finally
        {
            mark.Close();
        }
    }
}

/// <summary>Set in a flow while a transaction begun in it is open (see <see cref="SqliteConnectionFactory.BeginAsync"/>).</summary>
internal sealed class OpenTransactionMark(Action? onClose = null)
{
    private int _open = 1;

    public bool IsOpen => Volatile.Read(ref _open) == 1;

    /// <summary>Marks the transaction done; the first call runs <c>onClose</c> (gives the writer's turn back).</summary>
    public void Close()
    {
        if (Interlocked.Exchange(ref _open, 0) == 1)
        {
            onClose?.Invoke();
        }
    }

    /// <summary>Marks it done without running <c>onClose</c>: the transaction never began.</summary>
    public void Abandon() => Volatile.Write(ref _open, 0);
}

internal static class SqlTransactions
{
    /// <summary>The connection and transaction of a transaction begun by this storage, for a store to write in.</summary>
    internal static (DbConnection Connection, DbTransaction Transaction) Sql(this ITransaction tx) => tx is SqlTransaction sql
        ? sql.Open()
        : throw new InvalidOperationException(
            $"{tx?.GetType().Name ?? "null"} is not a transaction of OurSociety.Storage: begin it with ITransactions.BeginAsync of the same database.");
}
