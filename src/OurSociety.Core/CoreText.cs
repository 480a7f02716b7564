using System.Globalization;
using System.Resources;
using System.Text.RegularExpressions;

namespace OurSociety.Core;

/// <summary>
/// The domain's messages for people (a refused form field, a reason something is not allowed), in
/// <c>CoreText.resx</c> and its translations (<c>CoreText.cy.resx</c>, …). They are looked up in the current UI
/// culture, which is the page's language while a request runs. Named placeholders (<c>{max}</c>) are filled with
/// numbers in the current culture, like the web's <c>Say.Format</c>.
/// </summary>
public static partial class CoreText
{
    private static readonly ResourceManager Resources = new("OurSociety.Core.CoreText", typeof(CoreText).Assembly);

    [GeneratedRegex(@"\{([A-Za-z0-9_]+)\}")]
    private static partial Regex Placeholder();

    public static string Get(string name) =>
        Resources.GetString(name, CultureInfo.CurrentUICulture) ?? throw new InvalidOperationException($"CoreText.resx has no {name}.");

    /// <summary>A text in a given language, whatever the request's: what other servers are sent in a member's language.</summary>
    public static string GetIn(CultureInfo culture, string name) =>
        Resources.GetString(name, culture) ?? throw new InvalidOperationException($"CoreText.resx has no {name}.");

    public static string Format(string name, params (string Name, object? Value)[] values) => Fill(Get(name), values);

    /// <summary>
    /// Fills a text's named placeholders (<c>{max}</c>), numbers and dates in the current culture; an unknown one is
    /// left as it is. The web's texts use the same rule (<c>Say.Fill</c>).
    /// </summary>
    public static string Fill(string template, params (string Name, object? Value)[] values)
    {
        ArgumentNullException.ThrowIfNull(template);
        return Placeholder().Replace(template, m =>
        {
            foreach (var (key, value) in values)
            {
                if (key == m.Groups[1].Value)
                {
                    return value switch
                    {
                        null => "",
                        int or long => ((IFormattable)value).ToString("N0", CultureInfo.CurrentCulture),
                        IFormattable formattable => formattable.ToString(null, CultureInfo.CurrentCulture),
                        _ => value.ToString() ?? "",
                    };
                }
            }

            return m.Value;
        });
    }
}
