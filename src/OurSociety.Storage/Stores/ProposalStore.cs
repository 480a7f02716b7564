using System.Globalization;
using System.Text;
using Dapper;
using OurSociety.Core;
using OurSociety.Core.Needs;
using OurSociety.Core.Paging;
using OurSociety.Core.Posts;
using OurSociety.Storage.Sql;

namespace OurSociety.Storage.Stores;

/// <summary>Needs and offers (migration 0018): one row each, topics beside, newest first by when they were posted.</summary>
public sealed class ProposalStore(IDbConnectionFactory db) : IProposalStore
{
    private const string Columns = """
        p.id, p.kind, p.author_id, p.as_hub, p.posted_by, p.remote_author, p.ap_id, p.url, p.format, p.title, p.details, p.resource,
        p.locality, p.time_needed, p.ends_at, p.closed_at, p.language, p.created_at, p.updated_at, p.deleted_at
        """;

    public async Task<bool> AddAsync(Proposal proposal, ITransaction tx, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(proposal);
        var (connection, transaction) = tx.Sql();
        var added = await connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO proposal (id, kind, author_id, as_hub, posted_by, remote_author, ap_id, url, format, title, details, resource,
                                  locality, time_needed, ends_at, closed_at, language, created_at, updated_at, deleted_at)
            VALUES (@Id, @Kind, @AuthorId, @AsHub, @PostedBy, @RemoteAuthor, @ApId, @Url, @Format, @Title, @Details, @Resource,
                    @Locality, @Time, @Ends, @ClosedAt, @Language, @CreatedAt, @UpdatedAt, @DeletedAt)
            ON CONFLICT DO NOTHING
            """, Parameters(proposal), transaction, cancellationToken: ct)) == 1;
        if (added)
        {
            await InsertTopicsAsync(tx, proposal, ct);
        }

        return added;
    }

    public async Task<bool> UpdateAsync(Proposal proposal, ITransaction tx, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(proposal);
        var (connection, transaction) = tx.Sql();
        var updated = await connection.ExecuteAsync(new CommandDefinition("""
            UPDATE proposal SET url = @Url, format = @Format, title = @Title, details = @Details, resource = @Resource,
                locality = @Locality, time_needed = @Time, ends_at = @Ends, closed_at = @ClosedAt, language = @Language,
                updated_at = @UpdatedAt
            WHERE id = @Id AND deleted_at IS NULL
            """, Parameters(proposal), transaction, cancellationToken: ct)) == 1;
        if (updated)
        {
            await connection.ExecuteAsync(new CommandDefinition(
                "DELETE FROM proposal_topic WHERE proposal_id = @Id", new { proposal.Id }, transaction, cancellationToken: ct));
            await InsertTopicsAsync(tx, proposal, ct);
        }

        return updated;
    }

    public async Task<bool> MarkDeletedAsync(Guid id, DateTimeOffset at, ITransaction tx, CancellationToken ct)
    {
        var (connection, transaction) = tx.Sql();
        // The row stays (a 410 and a Tombstone at its address); what was written goes.
        var deleted = await connection.ExecuteAsync(new CommandDefinition("""
            UPDATE proposal SET deleted_at = @At, title = NULL, details = NULL, locality = NULL, time_needed = NULL
            WHERE id = @Id AND deleted_at IS NULL
            """, new { Id = id, At = at }, transaction, cancellationToken: ct)) == 1;
        if (deleted)
        {
            await connection.ExecuteAsync(new CommandDefinition(
                "DELETE FROM proposal_topic WHERE proposal_id = @Id", new { Id = id }, transaction, cancellationToken: ct));
        }

        return deleted;
    }

    public async Task<int> DeleteAllByRemoteAuthorAsync(string actorId, ITransaction tx, CancellationToken ct)
    {
        var (connection, transaction) = tx.Sql();
        return await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM proposal WHERE remote_author = @ActorId", new { ActorId = actorId }, transaction, cancellationToken: ct));
    }

    public async Task<Proposal?> FindAsync(Guid id, CancellationToken ct) =>
        (await QueryAsync("p.id = @Id", new { Id = id }, ct)).SingleOrDefault();

    public async Task<Proposal?> FindByApIdAsync(string apId, CancellationToken ct) =>
        (await QueryAsync("p.ap_id = @ApId", new { ApId = apId }, ct)).SingleOrDefault();

    public async Task<Page<Proposal>> ListAsync(ProposalQuery query, Cursor after, int limit, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(after);
        var where = new StringBuilder("p.deleted_at IS NULL");
        if (query.Kind is not null)
        {
            where.Append(" AND p.kind = @Kind");
        }

        if (query.Topic is not null)
        {
            where.Append(" AND EXISTS (SELECT 1 FROM proposal_topic t WHERE t.proposal_id = p.id AND t.topic = @Topic)");
        }

        if (query.Localities.Count > 0)
        {
            where.Append(" AND LOWER(p.locality) IN @Localities");
        }

        if (query.Local is { } local)
        {
            where.Append(local ? " AND p.remote_author IS NULL" : " AND p.remote_author IS NOT NULL");
        }

        if (query.OpenAt is not null)
        {
            where.Append(" AND p.closed_at IS NULL AND (p.ends_at IS NULL OR p.ends_at >= @OpenAt)");
        }

        if (query.ClosedOnly)
        {
            where.Append(" AND p.closed_at IS NOT NULL");
        }

        if (query.AuthorId is not null)
        {
            where.Append(" AND p.author_id = @AuthorId");
        }

        where.Append(" AND (p.created_at, p.id) < (@Key, @CursorId) ORDER BY p.created_at DESC, p.id DESC LIMIT @Take");
        var rows = await QueryAsync(where.ToString(), new
        {
            Kind = query.Kind is { } kind ? ProposalNames.Name(kind) : null,
            query.Topic,
            Localities = query.Localities.Select(l => l.Trim().ToLower(CultureInfo.InvariantCulture)).ToList(),
            query.OpenAt,
            query.AuthorId,
            after.Key,
            CursorId = after.Id,
            Take = limit + 1,
        }, ct);
        return KeysetPage.From(rows, limit, p => p.CreatedAt, p => p.Id);
    }

    public async Task<IReadOnlyList<Proposal>> OpenAsync(ProposalKind kind, DateTimeOffset now, int limit, CancellationToken ct) =>
        await QueryAsync(
            "p.deleted_at IS NULL AND p.kind = @Kind AND p.closed_at IS NULL AND (p.ends_at IS NULL OR p.ends_at >= @Now) ORDER BY p.created_at DESC, p.id DESC LIMIT @Take",
            new { Kind = ProposalNames.Name(kind), Now = now, Take = limit },
            ct);

    /// <summary>Proposals matching <paramref name="where"/> (which may end in ORDER BY/LIMIT), with their topics.</summary>
    private async Task<List<Proposal>> QueryAsync(string where, object parameters, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        var rows = (await connection.QueryAsync<Row>(new CommandDefinition(
            $"SELECT {Columns} FROM proposal p WHERE {where}", parameters, cancellationToken: ct))).ToList();
        if (rows.Count == 0)
        {
            return [];
        }

        // Text, not Guid: Dapper expands a list parameter element by element, past the Guid type handler.
        var ids = rows.Select(r => r.Id.ToString("D")).ToList();
        var topics = (await connection.QueryAsync<(Guid ProposalId, string Topic)>(new CommandDefinition(
            "SELECT proposal_id, topic FROM proposal_topic WHERE proposal_id IN @Ids ORDER BY topic", new { Ids = ids }, cancellationToken: ct)))
            .ToLookup(t => t.ProposalId, t => t.Topic);
        return [.. rows.Select(r => r.ToDomain() with { Topics = [.. topics[r.Id]] })];
    }

    private static async Task InsertTopicsAsync(ITransaction tx, Proposal proposal, CancellationToken ct)
    {
        if (proposal.Topics.Count == 0)
        {
            return;
        }

        var (connection, transaction) = tx.Sql();
        await connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO proposal_topic (proposal_id, topic) VALUES (@ProposalId, @Topic) ON CONFLICT DO NOTHING",
            proposal.Topics.Select(t => new { ProposalId = proposal.Id, Topic = t }), transaction, cancellationToken: ct));
    }

    private static object Parameters(Proposal p) => new
    {
        p.Id,
        Kind = ProposalNames.Name(p.Kind),
        p.AuthorId,
        AsHub = p.AsHub ? 1 : 0,
        p.PostedBy,
        p.RemoteAuthor,
        p.ApId,
        p.Url,
        Format = p.Format == TextFormat.Html ? "html" : "markdown",
        p.Title,
        p.Details,
        Resource = ProposalNames.Name(p.Resource),
        p.Locality,
        p.Time,
        p.Ends,
        p.ClosedAt,
        p.Language,
        p.CreatedAt,
        p.UpdatedAt,
        p.DeletedAt,
    };

    private sealed class Row
    {
        public required Guid Id { get; init; }
        public required string Kind { get; init; }
        public Guid? AuthorId { get; init; }
        public required long AsHub { get; init; }
        public Guid? PostedBy { get; init; }
        public string? RemoteAuthor { get; init; }
        public string? ApId { get; init; }
        public string? Url { get; init; }
        public required string Format { get; init; }
        public string? Title { get; init; }
        public string? Details { get; init; }
        public required string Resource { get; init; }
        public string? Locality { get; init; }
        public string? TimeNeeded { get; init; }
        public DateTimeOffset? EndsAt { get; init; }
        public DateTimeOffset? ClosedAt { get; init; }
        public string? Language { get; init; }
        public required DateTimeOffset CreatedAt { get; init; }
        public DateTimeOffset? UpdatedAt { get; init; }
        public DateTimeOffset? DeletedAt { get; init; }

        public Proposal ToDomain()
        {
            var resource = ProposalNames.TryParseResource(Resource, out var known) ? known : ProposalResource.Skills;
            return new Proposal
            {
                Id = Id,
                Kind = Kind == "offer" ? ProposalKind.Offer : ProposalKind.Need,
                AuthorId = AuthorId,
                AsHub = AsHub != 0,
                PostedBy = PostedBy,
                RemoteAuthor = RemoteAuthor,
                ApId = ApId,
                Url = Url,
                Format = Format == "html" ? TextFormat.Html : TextFormat.Markdown,
                Title = Title ?? "",
                Details = Details ?? "",
                Resource = resource,
                Locality = Locality,
                Time = TimeNeeded,
                Ends = EndsAt,
                ClosedAt = ClosedAt,
                Language = Language,
                CreatedAt = CreatedAt,
                UpdatedAt = UpdatedAt,
                DeletedAt = DeletedAt,
            };
        }
    }
}
