using System.Globalization;
using System.Text.Json;
using Dapper;
using OurSociety.Core;
using OurSociety.Core.Hubs;
using OurSociety.Core.Paging;
using OurSociety.Storage.Sql;

namespace OurSociety.Storage.Stores;

/// <summary>The network directory and its refresh schedule (migration 0028).</summary>
public sealed class DirectoryStore(IDbConnectionFactory db) : IDirectoryStore
{
    private const string Columns = "actor_id, host, name, locality, description, topics, members, linked_to, hops, url, refreshed_at";

    public async Task<Page<DirectoryEntry>> ListAsync(DirectoryFilter filter, Cursor after, int limit, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentNullException.ThrowIfNull(after);
        // Keyset by (hops, lower-cased name, id), nearest first; the cursor key is "{hops}|{name}".
        var (afterHops, afterName) = after == Cursor.Start ? (0L, "") : Split(after.Key);
        await using var connection = await db.OpenAsync(ct);
        var rows = (await connection.QueryAsync<Row>(new CommandDefinition($"""
            SELECT {Columns} FROM directory_hub
            WHERE (@Start = 1 OR hops > @AfterHops OR (hops = @AfterHops AND (LOWER(name) > @AfterName OR (LOWER(name) = @AfterName AND actor_id > @AfterId))))
              AND (@Query IS NULL OR LOWER(name) LIKE @Query ESCAPE '\' OR LOWER(description) LIKE @Query ESCAPE '\')
              AND (@Locality IS NULL OR LOWER(locality) LIKE @Locality ESCAPE '\')
              AND (@Topic IS NULL OR topics LIKE @Topic ESCAPE '\')
            ORDER BY hops, LOWER(name), actor_id
            LIMIT @Take
            """, new
        {
            Start = after == Cursor.Start ? 1 : 0,
            AfterHops = afterHops,
            AfterName = afterName,
            AfterId = after.Id,
            Query = Contains(filter.Query),
            Locality = Contains(filter.Locality),
            // Topics are stored as a JSON array of normalised words, so the quoted word matches one topic exactly.
            Topic = filter.Topic is { } topic ? "%" + Escape(JsonSerializer.Serialize(topic)) + "%" : null,
            Take = limit + 1,
        }, cancellationToken: ct))).Select(r => r.ToDomain()).ToList();
        var more = rows.Count > limit;
        var items = more ? rows[..limit] : rows;
        var next = more
            ? new Cursor(string.Create(CultureInfo.InvariantCulture, $"{items[^1].Hops}|{items[^1].Name.ToLowerInvariant()}"), items[^1].ActorId).Encode()
            : null;
        return new Page<DirectoryEntry>(items, next);
    }

    public async Task<IReadOnlyList<DirectoryEntry>> AllAsync(CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        return [.. (await connection.QueryAsync<Row>(new CommandDefinition(
            $"SELECT {Columns} FROM directory_hub ORDER BY hops, actor_id", cancellationToken: ct))).Select(r => r.ToDomain())];
    }

    public async Task ReplaceAsync(IReadOnlyCollection<DirectoryEntry> entries, ITransaction tx, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var (connection, transaction) = tx.Sql();
        await connection.ExecuteAsync(new CommandDefinition("DELETE FROM directory_hub", transaction: transaction, cancellationToken: ct));
        await connection.ExecuteAsync(new CommandDefinition($"""
            INSERT INTO directory_hub ({Columns})
            VALUES (@ActorId, @Host, @Name, @Locality, @Description, @Topics, @Members, @LinkedTo, @Hops, @Url, @RefreshedAt)
            """, entries.Select(e => new
        {
            e.ActorId,
            e.Host,
            e.Name,
            e.Locality,
            e.Description,
            Topics = JsonSerializer.Serialize(e.Topics),
            e.Members,
            LinkedTo = JsonSerializer.Serialize(e.LinkedTo),
            Hops = (long)e.Hops,
            e.Url,
            e.RefreshedAt,
        }), transaction, cancellationToken: ct));
    }

    public async Task<DateTimeOffset?> ScheduledForAsync(CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<DateTimeOffset?>(new CommandDefinition(
            "SELECT scheduled_for FROM directory_state WHERE id = 1", cancellationToken: ct));
    }

    public async Task ScheduleAsync(DateTimeOffset scheduledFor, DateTimeOffset? lastRunAt, ITransaction tx, CancellationToken ct)
    {
        var (connection, transaction) = tx.Sql();
        await connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO directory_state (id, scheduled_for, last_run_at) VALUES (1, @ScheduledFor, @LastRunAt)
            ON CONFLICT (id) DO UPDATE SET scheduled_for = excluded.scheduled_for,
                last_run_at = COALESCE(excluded.last_run_at, directory_state.last_run_at)
            """, new { ScheduledFor = scheduledFor, LastRunAt = lastRunAt }, transaction, cancellationToken: ct));
    }

    private static string? Contains(string? text) =>
        string.IsNullOrWhiteSpace(text) ? null : "%" + Escape(text.Trim().ToLowerInvariant()) + "%";

    private static string Escape(string text) =>
        text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal);

    private static (long Hops, string Name) Split(string key)
    {
        var bar = key.IndexOf('|', StringComparison.Ordinal);
        return bar > 0 && long.TryParse(key[..bar], CultureInfo.InvariantCulture, out var hops) ? (hops, key[(bar + 1)..]) : (0, key);
    }

    private sealed class Row
    {
        public string ActorId { get; init; } = "";
        public string Host { get; init; } = "";
        public string Name { get; init; } = "";
        public string Locality { get; init; } = "";
        public string Description { get; init; } = "";
        public string Topics { get; init; } = "[]";
        public long? Members { get; init; }
        public string LinkedTo { get; init; } = "[]";
        public long Hops { get; init; }
        public string? Url { get; init; }
        public DateTimeOffset RefreshedAt { get; init; }

        public DirectoryEntry ToDomain() => new(
            ActorId, Host, Name, Locality, Description,
            JsonSerializer.Deserialize<List<string>>(Topics) ?? [], Members,
            JsonSerializer.Deserialize<List<string>>(LinkedTo) ?? [], checked((int)Hops), Url, RefreshedAt);
    }
}
