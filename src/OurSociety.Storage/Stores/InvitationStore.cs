using Dapper;
using OurSociety.Core.Invitations;
using OurSociety.Core.Paging;
using OurSociety.Storage.Sql;

namespace OurSociety.Storage.Stores;

public sealed class InvitationStore(IDbConnectionFactory db) : IInvitationStore
{
    private const string Columns = "id, code, created_by, max_uses, uses, expires_at, revoked_at, created_at";

    public async Task AddAsync(Invitation invitation, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO invitation (id, code, created_by, max_uses, uses, expires_at, revoked_at, created_at)
            VALUES (@Id, @Code, @CreatedBy, @MaxUses, @Uses, @ExpiresAt, @RevokedAt, @CreatedAt)
            """, new
        {
            invitation.Id,
            invitation.Code,
            invitation.CreatedBy,
            MaxUses = (long?)invitation.MaxUses,
            Uses = (long)invitation.Uses,
            invitation.ExpiresAt,
            invitation.RevokedAt,
            invitation.CreatedAt,
        }, cancellationToken: ct));
    }

    public async Task<Invitation?> FindByCodeAsync(string code, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        return (await connection.QuerySingleOrDefaultAsync<InvitationRow>(new CommandDefinition(
            $"SELECT {Columns} FROM invitation WHERE code = @Code", new { Code = code }, cancellationToken: ct)))?.ToDomain();
    }

    public async Task<Invitation?> FindAsync(Guid id, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        return (await connection.QuerySingleOrDefaultAsync<InvitationRow>(new CommandDefinition(
            $"SELECT {Columns} FROM invitation WHERE id = @Id", new { Id = id }, cancellationToken: ct)))?.ToDomain();
    }

    public async Task<Page<Invitation>> ListByCreatorAsync(Guid memberId, Cursor after, int limit, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        var rows = (await connection.QueryAsync<InvitationRow>(new CommandDefinition($"""
            SELECT {Columns} FROM invitation
            WHERE created_by = @MemberId AND (created_at, id) < (@Key, @Id)
            ORDER BY created_at DESC, id DESC
            LIMIT @Take
            """, new { MemberId = memberId, after.Key, after.Id, Take = limit + 1 }, cancellationToken: ct)))
            .Select(r => r.ToDomain()).ToList();
        return KeysetPage.From(rows, limit, r => r.CreatedAt, r => r.Id);
    }

    public async Task<bool> RevokeAsync(Guid id, DateTimeOffset now, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        return await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE invitation SET revoked_at = @Now WHERE id = @Id AND revoked_at IS NULL",
            new { Id = id, Now = now }, cancellationToken: ct)) == 1;
    }

    private sealed class InvitationRow
    {
        public required Guid Id { get; init; }
        public required string Code { get; init; }
        public required Guid CreatedBy { get; init; }
        public long? MaxUses { get; init; }
        public required long Uses { get; init; }
        public DateTimeOffset? ExpiresAt { get; init; }
        public DateTimeOffset? RevokedAt { get; init; }
        public required DateTimeOffset CreatedAt { get; init; }

        public Invitation ToDomain() => new(Id, Code, CreatedBy, (int?)MaxUses, (int)Uses, ExpiresAt, RevokedAt, CreatedAt);
    }
}
