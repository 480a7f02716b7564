using System.Data;
using System.Data.Common;
using Dapper;
using Microsoft.Data.Sqlite;
using OurSociety.Core;

namespace OurSociety.Storage.Sql;

[System.Diagnostics.CodeAnalysis.SuppressMessage("Reliability", "CA1001", Justification = "The SemaphoreSlim holds no OS handle: AvailableWaitHandle is never used.")]
public sealed class SqliteConnectionFactory : IDbConnectionFactory
{
    public const string FileName = "oursociety.db";

    private readonly string _connectionString;
    private readonly Func<SqliteConnection, CancellationToken, Task>? _onOpen;

    /// <param name="databasePath">The database file.</param>
    /// <param name="onOpen">Runs on every connection handed out, transactions' included: where tests make the disk full.</param>
    public SqliteConnectionFactory(string databasePath, Func<SqliteConnection, CancellationToken, Task>? onOpen = null)
    {
        _onOpen = onOpen;
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = databasePath,
            ForeignKeys = true,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
    }

    /// <summary>Pooled native connections that already have their settings: a pooled open then costs no statement.</summary>
    private readonly System.Runtime.CompilerServices.ConditionalWeakTable<SQLitePCL.sqlite3, object> _configured = [];

    public ISqlDialect Dialect { get; } = new SqliteDialect();

    /// <summary>The transaction begun in the current async flow, while it is open.</summary>
    private readonly AsyncLocal<OpenTransactionMark?> _openTransaction = new();

    public ValueTask<DbConnection> OpenAsync(CancellationToken ct)
    {
        // SQLite has one writer: a second connection in a flow that holds the write lock would wait for a lock only
        // this flow can release (until busy_timeout), and a read on it would not see the transaction's writes.
        if (_openTransaction.Value is { IsOpen: true })
        {
            throw new InvalidOperationException(
                "A transaction is open in this flow: use the open transaction (pass the ITransaction to the store) instead of opening another connection.");
        }

        return OpenConnectionAsync(ct);
    }

    /// <summary>
    /// Begins an IMMEDIATE transaction: it takes the write lock at the start, so concurrent writers queue there
    /// (busy_timeout) instead of failing when a read transaction tries to become a write one.
    /// </summary>
    public Task<ITransaction> BeginAsync(CancellationToken ct)
    {
        if (_openTransaction.Value is { IsOpen: true })
        {
            throw new InvalidOperationException(
                "A transaction is already open in this flow: use the open transaction instead of beginning another (it would wait for the first forever).");
        }

        // Not async on purpose: an AsyncLocal set here is seen by the caller's flow (one set inside an async method
        // would be undone when it returns).
        var mark = new OpenTransactionMark(() => _writer.Release());
        _openTransaction.Value = mark;
        return BeginImmediateAsync(mark, ct);
    }

    /// <summary>
    /// The write lock's turn within this process. SQLite has one writer, and one that finds the lock taken sleeps
    /// (busy_timeout) in steps of up to 100 ms, however soon the lock is free again: the node's writers (requests,
    /// the inbox, the work queue) queue here instead, each starting as soon as the one before commits.
    /// </summary>
    private readonly SemaphoreSlim _writer = new(1, 1);

    private async Task<ITransaction> BeginImmediateAsync(OpenTransactionMark mark, CancellationToken ct)
    {
        SqliteConnection? connection = null;
        try
        {
            await _writer.WaitAsync(ct);
        }
        catch
        {
            mark.Abandon();   // never had the turn: nothing to give back
            throw;
        }

        try
        {
            connection = (SqliteConnection)await OpenConnectionAsync(ct);
            var transaction = connection.BeginTransaction(IsolationLevel.Serializable, deferred: false);
            return new SqlTransaction(connection, transaction, mark);
        }
        catch
        {
            mark.Close();
            if (connection is not null)
            {
                await connection.DisposeAsync();
            }

            throw;
        }
    }

    private async ValueTask<DbConnection> OpenConnectionAsync(CancellationToken ct)
    {
        DapperSetup.EnsureRegistered();
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(ct);
        // Per native connection (they outlive the pool's wrappers): wait for a writer instead of failing at once, and
        // the WAL-safe sync level.
        if (connection.Handle is { } handle && !_configured.TryGetValue(handle, out _))
        {
            await connection.ExecuteAsync(new CommandDefinition("PRAGMA busy_timeout = 5000; PRAGMA synchronous = NORMAL;", cancellationToken: ct));
            _configured.AddOrUpdate(handle, handle);
        }

        if (_onOpen is not null)
        {
            await _onOpen(connection, ct);
        }

        return connection;
    }
}
