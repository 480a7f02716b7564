using System.Data.Common;
using Dapper;
using OurSociety.Core;
using OurSociety.Core.Members;
using OurSociety.Storage.Sql;

namespace OurSociety.Storage.Stores;

/// <summary>A member's "can help with" and "interested in" topics (table member_skill); members read them with the member.</summary>
public sealed class SkillStore(IDbConnectionFactory db) : ISkillStore
{
    internal const string CanHelpWith = "can-help-with";
    internal const string InterestedIn = "interested-in";

    public async Task SetAsync(Guid memberId, IReadOnlyList<string> canHelpWith, IReadOnlyList<string> interestedIn, ITransaction tx, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(canHelpWith);
        ArgumentNullException.ThrowIfNull(interestedIn);
        var (connection, transaction) = tx.Sql();
        await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM member_skill WHERE member_id = @Id", new { Id = memberId }, transaction, cancellationToken: ct));
        var rows = canHelpWith.Select((topic, i) => new { MemberId = memberId, List = CanHelpWith, Position = (long)i, Topic = topic })
            .Concat(interestedIn.Select((topic, i) => new { MemberId = memberId, List = InterestedIn, Position = (long)i, Topic = topic }))
            .ToList();
        if (rows.Count > 0)
        {
            await connection.ExecuteAsync(new CommandDefinition(
                "INSERT INTO member_skill (member_id, list, position, topic) VALUES (@MemberId, @List, @Position, @Topic)",
                rows, transaction, cancellationToken: ct));
        }
    }

    public async Task<IReadOnlyList<Guid>> WhoCanHelpWithAsync(IReadOnlyCollection<string> topics, int limit, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        return [.. await connection.QueryAsync<Guid>(new CommandDefinition("""
            SELECT s.member_id FROM member_skill s JOIN member m ON m.id = s.member_id
            WHERE s.list = @List AND s.topic IN @Topics AND m.state = 'active'
            GROUP BY s.member_id
            ORDER BY COUNT(*) DESC, s.member_id
            LIMIT @Take
            """, new { List = CanHelpWith, Topics = topics.ToArray(), Take = limit }, cancellationToken: ct))];
    }

    /// <summary>Both lists of each member, for <see cref="MemberStore"/> (one query for a page of members).</summary>
    internal static async Task<ILookup<(Guid MemberId, string List), string>> ReadAsync(DbConnection connection, IEnumerable<Guid> memberIds, CancellationToken ct) =>
        (await connection.QueryAsync<Row>(new CommandDefinition(
            "SELECT member_id, list, position, topic FROM member_skill WHERE member_id IN @Ids ORDER BY position",
            new { Ids = memberIds.Select(id => id.ToString("D")).ToArray() }, cancellationToken: ct)))
        .ToLookup(r => (r.MemberId, r.List), r => r.Topic);

    private sealed class Row
    {
        public required Guid MemberId { get; init; }
        public required string List { get; init; }
        public long Position { get; init; }
        public required string Topic { get; init; }
    }
}
