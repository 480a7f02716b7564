using Dapper;
using OurSociety.Core.Paging;
using OurSociety.Core.Tokens;
using OurSociety.Storage.Sql;

namespace OurSociety.Storage.Stores;

public sealed class ApiTokenStore(IDbConnectionFactory db) : IApiTokenStore
{
    private const string Columns = "id, member_id, name, created_at, last_used_at";

    public async Task AddAsync(ApiToken token, string tokenHash, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO api_token (id, member_id, name, token_hash, created_at, last_used_at)
            VALUES (@Id, @MemberId, @Name, @Hash, @CreatedAt, NULL)
            """, new { token.Id, token.MemberId, token.Name, Hash = tokenHash, token.CreatedAt }, cancellationToken: ct));
    }

    public async Task<ApiToken?> FindByHashAsync(string tokenHash, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        return (await connection.QuerySingleOrDefaultAsync<TokenRow>(new CommandDefinition(
            $"SELECT {Columns} FROM api_token WHERE token_hash = @Hash", new { Hash = tokenHash }, cancellationToken: ct)))?.ToDomain();
    }

    public async Task TouchAsync(Guid id, DateTimeOffset now, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE api_token SET last_used_at = @Now WHERE id = @Id", new { Id = id, Now = now }, cancellationToken: ct));
    }

    public async Task<Page<ApiToken>> ListAsync(Guid memberId, Cursor after, int limit, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        var rows = (await connection.QueryAsync<TokenRow>(new CommandDefinition($"""
            SELECT {Columns} FROM api_token
            WHERE member_id = @MemberId AND (created_at, id) < (@Key, @Id)
            ORDER BY created_at DESC, id DESC
            LIMIT @Take
            """, new { MemberId = memberId, after.Key, after.Id, Take = limit + 1 }, cancellationToken: ct)))
            .Select(r => r.ToDomain()).ToList();
        return KeysetPage.From(rows, limit, r => r.CreatedAt, r => r.Id);
    }

    public async Task<bool> DeleteAsync(Guid memberId, Guid id, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        return await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM api_token WHERE id = @Id AND member_id = @MemberId", new { Id = id, MemberId = memberId }, cancellationToken: ct)) == 1;
    }

    private sealed class TokenRow
    {
        public required Guid Id { get; init; }
        public required Guid MemberId { get; init; }
        public required string Name { get; init; }
        public required DateTimeOffset CreatedAt { get; init; }
        public DateTimeOffset? LastUsedAt { get; init; }

        public ApiToken ToDomain() => new(Id, MemberId, Name, CreatedAt, LastUsedAt);
    }
}
