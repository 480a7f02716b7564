using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using OurSociety.Core.Members;

namespace OurSociety.Core.Posts;

/// <summary>
/// Finds people named in text people wrote (Markdown): <c>@name</c> for members here, so they can be told, and
/// <c>@user@host</c> for anyone anywhere, to be looked up in the work queue and linked (<see cref="Mention"/>). Code,
/// links and e-mail addresses are not prose: nothing in them names anyone.
/// </summary>
public static partial class Mentions
{
    /// <summary>A post naming more people than this is not a conversation: no notification storm, no lookup storm.</summary>
    public const int Max = 20;

    /// <summary>
    /// Bare <c>@name</c> (not part of an e-mail address, a link or a <c>@name@other.server</c> handle), lower case, each once.
    /// </summary>
    public static IReadOnlyList<string> LocalUsernames(params string?[] texts) =>
        [.. texts.Where(t => !string.IsNullOrEmpty(t))
            .SelectMany(t => Bare().Matches(Prose(t!)).Select(m => Username.Normalize(m.Groups[1].Value)))
            .Distinct(StringComparer.Ordinal)
            .Take(Max)];

    /// <summary>
    /// Every <c>@user@host</c> (a port allowed: <c>@ana@127.0.0.1:8080</c>) in the prose of <paramref name="texts"/>, as
    /// <c>user@host</c> with the host in lower case, each once, in order of appearance, at most <see cref="Max"/>.
    /// </summary>
    public static IReadOnlyList<string> RemoteHandles(params string?[] texts) =>
        [.. texts.Where(t => !string.IsNullOrEmpty(t))
            .SelectMany(t => Find(Prose(t!)).Select(m => m.Handle))
            .Distinct(StringComparer.Ordinal)
            .Take(Max)];

    /// <summary>
    /// The <c>@user@host</c> handles in one run of plain text (no Markdown: the renderer hands over text that is neither
    /// code nor a link), with where each starts and how long it is as typed.
    /// </summary>
    public static IEnumerable<(int Index, int Length, string Handle)> Find(string text) =>
        Remote().Matches(text).Select(m => (m.Index, m.Length, Key(m.Groups["user"].Value, m.Groups["host"].Value)));

    /// <summary>How a handle is kept and compared: <c>user@host</c>, the host in lower case (user names keep their case, as WebFinger does).</summary>
    public static string Key(string user, string host) => user + "@" + host.ToLowerInvariant();

    /// <summary>
    /// The found mentions that <paramref name="texts"/> still name (an edit may have removed some; their rows stay, so
    /// naming them again costs no lookup), each once, in order of appearance.
    /// </summary>
    public static IReadOnlyList<Mention> Current(IReadOnlyCollection<Mention> known, params string?[] texts)
    {
        if (known.Count == 0)
        {
            return [];
        }

        var byHandle = known.Where(m => m.IsFound).ToDictionary(m => m.Handle, StringComparer.Ordinal);
        return [.. RemoteHandles(texts).Select(h => byHandle.GetValueOrDefault(h)).OfType<Mention>()];
    }

    /// <summary>
    /// The texts of a post in which people can be named: its teaser and its Markdown (a deleted post has none). Titles
    /// and "I tried this" outcomes are short plain labels, not where one writes to someone.
    /// </summary>
    public static string?[] TextsOf(Post post) =>
        [post.Summary, post.Body, post.Situation, post.Tried, post.Happened, post.Learned, post.Advice];

    /// <summary>
    /// The text with what is not prose blanked out (same length, so nothing shifts): fenced and indented code blocks,
    /// code spans, link destinations and whole links (a handle in a link's words is the link's, not a mention),
    /// autolinks and bare URLs. What is left is what Markdown shows as words.
    /// </summary>
    public static string Prose(string markdown)
    {
        var text = new StringBuilder(markdown);
        var lines = LineStarts(markdown);
        string? fence = null;
        var previousBlank = true;
        var inIndentedCode = false;
        for (var i = 0; i < lines.Count; i++)
        {
            var start = lines[i];
            var end = i + 1 < lines.Count ? lines[i + 1] : markdown.Length;
            var line = markdown[start..end].TrimEnd('\r', '\n');
            var blank = line.Trim().Length == 0;
            var fenceMatch = Fence().Match(line);
            if (fence is not null)
            {
                Blank(text, start, end);
                if (fenceMatch.Success && fenceMatch.Groups[1].Value.StartsWith(fence, StringComparison.Ordinal) && line.Trim().Trim(fence[0]).Length == 0)
                {
                    fence = null;
                }
            }
            else if (fenceMatch.Success)
            {
                fence = fenceMatch.Groups[1].Value;
                Blank(text, start, end);
            }
            else if (!blank && (line.StartsWith("    ", StringComparison.Ordinal) || line.StartsWith('\t')) && (previousBlank || inIndentedCode))
            {
                // An indented line after a blank line is a code block (inside a paragraph it would only continue it).
                inIndentedCode = true;
                Blank(text, start, end);
            }
            else if (!blank)
            {
                inIndentedCode = false;
            }

            previousBlank = blank;
        }

        foreach (var pattern in new[] { CodeSpan(), Link(), Autolink(), BareUrl() })
        {
            foreach (Match match in pattern.Matches(text.ToString()))
            {
                Blank(text, match.Index, match.Index + match.Length);
            }
        }

        return text.ToString();
    }

