using System.Globalization;
using System.Text;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using Ganss.Xss;

namespace OurSociety.Content;

/// <summary>
/// The one HTML allowlist of the node, for what our Markdown renders and for HTML other servers send (a Mastodon
/// note's <c>content</c>, a profile's bio). Close to what Mastodon keeps (INTEROP §4.1): text structure, links and
/// Mastodon's mention, hashtag and link-shortening classes; never scripts, styles, frames, forms, embedded media or
/// any URL scheme but http, https and mailto. Pictures are not inline HTML here: they are attachments with alt text,
/// fetched and re-encoded by <see cref="RemoteMedia"/>.
/// </summary>
public static class SafeHtml
{
    /// <summary>
    /// Elements nested deeper than this are flattened to their text: real posts nest a few levels (a quote in a list
    /// in a quote), while thousands of nested elements cost every reader's browser and our own tree walks.
    /// </summary>
    public const int MaxDepth = 32;

    /// <summary>Every <c>a</c> that survives gets this: the link is someone else's, so it earns no ranking and no opener.</summary>
    public const string LinkRel = "nofollow noopener noreferrer ugc";

    private static readonly HashSet<string> Tags = new(StringComparer.OrdinalIgnoreCase)
    {
        "p", "br", "a", "span", "del", "s", "pre", "code", "em", "strong", "b", "i", "u", "ul", "ol", "li", "blockquote",
        "h1", "h2", "h3", "h4", "h5", "h6", "hr", "table", "thead", "tbody", "tr", "th", "td",
    };

    /// <summary>Attributes per element; the sanitizer's own list is global, so anything else is removed afterwards.</summary>
    private static readonly Dictionary<string, string[]> AttributesOf = new(StringComparer.OrdinalIgnoreCase)
    {
        ["a"] = ["href", "class"],
        ["span"] = ["class"],
        ["ol"] = ["start", "reversed"],
        ["li"] = ["value"],
    };

    /// <summary>Mastodon's microformats and link shortening (<c>invisible</c> hides "https://", <c>ellipsis</c> marks a cut).</summary>
    private static readonly HashSet<string> Classes = new(StringComparer.Ordinal)
    {
        "h-card", "u-url", "mention", "hashtag", "invisible", "ellipsis",
    };

    /// <summary>
    /// Removed with everything inside them. Other unknown elements (div, section, font, sup…) are unwrapped so their
    /// text stays; these hold code, styles, embedded documents or form controls, whose text is not meant to be read.
    /// </summary>
    private static readonly HashSet<string> DropWithContent = new(StringComparer.OrdinalIgnoreCase)
    {
        "script", "style", "template", "noscript", "noembed", "noframes", "iframe", "frame", "frameset", "object", "embed",
        "applet", "svg", "math", "canvas", "audio", "video", "picture", "source", "track", "img", "image", "map", "textarea",
        "select", "option", "optgroup", "button", "input", "datalist", "output", "title", "head", "meta", "link", "base",
        "xmp", "plaintext", "listing", "dialog", "portal", "slot", "param",
    };

    private static readonly HashSet<string> BlockElements = new(StringComparer.OrdinalIgnoreCase)
    {
        "p", "br", "div", "li", "ul", "ol", "blockquote", "pre", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "table", "tr",
        "td", "th", "section", "article", "header", "footer", "aside", "figure", "figcaption", "dd", "dt", "dl",
    };

    private static readonly HtmlParser TextParser = new();

    private static readonly HtmlSanitizer Sanitizer = Create();

    /// <summary>
    /// Untrusted HTML made safe to put in a page as it is: only the allowlist survives, links are absolute http,
    /// https or mailto URLs with <see cref="LinkRel"/>, <c>h1</c> becomes <c>h2</c> (the page's own title is its only
    /// <c>h1</c>) and <c>h5</c>/<c>h6</c> become <c>h4</c>.
    /// </summary>
    public static string Clean(string? untrustedHtml) =>
        string.IsNullOrWhiteSpace(untrustedHtml) ? "" : Sanitizer.Sanitize(untrustedHtml);

