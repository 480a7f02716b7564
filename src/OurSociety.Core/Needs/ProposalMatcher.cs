using System.Globalization;

namespace OurSociety.Core.Needs;

/// <summary>An offer that may meet a need, and how well (higher is better), with what they share.</summary>
public sealed record ProposalMatch(Proposal Offer, int Score, IReadOnlyList<string> SharedTopics, bool SameLocality, IReadOnlyList<string> SharedWords)
{
    /// <summary>The need's topics that the offer's author says they can help with (on their profile).</summary>
    public IReadOnlyList<string> SharedSkills { get; init; } = [];
}

/// <summary>
/// Suggests offers for a need, for glue-ers: shared topics weigh most, then the need's topics among what the offer's
/// author can help with (their profile's skills), then the same locality, then words the titles and details share.
/// The one place matching lives: each rule adds to the score, so a new signal is one more rule here.
/// </summary>
public static class ProposalMatcher
{
    public const int TopicWeight = 3;
    public const int LocalityWeight = 2;
    public const int SkillWeight = 2;
    public const int WordWeight = 1;

    /// <summary>At most this many shared words count (long texts would otherwise win by length alone).</summary>
    public const int MaxWords = 5;

    /// <summary>How many open offers are considered for one need.</summary>
    public const int Candidates = 500;

    // Common English words that say nothing about what is needed; words shorter than 4 letters are ignored anyway.
    private static readonly HashSet<string> Stopwords = new(StringComparer.Ordinal)
    {
        "with", "that", "this", "from", "have", "will", "would", "could", "should", "about", "there", "their", "them",
        "they", "what", "when", "where", "which", "while", "your", "yours", "some", "someone", "something", "anyone",
        "need", "needs", "needed", "offer", "offers", "offering", "help", "helps", "please", "also", "just", "into",
        "more", "much", "many", "than", "then", "very", "here", "week", "weeks", "month", "months", "hours", "hour",
    };

    /// <summary>
    /// The offers that share something with <paramref name="need"/>, best first (ties: newest first).
    /// <paramref name="canHelpWith"/> gives what an offer's author (a member here) can help with, by member id.
    /// </summary>
    public static IReadOnlyList<ProposalMatch> Rank(
        Proposal need, IEnumerable<Proposal> offers, IReadOnlyDictionary<Guid, IReadOnlyList<string>>? canHelpWith = null)
    {
        ArgumentNullException.ThrowIfNull(need);
        var needWords = Words(need);
        return [.. offers
            .Where(o => o.Kind == ProposalKind.Offer && o.Id != need.Id)
            .Select(o => Score(need, needWords, o, o.AuthorId is { } author && canHelpWith?.TryGetValue(author, out var skills) == true ? skills : []))
            .Where(m => m.Score > 0)
            .OrderByDescending(m => m.Score)
            .ThenByDescending(m => m.Offer.CreatedAt)];
    }

    private static ProposalMatch Score(Proposal need, HashSet<string> needWords, Proposal offer, IReadOnlyList<string> authorSkills)
    {
        var topics = need.Topics.Intersect(offer.Topics, StringComparer.Ordinal).ToList();
        var skills = need.Topics.Intersect(authorSkills, StringComparer.Ordinal).ToList();
        var sameLocality = !string.IsNullOrWhiteSpace(need.Locality) && !string.IsNullOrWhiteSpace(offer.Locality)
            && string.Equals(need.Locality.Trim(), offer.Locality.Trim(), StringComparison.OrdinalIgnoreCase);
        var words = Words(offer).Where(needWords.Contains).Order(StringComparer.Ordinal).Take(MaxWords).ToList();
        var score = (topics.Count * TopicWeight) + (skills.Count * SkillWeight) + (sameLocality ? LocalityWeight : 0) + (words.Count * WordWeight);
        // The same place alone is no match: everything near you would "match" everything else near you.
        if (topics.Count == 0 && skills.Count == 0 && words.Count == 0)
        {
            score = 0;
        }

        return new ProposalMatch(offer, score, topics, sameLocality, words) { SharedSkills = skills };
    }

    /// <summary>The words of its title and details, lower case, 4 letters or more, without common ones.</summary>
    public static HashSet<string> Words(Proposal proposal)
    {
        ArgumentNullException.ThrowIfNull(proposal);
        var text = proposal.Title + " " + (proposal.Format == Posts.TextFormat.Html ? StripTags(proposal.Details) : proposal.Details);
        var words = new HashSet<string>(StringComparer.Ordinal);
        var current = new System.Text.StringBuilder();
        foreach (var c in text + " ")
        {
            if (char.IsLetterOrDigit(c))
            {
                current.Append(char.ToLower(c, CultureInfo.InvariantCulture));
                continue;
            }

            if (current.Length >= 4 && !Stopwords.Contains(current.ToString()))
            {
                words.Add(current.ToString());
            }

            current.Clear();
        }

        return words;
    }

    private static string StripTags(string html)
    {
        var text = new System.Text.StringBuilder(html.Length);
        var inTag = false;
        foreach (var c in html)
        {
            if (c == '<')
            {
                inTag = true;
                text.Append(' ');
            }
            else if (c == '>')
            {
                inTag = false;
            }
            else if (!inTag)
            {
                text.Append(c);
            }
        }

        return text.ToString();
    }
}
