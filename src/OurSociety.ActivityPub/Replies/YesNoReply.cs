using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace OurSociety.ActivityPub.Replies;

/// <summary>What the first word of a short reply says.</summary>
public enum YesNoAnswer
{
    /// <summary>Not one of the listed words: a person has to read it.</summary>
    Unclear,

    /// <summary>Agreed.</summary>
    Yes,

    /// <summary>Declined.</summary>
    No,

    /// <summary>Declined, and asks never to be asked again.</summary>
    Stop,
}

/// <summary>
/// Reads a reply to a question asked in a direct note ("reply yes or no, or stop") the way a person would: the HTML
/// is reduced to text, the leading <c>@</c>-mentions that every client puts before a reply are skipped, and the first
/// word, with case and punctuation ignored, is looked up in the word lists of the question's language and of English
/// (people often answer in English whatever they were asked in). A word that could mean something else in English
/// ("do" is Welsh for yes) counts only when the question was asked in that language.
/// </summary>
public static partial class YesNoReply
{
    /// <summary>The word lists, by language: yes, no, stop.</summary>
    public static readonly IReadOnlyDictionary<string, (string[] Yes, string[] No, string[] Stop)> Words =
        new Dictionary<string, (string[], string[], string[])>(StringComparer.OrdinalIgnoreCase)
        {
            ["en"] = (["yes"], ["no"], ["stop"]),
            ["cy"] = (["ie", "do", "ydw", "oes"], ["na", "naddo", "nac"], ["stop"]),
            ["ar"] = (["نعم"], ["لا"], ["توقف"]),
        };

    /// <summary>Longest reply read; a reply of a word or two needs far less, and the regexes stay cheap.</summary>
    public const int MaxLength = 20_000;

    /// <summary>
    /// The answer in <paramref name="html"/> (a received <c>content</c>), asked in <paramref name="language"/> (a BCP 47
    /// tag, e.g. <c>cy</c> or <c>en-GB</c>; null: English).
    /// </summary>
    public static YesNoAnswer Read(string? html, string? language)
    {
        if (FirstWord(html) is not { Length: > 0 } word)
        {
            return YesNoAnswer.Unclear;
        }

        var primary = language is { Length: > 0 } ? language.Split('-', '_')[0] : "en";
        foreach (var lists in new[] { primary, "en" }.Distinct(StringComparer.OrdinalIgnoreCase))
        {
            if (!Words.TryGetValue(lists, out var words))
            {
                continue;
            }

            if (words.Stop.Contains(word, StringComparer.Ordinal))
            {
                return YesNoAnswer.Stop;
            }

            if (words.Yes.Contains(word, StringComparer.Ordinal))
            {
                return YesNoAnswer.Yes;
            }

            if (words.No.Contains(word, StringComparer.Ordinal))
            {
                return YesNoAnswer.No;
            }
        }

        return YesNoAnswer.Unclear;
    }

    /// <summary>The reply as plain text: tags removed (line and paragraph breaks become spaces), entities decoded.</summary>
    public static string Text(string? html)
    {
        if (string.IsNullOrEmpty(html))
        {
            return "";
        }

        var cut = html.Length > MaxLength ? html[..MaxLength] : html;
        var spaced = BreakTags().Replace(cut, " ");
        return WebUtility.HtmlDecode(AnyTag().Replace(spaced, "")).Trim();
    }

    /// <summary>The first word after the leading mentions, lower case, without punctuation or symbols; null when none.</summary>
    public static string? FirstWord(string? html)
    {
        foreach (var token in Text(html).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
        {
            if (token.StartsWith('@') || token.StartsWith('＠'))
            {
                continue;   // "@glue", "@glue@hub.example": the address of the reply, not its answer
            }

            // The first run of letters: "Yes!" and "yes,please" read "yes"; vowel marks (Arabic harakat) are skipped,
            // since the lists are written without them.
            var letters = new StringBuilder(token.Length);
            foreach (var c in token.Normalize(NormalizationForm.FormC))
            {
                if (char.GetUnicodeCategory(c) is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.Format)
                {
                    continue;
                }

                if (char.IsLetterOrDigit(c) && c != '\u0640')   // tatweel only stretches a word
                {
                    letters.Append(c);
                }
                else if (letters.Length > 0)
                {
                    break;
                }
            }

            if (letters.Length > 0)
            {
                return letters.ToString().ToLower(CultureInfo.InvariantCulture);
            }
        }

        return null;
    }

    [GeneratedRegex(@"<\s*(br|/?p|/?div|/?li|/?blockquote)\b[^>]*>", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex BreakTags();

    [GeneratedRegex(@"<[^>]*>", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex AnyTag();
}
