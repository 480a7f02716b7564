using Dapper;
using OurSociety.Core.Moderation;
using OurSociety.Storage.Sql;

namespace OurSociety.Storage.Stores;

/// <summary>Held notifications (<c>notification.held</c>, migration 0025), grouped per account for the requests page.</summary>
public sealed class NotificationRequestStore(IDbConnectionFactory db) : INotificationRequestStore
{
    public async Task<IReadOnlyList<NotificationRequest>> ListAsync(Guid memberId, int limit, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        return (await connection.QueryAsync<Row>(new CommandDefinition("""
            SELECT actor, COUNT(*) AS count, MAX(created_at) AS latest FROM notification
            WHERE member_id = @MemberId AND held = 1
            GROUP BY actor
            ORDER BY MAX(created_at) DESC, actor
            LIMIT @Take
            """, new { MemberId = memberId, Take = limit }, cancellationToken: ct)))
            .Select(r => new NotificationRequest(r.Actor, (int)r.Count, DateTimeOffset.Parse(r.Latest, System.Globalization.CultureInfo.InvariantCulture)))
            .ToList();
    }

    public async Task<int> CountAsync(Guid memberId, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        return await connection.ExecuteScalarAsync<int>(new CommandDefinition(
            "SELECT COUNT(*) FROM notification WHERE member_id = @MemberId AND held = 1", new { MemberId = memberId }, cancellationToken: ct));
    }

    public async Task<bool> AcceptAsync(Guid memberId, string actor, DateTimeOffset at, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var moved = await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE notification SET held = 0 WHERE member_id = @MemberId AND actor = @Actor AND held = 1",
            new { MemberId = memberId, Actor = actor }, transaction, cancellationToken: ct));
        if (moved > 0)
        {
            await connection.ExecuteAsync(new CommandDefinition("""
                INSERT INTO notification_permission (member_id, actor, created_at) VALUES (@MemberId, @Actor, @At)
                ON CONFLICT DO NOTHING
                """, new { MemberId = memberId, Actor = actor, At = at }, transaction, cancellationToken: ct));
        }

        await transaction.CommitAsync(ct);
        return moved > 0;
    }

    public async Task<bool> DismissAsync(Guid memberId, string actor, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        return await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM notification WHERE member_id = @MemberId AND actor = @Actor AND held = 1",
            new { MemberId = memberId, Actor = actor }, cancellationToken: ct)) > 0;
    }

    private sealed class Row
    {
        public required string Actor { get; init; }
        public required long Count { get; init; }
        public required string Latest { get; init; }
    }
}