    private static List<int> LineStarts(string text)
    {
        var starts = new List<int> { 0 };
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\n' && i + 1 < text.Length)
            {
                starts.Add(i + 1);
            }
        }

        return starts;
    }

    private static void Blank(StringBuilder text, int from, int to)
    {
        for (var i = from; i < to; i++)
        {
            if (text[i] is not ('\n' or '\r'))
            {
                text[i] = ' ';
            }
        }
    }

    [GeneratedRegex(@"(?<![\w@/.])@([A-Za-z0-9_]{1,30})(?![\w@])", RegexOptions.CultureInvariant)]
    private static partial Regex Bare();

    /// <summary>
    /// <c>@user@host[:port]</c>: not after a word character, <c>@</c>, <c>/</c> or <c>.</c> (an e-mail address, a path, a
    /// second handle); atomic groups, so a host is never cut short to make a match (<c>@a@b.example/x</c> is a URL's part,
    /// not <c>@a@b</c>); a full stop after it ends the sentence, not the host.
    /// </summary>
    [GeneratedRegex(@"(?<![\w@/.+-])@(?<user>(?>[A-Za-z0-9_](?:[A-Za-z0-9_.-]*[A-Za-z0-9_])?))@(?<host>(?>[\p{L}\p{N}](?:[\p{L}\p{N}-]*[\p{L}\p{N}])?(?:\.[\p{L}\p{N}](?:[\p{L}\p{N}-]*[\p{L}\p{N}])?)*(?::[0-9]{1,5})?))(?![\w@/-]|\.[\p{L}\p{N}])",
        RegexOptions.CultureInvariant)]
    private static partial Regex Remote();

    [GeneratedRegex(@"^ {0,3}(`{3,}|~{3,})", RegexOptions.CultureInvariant)]
    private static partial Regex Fence();

    [GeneratedRegex(@"(?<!`)(`+)(?!`).+?(?<!`)\1(?!`)", RegexOptions.CultureInvariant | RegexOptions.Singleline)]
    private static partial Regex CodeSpan();

    /// <summary>An inline link or image, words and destination: <c>[words](destination)</c>.</summary>
    [GeneratedRegex(@"!?\[[^\]\n]*\]\([^)\n]*\)", RegexOptions.CultureInvariant)]
    private static partial Regex Link();

    [GeneratedRegex(@"<[A-Za-z][A-Za-z0-9+.-]*:[^<>\s]*>|<[^<>\s@]+@[^<>\s]+>", RegexOptions.CultureInvariant)]
    private static partial Regex Autolink();

    [GeneratedRegex(@"(?:\b(?:https?|ftp)://|\bwww\.|\bmailto:)\S+", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex BareUrl();
}

/// <summary>
/// A <c>@user@host</c> handle named in something written here, as it was looked up (in the work queue, once): the
/// actor it names and where their profile is, or nothing when no such account could be found.
/// </summary>
/// <param name="Handle"><c>user@host</c> (<see cref="Mentions.Key"/>).</param>
/// <param name="ActorId">The actor's ActivityPub id (a member's here for <c>@name@ourhost</c>); null: not found.</param>
/// <param name="Url">Their profile page (what the link in the text points at); the actor id when they have none.</param>
/// <param name="ResolvedAt">When it was looked up.</param>
public sealed record Mention(string Handle, string? ActorId, string? Url, DateTimeOffset ResolvedAt)
{
    public bool IsFound => ActorId is not null;

    /// <summary>The user part, as the link shows it (<c>@bob</c>), as Mastodon does.</summary>
    public string User => Handle[..Handle.LastIndexOf('@')];

    /// <summary>The handle as written in a <c>Mention</c> tag's name: <c>@user@host</c>.</summary>
    public string Name => "@" + Handle;
}

/// <summary>What mentions are kept for: <c>post:{id}</c>, and, as other parts use them, <c>need:{id}</c> and the like.</summary>
public static class MentionSubjects
{
    public static string Post(Guid postId) => "post:" + postId.ToString("D", CultureInfo.InvariantCulture);
}

/// <summary>The looked-up handles of what people wrote, so a page shows the link without asking the network.</summary>
public interface IMentionStore
{
    /// <summary>Every handle kept for <paramref name="subject"/> (found or not).</summary>
    Task<IReadOnlyList<Mention>> ListAsync(string subject, CancellationToken ct);

    /// <summary>Keeps the results in the caller's transaction; a handle kept already is replaced (an unknown one looked up again).</summary>
    Task PutAsync(string subject, IReadOnlyCollection<Mention> mentions, ITransaction tx, CancellationToken ct);

    /// <summary>Forgets what <paramref name="subject"/> named (it was deleted; a post's go with its text by themselves).</summary>
    Task DeleteAsync(string subject, ITransaction tx, CancellationToken ct);
}
