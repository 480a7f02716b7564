using System.Text.RegularExpressions;
using OurSociety.Core.Members;

namespace OurSociety.Core.Posts;

/// <summary>Finds <c>@name</c> mentions of members here in text people wrote (Markdown), so they can be told.</summary>
public static partial class Mentions
{
    /// <summary>
    /// Bare <c>@name</c> (not part of an e-mail address, a link or a <c>@name@other.server</c> handle), lower case, each once.
    /// </summary>
    public static IReadOnlyList<string> LocalUsernames(params string?[] texts) =>
        [.. texts.Where(t => !string.IsNullOrEmpty(t))
            .SelectMany(t => Bare().Matches(t!).Select(m => Username.Normalize(m.Groups[1].Value)))
            .Distinct(StringComparer.Ordinal)
            .Take(20)];   // a post naming more people than this is not a conversation: no notification storm

    [GeneratedRegex(@"(?<![\w@/.])@([A-Za-z0-9_]{1,30})(?![\w@])", RegexOptions.CultureInvariant)]
    private static partial Regex Bare();
}
