using Dapper;
using OurSociety.Core;
using OurSociety.Core.Posts;
using OurSociety.Storage.Sql;

namespace OurSociety.Storage.Stores;

public sealed class MentionStore(IDbConnectionFactory db) : IMentionStore
{
    public async Task<IReadOnlyList<Mention>> ListAsync(string subject, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        return [.. (await connection.QueryAsync<Row>(new CommandDefinition(
            "SELECT subject, handle, actor_id, url, resolved_at FROM mention WHERE subject = @Subject ORDER BY handle",
            new { Subject = subject }, cancellationToken: ct))).Select(r => r.ToDomain())];
    }

    public async Task PutAsync(string subject, IReadOnlyCollection<Mention> mentions, ITransaction tx, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(mentions);
        if (mentions.Count == 0)
        {
            return;
        }

        var (connection, transaction) = tx.Sql();
        await connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO mention (subject, handle, actor_id, url, resolved_at) VALUES (@Subject, @Handle, @ActorId, @Url, @ResolvedAt)
            ON CONFLICT (subject, handle) DO UPDATE SET actor_id = excluded.actor_id, url = excluded.url, resolved_at = excluded.resolved_at
            """,
            mentions.Select(m => new { Subject = subject, m.Handle, m.ActorId, m.Url, m.ResolvedAt }).ToList(), transaction, cancellationToken: ct));
    }

    public async Task DeleteAsync(string subject, ITransaction tx, CancellationToken ct)
    {
        var (connection, transaction) = tx.Sql();
        await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM mention WHERE subject = @Subject", new { Subject = subject }, transaction, cancellationToken: ct));
    }

    /// <summary>The mentions of many subjects at once (a page of replies: one query, not one per reply), by subject.</summary>
    internal static async Task<ILookup<string, Mention>> OfSubjectsAsync(System.Data.Common.DbConnection connection, IReadOnlyCollection<string> subjects, CancellationToken ct) =>
        subjects.Count == 0
            ? Array.Empty<Mention>().ToLookup(m => m.Handle, StringComparer.Ordinal)
            : (await connection.QueryAsync<Row>(new CommandDefinition(
                "SELECT subject, handle, actor_id, url, resolved_at FROM mention WHERE subject IN @Subjects ORDER BY handle",
                new { Subjects = subjects }, cancellationToken: ct)))
            .ToLookup(r => r.Subject, r => r.ToDomain(), StringComparer.Ordinal);

    private sealed class Row
    {
        public required string Subject { get; init; }

        public required string Handle { get; init; }

        public string? ActorId { get; init; }

        public string? Url { get; init; }

        public required DateTimeOffset ResolvedAt { get; init; }

        public Mention ToDomain() => new(Handle, ActorId, Url, ResolvedAt);
    }
}
