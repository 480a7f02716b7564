using System.Data.Common;
using Dapper;
using OurSociety.Core;
using OurSociety.Core.HelpRequests;
using OurSociety.Core.Paging;
using OurSociety.Storage.Sql;

namespace OurSociety.Storage.Stores;

public sealed class HelpRequestStore(IDbConnectionFactory db) : IHelpRequestStore
{
    private const string Columns = "id, asker_id, question, share_with_helpers, created_at, closed_at";

    public async Task AddAsync(HelpRequest request, IReadOnlyCollection<HelpHelper> helpers, ITransaction tx, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(helpers);
        var (connection, transaction) = tx.Sql();
        await connection.ExecuteAsync(new CommandDefinition($"""
            INSERT INTO help_request ({Columns}) VALUES (@Id, @AskerId, @Question, @ShareWithHelpers, @CreatedAt, @ClosedAt)
            """, new
        {
            request.Id,
            request.AskerId,
            request.Question,
            ShareWithHelpers = request.ShareWithHelpers ? 1 : 0,
            request.CreatedAt,
            request.ClosedAt,
        }, transaction, cancellationToken: ct));
        if (request.Topics.Count > 0)
        {
            await connection.ExecuteAsync(new CommandDefinition(
                "INSERT INTO help_request_topic (request_id, position, topic) VALUES (@RequestId, @Position, @Topic)",
                request.Topics.Select((topic, i) => new { RequestId = request.Id, Position = (long)i, Topic = topic }).ToList(),
                transaction, cancellationToken: ct));
        }

        foreach (var helper in helpers)
        {
            await InsertHelperAsync(connection, transaction, request.Id, helper, ct);
        }
    }

