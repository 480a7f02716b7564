using Dapper;
using OurSociety.Core;
using OurSociety.Core.Moderation;
using OurSociety.Core.Paging;
using OurSociety.Storage.Sql;

namespace OurSociety.Storage.Stores;

public sealed class ReportStore(IDbConnectionFactory db) : IReportStore
{
    private const string Columns =
        "id, target, target_kind, target_id, account, account_label, account_local, category, note, origin, reporter_id, remote_origin, " +
        "remote_actor, flag_id, forward, appeal_of, created_at, updated_at, state, closed_at, closed_by, close_action, " +
        "snapshot_title, snapshot_text, snapshot_author, snapshot_url";

    public async Task AddAsync(Report report, ITransaction tx, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(report);
        var (connection, transaction) = tx.Sql();
        await connection.ExecuteAsync(new CommandDefinition($"""
            INSERT INTO report ({Columns})
            VALUES (@Id, @Target, @TargetKind, @TargetId, @Account, @AccountLabel, @AccountLocal, @Category, @Note, @Origin, @ReporterId,
                    @RemoteOrigin, @RemoteActor, @FlagId, @Forward, @AppealOf, @CreatedAt, @UpdatedAt, @State, @ClosedAt, @ClosedBy,
                    @CloseAction, @SnapshotTitle, @SnapshotText, @SnapshotAuthor, @SnapshotUrl)
            """, new
        {
            report.Id,
            report.Target,
            TargetKind = report.TargetKind.Name(),
            report.TargetId,
            report.Account,
            report.AccountLabel,
            AccountLocal = report.AccountIsLocal ? 1 : 0,
            Category = report.Category.Name(),
            report.Note,
            Origin = report.Origin.Name(),
            report.ReporterId,
            report.RemoteOrigin,
            report.RemoteActor,
            report.FlagId,
            Forward = report.Forward ? 1 : 0,
            report.AppealOf,
            report.CreatedAt,
            report.UpdatedAt,
            State = report.State.Name(),
            report.ClosedAt,
            report.ClosedBy,
            CloseAction = report.CloseAction?.Name(),
            SnapshotTitle = report.Snapshot.Title,
            SnapshotText = report.Snapshot.Text,
            SnapshotAuthor = report.Snapshot.Author,
            SnapshotUrl = report.Snapshot.Url,
        }, transaction, cancellationToken: ct));
    }

