using System.Globalization;
using System.Resources;
using OurSociety.Core;

namespace OurSociety.Federation.Introductions;

/// <summary>
/// What the introductions we send say to people (the direct notes, the Offer's summary), in
/// <c>IntroductionText.resx</c> and its Welsh and Arabic translations. Work items run outside any request, so the
/// language is passed in: the glue-er's page language when they proposed it.
/// </summary>
public static class IntroductionText
{
    private static readonly ResourceManager Resources = new("OurSociety.Federation.Introductions.IntroductionText", typeof(IntroductionText).Assembly);

    /// <summary>The culture of a language tag; English when the tag is missing or unknown.</summary>
    public static CultureInfo Culture(string? language)
    {
        if (!string.IsNullOrWhiteSpace(language))
        {
            try
            {
                return CultureInfo.GetCultureInfo(language);
            }
            catch (CultureNotFoundException)
            {
            }
        }

        return CultureInfo.GetCultureInfo("en");
    }

    public static string Get(string name, CultureInfo culture) =>
        Resources.GetString(name, culture) ?? throw new InvalidOperationException($"IntroductionText.resx has no {name}.");

    /// <summary>A text with its named placeholders filled (as given: the caller escapes or marks up the values).</summary>
    public static string Format(string name, CultureInfo culture, params (string Name, object? Value)[] values) =>
        Fill(culture, values, Get(name, culture));

    /// <summary>
    /// A text as HTML: the text itself escaped, then its placeholders filled with <paramref name="htmlValues"/> as
    /// given (markup the caller built and escaped: a mention, a link).
    /// </summary>
    public static string Html(string name, CultureInfo culture, params (string Name, object? Value)[] htmlValues) =>
        Fill(culture, htmlValues, IntroductionDocuments.Text(Get(name, culture)));

    /// <summary>Fills in the note's culture: numbers and dates as its readers write them.</summary>
    private static string Fill(CultureInfo culture, (string Name, object? Value)[] values, string template)
    {
        var previous = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = culture;
            return CoreText.Fill(template, values);
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
        }
    }
}
