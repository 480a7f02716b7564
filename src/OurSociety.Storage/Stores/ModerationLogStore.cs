using Dapper;
using OurSociety.Core;
using OurSociety.Core.Moderation;
using OurSociety.Core.Paging;
using OurSociety.Storage.Sql;

namespace OurSociety.Storage.Stores;

public sealed class ModerationLogStore(IDbConnectionFactory db) : IModerationLogStore
{
    private const string Columns =
        "id, created_at, moderator_id, moderator_name, action, target_kind, target, target_label, reason, private_note, report_id";

    public async Task AddAsync(ModerationEntry entry, ITransaction tx, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var (connection, transaction) = tx.Sql();
        // An id already stored is skipped: work that runs again after a crash passes the same (derived) id.
        await connection.ExecuteAsync(new CommandDefinition($"""
            INSERT INTO moderation_log ({Columns})
            VALUES (@Id, @CreatedAt, @ModeratorId, @ModeratorName, @Action, @TargetKind, @Target, @TargetLabel, @Reason, @PrivateNote, @ReportId)
            ON CONFLICT (id) DO NOTHING
            """, entry, transaction, cancellationToken: ct));
    }

    public async Task<ModerationEntry?> FindLatestAboutAsync(string targetKind, string target, IReadOnlyCollection<string> actions, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actions);
        await using var connection = await db.OpenAsync(ct);
        return (await connection.QueryFirstOrDefaultAsync<Row>(new CommandDefinition($"""
            SELECT {Columns} FROM moderation_log
            WHERE target_kind = @targetKind AND target = @target AND action IN @actions
            ORDER BY created_at DESC, id DESC
            """, new { targetKind, target, actions }, cancellationToken: ct)))?.ToDomain();
    }

    public async Task<Page<ModerationEntry>> ListAsync(Cursor after, int limit, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(after);
        await using var connection = await db.OpenAsync(ct);
        var rows = (await connection.QueryAsync<Row>(new CommandDefinition($"""
            SELECT {Columns} FROM moderation_log
            WHERE (created_at, id) < (@Key, @Id)
            ORDER BY created_at DESC, id DESC
            LIMIT @Take
            """, new { after.Key, after.Id, Take = limit + 1 }, cancellationToken: ct))).Select(r => r.ToDomain()).ToList();
        return KeysetPage.From(rows, limit, e => e.CreatedAt, e => e.Id);
    }

    private sealed class Row
    {
        public required Guid Id { get; init; }
        public required DateTimeOffset CreatedAt { get; init; }
        public Guid? ModeratorId { get; init; }
        public required string ModeratorName { get; init; }
        public required string Action { get; init; }
        public required string TargetKind { get; init; }
        public required string Target { get; init; }
        public required string TargetLabel { get; init; }
        public string? Reason { get; init; }
        public string? PrivateNote { get; init; }
        public Guid? ReportId { get; init; }

        public ModerationEntry ToDomain() =>
            new(Id, CreatedAt, ModeratorId, ModeratorName, Action, TargetKind, Target, TargetLabel, Reason, PrivateNote, ReportId);
    }
}
