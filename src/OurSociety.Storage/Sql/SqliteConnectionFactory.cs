using System.Data.Common;
using Dapper;
using Microsoft.Data.Sqlite;

namespace OurSociety.Storage.Sql;

public sealed class SqliteConnectionFactory : IDbConnectionFactory
{
    public const string FileName = "oursociety.db";

    private readonly string _connectionString;

    public SqliteConnectionFactory(string databasePath)
    {
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

    public async ValueTask<DbConnection> OpenAsync(CancellationToken ct)
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

        return connection;
    }
}
