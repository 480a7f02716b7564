using System.Globalization;

namespace OurSociety.Core.Hubs;

/// <summary>
/// The hub's accent colour (<c>#rrggbb</c>): buttons carry white text on it and links are drawn in it on the page
/// background, so both must reach WCAG 2's 4.5:1 contrast for normal text.
/// </summary>
public static class AccentColour
{
    private static readonly System.Buffers.SearchValues<char> HexDigits = System.Buffers.SearchValues.Create("0123456789abcdefABCDEF");

    /// <summary>WCAG 2.x, success criterion 1.4.3 (AA) for normal-size text.</summary>
    public const double MinimumContrast = 4.5;

    /// <summary>The page background of site.css (<c>--paper</c>); links in the accent colour are read on it.</summary>
    public const string PageBackground = "#fffdf8";

    public const string White = "#ffffff";

    /// <summary>The colour in lower case (<c>#0b5c4a</c>), or null when it is not <c>#rrggbb</c>.</summary>
    public static string? Normalize(string? value)
    {
        var text = value?.Trim() ?? "";
        return text.Length == 7 && text[0] == '#' && !text.AsSpan(1).ContainsAnyExcept(HexDigits)
            ? text.ToLowerInvariant()
            : null;
    }

    /// <summary>WCAG contrast ratio of two <c>#rrggbb</c> colours, from 1 (none) to 21 (black on white).</summary>
    public static double Contrast(string first, string second)
    {
        var (a, b) = (Luminance(first), Luminance(second));
        return (Math.Max(a, b) + 0.05) / (Math.Min(a, b) + 0.05);
    }

    /// <summary>The two contrasts that decide whether a colour may be the accent.</summary>
    public static (double WhiteText, double Links) Contrasts(string colour) => (Contrast(White, colour), Contrast(colour, PageBackground));

    public static bool IsReadable(string colour)
    {
        var (white, links) = Contrasts(colour);
        return white >= MinimumContrast && links >= MinimumContrast;
    }

    /// <summary>A ratio as people read it: cut (not rounded) to one decimal, so a refused 4.48 never shows as 4.5.</summary>
    public static double ForDisplay(double ratio) => Math.Floor(ratio * 10) / 10;

    /// <summary>WCAG 2.x relative luminance of an sRGB colour.</summary>
    private static double Luminance(string colour)
    {
        var hex = Normalize(colour) ?? throw new ArgumentException($"Not a #rrggbb colour: {colour}", nameof(colour));
        double Channel(int at)
        {
            var c = int.Parse(hex.AsSpan(at, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture) / 255d;
            return c <= 0.04045 ? c / 12.92 : Math.Pow((c + 0.055) / 1.055, 2.4);
        }

        return (0.2126 * Channel(1)) + (0.7152 * Channel(3)) + (0.0722 * Channel(5));
    }
}
