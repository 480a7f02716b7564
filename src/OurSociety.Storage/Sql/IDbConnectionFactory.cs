using System.Data.Common;

namespace OurSociety.Storage.Sql;

/// <summary>Opens one pooled connection per store method; the dialect hides what differs between engines.</summary>
public interface IDbConnectionFactory
{
    ISqlDialect Dialect { get; }

    ValueTask<DbConnection> OpenAsync(CancellationToken ct);
}

/// <summary>Everything engine-specific lives behind this (STYLE §3): pragmas, error codes.</summary>
public interface ISqlDialect
{
    bool IsUniqueViolation(DbException exception);

    Task<bool> TableExistsAsync(DbConnection connection, string table, CancellationToken ct);

    /// <summary>Runs before migrations, outside any transaction (e.g. SQLite's WAL mode).</summary>
    Task PrepareAsync(DbConnection connection, CancellationToken ct);
}
