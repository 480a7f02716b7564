using System.Globalization;
using OurSociety.Core.Posts;

namespace OurSociety.Web.Features.Posts;

/// <summary>
/// How a page marks a post's own words: <c>lang</c> with its language, so screen readers pick the right voice, and
/// <c>dir</c> so an Arabic post on an English page (or the other way round) reads in its own direction. Received posts
/// get <c>dir="auto"</c>: what other servers say about their language is not always right, the text itself is.
/// </summary>
internal static class PostLanguage
{
    /// <summary>The <c>lang</c> of the post's text; null (no attribute: the page's language) when not known.</summary>
    public static string? Lang(Post post) => post.Language;

    public static string? Dir(Post post) =>
        !post.IsLocal ? "auto"
        : post.Language is null ? null
        : PostLanguages.IsRightToLeft(post.Language) ? "rtl" : "ltr";

    /// <summary>
    /// What a form's language choice starts at for a new post: the page's language when the node offers it (the
    /// person is reading in it), else the author's default (<see cref="PostLanguages.DefaultFor"/>).
    /// </summary>
    public static string FormDefault()
    {
        var page = CultureInfo.CurrentUICulture.TwoLetterISOLanguageName;
        return PostLanguages.Offered.Contains(page, StringComparer.Ordinal) ? page : PostLanguages.DefaultFor(null);
    }

    /// <summary>A language by its own name ("Cymraeg", "العربية"), as people look for theirs in a list.</summary>
    public static string NativeName(string tag)
    {
        try
        {
            var culture = CultureInfo.GetCultureInfo(tag);
            var name = culture.NativeName;
            return name.Length > 0 ? char.ToUpper(name[0], culture) + name[1..] : tag;
        }
        catch (CultureNotFoundException)
        {
            return tag;
        }
    }
}
