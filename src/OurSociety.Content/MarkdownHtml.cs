using Markdig;
using Markdig.Extensions.EmphasisExtras;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;
using OurSociety.Core.Posts;

namespace OurSociety.Content;

/// <summary>
/// Members' Markdown (story bodies, lessons, replies) as HTML that is safe to show: rendered by one shared Markdig
/// pipeline, then passed through <see cref="SafeHtml.Clean"/>, the same allowlist as remote HTML, so a gap in one
/// layer is not a hole.
/// </summary>
public static class MarkdownHtml
{
    /// <summary>
    /// Built once; a built pipeline is immutable and safe to share between threads. Raw HTML is shown as text, not
    /// interpreted. Only strikethrough of the emphasis extras: <c>~</c>, <c>^</c>, <c>+</c> and <c>=</c> appear in
    /// ordinary writing ("~20 people") and should stay as typed. A line break in the text box is a line break on
    /// the page, as people who never heard of Markdown expect.
    /// </summary>
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder()
        .DisableHtml()
        .UseAutoLinks()
        .UseEmphasisExtras(EmphasisExtraOptions.Strikethrough)
        .UsePipeTables()
        .UseSoftlineBreakAsHardlineBreak()
        .Build();

    /// <summary>The deepest heading a body may have: the page's title is <c>h1</c>, so <c>#</c> is <c>h2</c> and so on.</summary>
    private const int DeepestHeading = 4;

    /// <summary>
    /// The HTML of <paramref name="markdown"/>; each <c>@user@host</c> in its words that <paramref name="mentions"/> found
    /// becomes a link to their profile, marked up as Mastodon marks mentions (INTEROP §4.1), so it reads <c>@user</c>
    /// once, here and on other servers. Handles in code and links stay as typed; unknown ones stay plain text.
    /// </summary>
    public static string Render(string? markdown, IReadOnlyCollection<Mention>? mentions = null)
    {
        if (string.IsNullOrWhiteSpace(markdown))
        {
            return "";
        }

        var document = Markdown.Parse(markdown, Pipeline);
        foreach (var heading in document.Descendants<HeadingBlock>())
        {
            // Setext headings too. Heading order matters to screen readers (and axe): the page's h1 is its title.
            heading.Level = Math.Min(heading.Level + 1, DeepestHeading);
        }

        foreach (var image in document.Descendants<LinkInline>().Where(l => l.IsImage))
        {
            // Pictures are attachments with required alt text, re-encoded on this node. An inline image would make
            // every reader's browser fetch it from wherever it is (revealing them to that server) and would skip
            // both; the link keeps what the author pointed at, with the alt text as its words.
            image.IsImage = false;
            if (image.FirstChild is null)
            {
                image.AppendChild(new LiteralInline(image.Url ?? ""));   // no alt text: a link needs words (axe link-name)
            }
        }

        if (mentions is { Count: > 0 })
        {
            var found = mentions.Where(m => m.IsFound && m.Url is not null).GroupBy(m => m.Handle, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
            // The paragraphs' (and headings', cells') own inline roots, and the emphasis and the like within them.
            var containers = document.Descendants<LeafBlock>().Select(b => b.Inline).OfType<ContainerInline>()
                .Concat(document.Descendants<ContainerInline>());
            foreach (var container in containers.Where(c => !InLink(c)).Distinct().ToList())
            {
                LinkMentions(container, found);
            }
        }

        return SafeHtml.Clean(Markdown.ToHtml(document, Pipeline));
    }

    /// <summary>The link of a mention, as Mastodon writes it: <c>@</c> then the user in a span, inside an h-card.</summary>
    public static string MentionLink(Mention mention) =>
        $"<span class=\"h-card\"><a href=\"{System.Net.WebUtility.HtmlEncode(mention.Url ?? mention.ActorId)}\" class=\"u-url mention\">@<span>{System.Net.WebUtility.HtmlEncode(mention.User)}</span></a></span>";

    private static bool InLink(Inline inline)
    {
        for (Inline? at = inline; at is not null; at = at.Parent)
        {
            if (at is LinkInline or AutolinkInline)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Replaces, among the direct children of <paramref name="container"/>, each found handle in a run of text by its
    /// link. A run may be several literals (the parser splits text where an inline might start), so each run is read
    /// whole and written again in pieces.
    /// </summary>
    private static void LinkMentions(ContainerInline container, Dictionary<string, Mention> found)
    {
        var child = container.FirstChild;
        while (child is not null)
        {
            if (child is not LiteralInline)
            {
                child = child.NextSibling;
                continue;
            }

            var run = new List<LiteralInline>();
            for (var at = child; at is LiteralInline literal; at = at.NextSibling)
            {
                run.Add(literal);
            }

            var next = run[^1].NextSibling;
            var text = string.Concat(run.Select(l => l.Content.ToString()));
            var matches = Mentions.Find(text).Where(m => found.ContainsKey(m.Handle)).ToList();
            if (matches.Count > 0)
            {
                var pieces = new List<Inline>();
                var from = 0;
                foreach (var (index, length, handle) in matches)
                {
                    if (index > from)
                    {
                        pieces.Add(new LiteralInline(text[from..index]));
                    }

                    pieces.Add(new HtmlInline(MentionLink(found[handle])));
                    from = index + length;
                }

                if (from < text.Length)
                {
                    pieces.Add(new LiteralInline(text[from..]));
                }

                foreach (var piece in pieces)
                {
                    run[0].InsertBefore(piece);
                }

                foreach (var literal in run)
                {
                    literal.Remove();
                }
            }

            child = next;
        }
    }
}
