using OurSociety.Core.Paging;
using OurSociety.Core.Posts;

namespace OurSociety.Core.Search;

/// <summary>
/// Full-text search over listed stories and lessons (public, published, not deleted; written here or received).
/// One port, so SQLite (FTS5) and a later PostgreSQL backend (tsvector) answer the same question; each turns the
/// words into its own query syntax and never hands a person's text to the engine as syntax.
/// </summary>
public interface ISearchIndex
{
    /// <summary>Posts matching every word, best match first; <paramref name="after"/> is the cursor of the previous page.</summary>
    Task<Page<Post>> SearchAsync(SearchTerms terms, Cursor after, int limit, CancellationToken ct);

    /// <summary>Needs and offers (here or received, open or closed, not deleted) matching every word, best match first.</summary>
    Task<Page<Needs.Proposal>> SearchProposalsAsync(SearchTerms terms, Cursor after, int limit, CancellationToken ct);
}

/// <summary>The words of a search, as a person typed them, checked for size; what is syntax is decided by the backend.</summary>
public sealed record SearchTerms
{
    public const int MaxLength = 200;
    public const int MaxWords = 12;

    private SearchTerms(IReadOnlyList<string> words) => Words = words;

    /// <summary>Words with at least one letter or digit each (punctuation alone finds nothing in any engine).</summary>
    public IReadOnlyList<string> Words { get; }

    /// <summary>The terms of <paramref name="query"/>, or a message saying what is wrong with it.</summary>
    public static Outcome<SearchTerms> Parse(string? query)
    {
        if (string.IsNullOrWhiteSpace(query))
        {
            return Invalid(CoreText.Get("Search.Empty"));
        }

        if (query.Length > MaxLength)
        {
            return Invalid(CoreText.Format("Search.TooLong", ("max", MaxLength)));
        }

        var words = query.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(w => new string([.. w.Where(c => !char.IsControl(c))]))
            .Where(w => w.Any(char.IsLetterOrDigit))
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .ToList();
        if (words.Count == 0)
        {
            return Invalid(CoreText.Get("Search.NoWords"));
        }

        return words.Count > MaxWords
            ? Invalid(CoreText.Format("Search.TooManyWords", ("max", MaxWords)))
            : new Outcome<SearchTerms>.Ok(new SearchTerms(words));
    }

    private static Outcome<SearchTerms>.Invalid Invalid(string message) => new(new Dictionary<string, string[]> { ["q"] = [message] });
}
