using System.Globalization;
using System.Text;

namespace OurSociety.Content;

/// <summary>
/// Text another server sends for a name, handle or title, made safe to show as plain text. Invisible format
/// characters (bidirectional overrides and isolates, zero-width characters, word joiners, byte-order marks) let a
/// remote account look like another or turn the rest of a line around, and long runs of combining marks smear over
/// the lines around them; both go here, in one place, before the text is stored.
/// </summary>
public static class PlainText
{
    /// <summary>Combining marks kept after one base character; enough for any script's real stacking (Arabic, Vietnamese, Indic).</summary>
    public const int MaxCombiningMarks = 4;

    private const int ZeroWidthJoiner = 0x200D;
    private const int ZeroWidthNonJoiner = 0x200C;
    private const int BlackFlag = 0x1F3F4;

    /// <summary>
    /// Removes HTML (tags and entities become their text), control and invisible format characters (Unicode
    /// category Cf) and caps combining marks at <see cref="MaxCombiningMarks"/> per base character. Kept, because
    /// legitimate text needs them: a zero-width joiner inside an emoji sequence, a zero-width non-joiner between two
    /// Arabic-script or Indic letters (Persian spelling), and the tag characters of a subdivision flag (Wales, Scotland).
    /// </summary>
    public static string Clean(string? html, int maxLength) =>
        Clean(SafeHtml.PlainText(html, maxLength));

    /// <summary>
    /// <see cref="Clean(string?, int)"/>, or null when nothing is left: a field another server left out, left blank or
    /// filled only with markup or invisible characters stays absent.
    /// </summary>
    public static string? CleanOrNull(string? html, int maxLength) => Clean(html, maxLength) is { Length: > 0 } text ? text : null;

    /// <summary>The same, for text that is not HTML: only the invisible characters and the mark runs are handled.</summary>
    public static string Clean(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return "";
        }

        var runes = new List<Rune>();
        foreach (var rune in text.EnumerateRunes())
        {
            runes.Add(rune);
        }

        var result = new StringBuilder(text.Length);
        var marks = 0;
        for (var i = 0; i < runes.Count; i++)
        {
            var rune = runes[i];
            var category = Rune.GetUnicodeCategory(rune);
            if (category is UnicodeCategory.NonSpacingMark or UnicodeCategory.EnclosingMark)
            {
                if (++marks <= MaxCombiningMarks)
                {
                    result.Append(rune.ToString());
                }

                continue;
            }

            marks = 0;
            var keep = category switch
            {
                UnicodeCategory.Format => KeepFormat(runes, i),
                UnicodeCategory.Control => Rune.IsWhiteSpace(rune),
                _ => true,
            };
            if (keep)
            {
                result.Append(rune.ToString());
            }
        }

        return result.ToString().Trim();
    }

    private static bool KeepFormat(List<Rune> runes, int i) => runes[i].Value switch
    {
        ZeroWidthJoiner => IsEmoji(Before(runes, i)) && IsEmoji(After(runes, i)),
        ZeroWidthNonJoiner => JoinsLetters(Before(runes, i)) && JoinsLetters(After(runes, i)),
        // Tag characters spell the region of a flag after a black flag (🏴 + "gbwls" + cancel tag).
        >= 0xE0020 and <= 0xE007F => InFlag(runes, i),
        _ => false,
    };

    /// <summary>The base character before position i, past the marks and modifiers that attach to it.</summary>
    private static Rune Before(List<Rune> runes, int i)
    {
        for (var j = i - 1; j >= 0; j--)
        {
            var category = Rune.GetUnicodeCategory(runes[j]);
            if (category is not (UnicodeCategory.NonSpacingMark or UnicodeCategory.EnclosingMark or UnicodeCategory.ModifierSymbol))
            {
                return runes[j];
            }
        }

        return Rune.ReplacementChar;
    }

    private static Rune After(List<Rune> runes, int i) => i + 1 < runes.Count ? runes[i + 1] : Rune.ReplacementChar;

    /// <summary>Letters of the scripts whose spelling uses the non-joiner: Arabic (with Persian, Urdu) and the Indic scripts.</summary>
    private static bool JoinsLetters(Rune rune) =>
        Rune.IsLetter(rune) && rune.Value is (>= 0x0600 and <= 0x08FF) or (>= 0x0900 and <= 0x0DFF) or (>= 0xFB50 and <= 0xFDFF) or (>= 0xFE70 and <= 0xFEFC);

    private static bool IsEmoji(Rune rune) =>
        rune != Rune.ReplacementChar && Rune.GetUnicodeCategory(rune) is UnicodeCategory.OtherSymbol or UnicodeCategory.ModifierSymbol;

    private static bool InFlag(List<Rune> runes, int i)
    {
        for (var j = i - 1; j >= 0; j--)
        {
            if (runes[j].Value == BlackFlag)
            {
                return true;
            }

            if (runes[j].Value is < 0xE0020 or > 0xE007F)
            {
                return false;
            }
        }

        return false;
    }
}
