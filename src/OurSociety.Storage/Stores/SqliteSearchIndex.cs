using System.Globalization;
using System.Text;
using Dapper;
using OurSociety.Core.Paging;
using OurSociety.Core.Posts;
using OurSociety.Core.Search;
using OurSociety.Storage.Sql;

namespace OurSociety.Storage.Stores;

/// <summary>
/// Search on SQLite's FTS5 table <c>post_search</c> (migration 0006, kept in step with posts by triggers), ranked by
/// bm25 with the title weighing most. Pages are keyset on (score, id): the score of the last row shown is the cursor.
/// </summary>
public sealed class SqliteSearchIndex(IDbConnectionFactory db, IPostStore posts, Core.Needs.IProposalStore proposals) : ISearchIndex
{
    // Column weights for bm25, in the table's order: title, summary, body, lesson fields, topics, locality.
    private const string Score = "bm25(post_search, 10.0, 4.0, 1.0, 2.0, 5.0, 3.0)";

    public async Task<Page<Post>> SearchAsync(SearchTerms terms, SearchScope scope, Cursor after, int limit, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(after);
        var source = scope switch
        {
            SearchScope.Local => "AND p.author_id IS NOT NULL",
            SearchScope.Network => "AND p.author_id IS NULL",
            _ => "",
        };
        var first = !double.TryParse(after.Key, NumberStyles.Float, CultureInfo.InvariantCulture, out var afterScore);
        await using var connection = await db.OpenAsync(ct);
        // The listing rules are checked again on the post itself, so the index can only ever find too little, never too much.
        var rows = (await connection.QueryAsync<Hit>(new CommandDefinition($"""
            SELECT post_id, score FROM (
                SELECT d.post_id AS post_id, {Score} AS score
                FROM post_search
                JOIN post_search_doc d ON d.doc = post_search.rowid
                JOIN post p ON p.id = d.post_id
                WHERE post_search MATCH @Match
                  AND p.kind <> 'reply' AND p.draft = 0 AND p.deleted_at IS NULL AND p.visibility = 'public'
                  AND {ListedAuthors.Where("p")} {source}
                  -- Members who chose not to be found by search, and remote accounts whose actor says indexable: false.
                  AND NOT EXISTS (SELECT 1 FROM member im WHERE im.id = p.author_id AND im.indexable = 0)
                  AND NOT EXISTS (SELECT 1 FROM remote_actor ir WHERE ir.id = p.remote_author AND ir.indexable = 0))
            WHERE @First = 1 OR (score, post_id) > (@AfterScore, @AfterId)
            ORDER BY score, post_id
            LIMIT @Take
            """, new { Match = MatchExpression(terms), First = first ? 1 : 0, AfterScore = afterScore, AfterId = after.Id, Take = limit + 1 },
            cancellationToken: ct))).ToList();

        var found = new List<Post>();
        foreach (var row in rows.Take(limit))
        {
            if (await posts.FindAsync(Guid.Parse(row.PostId), ct) is { } post)
            {
                found.Add(post);
            }
        }

        var next = rows.Count > limit
            ? new Cursor(rows[limit - 1].Score.ToString("R", CultureInfo.InvariantCulture), rows[limit - 1].PostId).Encode()
            : null;
        return new Page<Post>(found, next);
    }

    /// <summary>
    /// Needs and offers on <c>proposal_search</c> (migration 0018), ranked by bm25 with the title weighing most, keyset
    /// on (score, id) like posts.
    /// </summary>
    public async Task<Page<Core.Needs.Proposal>> SearchProposalsAsync(SearchTerms terms, Cursor after, int limit, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(after);
        var first = !double.TryParse(after.Key, NumberStyles.Float, CultureInfo.InvariantCulture, out var afterScore);
        await using var connection = await db.OpenAsync(ct);
        var rows = (await connection.QueryAsync<ProposalHit>(new CommandDefinition("""
            SELECT proposal_id, score FROM (
                SELECT d.proposal_id AS proposal_id, bm25(proposal_search, 10.0, 2.0, 5.0, 3.0) AS score
                FROM proposal_search
                JOIN proposal_search_doc d ON d.doc = proposal_search.rowid
                JOIN proposal p ON p.id = d.proposal_id
                WHERE proposal_search MATCH @Match AND p.deleted_at IS NULL)
            WHERE @First = 1 OR (score, proposal_id) > (@AfterScore, @AfterId)
            ORDER BY score, proposal_id
            LIMIT @Take
            """, new { Match = MatchExpression(terms), First = first ? 1 : 0, AfterScore = afterScore, AfterId = after.Id, Take = limit + 1 },
            cancellationToken: ct))).ToList();

        var found = new List<Core.Needs.Proposal>();
        foreach (var row in rows.Take(limit))
        {
            if (await proposals.FindAsync(Guid.Parse(row.ProposalId), ct) is { IsDeleted: false } proposal)
            {
                found.Add(proposal);
            }
        }

        var next = rows.Count > limit
            ? new Cursor(rows[limit - 1].Score.ToString("R", CultureInfo.InvariantCulture), rows[limit - 1].ProposalId).Encode()
            : null;
        return new Page<Core.Needs.Proposal>(found, next);
    }

    /// <summary>
    /// Every word becomes one quoted FTS5 string (its quotes doubled), joined by spaces (AND). Inside quotes FTS5 sees
    /// no syntax at all: <c>*</c>, <c>NEAR</c>, <c>OR</c>, <c>-</c>, <c>^</c> and <c>column:</c> are only text for the
    /// tokenizer, so what people type is never run as a query language.
    /// </summary>
    public static string MatchExpression(SearchTerms terms)
    {
        var match = new StringBuilder();
        foreach (var word in terms.Words)
        {
            match.Append(match.Length == 0 ? "\"" : " \"").Append(word.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');
        }

        return match.ToString();
    }

    private sealed class ProposalHit
    {
        public required string ProposalId { get; init; }
        public required double Score { get; init; }
    }

    private sealed class Hit
    {
        public required string PostId { get; init; }
        public required double Score { get; init; }
    }
}
