using System.Globalization;
using System.Xml.Linq;
using OurSociety.Web.Hosting;
using OurSociety.Web.Resources;
using OurSociety.Web.Tests.Specs;
using PageLanguages = OurSociety.Web.Hosting.Languages;

namespace OurSociety.Web.Tests.Languages;

/// <summary>
/// Every text a person reads exists in every shipped language: for each English <c>X.resx</c> under src, each
/// <c>X.xx.resx</c> has the same keys (a plural text one key per CLDR category of the language), no keys English
/// lacks, and the same placeholders. <c>python3 scripts/translations.py check</c> prints the same list, and
/// <c>… todo cy</c> a table to fill in (see TRANSLATING.md).
/// </summary>
public sealed class ResourceCompletenessTests
{
    public static TheoryData<string> Translations() =>
        [.. PageLanguages.Shipped.Where(l => l.Code != "en").Select(l => l.Code)];

    [Theory]
    [MemberData(nameof(Translations))]
    public void Every_English_text_is_translated_with_the_same_placeholders(string language)
    {
        var problems = new List<string>();
        var culture = CultureInfo.GetCultureInfo(language);
        var files = NeutralFiles().ToList();
        Assert.NotEmpty(files);
        foreach (var neutral in files)
        {
            var english = Read(neutral);
            var translatedPath = neutral[..^".resx".Length] + $".{language}.resx";
            var name = Path.GetRelativePath(Golden.Root, translatedPath);
            if (!File.Exists(translatedPath))
            {
                problems.Add($"{name}: missing file ({english.Count} texts to translate)");
                continue;
            }

            var translated = Read(translatedPath);
            var expected = Expected(english, culture);
            foreach (var (key, (englishText, plural)) in expected)
            {
                if (!translated.TryGetValue(key, out var text))
                {
                    problems.Add($"{name}: missing key {key} (English: {englishText})");
                }
                else if (PlaceholderProblem(englishText, text, plural) is { } problem)
                {
                    problems.Add($"{name}: {key}: {problem}");
                }
                else if (string.IsNullOrWhiteSpace(text))
                {
                    problems.Add($"{name}: {key} is empty");
                }
            }

            problems.AddRange(translated.Keys.Where(k => !expected.ContainsKey(k)).Select(k => $"{name}: extra key {k} (English has no such text)"));
        }

        Assert.True(problems.Count == 0, $"{problems.Count} problems in the {language} texts:\n" + string.Join('\n', problems));
    }

    [Fact]
    public void A_missing_translation_is_reported_with_its_file_language_and_key()
    {
        var english = new Dictionary<string, string> { ["Hello"] = "Hello {name}", ["Count.One"] = "{count} thing", ["Count.Other"] = "{count} things" };
        var expected = Expected(english, CultureInfo.GetCultureInfo("cy"));
        Assert.Equal(["Hello", "Count.Zero", "Count.One", "Count.Two", "Count.Few", "Count.Many", "Count.Other"], expected.Keys);
        Assert.Equal("placeholders {} differ from English {name}", PlaceholderProblem("Hello {name}", "Helo", plural: false));
        Assert.Null(PlaceholderProblem("{count} thing", "un peth", plural: true));   // "one thing" may leave the number out
        Assert.NotNull(PlaceholderProblem("By {author}", "Gan {awdur}", plural: false));
    }

    internal static IEnumerable<string> NeutralFiles() =>
        Directory.EnumerateFiles(Path.Combine(Golden.Root, "src"), "*.resx", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                        && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                        && Path.GetFileName(f).Count(c => c == '.') == 1)
            .Order(StringComparer.Ordinal);

    internal static Dictionary<string, string> Read(string path) =>
        XDocument.Load(path).Root!.Elements("data")
            .ToDictionary(d => (string)d.Attribute("name")!, d => (string?)d.Element("value") ?? "", StringComparer.Ordinal);

    /// <summary>The keys a translation must have, each with the English text it translates and whether it is a plural.</summary>
    private static Dictionary<string, (string English, bool Plural)> Expected(Dictionary<string, string> english, CultureInfo culture)
    {
        var bases = english.Keys.Where(k => k.EndsWith(".Other", StringComparison.Ordinal) && english.ContainsKey(k[..^".Other".Length] + ".One"))
            .Select(k => k[..^".Other".Length]).ToHashSet(StringComparer.Ordinal);
        var expected = new Dictionary<string, (string, bool)>(StringComparer.Ordinal);
        foreach (var (key, text) in english)
        {
            var dot = key.LastIndexOf('.');
            if (dot > 0 && bases.Contains(key[..dot]))
            {
                if (key.EndsWith(".Other", StringComparison.Ordinal))
                {
                    var plural = key[..dot];
                    foreach (var category in PluralRules.CategoriesOf(culture))
                    {
                        expected[$"{plural}.{category}"] = (english.GetValueOrDefault($"{plural}.{category}", text), true);
                    }
                }

                continue;
            }

            expected[key] = (text, false);
        }

        return expected;
    }

    private static string? PlaceholderProblem(string english, string text, bool plural)
    {
        var want = Say.PlaceholdersOf(english).Distinct().Order(StringComparer.Ordinal).ToList();
        var got = Say.PlaceholdersOf(text).Distinct().Order(StringComparer.Ordinal).ToList();
        if (plural)
        {
            // "one thing", and Arabic's dual, may leave the number out; every other placeholder stays.
            if (got.Contains("count") && !want.Contains("count"))
            {
                return "has {count}, which English does not";
            }

            want.Remove("count");
            got.Remove("count");
        }

        return want.SequenceEqual(got, StringComparer.Ordinal)
            ? null
            : $"placeholders {{{string.Join(", ", got)}}} differ from English {{{string.Join(", ", want)}}}";
    }
}