    public async Task<HelpRequest?> FindAsync(Guid id, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        var row = await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
            $"SELECT {Columns} FROM help_request WHERE id = @Id", new { Id = id }, cancellationToken: ct));
        return row is null ? null : (await WithTopicsAsync(connection, [row], ct))[0];
    }

    public async Task<IReadOnlyList<HelpHelper>> ListHelpersAsync(Guid requestId, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        return [.. (await connection.QueryAsync<HelperRow>(new CommandDefinition("""
            SELECT member_id, invited_by, invited_at FROM help_request_helper WHERE request_id = @Id ORDER BY invited_at, member_id
            """, new { Id = requestId }, cancellationToken: ct))).Select(r => new HelpHelper(r.MemberId, r.InvitedBy, r.InvitedAt))];
    }

    public async Task<bool> AddHelperAsync(Guid requestId, HelpHelper helper, ITransaction tx, CancellationToken ct)
    {
        var (connection, transaction) = tx.Sql();
        return await InsertHelperAsync(connection, transaction, requestId, helper, ct) > 0;
    }

    public async Task<bool> CloseAsync(Guid requestId, DateTimeOffset at, ITransaction tx, CancellationToken ct)
    {
        var (connection, transaction) = tx.Sql();
        return await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE help_request SET closed_at = @At WHERE id = @Id AND closed_at IS NULL",
            new { Id = requestId, At = at }, transaction, cancellationToken: ct)) > 0;
    }

    public async Task AddReplyAsync(HelpReply reply, ITransaction tx, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(reply);
        var (connection, transaction) = tx.Sql();
        await connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO help_reply (id, request_id, author_id, body, created_at) VALUES (@Id, @RequestId, @AuthorId, @Body, @CreatedAt)
            """, reply, transaction, cancellationToken: ct));
    }

    public async Task<Page<HelpReply>> ListRepliesAsync(Guid requestId, Cursor after, int limit, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(after);
        // Oldest first: the start cursor (which sorts after every row) means "from the beginning".
        var (key, id) = after == Cursor.Start ? ("", "") : (after.Key, after.Id);
        await using var connection = await db.OpenAsync(ct);
        var rows = (await connection.QueryAsync<ReplyRow>(new CommandDefinition("""
            SELECT id, request_id, author_id, body, created_at FROM help_reply
            WHERE request_id = @RequestId AND (created_at, id) > (@Key, @Id)
            ORDER BY created_at, id
            LIMIT @Take
            """, new { RequestId = requestId, Key = key, Id = id, Take = limit + 1 }, cancellationToken: ct)))
            .Select(r => new HelpReply(r.Id, r.RequestId, r.AuthorId, r.Body, r.CreatedAt)).ToList();
        var shown = rows.Take(limit).ToList();
        var next = rows.Count > limit ? new Cursor(DapperSetup.Format(shown[^1].CreatedAt), shown[^1].Id.ToString("D")).Encode() : null;
        return new Page<HelpReply>(shown, next);
    }

    public Task<Page<HelpRequest>> ListForAsync(Guid memberId, bool withOpenOfHub, Cursor after, int limit, CancellationToken ct) =>
        ListAsync("""
            (asker_id = @MemberId
             OR id IN (SELECT request_id FROM help_request_helper WHERE member_id = @MemberId)
             OR (@WithOpen = 1 AND closed_at IS NULL))
            """, new { MemberId = memberId, WithOpen = withOpenOfHub ? 1 : 0 }, after, limit, ct);

    public Task<Page<HelpRequest>> ListOpenAsync(Cursor after, int limit, CancellationToken ct) =>
        ListAsync("closed_at IS NULL", new { }, after, limit, ct);

    public async Task<int> CountRepliesAsync(Guid requestId, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        return await connection.ExecuteScalarAsync<int>(new CommandDefinition(
            "SELECT COUNT(*) FROM help_reply WHERE request_id = @Id", new { Id = requestId }, cancellationToken: ct));
    }

    private async Task<Page<HelpRequest>> ListAsync(string where, object filter, Cursor after, int limit, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(after);
        var parameters = new DynamicParameters(filter);
        parameters.Add("Key", after.Key);
        parameters.Add("Id", after.Id);
        parameters.Add("Take", limit + 1);
        await using var connection = await db.OpenAsync(ct);
        var rows = (await connection.QueryAsync<Row>(new CommandDefinition($"""
            SELECT {Columns} FROM help_request
            WHERE {where} AND (created_at, id) < (@Key, @Id)
            ORDER BY created_at DESC, id DESC
            LIMIT @Take
            """, parameters, cancellationToken: ct))).ToList();
        var shown = await WithTopicsAsync(connection, rows.Take(limit).ToList(), ct);
        var next = rows.Count > limit ? new Cursor(DapperSetup.Format(shown[^1].CreatedAt), shown[^1].Id.ToString("D")).Encode() : null;
        return new Page<HelpRequest>(shown, next);
    }

    private static Task<int> InsertHelperAsync(DbConnection connection, DbTransaction transaction, Guid requestId, HelpHelper helper, CancellationToken ct) =>
        connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO help_request_helper (request_id, member_id, invited_by, invited_at) VALUES (@RequestId, @MemberId, @InvitedBy, @InvitedAt)
            ON CONFLICT (request_id, member_id) DO NOTHING
            """, new { RequestId = requestId, helper.MemberId, helper.InvitedBy, helper.InvitedAt }, transaction, cancellationToken: ct));

    private static async Task<List<HelpRequest>> WithTopicsAsync(DbConnection connection, List<Row> rows, CancellationToken ct)
    {
        if (rows.Count == 0)
        {
            return [];
        }

        var topics = (await connection.QueryAsync<TopicRow>(new CommandDefinition(
                "SELECT request_id, position, topic FROM help_request_topic WHERE request_id IN @Ids ORDER BY position",
                new { Ids = rows.Select(r => r.Id.ToString("D")).ToArray() }, cancellationToken: ct)))
            .ToLookup(t => t.RequestId, t => t.Topic);
        return [.. rows.Select(r => new HelpRequest(r.Id, r.AskerId, r.Question, [.. topics[r.Id]], r.ShareWithHelpers != 0, r.CreatedAt, r.ClosedAt))];
    }

    private sealed class Row
    {
        public required Guid Id { get; init; }
        public required Guid AskerId { get; init; }
        public required string Question { get; init; }
        public long ShareWithHelpers { get; init; }
        public required DateTimeOffset CreatedAt { get; init; }
        public DateTimeOffset? ClosedAt { get; init; }
    }

    private sealed class TopicRow
    {
        public required Guid RequestId { get; init; }
        public long Position { get; init; }
        public required string Topic { get; init; }
    }

    private sealed class HelperRow
    {
        public required Guid MemberId { get; init; }
        public Guid? InvitedBy { get; init; }
        public required DateTimeOffset InvitedAt { get; init; }
    }

    private sealed class ReplyRow
    {
        public required Guid Id { get; init; }
        public required Guid RequestId { get; init; }
        public required Guid AuthorId { get; init; }
        public required string Body { get; init; }
        public required DateTimeOffset CreatedAt { get; init; }
    }
}
