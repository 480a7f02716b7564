using System.Globalization;
using OurSociety.Web.Resources;

namespace OurSociety.Web.Tests.Languages;

/// <summary>
/// Our table of plural rules against the examples CLDR lists for each category
/// (https://unicode.org/cldr/charts/latest/supplemental/language_plural_rules.html, integer samples).
/// </summary>
public sealed class PluralRulesTests
{
    [Theory]
    [InlineData("en", PluralCategory.One, new long[] { 1 })]
    [InlineData("en", PluralCategory.Other, new long[] { 0, 2, 3, 4, 5, 16, 100, 1000, 10000, 100000, 1000000 })]
    [InlineData("cy", PluralCategory.Zero, new long[] { 0 })]
    [InlineData("cy", PluralCategory.One, new long[] { 1 })]
    [InlineData("cy", PluralCategory.Two, new long[] { 2 })]
    [InlineData("cy", PluralCategory.Few, new long[] { 3 })]
    [InlineData("cy", PluralCategory.Many, new long[] { 6 })]
    [InlineData("cy", PluralCategory.Other, new long[] { 4, 5, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 100, 1000, 10000, 100000, 1000000 })]
    [InlineData("ar", PluralCategory.Zero, new long[] { 0 })]
    [InlineData("ar", PluralCategory.One, new long[] { 1 })]
    [InlineData("ar", PluralCategory.Two, new long[] { 2 })]
    [InlineData("ar", PluralCategory.Few, new long[] { 3, 4, 5, 6, 7, 8, 9, 10, 103, 104, 105, 106, 107, 108, 109, 110, 1003 })]
    [InlineData("ar", PluralCategory.Many, new long[] { 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 111, 1011 })]
    [InlineData("ar", PluralCategory.Other, new long[] { 100, 101, 102, 200, 201, 202, 300, 301, 302, 400, 401, 402, 500, 501, 502, 600, 1000, 10000, 100000, 1000000 })]
    public void Cldr_examples_fall_in_their_category(string language, PluralCategory category, long[] examples)
    {
        var culture = CultureInfo.GetCultureInfo(language);
        foreach (var n in examples)
        {
            Assert.True(PluralRules.Select(culture, n) == category, $"{language} {n}: expected {category}, got {PluralRules.Select(culture, n)}");
        }
    }

    [Fact]
    public void Every_category_a_language_can_select_is_one_it_must_provide()
    {
        foreach (var language in new[] { "en", "cy", "ar" })
        {
            var culture = CultureInfo.GetCultureInfo(language);
            var selected = Enumerable.Range(0, 1200).Select(n => PluralRules.Select(culture, n)).Distinct();
            Assert.Subset(PluralRules.CategoriesOf(culture).ToHashSet(), selected.ToHashSet());
        }
    }

    [Fact]
    public void Placeholders_are_filled_by_name_and_numbers_in_the_culture()
    {
        var previous = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("en");
            Assert.Equal("By Rosa, 1,234 replies", Say.Fill("By {author}, {count} replies", ("count", 1234), ("author", "Rosa")));
            Assert.Equal("{unknown} stays", Say.Fill("{unknown} stays"));
            Assert.Equal(["author", "count"], Say.PlaceholdersOf("By {author}, {count} replies"));
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
        }
    }
}
