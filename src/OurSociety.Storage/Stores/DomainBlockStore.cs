using Dapper;
using OurSociety.Core;
using OurSociety.Core.Federation;
using OurSociety.Core.Moderation;
using OurSociety.Core.Paging;
using OurSociety.Storage.Sql;

namespace OurSociety.Storage.Stores;

public sealed class DomainBlockStore(IDbConnectionFactory db) : IDomainBlockStore
{
    private const string Columns =
        "id, domain, severity, reject_media, reject_reports, obfuscate, public_reason, private_note, created_at, updated_at";

    public async Task<DomainBlock?> FindCoveringAsync(DomainName name, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        // The name and every domain above it, looked up by key; the longest match is the most specific block.
        return (await connection.QueryAsync<Row>(new CommandDefinition(
                $"SELECT {Columns} FROM domain_block WHERE domain IN @Names", new { Names = DomainAncestry.Of(name) }, cancellationToken: ct)))
            .OrderByDescending(r => r.Domain.Length)
            .Select(r => r.ToDomain())
            .FirstOrDefault();
    }

    public async Task<DomainBlock?> FindAsync(DomainName name, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        return (await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
            $"SELECT {Columns} FROM domain_block WHERE domain = @Domain", new { Domain = name.Value }, cancellationToken: ct)))?.ToDomain();
    }

    public async Task<DomainBlock?> FindByIdAsync(Guid id, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        return (await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
            $"SELECT {Columns} FROM domain_block WHERE id = @Id", new { Id = id }, cancellationToken: ct)))?.ToDomain();
    }

    public async Task SaveAsync(DomainBlock block, ITransaction tx, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(block);
        var (connection, transaction) = tx.Sql();
        // One block per name: blocking a name again replaces what it says, keeping its id and creation time.
        await connection.ExecuteAsync(new CommandDefinition($"""
            INSERT INTO domain_block ({Columns})
            VALUES (@Id, @Domain, @Severity, @RejectMedia, @RejectReports, @Obfuscate, @PublicReason, @PrivateNote, @CreatedAt, @UpdatedAt)
            ON CONFLICT (domain) DO UPDATE SET
                severity = excluded.severity, reject_media = excluded.reject_media, reject_reports = excluded.reject_reports,
                obfuscate = excluded.obfuscate, public_reason = excluded.public_reason, private_note = excluded.private_note,
                updated_at = excluded.updated_at
            """, new
        {
            block.Id,
            Domain = block.Domain.Value,
            Severity = DomainSeverities.Name(block.Severity),
            RejectMedia = block.RejectMedia ? 1L : 0L,
            RejectReports = block.RejectReports ? 1L : 0L,
            Obfuscate = block.Obfuscate ? 1L : 0L,
            block.PublicReason,
            block.PrivateNote,
            block.CreatedAt,
            block.UpdatedAt,
        }, transaction, cancellationToken: ct));
    }

    public async Task<bool> DeleteAsync(Guid id, ITransaction tx, CancellationToken ct)
    {
        var (connection, transaction) = tx.Sql();
        return await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM domain_block WHERE id = @Id", new { Id = id }, transaction, cancellationToken: ct)) > 0;
    }

    public async Task<Page<DomainBlock>> ListAsync(Cursor after, int limit, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(after);
        await using var connection = await db.OpenAsync(ct);
        var rows = (await connection.QueryAsync<Row>(new CommandDefinition($"""
            SELECT {Columns} FROM domain_block
            WHERE (created_at, id) < (@Key, @Id)
            ORDER BY created_at DESC, id DESC
            LIMIT @Take
            """, new { after.Key, after.Id, Take = limit + 1 }, cancellationToken: ct))).Select(r => r.ToDomain()).ToList();
        return KeysetPage.From(rows, limit, b => b.CreatedAt, b => b.Id);
    }

    public async Task<IReadOnlyList<DomainBlock>> AllAsync(CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        return [.. (await connection.QueryAsync<Row>(new CommandDefinition(
            $"SELECT {Columns} FROM domain_block ORDER BY domain", cancellationToken: ct))).Select(r => r.ToDomain())];
    }

    internal sealed class Row
    {
        public required Guid Id { get; init; }
        public required string Domain { get; init; }
        public required string Severity { get; init; }
        public required long RejectMedia { get; init; }
        public required long RejectReports { get; init; }
        public required long Obfuscate { get; init; }
        public string? PublicReason { get; init; }
        public string? PrivateNote { get; init; }
        public required DateTimeOffset CreatedAt { get; init; }
        public required DateTimeOffset UpdatedAt { get; init; }

        public DomainBlock ToDomain() => new(
            Id,
            DomainName.TryParse(Domain, out var name, out DomainNameProblem _) ? name : default,
            DomainSeverities.TryParse(Severity, out var severity) ? severity : DomainSeverity.Suspend,
            RejectMedia != 0,
            RejectReports != 0,
            Obfuscate != 0,
            PublicReason,
            PrivateNote,
            CreatedAt,
            UpdatedAt);
    }
}
