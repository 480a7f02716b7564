using Dapper;
using OurSociety.Core;
using OurSociety.Core.Moderation;
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
        // An id already stored is skipped: work that runs again after a crash passes the same (derived) ids. Nothing
        // comes from an account the member muted or blocked (or whose domain they blocked), and a stranger's mention
        // or reply is held as a request once strangers sent NotificationRequests.Burst of them within the window:
        // rows go in one by one, so a batch counts its own earlier rows.
        await connection.ExecuteAsync(new CommandDefinition($"""
            INSERT INTO notification ({Columns}, stranger, held)
            SELECT @Id, @MemberId, @Kind, @Actor, @IsLocal, @PostId, @CreatedAt, @ReadAt, @Subject, s.stranger,
                   CASE WHEN s.stranger = 1
                         AND (SELECT COUNT(*) FROM notification c WHERE c.member_id = @MemberId AND c.stranger = 1 AND c.created_at > @Since) >= @Burst
                        THEN 1 ELSE 0 END
            FROM (SELECT CASE WHEN @CanHold = 1 AND @IsLocal = 0 AND {Stranger} THEN 1 ELSE 0 END AS stranger) s
            WHERE NOT {HiddenFrom.Account("@Actor", "@MemberId")}
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
                CanHold = NotificationRequests.CanHold(n.Kind) ? 1 : 0,
                Since = n.CreatedAt - NotificationRequests.Window,
                Burst = NotificationRequests.Burst,
            }).ToList(),
            transaction, cancellationToken: ct));
    }

    /// <summary>
    /// SQL true when the account @Actor is a stranger to the member @MemberId: neither follows the other, the member
    /// never mentioned it in a post, and the member never accepted its requests (Mastodon's NotificationPermission).
    /// </summary>
    internal const string Stranger = """
        NOT EXISTS (SELECT 1 FROM follow sf JOIN member sm ON sm.username = sf.local_actor
                    WHERE sm.id = @MemberId AND sf.remote_actor = @Actor AND sf.state = 'accepted')
        AND NOT EXISTS (SELECT 1 FROM mention sn JOIN post sp ON sn.subject = 'post:' || sp.id
                        WHERE sp.author_id = @MemberId AND sn.actor_id = @Actor)
        AND NOT EXISTS (SELECT 1 FROM notification_permission np WHERE np.member_id = @MemberId AND np.actor = @Actor)
        """;

    /// <summary>What the list and the unread count leave out: held requests and accounts the member hid since.</summary>
    private static readonly string Shown = $"held = 0 AND NOT {HiddenFrom.Account("notification.actor", "@MemberId")}";

    public async Task<Page<Notification>> ListAsync(Guid memberId, Cursor after, int limit, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        var rows = (await connection.QueryAsync<Row>(new CommandDefinition($"""
            SELECT {Columns} FROM notification
            WHERE member_id = @MemberId AND {Shown} AND (created_at, id) < (@Key, @Id)
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
            $"SELECT COUNT(*) FROM notification WHERE member_id = @MemberId AND read_at IS NULL AND {Shown}", new { MemberId = memberId }, cancellationToken: ct));
    }

    public async Task MarkAllReadAsync(Guid memberId, DateTimeOffset at, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE notification SET read_at = @At WHERE member_id = @MemberId AND read_at IS NULL AND held = 0", new { MemberId = memberId, At = at }, cancellationToken: ct));
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
