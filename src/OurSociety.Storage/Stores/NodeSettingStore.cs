using Dapper;
using OurSociety.Core.Setup;
using OurSociety.Storage.Sql;

namespace OurSociety.Storage.Stores;

public sealed class NodeSettingStore(IDbConnectionFactory db) : INodeSettingStore
{
    public async Task<string?> GetAsync(string name, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        return await connection.ExecuteScalarAsync<string?>(new CommandDefinition(
            "SELECT value FROM node_setting WHERE name = @Name", new { Name = name }, cancellationToken: ct));
    }

    public async Task<string> GetOrAddAsync(string name, string value, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO node_setting (name, value) VALUES (@Name, @Value) ON CONFLICT (name) DO NOTHING",
            new { Name = name, Value = value }, cancellationToken: ct));
        return await connection.ExecuteScalarAsync<string>(new CommandDefinition(
            "SELECT value FROM node_setting WHERE name = @Name", new { Name = name }, cancellationToken: ct)) ?? value;
    }

    public async Task SetAsync(string name, string? value, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(
            value is null
                ? "DELETE FROM node_setting WHERE name = @Name"
                : "INSERT INTO node_setting (name, value) VALUES (@Name, @Value) ON CONFLICT (name) DO UPDATE SET value = excluded.value",
            new { Name = name, Value = value }, cancellationToken: ct));
    }
}
