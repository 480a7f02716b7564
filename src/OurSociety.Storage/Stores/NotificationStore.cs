using Dapper;
using OurSociety.Core;
using OurSociety.Core.Notifications;
using OurSociety.Core.Paging;
using OurSociety.Storage.Sql;

namespace OurSociety.Storage.Stores;

public sealed class NotificationStore(IDbConnectionFactory db) : INotificationStore
{
    private const string Columns = "id, member_id, kind, actor, is_local, post_id, created_at, read_at, subject";

    public async Task AddAsync(IReadOnlyCollection<Notification> notifications, ITransaction tx, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(notifications);
        if (notifications.Count == 0)
        {
            return;
        }

        var (connection, transaction) = tx.Sql();
        // An id already stored is skipped: work that runs again after a crash passes the same (derived) ids.
        await connection.ExecuteAsync(new CommandDefinition($"""
            INSERT INTO notification ({Columns}) VALUES (@Id, @MemberId, @Kind, @Actor, @IsLocal, @PostId, @CreatedAt, @ReadAt, @Subject)
            ON CONFLICT (id) DO NOTHING
            """,
            notifications.Select(n => new
            {
                n.Id,
                n.MemberId,
                Kind = NotificationKinds.Name(n.Kind),
                n.Actor,
                IsLocal = n.IsLocal ? 1 : 0,
                n.PostId,
                n.CreatedAt,
                n.ReadAt,
                n.Subject,
            }).ToList(),
            transaction, cancellationToken: ct));
    }

    public async Task<Page<Notification>> ListAsync(Guid memberId, Cursor after, int limit, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        var rows = (await connection.QueryAsync<Row>(new CommandDefinition($"""
            SELECT {Columns} FROM notification
            WHERE member_id = @MemberId AND (created_at, id) < (@Key, @Id)
            ORDER BY created_at DESC, id DESC
            LIMIT @Take
            """, new { MemberId = memberId, after.Key, after.Id, Take = limit + 1 }, cancellationToken: ct))).Select(r => r.ToDomain()).ToList();
        var shown = rows.Take(limit).ToList();
        var next = rows.Count > limit ? new Cursor(DapperSetup.Format(shown[^1].CreatedAt), shown[^1].Id.ToString("D")).Encode() : null;
        return new Page<Notification>(shown, next);
    }

    public async Task<int> CountUnreadAsync(Guid memberId, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        return await connection.ExecuteScalarAsync<int>(new CommandDefinition(
            "SELECT COUNT(*) FROM notification WHERE member_id = @MemberId AND read_at IS NULL", new { MemberId = memberId }, cancellationToken: ct));
    }

    public async Task MarkAllReadAsync(Guid memberId, DateTimeOffset at, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE notification SET read_at = @At WHERE member_id = @MemberId AND read_at IS NULL", new { MemberId = memberId, At = at }, cancellationToken: ct));
    }

    private sealed class Row
    {
        public required Guid Id { get; init; }
        public required Guid MemberId { get; init; }
        public required string Kind { get; init; }
        public required string Actor { get; init; }
        public required long IsLocal { get; init; }
        public Guid? PostId { get; init; }
        public required DateTimeOffset CreatedAt { get; init; }
        public DateTimeOffset? ReadAt { get; init; }
        public string? Subject { get; init; }

        public Notification ToDomain() => new(Id, MemberId, NotificationKinds.Parse(Kind), Actor, IsLocal != 0, PostId, CreatedAt, ReadAt, Subject);
    }
}
