using Dapper;
using OurSociety.Core.Federation;
using OurSociety.Core.Moderation;
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
