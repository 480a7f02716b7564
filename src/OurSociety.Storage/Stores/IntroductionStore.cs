using System.Data.Common;
using Dapper;
using OurSociety.Core;
using OurSociety.Core.Introductions;
using OurSociety.Core.Paging;
using OurSociety.Storage.Sql;

namespace OurSociety.Storage.Stores;

public sealed class IntroductionStore(IDbConnectionFactory db) : IIntroductionStore
{
    private const string Columns =
        "id, ap_id, introducer, introducer_is_local, reason, state, created_at, expires_at, decided_at, ended_because, language";

    private const string PartyColumns =
        "introduction_id, position, actor, is_local, handle, url, channel, offer_id, answer, answered_at, answer_activity_id, followed_other, is_hub, answered_by";

    private const string OpenStates = "('proposed', 'accepted-by-one')";

    public async Task<bool> AddAsync(Introduction introduction, ITransaction tx, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(introduction);
        var (connection, transaction) = tx.Sql();
        // The Relationship's IRI is unique: an Offer received twice (or both Offers of one introduction, when both
        // parties are members here) is stored once.
        var added = await connection.ExecuteAsync(new CommandDefinition($"""
            INSERT INTO introduction ({Columns})
            VALUES (@Id, @ApId, @Introducer, @IntroducerIsLocal, @Reason, @State, @CreatedAt, @ExpiresAt, @DecidedAt, @EndedBecause, @Language)
            ON CONFLICT (ap_id) DO NOTHING
            """, new
        {
            introduction.Id,
            introduction.ApId,
            introduction.Introducer,
            IntroducerIsLocal = introduction.IntroducerIsLocal ? 1 : 0,
            introduction.Reason,
            State = introduction.State.Name(),
            introduction.CreatedAt,
            introduction.ExpiresAt,
            introduction.DecidedAt,
            EndedBecause = introduction.EndedBecause?.Name(),
            introduction.Language,
        }, transaction, cancellationToken: ct));
        if (added == 0)
        {
            return false;
        }

        await connection.ExecuteAsync(new CommandDefinition($"""
            INSERT INTO introduction_party ({PartyColumns})
            VALUES (@IntroductionId, @Position, @Actor, @IsLocal, @Handle, @Url, @Channel, @OfferId, @Answer, @AnsweredAt, @AnswerActivityId, @FollowedOther, @IsHub, @AnsweredBy)
            """, introduction.Parties.Select(p => PartyParameters(introduction.Id, p)).ToList(), transaction, cancellationToken: ct));
        return true;
    }

    public async Task UpdateAsync(Introduction introduction, ITransaction tx, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(introduction);
        var (connection, transaction) = tx.Sql();
        await connection.ExecuteAsync(new CommandDefinition("""
            UPDATE introduction SET state = @State, decided_at = @DecidedAt, ended_because = @EndedBecause WHERE id = @Id
            """, new
        {
            introduction.Id,
            State = introduction.State.Name(),
            introduction.DecidedAt,
            EndedBecause = introduction.EndedBecause?.Name(),
        }, transaction, cancellationToken: ct));
        await connection.ExecuteAsync(new CommandDefinition("""
            UPDATE introduction_party
            SET channel = @Channel, offer_id = @OfferId, answer = @Answer, answered_at = @AnsweredAt,
                answer_activity_id = @AnswerActivityId, followed_other = @FollowedOther, answered_by = @AnsweredBy
            WHERE introduction_id = @IntroductionId AND position = @Position
            """, introduction.Parties.Select(p => PartyParameters(introduction.Id, p)).ToList(), transaction, cancellationToken: ct));
    }

    public async Task<Introduction?> FindAsync(Guid id, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        return (await LoadAsync(connection, null, $"SELECT {Columns} FROM introduction WHERE id = @Id", new { Id = id }, ct)).SingleOrDefault();
    }

    public async Task<Introduction?> FindAsync(Guid id, ITransaction tx, CancellationToken ct)
    {
        var (connection, transaction) = tx.Sql();
        return (await LoadAsync(connection, transaction, $"SELECT {Columns} FROM introduction WHERE id = @Id", new { Id = id }, ct)).SingleOrDefault();
    }

