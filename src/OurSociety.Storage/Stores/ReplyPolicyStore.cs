using Dapper;
using OurSociety.Core.Posts;
using OurSociety.Storage.Sql;

namespace OurSociety.Storage.Stores;

/// <summary>Members' default reply policy (member.reply_policy, migration 0024); NULL when they chose none.</summary>
public sealed class ReplyPolicyStore(IDbConnectionFactory db) : IReplyPolicyStore
{
    public async Task<ReplyPolicy?> MemberDefaultAsync(Guid memberId, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        var name = await connection.ExecuteScalarAsync<string?>(new CommandDefinition(
            "SELECT reply_policy FROM member WHERE id = @Id", new { Id = memberId }, cancellationToken: ct));
        return ReplyPolicies.TryParse(name, out var policy) ? policy : null;
    }

    public async Task SetMemberDefaultAsync(Guid memberId, ReplyPolicy policy, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE member SET reply_policy = @Policy WHERE id = @Id", new { Id = memberId, Policy = ReplyPolicies.Name(policy) }, cancellationToken: ct));
    }
}
