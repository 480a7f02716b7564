using System.Text.RegularExpressions;
using OurSociety.Web.Tests.Specs;

namespace OurSociety.Web.Tests.Languages;

/// <summary>
/// Arabic pages lay out right to left by <c>dir="rtl"</c> alone, which works only if the stylesheet says "start" and
/// "end" (logical properties) instead of "left" and "right".
/// </summary>
public sealed partial class StylesheetDirectionTests
{
    [GeneratedRegex(@"(?<![\w-])(margin|padding|border|inset|scroll-margin|scroll-padding)-(left|right)(-\w+)?\s*:|(?<![\w-])(left|right)\s*:|(float|clear|text-align|caption-side|resize)\s*:\s*(left|right)\b|border-(top|bottom)-(left|right)-radius\s*:", RegexOptions.IgnoreCase)]
    private static partial Regex Physical();

    [GeneratedRegex(@"/\*.*?\*/", RegexOptions.Singleline)]
    private static partial Regex Comment();

    [Fact]
    public void The_stylesheet_uses_no_left_or_right_properties()
    {
        var path = Path.Combine(Golden.Root, "src", "OurSociety.Web", "wwwroot", "site.css");
        var css = Comment().Replace(File.ReadAllText(path), m => new string('\n', m.Value.Count(c => c == '\n')));
        var found = css.Split('\n')
            .Select((line, i) => (Line: i + 1, Text: line))
            .Where(l => Physical().IsMatch(l.Text))
            .Select(l => $"site.css:{l.Line}: {l.Text.Trim()}")
            .ToList();
        Assert.True(found.Count == 0, "Use logical properties (margin-inline-start, inset-inline-start, text-align: start, …):\n" + string.Join('\n', found));
    }
}
