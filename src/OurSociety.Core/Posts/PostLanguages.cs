using System.Globalization;
using OurSociety.Core.Members;

namespace OurSociety.Core.Posts;

/// <summary>
/// The language a post is written in: a BCP 47 tag ("en", "cy", "ar", "pt-BR"), kept with the post, sent as the key
/// of <c>contentMap</c> and shown as the <c>lang</c> of its text, so readers' devices pick the right voice, spelling
/// and direction.
/// </summary>
public static class PostLanguages
{
    /// <summary>The hub's own language until the hub can choose one: the first the node ships.</summary>
    public const string HubDefault = "en";

    /// <summary>The languages the node ships, offered on the forms (the API takes any known language).</summary>
    public static readonly IReadOnlyList<string> Offered = ["en", "cy", "ar"];

    /// <summary>Tags are short: "zh-Hant-TW" is 10; BCP 47 allows more, but no language we would meet needs it.</summary>
    public const int TagMax = 35;

    /// <summary>
    /// The language a new post gets when its author names none: the author's own choice (settings), else the hub's.
    /// </summary>
    public static string DefaultFor(Member? author) =>
        author?.Language is { } chosen && TryNormalise(chosen, out var tag) ? tag : HubDefault;

    /// <summary>
    /// A well-formed tag whose language is a known one, in its usual spelling ("EN-gb" becomes "en-GB"); false for
    /// anything else (a made-up code, a sentence, a private-use tag).
    /// </summary>
    public static bool TryNormalise(string? value, out string tag)
    {
        tag = "";
        var trimmed = value?.Trim().Replace('_', '-');
        if (string.IsNullOrEmpty(trimmed) || trimmed.Length > TagMax)
        {
            return false;
        }

        var parts = trimmed.Split('-');
        if (parts[0].Length is < 2 or > 3 || !parts.All(p => p.Length is >= 1 and <= 8 && p.All(char.IsAsciiLetterOrDigit)) || !parts[0].All(char.IsAsciiLetter))
        {
            return false;
        }

        var spelled = new string[parts.Length];
        spelled[0] = parts[0].ToLowerInvariant();
        for (var i = 1; i < parts.Length; i++)
        {
            spelled[i] = parts[i].Length switch
            {
                2 when parts[i].All(char.IsAsciiLetter) => parts[i].ToUpperInvariant(),                       // region
                4 when parts[i].All(char.IsAsciiLetter) => char.ToUpperInvariant(parts[i][0]) + parts[i][1..].ToLowerInvariant(),   // script
                _ => parts[i].ToLowerInvariant(),
            };
        }

        if (!IsKnownLanguage(spelled[0]))
        {
            return false;
        }

        tag = string.Join('-', spelled);
        return true;
    }

    /// <summary>True for languages written right to left (Arabic, Hebrew, Persian, Urdu …), so pages can set <c>dir</c>.</summary>
    public static bool IsRightToLeft(string? tag)
    {
        if (tag is null)
        {
            return false;
        }

        try
        {
            return CultureInfo.GetCultureInfo(tag).TextInfo.IsRightToLeft;
        }
        catch (CultureNotFoundException)
        {
            return false;
        }
    }

    private static bool IsKnownLanguage(string language)
    {
        try
        {
            var culture = CultureInfo.GetCultureInfo(language, predefinedOnly: true);
            return !Equals(culture, CultureInfo.InvariantCulture) && culture.ThreeLetterISOLanguageName != "ivl";
        }
        catch (CultureNotFoundException)
        {
            return false;
        }
    }
}