    public async Task<Introduction?> FindByApIdAsync(string apId, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        return (await LoadAsync(connection, null, $"SELECT {Columns} FROM introduction WHERE ap_id = @ApId", new { ApId = apId }, ct)).SingleOrDefault();
    }

    public async Task<(Introduction Introduction, int Position)?> FindByOfferIdAsync(string offerId, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        var found = await connection.QueryFirstOrDefaultAsync<OfferRow>(new CommandDefinition(
            "SELECT introduction_id, position FROM introduction_party WHERE offer_id = @OfferId", new { OfferId = offerId }, cancellationToken: ct));
        if (found is null)
        {
            return null;
        }

        var introduction = (await LoadAsync(connection, null, $"SELECT {Columns} FROM introduction WHERE id = @Id", new { Id = found.IntroductionId }, ct))
            .SingleOrDefault();
        return introduction is null ? null : (introduction, (int)found.Position);
    }

    public Task<Page<Introduction>> ListAsync(
        Guid memberId, IntroductionRole role, IReadOnlyCollection<IntroductionState>? states, Cursor after, int limit, CancellationToken ct) =>
        ListAsync(memberId, role, withHub: false, states, after, limit, ct);

    public async Task<Page<Introduction>> ListAsync(
        Guid memberId, IntroductionRole role, bool withHub, IReadOnlyCollection<IntroductionState>? states, Cursor after, int limit, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(after);
        // An admin is asked for our hub too: the parties that are our hub (local, no member id) count as theirs.
        var who = role == IntroductionRole.Proposed
            ? "i.introducer = @Member AND i.introducer_is_local = 1"
            : "EXISTS (SELECT 1 FROM introduction_party p WHERE p.introduction_id = i.id AND p.is_local = 1 AND (p.actor = @Member"
              + (withHub ? " OR p.is_hub = 1" : "") + "))";
        var which = states is { Count: > 0 } ? " AND i.state IN @States" : "";
        await using var connection = await db.OpenAsync(ct);
        var rows = await LoadAsync(connection, null, $"""
            SELECT {string.Join(", ", Columns.Split(", ").Select(c => "i." + c))} FROM introduction i
            WHERE {who}{which} AND (i.created_at, i.id) < (@Key, @Id)
            ORDER BY i.created_at DESC, i.id DESC
            LIMIT @Take
            """, new
        {
            Member = memberId.ToString("D"),
            States = states?.Select(s => s.Name()).ToArray() ?? [],
            after.Key,
            after.Id,
            Take = limit + 1,
        }, ct);
        return KeysetPage.From(rows, limit, r => r.CreatedAt, r => r.Id);
    }

    public async Task<int> CountOpenByIntroducerAsync(Guid memberId, ITransaction tx, CancellationToken ct)
    {
        var (connection, transaction) = tx.Sql();
        return await connection.ExecuteScalarAsync<int>(new CommandDefinition($"""
            SELECT COUNT(*) FROM introduction WHERE introducer = @Member AND introducer_is_local = 1 AND state IN {OpenStates}
            """, new { Member = memberId.ToString("D") }, transaction, cancellationToken: ct));
    }

