using Dapper;
using OurSociety.Core;
using OurSociety.Core.Hubs;
using OurSociety.Core.Paging;
using OurSociety.Storage.Sql;

namespace OurSociety.Storage.Stores;

/// <summary>Submissions to the hub (migration 0027).</summary>
public sealed class HubSubmissionStore(IDbConnectionFactory db) : IHubSubmissionStore
{
    private const string Columns =
        "id, ap_id, actor_id, url, title, summary, object_json, activity_json, state, received_at, decided_by, decided_at";

    public async Task<bool> AddAsync(HubSubmission submission, ITransaction tx, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(submission);
        var (connection, transaction) = tx.Sql();
        return await connection.ExecuteAsync(new CommandDefinition($"""
            INSERT INTO hub_submission ({Columns})
            VALUES (@Id, @ApId, @ActorId, @Url, @Title, @Summary, @ObjectJson, @ActivityJson, @State, @ReceivedAt, @DecidedBy, @DecidedAt)
            ON CONFLICT DO NOTHING
            """, new
        {
            submission.Id,
            submission.ApId,
            submission.ActorId,
            submission.Url,
            submission.Title,
            submission.Summary,
            submission.ObjectJson,
            submission.ActivityJson,
            State = HubSubmissionStates.Name(submission.State),
            submission.ReceivedAt,
            submission.DecidedBy,
            submission.DecidedAt,
        }, transaction, cancellationToken: ct)) == 1;
    }

    public async Task<HubSubmission?> FindAsync(Guid id, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        return (await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
            $"SELECT {Columns} FROM hub_submission WHERE id = @Id", new { Id = id }, cancellationToken: ct)))?.ToDomain();
    }

    public async Task<HubSubmission?> FindByApIdAsync(string apId, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        return (await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
            $"SELECT {Columns} FROM hub_submission WHERE ap_id = @ApId", new { ApId = apId }, cancellationToken: ct)))?.ToDomain();
    }

    public async Task<Page<HubSubmission>> ListAsync(HubSubmissionState state, Cursor after, int limit, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(after);
        await using var connection = await db.OpenAsync(ct);
        var rows = (await connection.QueryAsync<Row>(new CommandDefinition($"""
            SELECT {Columns} FROM hub_submission
            WHERE state = @State AND (received_at, id) < (@Key, @Id)
            ORDER BY received_at DESC, id DESC
            LIMIT @Take
            """, new { State = HubSubmissionStates.Name(state), after.Key, after.Id, Take = limit + 1 }, cancellationToken: ct)))
            .Select(r => r.ToDomain()).ToList();
        return KeysetPage.From(rows, limit, s => s.ReceivedAt, s => s.Id);
    }

    public async Task<bool> DecideAsync(Guid id, HubSubmissionState state, Guid? by, DateTimeOffset at, ITransaction tx, CancellationToken ct)
    {
        var (connection, transaction) = tx.Sql();
        // Only a waiting one: two moderators answering at once cannot both win (the second gets 409).
        return await connection.ExecuteAsync(new CommandDefinition("""
            UPDATE hub_submission SET state = @State, decided_by = @By, decided_at = @At
            WHERE id = @Id AND state = 'waiting'
            """, new { Id = id, State = HubSubmissionStates.Name(state), By = by, At = at }, transaction, cancellationToken: ct)) == 1;
    }

    public async Task<bool> ReviseAsync(HubSubmission revised, ITransaction tx, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(revised);
        var (connection, transaction) = tx.Sql();
        // Only a waiting one: an approved post is edited as a post (PostInbox.UpdateAsync), a declined one stays declined.
        return await connection.ExecuteAsync(new CommandDefinition("""
            UPDATE hub_submission SET url = @Url, title = @Title, summary = @Summary, object_json = @ObjectJson, activity_json = @ActivityJson
            WHERE id = @Id AND state = 'waiting'
            """, new { revised.Id, revised.Url, revised.Title, revised.Summary, revised.ObjectJson, revised.ActivityJson },
            transaction, cancellationToken: ct)) == 1;
    }

    public async Task<int> DeleteByActorsAsync(IReadOnlyCollection<string> actorIds, ITransaction tx, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actorIds);
        var (connection, transaction) = tx.Sql();
        var deleted = 0;
        foreach (var chunk in actorIds.Chunk(500))
        {
            deleted += await connection.ExecuteAsync(new CommandDefinition(
                "DELETE FROM hub_submission WHERE actor_id IN @Actors", new { Actors = chunk }, transaction, cancellationToken: ct));
        }

        return deleted;
    }

    private sealed class Row
    {
        public required Guid Id { get; init; }
        public required string ApId { get; init; }
        public required string ActorId { get; init; }
        public string? Url { get; init; }
        public string? Title { get; init; }
        public string? Summary { get; init; }
        public required string ObjectJson { get; init; }
        public required string ActivityJson { get; init; }
        public required string State { get; init; }
        public required DateTimeOffset ReceivedAt { get; init; }
        public Guid? DecidedBy { get; init; }
        public DateTimeOffset? DecidedAt { get; init; }

        public HubSubmission ToDomain() => new(
            Id, ApId, ActorId, Url, Title, Summary, ObjectJson, ActivityJson,
            HubSubmissionStates.Parse(State) ?? HubSubmissionState.Waiting, ReceivedAt, DecidedBy, DecidedAt);
    }
}
