using System.Globalization;
using System.Reflection;
using System.Text.RegularExpressions;
using Dapper;
using OurSociety.Storage.Sql;

namespace OurSociety.Storage;

public sealed record Migration(long Version, string Name, string Sql);

public sealed record MigrationStatus(long Current, long Latest, IReadOnlyList<Migration> Pending)
{
    public bool IsUpToDate => Pending.Count == 0 && Current == Latest;
}

public sealed class MigrationFailedException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// Applies the numbered <c>Migrations/NNNN_name.sql</c> scripts embedded in this assembly, each in its own
/// transaction, and records them in <c>schema_version</c>. A script that fails is rolled back whole.
/// </summary>
public sealed partial class MigrationRunner(IDbConnectionFactory db, TimeProvider time)
{
    private static readonly Lazy<IReadOnlyList<Migration>> Embedded = new(LoadEmbedded);

    public static IReadOnlyList<Migration> All => Embedded.Value;

    public async Task<MigrationStatus> GetStatusAsync(CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        var applied = await AppliedAsync(connection, ct);
        var current = applied.Count == 0 ? 0 : applied.Max();
        return new MigrationStatus(current, All[^1].Version, [.. All.Where(m => !applied.Contains(m.Version))]);
    }

    /// <summary>Applies what is pending; <paramref name="progress"/> hears of each script as it lands.</summary>
    public async Task<IReadOnlyList<Migration>> MigrateAsync(Action<Migration>? progress, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        await db.Dialect.PrepareAsync(connection, ct);
        await connection.ExecuteAsync(new CommandDefinition(
            "CREATE TABLE IF NOT EXISTS schema_version (version BIGINT PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)",
            cancellationToken: ct));
        var applied = await AppliedAsync(connection, ct);
        if (applied.Count > 0 && applied.Max() > All[^1].Version)
        {
            throw new MigrationFailedException(
                $"The database is at schema version {applied.Max()}, newer than this program knows ({All[^1].Version}). " +
                "It was used by a newer Our Society: run that version, or restore a backup made for this one.");
        }

        var done = new List<Migration>();
        foreach (var migration in All.Where(m => !applied.Contains(m.Version)))
        {
            await using var tx = await connection.BeginTransactionAsync(ct);
            try
            {
                await connection.ExecuteAsync(new CommandDefinition(migration.Sql, transaction: tx, cancellationToken: ct));
                await connection.ExecuteAsync(new CommandDefinition(
                    "INSERT INTO schema_version (version, name, applied_at) VALUES (@Version, @Name, @At)",
                    new { migration.Version, migration.Name, At = time.GetUtcNow() }, tx, cancellationToken: ct));
                await tx.CommitAsync(ct);
            }
            catch (System.Data.Common.DbException ex)
            {
                await tx.RollbackAsync(CancellationToken.None);
                throw new MigrationFailedException(
                    $"Database migration {migration.Version:D4} ({migration.Name}) failed and was rolled back; the database is unchanged. {ex.Message}", ex);
            }

            done.Add(migration);
            progress?.Invoke(migration);
        }

        return done;
    }

    private async Task<HashSet<long>> AppliedAsync(System.Data.Common.DbConnection connection, CancellationToken ct) =>
        !await db.Dialect.TableExistsAsync(connection, "schema_version", ct)
            ? []
            : (await connection.QueryAsync<long>(new CommandDefinition("SELECT version FROM schema_version", cancellationToken: ct))).ToHashSet();

    internal static IReadOnlyList<Migration> LoadEmbedded()
    {
        var assembly = typeof(MigrationRunner).Assembly;
        var migrations = new List<Migration>();
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith("migrations/", StringComparison.Ordinal)))
        {
            var match = ScriptName().Match(resource);
            if (!match.Success)
            {
                throw new InvalidOperationException($"Migration resource '{resource}' is not named NNNN_name.sql.");
            }

            using var stream = assembly.GetManifestResourceStream(resource)!;   // listed just above, so present
            using var reader = new StreamReader(stream);
            migrations.Add(new Migration(long.Parse(match.Groups["version"].Value, CultureInfo.InvariantCulture),
                match.Groups["name"].Value, reader.ReadToEnd()));
        }

        return [.. migrations.OrderBy(m => m.Version)];
    }

    [GeneratedRegex(@"^migrations/(?<version>\d{4})_(?<name>[a-z0-9_]+)\.sql$")]
    private static partial Regex ScriptName();
}
