using System.Data.Common;
using OurSociety.Core;

namespace OurSociety.Storage.Sql;

/// <summary>
/// Opens one pooled connection per store method; the dialect hides what differs between engines. Also begins the
/// transactions that stores share (<see cref="ITransactions"/>): while one is open in a flow, <see cref="OpenAsync"/>
/// refuses, since that connection would wait on the transaction's write lock and not see its writes.
/// </summary>
public interface IDbConnectionFactory : ITransactions
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

    /// <summary>
    /// Ends the inner <c>SELECT</c> of a claim (<c>UPDATE … WHERE id IN (SELECT … LIMIT n {clause})</c>) so that
    /// concurrent claimers pass over each other's rows instead of waiting: PostgreSQL's <c>FOR UPDATE SKIP LOCKED</c>.
    /// Empty on SQLite, which runs one writer at a time, so the claim is atomic as it is.
    /// </summary>
    string SkipLockedClause { get; }
}
