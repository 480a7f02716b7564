using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using OurSociety.Content;

namespace OurSociety.Web.Tests.Content;

/// <summary>
/// Checks sanitised HTML the way a browser would see it: parsed (AngleSharp, as HTML5 parsers do), then every element,
/// attribute and URL held against the allowlist. A string search would miss what the parser makes of odd markup.
/// </summary>
internal static class HtmlAssert
{
    private static readonly Dictionary<string, string[]> Allowed = new(StringComparer.Ordinal)
    {
        ["p"] = [],
        ["br"] = [],
        ["del"] = [],
        ["s"] = [],
        ["pre"] = [],
        ["code"] = [],
        ["em"] = [],
        ["strong"] = [],
        ["b"] = [],
        ["i"] = [],
        ["u"] = [],
        ["ul"] = [],
        ["blockquote"] = [],
        ["h2"] = [],
        ["h3"] = [],
        ["h4"] = [],
        ["hr"] = [],
        ["table"] = [],
        ["thead"] = [],
        ["tbody"] = [],
        ["tr"] = [],
        ["th"] = [],
        ["td"] = [],
        ["a"] = ["href", "rel", "class"],
        ["span"] = ["class"],
        ["ol"] = ["start", "reversed"],
        ["li"] = ["value"],
    };

    private static readonly HashSet<string> Classes = ["h-card", "u-url", "mention", "hashtag", "invisible", "ellipsis"];

    public static IDocument Parse(string html) => new HtmlParser().ParseDocument("<!doctype html><html><body>" + html);

    public static void IsSafe(string html)
    {
        using var document = Parse(html);
        var body = document.Body!;
        foreach (var element in body.QuerySelectorAll("*"))
        {
            Assert.True(Allowed.TryGetValue(element.LocalName, out var attributes), $"<{element.LocalName}> is not allowed: {html}");
            foreach (var attribute in element.Attributes)
            {
                Assert.True(attributes.Contains(attribute.Name), $"{element.LocalName}[{attribute.Name}] is not allowed: {html}");
            }

            if (element.GetAttribute("href") is { } href)
            {
                Assert.True(Uri.TryCreate(href, UriKind.Absolute, out var url) && url.Scheme is "http" or "https" or "mailto",
                    $"unsafe href {href}: {html}");
                Assert.Equal(SafeHtml.LinkRel, element.GetAttribute("rel"));
            }

            foreach (var name in element.ClassList)
            {
                Assert.Contains(name, Classes);
            }
        }

        Assert.Empty(body.Descendants<IComment>());
        foreach (var scheme in new[] { "javascript:", "vbscript:", "data:" })
        {
            // As text a scheme is harmless (it is escaped); in an attribute it would not be.
            Assert.DoesNotContain(body.QuerySelectorAll("*").SelectMany(e => e.Attributes),
                a => a.Value.Replace("\t", "", StringComparison.Ordinal).Replace("\n", "", StringComparison.Ordinal)
                    .Contains(scheme, StringComparison.OrdinalIgnoreCase));
        }

        // Stable: cleaning what we made changes nothing, so no second parse (a browser's) can see something else (mXSS).
        Assert.Equal(html, SafeHtml.Clean(html));
    }
}
