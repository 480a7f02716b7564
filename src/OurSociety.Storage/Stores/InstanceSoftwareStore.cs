using Dapper;
using OurSociety.Core.Hubs;
using OurSociety.Storage.Sql;

namespace OurSociety.Storage.Stores;

/// <summary>Remote hosts' software from their NodeInfo (migration 0027).</summary>
public sealed class InstanceSoftwareStore(IDbConnectionFactory db) : IInstanceSoftwareStore
{
    public async Task<IReadOnlyList<InstanceSoftware>> FindAsync(IReadOnlyCollection<string> hosts, CancellationToken ct)
    {
        if (hosts.Count == 0)
        {
            return [];
        }

        await using var connection = await db.OpenAsync(ct);
        return [.. (await connection.QueryAsync<SoftwareRow>(new CommandDefinition(
            "SELECT host, software, fetched_at FROM instance_software WHERE host IN @Hosts", new { Hosts = hosts }, cancellationToken: ct)))
            .Select(r => new InstanceSoftware(r.Host, r.Software, r.FetchedAt))];
    }

    public async Task PutAsync(InstanceSoftware software, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(software);
        await using var connection = await db.OpenAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO instance_software (host, software, fetched_at) VALUES (@Host, @Software, @FetchedAt)
            ON CONFLICT (host) DO UPDATE SET software = excluded.software, fetched_at = excluded.fetched_at
            """, software, cancellationToken: ct));
    }

    private sealed class SoftwareRow
    {
        public required string Host { get; init; }
        public required string Software { get; init; }
        public required DateTimeOffset FetchedAt { get; init; }
    }
}
