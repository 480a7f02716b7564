using Dapper;
using OurSociety.Core;
using OurSociety.Core.Federation;
using OurSociety.Core.Moderation;
using OurSociety.Storage.Sql;

namespace OurSociety.Storage.Stores;

/// <summary>The allow list of allowlist mode, and the stored mode itself (one row of <c>node_setting</c>).</summary>
public sealed class DomainAllowStore(IDbConnectionFactory db) : IDomainAllowStore
{
    public async Task<bool> CoversAsync(DomainName name, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        // The name and every domain above it, looked up by key: an allowed domain covers its subdomains.
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT COUNT(*) FROM domain_allow WHERE domain IN @Names", new { Names = DomainAncestry.Of(name) }, cancellationToken: ct)) > 0;
    }

    public async Task<bool> AddAsync(DomainAllow allow, ITransaction tx, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(allow);
        var (connection, transaction) = tx.Sql();
        return await connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO domain_allow (domain, created_at) VALUES (@Domain, @CreatedAt) ON CONFLICT (domain) DO NOTHING",
            new { Domain = allow.Domain.Value, allow.CreatedAt }, transaction, cancellationToken: ct)) > 0;
    }

    public async Task<bool> RemoveAsync(DomainName name, ITransaction tx, CancellationToken ct)
    {
        var (connection, transaction) = tx.Sql();
        return await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM domain_allow WHERE domain = @Domain", new { Domain = name.Value }, transaction, cancellationToken: ct)) > 0;
    }

    public async Task<IReadOnlyList<DomainAllow>> AllAsync(CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        return [.. (await connection.QueryAsync<Row>(new CommandDefinition(
                "SELECT domain, created_at FROM domain_allow ORDER BY domain", cancellationToken: ct)))
            .Select(r => new DomainAllow(DomainName.TryParse(r.Domain, out var name, out DomainNameProblem _) ? name : default, r.CreatedAt))];
    }

    public async Task SetModeAsync(FederationMode mode, ITransaction tx, CancellationToken ct)
    {
        var (connection, transaction) = tx.Sql();
        await connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO node_setting (name, value) VALUES (@Name, @Value) ON CONFLICT (name) DO UPDATE SET value = excluded.value",
            new { Name = FederationModeSetting.SettingName, Value = FederationModes.Name(mode) }, transaction, cancellationToken: ct));
    }

    private sealed class Row
    {
        public required string Domain { get; init; }
        public required DateTimeOffset CreatedAt { get; init; }
    }
}

/// <summary>Reads <c>remote_actor.suspended_at</c> (account moderation sets it) for the inbox gate.</summary>
public sealed class RemoteSuspensionStore(IDbConnectionFactory db) : IRemoteSuspensions
{
    public async Task<bool> IsSuspendedAsync(string actorId, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT COUNT(*) FROM remote_actor WHERE id = @Id AND suspended_at IS NOT NULL", new { Id = actorId }, cancellationToken: ct)) > 0;
    }
}
