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
    /// <summary>
    /// Posts matching every word, best match first, from <paramref name="scope"/>; <paramref name="after"/> is the
    /// cursor of the previous page. Posts of members and remote accounts that are not indexable are never found.
    /// </summary>
    Task<Page<Post>> SearchAsync(SearchTerms terms, SearchScope scope, Cursor after, int limit, CancellationToken ct);

    /// <summary>Needs and offers (here or received, open or closed, not deleted) matching every word, best match first.</summary>
    Task<Page<Needs.Proposal>> SearchProposalsAsync(SearchTerms terms, Cursor after, int limit, CancellationToken ct);
}

/// <summary>Which posts of this hub's index a search looks at.</summary>
public enum SearchScope
{
    /// <summary>Written here and received from elsewhere.</summary>
    All,

    /// <summary>Written here only.</summary>
    Local,

    /// <summary>Received from other hubs and servers only.</summary>
    Network,
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

/// <summary>
/// Where a search looks (<c>source</c> in the API and on the search page): <see cref="Linked"/> is
/// <see cref="All"/> plus what each linked hub's own search finds.
/// </summary>
public enum SearchSource
{
    All,
    Local,
    Network,
    Linked,
}

/// <summary>The wire names of <see cref="SearchSource"/>: <c>all</c>, <c>local</c>, <c>network</c>, <c>linked</c>.</summary>
public static class SearchSources
{
    public const string Field = "source";

    public static string Name(this SearchSource source) => source switch
    {
        SearchSource.Local => "local",
        SearchSource.Network => "network",
        SearchSource.Linked => "linked",
        _ => "all",
    };

    /// <summary>The part of this hub's own index a source searches (linked hubs answer for themselves).</summary>
    public static SearchScope Scope(this SearchSource source) => source switch
    {
        SearchSource.Local => SearchScope.Local,
        SearchSource.Network => SearchScope.Network,
        _ => SearchScope.All,
    };

    /// <summary>The source named by <paramref name="value"/>; none given is <see cref="SearchSource.All"/>, as before sources existed.</summary>
    public static Outcome<SearchSource> Parse(string? value) => value?.Trim().ToLowerInvariant() switch
    {
        null or "" or "all" => new Outcome<SearchSource>.Ok(SearchSource.All),
        "local" => new Outcome<SearchSource>.Ok(SearchSource.Local),
        "network" => new Outcome<SearchSource>.Ok(SearchSource.Network),
        "linked" => new Outcome<SearchSource>.Ok(SearchSource.Linked),
        _ => new Outcome<SearchSource>.Invalid(new Dictionary<string, string[]>
        {
            [Field] = [CoreText.Format("Search.BadSource", ("value", value.Trim()), ("choices", "all, local, network, linked"))],
        }),
    };
}
