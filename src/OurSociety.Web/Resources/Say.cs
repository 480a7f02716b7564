using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Localization;

namespace OurSociety.Web.Resources;

/// <summary>
/// Whole sentences from the resources with named placeholders (<c>"By {author}"</c>): translators move the placeholder
/// where their grammar wants it, and code never glues a sentence together from pieces. Plurals follow
/// <see cref="PluralRules"/>: a plural text <c>Key</c> has one resource per category (<c>Key.One</c>, <c>Key.Other</c>
/// in English; <c>Key.Zero</c> … <c>Key.Other</c> in Welsh and Arabic), and the count fills <c>{count}</c>.
/// </summary>
public static partial class Say
{
    [GeneratedRegex(@"\{([A-Za-z0-9_]+)\}")]
    private static partial Regex Placeholder();

    /// <summary>The placeholders of a text, in order (<c>"By {author} on {date}"</c> → author, date).</summary>
    public static IEnumerable<string> PlaceholdersOf(string text) =>
        Placeholder().Matches(text).Select(m => m.Groups[1].Value);

    /// <summary>The text of <paramref name="key"/> with its placeholders filled, numbers and dates in the page's culture.</summary>
    public static string Format(this IStringLocalizer text, string key, params (string Name, object? Value)[] values)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Fill(text[key], values);
    }

    /// <summary>
    /// The plural text of <paramref name="key"/> for <paramref name="count"/> (its category in the page's language,
    /// else <c>Key.Other</c>), with <c>{count}</c> and any other placeholders filled.
    /// </summary>
    public static string Plural(this IStringLocalizer text, string key, long count, params (string Name, object? Value)[] values)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Fill(PluralText(text, key, count), [("count", count), .. values]);
    }

    /// <summary>The unfilled plural text of <paramref name="key"/> for <paramref name="count"/>, for <see cref="Sentence"/>.</summary>
    public static string PluralText(this IStringLocalizer text, string key, long count)
    {
        ArgumentNullException.ThrowIfNull(text);
        var category = PluralRules.Select(CultureInfo.CurrentUICulture, count);
        var value = text[$"{key}.{category}"];
        return value.ResourceNotFound ? text[$"{key}.{PluralCategory.Other}"] : value;
    }

    /// <summary>Fills named placeholders (the domain's rule, <see cref="Core.CoreText.Fill"/>); an unknown one is left as it is.</summary>
    public static string Fill(string template, params (string Name, object? Value)[] values) => Core.CoreText.Fill(template, values);

    /// <summary>
    /// A sentence with markup in its placeholders, e.g. a link for <c>{author}</c>:
    /// <c>@Say.Sentence(F["ByAuthor"], ("author", @&lt;a href="…"&gt;@name&lt;/a&gt;))</c>. The words around the
    /// placeholders are encoded text, so a sentence keeps its spaces and its order in every language.
    /// </summary>
    public static RenderFragment Sentence(string template, params (string Name, RenderFragment Part)[] parts)
    {
        ArgumentNullException.ThrowIfNull(template);
        return builder =>
        {
            var last = 0;
            foreach (Match m in Placeholder().Matches(template))
            {
                builder.AddContent(0, template[last..m.Index]);
                var part = Array.Find(parts, p => p.Name == m.Groups[1].Value).Part;
                if (part is null)
                {
                    builder.AddContent(1, m.Value);
                }
                else
                {
                    builder.AddContent(2, part);
                }

                last = m.Index + m.Length;
            }

            builder.AddContent(3, template[last..]);
        };
    }
}