    /// <summary>
    /// The text of some HTML, for teasers, search and feed summaries: no markup, whitespace collapsed, cut at a word
    /// with "…" so that the result is at most <paramref name="maxLength"/> characters.
    /// </summary>
    public static string PlainText(string? html, int maxLength)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLength, 1);
        if (string.IsNullOrWhiteSpace(html))
        {
            return "";
        }

        using var document = TextParser.ParseDocument("<!doctype html><html><body>" + html);
        var text = new StringBuilder();
        if (document.Body is { } body)
        {
            AppendText(body, text);
        }

        return Truncate(Collapse(text.ToString()), maxLength);
    }

    private static HtmlSanitizer Create()
    {
        var sanitizer = new HtmlSanitizer(new HtmlSanitizerOptions
        {
            AllowedTags = Tags,
            AllowedAttributes = AttributesOf.Values.SelectMany(a => a).ToHashSet(StringComparer.OrdinalIgnoreCase),
            AllowedClasses = Classes,
            AllowedSchemes = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "http", "https", "mailto" },
            UriAttributes = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "href" },
        })
        {
            KeepChildNodes = true,
        };
        sanitizer.RemovingTag += (_, e) =>
        {
            if (DropWithContent.Contains(e.Tag.LocalName))
            {
                e.Cancel = true;   // the sanitizer would keep the children; remove them with the element instead
                e.Tag.Remove();
            }
        };
        // The sanitizer's own scheme check lets relative URLs through; a link in a post must say where it goes.
        sanitizer.FilterUrl += (_, e) => e.SanitizedUrl = e.SanitizedUrl is null ? null : AbsoluteLink(e.OriginalUrl);
        sanitizer.PostProcessNode += (_, e) =>
        {
            if (e.Node is IElement element)
            {
                KeepOwnAttributes(element);
            }
        };
        sanitizer.PostProcessDom += (_, e) =>
        {
            if (e.Document.Body is { } root)
            {
                Flatten(e.Document, root);
            }

            foreach (var heading in e.Document.QuerySelectorAll("h1, h5, h6").ToList())
            {
                Rename(e.Document, heading, heading.LocalName == "h1" ? "h2" : "h4");
            }
        };
        return sanitizer;
    }

    /// <summary>An absolute http(s) URL with a host, or a mailto URL, in canonical form; null for anything else.</summary>
    internal static string? AbsoluteLink(string? url)
    {
        // Uri parses what a browser would run as "java\tscript:" as invalid, and a path ("/x", "//host") as file:
        // both are refused by the scheme test, as are data:, javascript: and vbscript: in any spelling.
        if (url is null || !Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri))
        {
            return null;
        }

        var web = (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps) && !string.IsNullOrEmpty(uri.Host);
        return web || uri.Scheme == Uri.UriSchemeMailto ? uri.AbsoluteUri : null;
    }

    private static void KeepOwnAttributes(IElement element)
    {
        var allowed = AttributesOf.GetValueOrDefault(element.LocalName) ?? [];
        foreach (var attribute in element.Attributes.ToList())
        {
            var keep = allowed.Contains(attribute.Name, StringComparer.OrdinalIgnoreCase) && attribute.Name switch
            {
                "start" or "value" => int.TryParse(attribute.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _),
                "reversed" => true,
                _ => true,
            };
            if (!keep)
            {
                element.RemoveAttribute(attribute.Name);
            }
        }

        if (element.LocalName == "a" && element.HasAttribute("href"))
        {
            element.SetAttribute("rel", LinkRel);
        }
        else if (element.LocalName == "ol" && element.HasAttribute("reversed"))
        {
            element.SetAttribute("reversed", "");
        }
    }

    /// <summary>Replaces every element at depth <see cref="MaxDepth"/> below the root by its text (without recursion: the tree may be deep).</summary>
    private static void Flatten(IDocument document, IElement root)
    {
        var pending = new Stack<(IElement Element, int Depth)>();
        pending.Push((root, 0));
        while (pending.Count > 0)
        {
            var (element, depth) = pending.Pop();
            foreach (var child in element.Children.ToList())
            {
                if (depth + 1 > MaxDepth)
                {
                    child.Replace(document.CreateTextNode(child.TextContent));
                }
                else
                {
                    pending.Push((child, depth + 1));
                }
            }
        }
    }

    private static void Rename(IDocument document, IElement element, string name)
    {
        var replacement = document.CreateElement(name);
        while (element.FirstChild is { } child)
        {
            replacement.AppendChild(child);
        }

        element.Replace(replacement);
    }

    private static void AppendText(INode node, StringBuilder text)
    {
        foreach (var child in node.ChildNodes)
        {
            switch (child)
            {
                case IText t:
                    text.Append(t.Data);
                    break;
                case IElement e when DropWithContent.Contains(e.LocalName):
                    break;
                case IElement e:
                    var block = BlockElements.Contains(e.LocalName);
                    if (block)
                    {
                        text.Append(' ');
                    }

                    AppendText(e, text);
                    if (block)
                    {
                        text.Append(' ');
                    }

                    break;
            }
        }
    }

    private static string Collapse(string text)
    {
        var result = new StringBuilder(text.Length);
        var space = false;
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c) || char.IsControl(c))
            {
                space = result.Length > 0;
                continue;
            }

            if (space)
            {
                result.Append(' ');
                space = false;
            }

            result.Append(c);
        }

        return result.ToString();
    }

    private static string Truncate(string text, int maxLength)
    {
        if (text.Length <= maxLength)
        {
            return text;
        }

        // Room for the "…"; a cut between the halves of a surrogate pair would leave half a character.
        var cut = maxLength - 1;
        if (cut > 0 && char.IsHighSurrogate(text[cut - 1]))
        {
            cut--;
        }

        var head = text[..cut];
        var lastSpace = head.LastIndexOf(' ');
        // On a word if there is one in the second half; one very long word is cut where it must be.
        if (lastSpace > cut / 2)
        {
            head = head[..lastSpace];
        }

        return head.TrimEnd(' ', ',', ';', ':', '-', '–', '—') + "…";
    }
}