    public async Task<bool> OpenPairExistsAsync(Guid introducerId, string actorA, string actorB, ITransaction tx, CancellationToken ct)
    {
        var (connection, transaction) = tx.Sql();
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition($"""
            SELECT COUNT(*) FROM introduction i
            WHERE i.introducer = @Member AND i.introducer_is_local = 1 AND i.state IN {OpenStates}
              AND EXISTS (SELECT 1 FROM introduction_party a WHERE a.introduction_id = i.id AND a.actor = @A)
              AND EXISTS (SELECT 1 FROM introduction_party b WHERE b.introduction_id = i.id AND b.actor = @B)
            """, new { Member = introducerId.ToString("D"), A = actorA, B = actorB }, transaction, cancellationToken: ct)) > 0;
    }

    public async Task<IReadOnlyList<Introduction>> ListOpenInvolvingAsync(Guid memberId, ITransaction tx, CancellationToken ct)
    {
        var (connection, transaction) = tx.Sql();
        return await LoadAsync(connection, transaction, $"""
            SELECT {Columns} FROM introduction i
            WHERE i.state IN {OpenStates}
              AND ((i.introducer = @Member AND i.introducer_is_local = 1)
                OR EXISTS (SELECT 1 FROM introduction_party p WHERE p.introduction_id = i.id AND p.actor = @Member AND p.is_local = 1))
            ORDER BY i.created_at, i.id
            """, new { Member = memberId.ToString("D") }, ct);
    }

    private static async Task<List<Introduction>> LoadAsync(DbConnection connection, DbTransaction? tx, string sql, object parameters, CancellationToken ct)
    {
        var rows = (await connection.QueryAsync<Row>(new CommandDefinition(sql, parameters, tx, cancellationToken: ct))).ToList();
        if (rows.Count == 0)
        {
            return [];
        }

        var parties = (await connection.QueryAsync<PartyRow>(new CommandDefinition(
                $"SELECT {PartyColumns} FROM introduction_party WHERE introduction_id IN @Ids ORDER BY position",
                new { Ids = rows.Select(r => r.Id.ToString("D")).ToArray() }, tx, cancellationToken: ct)))
            .ToLookup(p => p.IntroductionId);
        return [.. rows.Select(r => r.ToDomain([.. parties[r.Id].Select(p => p.ToDomain())]))];
    }

    private static object PartyParameters(Guid introductionId, IntroductionParty p) => new
    {
        IntroductionId = introductionId,
        p.Position,
        p.Actor,
        IsLocal = p.IsLocal ? 1 : 0,
        p.Handle,
        p.Url,
        Channel = p.Channel.Name(),
        p.OfferId,
        Answer = p.Answer.Name(),
        p.AnsweredAt,
        p.AnswerActivityId,
        FollowedOther = p.FollowedOther ? 1 : 0,
        IsHub = p.IsHub ? 1 : 0,
        AnsweredBy = p.AnsweredBy?.ToString("D"),
    };

    private sealed class Row
    {
        public required Guid Id { get; init; }
        public required string ApId { get; init; }
        public required string Introducer { get; init; }
        public required long IntroducerIsLocal { get; init; }
        public required string Reason { get; init; }
        public required string State { get; init; }
        public required DateTimeOffset CreatedAt { get; init; }
        public required DateTimeOffset ExpiresAt { get; init; }
        public DateTimeOffset? DecidedAt { get; init; }
        public string? EndedBecause { get; init; }
        public string? Language { get; init; }

        public Introduction ToDomain(IReadOnlyList<IntroductionParty> parties) => new(
            Id, ApId, Introducer, IntroducerIsLocal != 0, Reason,
            IntroductionNames.TryParse(State, out IntroductionState state) ? state : IntroductionState.NotGoingAhead,
            CreatedAt, ExpiresAt, DecidedAt,
            IntroductionNames.TryParse(EndedBecause, out IntroductionEnd end) ? end : null,
            Language, parties);
    }

    private sealed class PartyRow
    {
        public required Guid IntroductionId { get; init; }
        public required long Position { get; init; }
        public required string Actor { get; init; }
        public required long IsLocal { get; init; }
        public required string Handle { get; init; }
        public string? Url { get; init; }
        public required string Channel { get; init; }
        public string? OfferId { get; init; }
        public required string Answer { get; init; }
        public DateTimeOffset? AnsweredAt { get; init; }
        public string? AnswerActivityId { get; init; }
        public long FollowedOther { get; init; }
        public long IsHub { get; init; }
        public string? AnsweredBy { get; init; }

        public IntroductionParty ToDomain() => new(
            (int)Position, Actor, IsLocal != 0, Handle, Url,
            IntroductionNames.TryParse(Channel, out PartyChannel channel) ? channel : PartyChannel.Note,
            OfferId,
            IntroductionNames.TryParse(Answer, out PartyAnswer answer) ? answer : PartyAnswer.Pending,
            AnsweredAt, AnswerActivityId, FollowedOther != 0)
        {
            IsHub = IsHub != 0,
            AnsweredBy = Guid.TryParse(AnsweredBy, out var admin) ? admin : null,
        };
    }

    private sealed class OfferRow
    {
        public required Guid IntroductionId { get; init; }
        public required long Position { get; init; }
    }
}
