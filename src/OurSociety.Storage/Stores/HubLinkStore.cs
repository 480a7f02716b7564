using Dapper;
using OurSociety.Core;
using OurSociety.Core.Hubs;
using OurSociety.Storage.Sql;

namespace OurSociety.Storage.Stores;

/// <summary>Links with other hubs (migration 0026).</summary>
public sealed class HubLinkStore(IDbConnectionFactory db) : IHubLinkStore
{
    private const string Columns = "id, hub_actor, state, asked_by_us, note, reshare, request_activity, decided_by, created_at, updated_at";

    public async Task<HubLink?> FindAsync(Guid id, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        return (await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
            $"SELECT {Columns} FROM hub_link WHERE id = @Id", new { Id = id }, cancellationToken: ct)))?.ToDomain();
    }

    public async Task<HubLink?> FindByHubAsync(string hubActorId, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        return (await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
            $"SELECT {Columns} FROM hub_link WHERE hub_actor = @HubActorId", new { HubActorId = hubActorId }, cancellationToken: ct)))?.ToDomain();
    }

    public async Task<IReadOnlyList<HubLink>> ListAsync(HubLinkState? state, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        return [.. (await connection.QueryAsync<Row>(new CommandDefinition($"""
            SELECT {Columns} FROM hub_link
            WHERE @State IS NULL OR state = @State
            ORDER BY updated_at DESC, id DESC
            """, new { State = state is { } s ? HubLinkStates.Name(s) : null }, cancellationToken: ct))).Select(r => r.ToDomain())];
    }

    public async Task PutAsync(HubLink link, ITransaction tx, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(link);
        var (connection, transaction) = tx.Sql();
        await connection.ExecuteAsync(new CommandDefinition($"""
            INSERT INTO hub_link ({Columns})
            VALUES (@Id, @HubActorId, @State, @AskedByUs, @Note, @Reshare, @RequestActivityId, @DecidedBy, @CreatedAt, @UpdatedAt)
            ON CONFLICT (id) DO UPDATE SET state = excluded.state, asked_by_us = excluded.asked_by_us, note = excluded.note,
                reshare = excluded.reshare, request_activity = excluded.request_activity, decided_by = excluded.decided_by,
                updated_at = excluded.updated_at
            """, new
        {
            link.Id,
            link.HubActorId,
            State = HubLinkStates.Name(link.State),
            AskedByUs = link.AskedByUs ? 1 : 0,
            link.Note,
            Reshare = link.Reshare ? 1 : 0,
            link.RequestActivityId,
            link.DecidedBy,
            link.CreatedAt,
            link.UpdatedAt,
        }, transaction, cancellationToken: ct));
    }

    public async Task<bool> DeleteAsync(Guid id, ITransaction tx, CancellationToken ct)
    {
        var (connection, transaction) = tx.Sql();
        return await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM hub_link WHERE id = @Id", new { Id = id }, transaction, cancellationToken: ct)) == 1;
    }

    private sealed class Row
    {
        public required Guid Id { get; init; }
        public required string HubActor { get; init; }
        public required string State { get; init; }
        public required long AskedByUs { get; init; }
        public required string Note { get; init; }
        public required long Reshare { get; init; }
        public string? RequestActivity { get; init; }
        public Guid? DecidedBy { get; init; }
        public required DateTimeOffset CreatedAt { get; init; }
        public required DateTimeOffset UpdatedAt { get; init; }

        public HubLink ToDomain() => new(
            Id, HubActor, HubLinkStates.Parse(State) ?? HubLinkState.OneWay, AskedByUs != 0, Note, Reshare != 0, RequestActivity, DecidedBy, CreatedAt, UpdatedAt);
    }
}
