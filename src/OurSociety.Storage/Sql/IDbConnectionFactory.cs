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
    string Name { get; }

    bool IsUniqueViolation(DbException exception);

    /// <summary>Runs once per process before migrations, outside any transaction.</summary>
    Task<bool> TableExistsAsync(DbConnection connection, string table, CancellationToken ct);

    Task PrepareAsync(DbConnection connection, CancellationToken ct);
}
