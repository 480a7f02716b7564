using Dapper;
using OurSociety.Core;
using OurSociety.Core.Introductions;
using OurSociety.Storage.Sql;

namespace OurSociety.Storage.Stores;

public sealed class IntroductionReplyStore(IDbConnectionFactory db) : IIntroductionReplyStore
{
    private const string ReviewColumns = "id, introduction_id, position, actor, activity_id, note_id, content, received_at";

    public async Task<bool> AddReviewAsync(IntroductionReview review, ITransaction tx, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(review);
        var (connection, transaction) = tx.Sql();
        return await connection.ExecuteAsync(new CommandDefinition($"""
            INSERT INTO introduction_review ({ReviewColumns})
            VALUES (@Id, @IntroductionId, @Position, @Actor, @ActivityId, @NoteId, @Content, @ReceivedAt)
            ON CONFLICT DO NOTHING
            """, new
        {
            review.Id,
            review.IntroductionId,
            Position = (long)review.Position,
            review.Actor,
            review.ActivityId,
            review.NoteId,
            review.Content,
            review.ReceivedAt,
        }, transaction, cancellationToken: ct)) == 1;
    }

    public async Task<IReadOnlyList<IntroductionReview>> ReviewsAsync(Guid introductionId, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        var rows = await connection.QueryAsync<ReviewRow>(new CommandDefinition($"""
            SELECT {ReviewColumns} FROM introduction_review
            WHERE introduction_id = @IntroductionId
            ORDER BY received_at, id
            """, new { IntroductionId = introductionId }, cancellationToken: ct));
        return [.. rows.Select(r => r.ToDomain())];
    }

    public async Task<IntroductionReview?> FindReviewAsync(Guid reviewId, ITransaction tx, CancellationToken ct)
    {
        var (connection, transaction) = tx.Sql();
        var row = await connection.QuerySingleOrDefaultAsync<ReviewRow>(new CommandDefinition(
            $"SELECT {ReviewColumns} FROM introduction_review WHERE id = @Id", new { Id = reviewId }, transaction, cancellationToken: ct));
        return row?.ToDomain();
    }

    public async Task RemoveReviewAsync(Guid reviewId, ITransaction tx, CancellationToken ct)
    {
        var (connection, transaction) = tx.Sql();
        await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM introduction_review WHERE id = @Id", new { Id = reviewId }, transaction, cancellationToken: ct));
    }

    public async Task<IReadOnlyList<Guid>> WaitingForReviewAsync(Guid introducerId, int limit, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        var rows = await connection.QueryAsync<Guid>(new CommandDefinition("""
            SELECT i.id FROM introduction i
            JOIN introduction_review r ON r.introduction_id = i.id
            WHERE i.introducer_is_local = 1 AND i.introducer = @Introducer AND i.state IN ('proposed', 'accepted-by-one')
            GROUP BY i.id
            ORDER BY MAX(r.received_at) DESC, i.id DESC
            LIMIT @Limit
            """, new { Introducer = introducerId.ToString("D"), Limit = (long)limit }, cancellationToken: ct));
        return [.. rows];
    }

    public async Task<bool> AddStopAsync(IntroductionStop stopped, ITransaction tx, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(stopped);
        var (connection, transaction) = tx.Sql();
        return await connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO introduction_stop (actor, activity_id, stopped_at) VALUES (@Actor, @ActivityId, @StoppedAt)
            ON CONFLICT DO NOTHING
            """, stopped, transaction, cancellationToken: ct)) == 1;
    }

    public async Task<bool> IsStoppedAsync(string actor, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT COUNT(*) FROM introduction_stop WHERE actor = @Actor", new { Actor = actor }, cancellationToken: ct)) > 0;
    }

    public async Task<IReadOnlyList<Guid>> OpenProposedToAsync(string actor, Guid? introducerId, ITransaction tx, CancellationToken ct)
    {
        var (connection, transaction) = tx.Sql();
        var rows = await connection.QueryAsync<Guid>(new CommandDefinition("""
            SELECT i.id FROM introduction i
            WHERE i.introducer_is_local = 1 AND i.state IN ('proposed', 'accepted-by-one')
              AND (@Introducer IS NULL OR i.introducer = @Introducer)
              AND EXISTS (SELECT 1 FROM introduction_party p WHERE p.introduction_id = i.id AND p.actor = @Actor AND p.is_local = 0)
            ORDER BY i.created_at, i.id
            """, new { Actor = actor, Introducer = introducerId?.ToString("D") }, transaction, cancellationToken: ct));
        return [.. rows];
    }

    private sealed class ReviewRow
    {
        public required Guid Id { get; init; }
        public required Guid IntroductionId { get; init; }
        public required long Position { get; init; }
        public required string Actor { get; init; }
        public required string ActivityId { get; init; }
        public required string NoteId { get; init; }
        public required string Content { get; init; }
        public required DateTimeOffset ReceivedAt { get; init; }

        public IntroductionReview ToDomain() => new(Id, IntroductionId, (int)Position, Actor, ActivityId, NoteId, Content, ReceivedAt);
    }
}