    public async Task<Report?> FindAsync(Guid id, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        return (await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
            $"SELECT {Columns} FROM report WHERE id = @id", new { id }, cancellationToken: ct)))?.ToDomain();
    }

    public async Task<Report?> FindOpenAsync(Guid reporterId, string target, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        return (await connection.QueryFirstOrDefaultAsync<Row>(new CommandDefinition($"""
            SELECT {Columns} FROM report
            WHERE reporter_id = @reporterId AND target = @target AND state = 'open' AND category <> 'appeal'
            ORDER BY created_at DESC
            """, new { reporterId, target }, cancellationToken: ct)))?.ToDomain();
    }

    public async Task<bool> UpdateOpenAsync(Guid id, ReportCategory category, string note, bool forward, DateTimeOffset at, ITransaction tx, CancellationToken ct)
    {
        var (connection, transaction) = tx.Sql();
        return await connection.ExecuteAsync(new CommandDefinition("""
            UPDATE report SET category = @Category, note = @note, forward = @Forward, updated_at = @at
            WHERE id = @id AND state = 'open'
            """, new { id, Category = category.Name(), note, Forward = forward ? 1 : 0, at }, transaction, cancellationToken: ct)) == 1;
    }

    public async Task<bool> CloseAsync(Guid id, Guid closedBy, ReportCloseAction action, DateTimeOffset at, ITransaction tx, CancellationToken ct)
    {
        var (connection, transaction) = tx.Sql();
        return await connection.ExecuteAsync(new CommandDefinition("""
            UPDATE report SET state = 'closed', closed_at = @at, closed_by = @closedBy, close_action = @Action, updated_at = @at
            WHERE id = @id AND state = 'open'
            """, new { id, closedBy, Action = action.Name(), at }, transaction, cancellationToken: ct)) == 1;
    }

    public async Task<Page<Report>> ListAsync(ReportState state, Cursor after, int limit, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(after);
        await using var connection = await db.OpenAsync(ct);
        var rows = (await connection.QueryAsync<Row>(new CommandDefinition($"""
            SELECT {Columns} FROM report
            WHERE state = @State AND (created_at, id) < (@Key, @Id)
            ORDER BY created_at DESC, id DESC
            LIMIT @Take
            """, new { State = state.Name(), after.Key, after.Id, Take = limit + 1 }, cancellationToken: ct))).Select(r => r.ToDomain()).ToList();
        return KeysetPage.From(rows, limit, r => r.CreatedAt, r => r.Id);
    }

    public async Task<IReadOnlyList<Report>> AboutAccountAsync(string account, Guid except, int limit, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        return [.. (await connection.QueryAsync<Row>(new CommandDefinition($"""
            SELECT {Columns} FROM report
            WHERE account = @account AND id <> @except
            ORDER BY created_at DESC, id DESC
            LIMIT @limit
            """, new { account, except, limit }, cancellationToken: ct))).Select(r => r.ToDomain())];
    }

    public async Task<bool> AppealExistsAsync(Guid entryId, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT COUNT(*) FROM report WHERE appeal_of = @entryId", new { entryId }, cancellationToken: ct)) > 0;
    }

    public async Task<bool> FlagExistsAsync(string flagId, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT COUNT(*) FROM report WHERE flag_id = @flagId", new { flagId }, cancellationToken: ct)) > 0;
    }

    private sealed class Row
    {
        public required Guid Id { get; init; }
        public required string Target { get; init; }
        public required string TargetKind { get; init; }
        public Guid? TargetId { get; init; }
        public required string Account { get; init; }
        public required string AccountLabel { get; init; }
        public required long AccountLocal { get; init; }
        public required string Category { get; init; }
        public required string Note { get; init; }
        public required string Origin { get; init; }
        public Guid? ReporterId { get; init; }
        public string? RemoteOrigin { get; init; }
        public string? RemoteActor { get; init; }
        public string? FlagId { get; init; }
        public required long Forward { get; init; }
        public Guid? AppealOf { get; init; }
        public required DateTimeOffset CreatedAt { get; init; }
        public required DateTimeOffset UpdatedAt { get; init; }
        public required string State { get; init; }
        public DateTimeOffset? ClosedAt { get; init; }
        public Guid? ClosedBy { get; init; }
        public string? CloseAction { get; init; }
        public string? SnapshotTitle { get; init; }
        public string? SnapshotText { get; init; }
        public string? SnapshotAuthor { get; init; }
        public string? SnapshotUrl { get; init; }

        public Report ToDomain()
        {
            // Written by AddAsync from the same names: a name it cannot read is a bug, not data to guess at.
            if (!ReportNames.TryParse(TargetKind, out ReportTargetKind kind) || !ReportNames.TryParse(Category, out ReportCategory category)
                || !ReportNames.TryParse(Origin, out ReportOrigin origin) || !ReportNames.TryParse(State, out ReportState state))
            {
                throw new InvalidOperationException($"Report {Id} has an unknown kind, category, origin or state.");
            }

            ReportCloseAction? action = ReportNames.TryParse(CloseAction, out ReportCloseAction a) ? a : null;
            return new Report(
                Id, Target, kind, Account, AccountLabel, AccountLocal != 0, category, Note, origin, ReporterId, RemoteOrigin, RemoteActor,
                Forward != 0, CreatedAt, UpdatedAt, state, ClosedAt, ClosedBy, action,
                new ReportSnapshot(SnapshotTitle, SnapshotText, SnapshotAuthor, SnapshotUrl))
            {
                TargetId = TargetId,
                AppealOf = AppealOf,
                FlagId = FlagId,
            };
        }
    }
}
