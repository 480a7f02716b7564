using Dapper;
using OurSociety.Core;
using OurSociety.Core.Federation;
using OurSociety.Core.Moderation;
using OurSociety.Core.Paging;
using OurSociety.Storage.Sql;

namespace OurSociety.Storage.Stores;

/// <summary>Members' own mutes and blocks of accounts and domains (migration 0025).</summary>
public sealed class MuteStore(IDbConnectionFactory db) : IMuteStore
{
    private const string Columns = "member_id, target, is_local, kind, created_at";

    public async Task<bool> AddAsync(AccountMute mute, ITransaction tx, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(mute);
        var (connection, transaction) = tx.Sql();
        return await connection.ExecuteAsync(new CommandDefinition($"""
            INSERT INTO account_mute ({Columns}) VALUES (@MemberId, @Target, @IsLocal, @Kind, @CreatedAt)
            ON CONFLICT DO NOTHING
            """, new { mute.MemberId, mute.Target, IsLocal = mute.IsLocal ? 1 : 0, Kind = Name(mute.Kind), mute.CreatedAt },
            transaction, cancellationToken: ct)) == 1;
    }

    public async Task<AccountMute?> FindAsync(Guid memberId, string target, MuteKind kind, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        return (await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
            $"SELECT {Columns} FROM account_mute WHERE member_id = @MemberId AND target = @Target AND kind = @Kind",
            new { MemberId = memberId, Target = target, Kind = Name(kind) }, cancellationToken: ct)))?.ToDomain();
    }

    public async Task<bool> DeleteAsync(Guid memberId, string target, MuteKind kind, ITransaction tx, CancellationToken ct)
    {
        var (connection, transaction) = tx.Sql();
        return await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM account_mute WHERE member_id = @MemberId AND target = @Target AND kind = @Kind",
            new { MemberId = memberId, Target = target, Kind = Name(kind) }, transaction, cancellationToken: ct)) == 1;
    }

    public async Task<Page<AccountMute>> ListAsync(Guid memberId, MuteKind kind, Cursor after, int limit, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(after);
        await using var connection = await db.OpenAsync(ct);
        // Keyed by (created_at, target): the cursor's id part is the target here, not a Guid.
        var rows = (await connection.QueryAsync<Row>(new CommandDefinition($"""
            SELECT {Columns} FROM account_mute
            WHERE member_id = @MemberId AND kind = @Kind AND (created_at, target) < (@Key, @Id)
            ORDER BY created_at DESC, target DESC
            LIMIT @Take
            """, new { MemberId = memberId, Kind = Name(kind), after.Key, after.Id, Take = limit + 1 }, cancellationToken: ct)))
            .Select(r => r.ToDomain()).ToList();
        var shown = rows.Take(limit).ToList();
        var next = rows.Count > limit ? new Cursor(DapperSetup.Format(shown[^1].CreatedAt), shown[^1].Target).Encode() : null;
        return new Page<AccountMute>(shown, next);
    }

    public async Task<bool> AddDomainAsync(MemberDomainBlock block, ITransaction tx, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(block);
        var (connection, transaction) = tx.Sql();
        return await connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO member_domain_block (member_id, domain, created_at) VALUES (@MemberId, @Domain, @CreatedAt)
            ON CONFLICT DO NOTHING
            """, new { block.MemberId, Domain = block.Domain.Value, block.CreatedAt }, transaction, cancellationToken: ct)) == 1;
    }

    public async Task<bool> DeleteDomainAsync(Guid memberId, DomainName domain, ITransaction tx, CancellationToken ct)
    {
        var (connection, transaction) = tx.Sql();
        return await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM member_domain_block WHERE member_id = @MemberId AND domain = @Domain",
            new { MemberId = memberId, Domain = domain.Value }, transaction, cancellationToken: ct)) == 1;
    }

    public async Task<Page<MemberDomainBlock>> ListDomainsAsync(Guid memberId, Cursor after, int limit, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(after);
        await using var connection = await db.OpenAsync(ct);
        var rows = (await connection.QueryAsync<DomainRow>(new CommandDefinition("""
            SELECT member_id, domain, created_at FROM member_domain_block
            WHERE member_id = @MemberId AND (created_at, domain) < (@Key, @Id)
            ORDER BY created_at DESC, domain DESC
            LIMIT @Take
            """, new { MemberId = memberId, after.Key, after.Id, Take = limit + 1 }, cancellationToken: ct))).ToList();
        var shown = rows.Take(limit).Select(r => r.ToDomain()).ToList();
        var next = rows.Count > limit ? new Cursor(DapperSetup.Format(shown[^1].CreatedAt), shown[^1].Domain.Value).Encode() : null;
        return new Page<MemberDomainBlock>(shown, next);
    }

    public async Task<MemberFilter> FilterOfAsync(Guid memberId, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        var accounts = (await connection.QueryAsync<string>(new CommandDefinition("""
            SELECT target FROM account_mute WHERE member_id = @MemberId
            UNION
            SELECT ab.remote_actor FROM actor_block ab JOIN member m ON m.username = ab.local_actor
            WHERE m.id = @MemberId AND ab.direction = 'out'
            """, new { MemberId = memberId }, cancellationToken: ct))).ToHashSet(StringComparer.Ordinal);
        var domains = (await connection.QueryAsync<string>(new CommandDefinition(
            "SELECT domain FROM member_domain_block WHERE member_id = @MemberId", new { MemberId = memberId }, cancellationToken: ct)))
            .Select(d => DomainName.TryParse(d, out var name, out DomainNameProblem _) ? name : default)
            .Where(d => d.Value.Length > 0)
            .ToList();
        return accounts.Count == 0 && domains.Count == 0 ? MemberFilter.None : new MemberFilter(accounts, domains);
    }

    public async Task<IReadOnlyList<Follow>> FollowsOnDomainAsync(string username, DomainName domain, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        return (await connection.QueryAsync<FollowStore.Row>(new CommandDefinition("""
            SELECT f.id, f.local_actor, f.remote_actor, f.direction, f.state, f.activity_id, f.created_at, f.accepted_at
            FROM follow f JOIN remote_actor a ON a.id = f.remote_actor
            WHERE f.local_actor = @Username
              AND (a.host = @Domain OR a.host LIKE '%.' || @Domain OR a.host LIKE @Domain || ':%' OR a.host LIKE '%.' || @Domain || ':%')
            ORDER BY f.created_at, f.id
            """, new { Username = username, Domain = domain.Value }, cancellationToken: ct))).Select(r => r.ToDomain()).ToList();
    }

    public async Task<bool> BlocksDomainOfAsync(string username, string actorId, CancellationToken ct)
    {
        if (!Uri.TryCreate(actorId, UriKind.Absolute, out var uri) || !DomainName.TryParse(uri.Host, out var host, out DomainNameProblem _))
        {
            return false;
        }

        await using var connection = await db.OpenAsync(ct);
        var blocked = await connection.QueryAsync<string>(new CommandDefinition("""
            SELECT d.domain FROM member_domain_block d JOIN member m ON m.id = d.member_id WHERE m.username = @Username
            """, new { Username = username }, cancellationToken: ct));
        return blocked.Any(d => DomainName.TryParse(d, out var name, out DomainNameProblem _) && name.Covers(host));
    }

    private static string Name(MuteKind kind) => kind == MuteKind.Block ? "block" : "mute";

    private sealed class Row
    {
        public required Guid MemberId { get; init; }
        public required string Target { get; init; }
        public required long IsLocal { get; init; }
        public required string Kind { get; init; }
        public required DateTimeOffset CreatedAt { get; init; }

        public AccountMute ToDomain() => new(MemberId, Target, IsLocal != 0, Kind == "block" ? MuteKind.Block : MuteKind.Mute, CreatedAt);
    }

    private sealed class DomainRow
    {
        public required Guid MemberId { get; init; }
        public required string Domain { get; init; }
        public required DateTimeOffset CreatedAt { get; init; }

        // Stored names were normalised when added; parsing them again cannot fail.
        public MemberDomainBlock ToDomain() =>
            new(MemberId, DomainName.TryParse(Domain, out var name, out DomainNameProblem _) ? name : default, CreatedAt);
    }
}
