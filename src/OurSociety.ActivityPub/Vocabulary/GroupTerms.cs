namespace OurSociety.ActivityPub.Vocabulary;

/// <summary>
/// Terms groups use beyond ActivityStreams (FEP-1b12 and Lemmy's namespace): who moderates a group and whether only
/// they may post to it. Lemmy defines them under <c>https://join-lemmy.org/ns#</c> and writes them inline in its context
/// (<c>"lemmy": "https://join-lemmy.org/ns#"</c>, <c>"moderators": {"@type": "@id", "@id": "lemmy:moderators"}</c>,
/// <c>"postingRestrictedToMods": "lemmy:postingRestrictedToMods"</c>).
/// </summary>
public static class GroupTerms
{
    /// <summary>Lemmy's namespace.</summary>
    public const string LemmyNamespace = "https://join-lemmy.org/ns#";

    /// <summary>The prefix Lemmy's context gives its namespace.</summary>
    public const string LemmyPrefix = "lemmy";

    /// <summary><c>moderators</c>: the URL of an OrderedCollection of the group's moderators' actor ids.</summary>
    public const string Moderators = "moderators";

    /// <summary><c>postingRestrictedToMods</c>: true when only the group's moderators may post to it.</summary>
    public const string PostingRestrictedToMods = "postingRestrictedToMods";

    /// <summary>The FEP-1b12 software names (NodeInfo <c>software.name</c>) known to read the wrapped <c>Announce{Create}</c>.</summary>
    public static readonly IReadOnlySet<string> WrappedAnnounceSoftware =
        new HashSet<string>(["lemmy", "piefed", "mbin", "friendica"], StringComparer.OrdinalIgnoreCase);
}
