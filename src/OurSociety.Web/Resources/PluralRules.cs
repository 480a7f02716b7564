using System.Globalization;

namespace OurSociety.Web.Resources;

/// <summary>The CLDR plural categories of a number; a language uses some of them.</summary>
public enum PluralCategory
{
    Zero,
    One,
    Two,
    Few,
    Many,
    Other,
}

/// <summary>
/// CLDR's cardinal plural rules (https://unicode.org/cldr/charts/latest/supplemental/language_plural_rules.html) for
/// whole numbers, for the languages we ship. No maintained MessageFormat package is served to us, and counts on our
/// pages are whole numbers, so this small table is all we need; <c>PluralRulesTests</c> checks it against CLDR's
/// own examples. A new language adds its row here and in <see cref="CategoriesOf"/>.
/// </summary>
public static class PluralRules
{
    private static readonly PluralCategory[] EnglishCategories = [PluralCategory.One, PluralCategory.Other];
    private static readonly PluralCategory[] AllCategories =
        [PluralCategory.Zero, PluralCategory.One, PluralCategory.Two, PluralCategory.Few, PluralCategory.Many, PluralCategory.Other];

    /// <summary>The category of <paramref name="n"/> in the language of <paramref name="culture"/>.</summary>
    public static PluralCategory Select(CultureInfo culture, long n)
    {
        ArgumentNullException.ThrowIfNull(culture);
        n = Math.Abs(n);
        return culture.TwoLetterISOLanguageName switch
        {
            // cy: zero n=0; one n=1; two n=2; few n=3; many n=6; other.
            "cy" => n switch
            {
                0 => PluralCategory.Zero,
                1 => PluralCategory.One,
                2 => PluralCategory.Two,
                3 => PluralCategory.Few,
                6 => PluralCategory.Many,
                _ => PluralCategory.Other,
            },

            // ar: zero n=0; one n=1; two n=2; few n%100=3..10; many n%100=11..99; other.
            "ar" => n switch
            {
                0 => PluralCategory.Zero,
                1 => PluralCategory.One,
                2 => PluralCategory.Two,
                _ when n % 100 is >= 3 and <= 10 => PluralCategory.Few,
                _ when n % 100 is >= 11 and <= 99 => PluralCategory.Many,
                _ => PluralCategory.Other,
            },

            // en and the default: one i=1 and v=0 (whole numbers only here); other.
            _ => n == 1 ? PluralCategory.One : PluralCategory.Other,
        };
    }

    /// <summary>The categories a language's texts must provide (a plural text has one resource per category).</summary>
    public static IReadOnlyList<PluralCategory> CategoriesOf(CultureInfo culture)
    {
        ArgumentNullException.ThrowIfNull(culture);
        return culture.TwoLetterISOLanguageName is "cy" or "ar" ? AllCategories : EnglishCategories;
    }
}
