using OurSociety.Core.Posts;

namespace OurSociety.Content;

/// <summary>A post's text fields as safe HTML, whichever way they are stored (Markdown here, HTML when received).</summary>
public static class PostHtml
{
    /// <summary>A field as HTML; the <c>@user@host</c> handles it names that were found are links (<see cref="Post.Mentioned"/>).</summary>
    public static string Field(Post post, string? value) =>
        string.IsNullOrWhiteSpace(value) ? "" : post.Format == TextFormat.Markdown ? MarkdownHtml.Render(value, post.Mentioned) : SafeHtml.Clean(value);

    /// <summary>Plain text of a field (teasers, feeds, search), at most <paramref name="maxLength"/> characters.</summary>
    public static string Text(Post post, string? value, int maxLength) =>
        string.IsNullOrWhiteSpace(value) ? "" : SafeHtml.PlainText(Field(post, value), maxLength);

    /// <summary>The teaser of a story or lesson: its summary, else the start of its body or of what was learned.</summary>
    public static string Teaser(Post post, int maxLength = PostLimits.SummaryMax) =>
        post.Summary is { Length: > 0 } summary ? SafeHtml.PlainText(summary, maxLength)
        : Text(post, post.Kind == PostKind.Lesson ? post.Learned : post.Body, maxLength);
}
