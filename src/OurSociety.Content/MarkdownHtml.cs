using Markdig;
using Markdig.Extensions.EmphasisExtras;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

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

    public static string Render(string? markdown)
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

        return SafeHtml.Clean(Markdown.ToHtml(document, Pipeline));
    }
}
