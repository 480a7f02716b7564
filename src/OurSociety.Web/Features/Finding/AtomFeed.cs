using System.Globalization;
using System.Text;
using System.Xml;
using Microsoft.Extensions.Localization;
using OurSociety.Content;
using OurSociety.Core.Posts;
using OurSociety.Federation;
using OurSociety.Web.Posts;

namespace OurSociety.Web.Features.Finding;

/// <summary>What a feed is about: its own address (also its id), title, page and who publishes it.</summary>
internal sealed record FeedInfo(string Url, string Title, string? Subtitle, string PageUrl, string AuthorName, string AuthorUri);

/// <summary>
/// Atom feeds (RFC 4287) of public stories and lessons, written with <see cref="XmlWriter"/>: it escapes markup, and
/// characters XML cannot carry at all (control characters a remote server might send) are dropped first.
/// </summary>
internal static class AtomFeed
{
    public const string Namespace = "http://www.w3.org/2005/Atom";
    public const string ContentType = "application/atom+xml; charset=utf-8";
    public const int Size = 50;

    public static async Task<IResult> ResultAsync(
        FeedInfo feed, IReadOnlyList<Post> posts, PostAuthors authors, string origin, IStringLocalizer<FindingText> text, DateTimeOffset now,
        HttpContext http, CancellationToken ct)
    {
        var bytes = await WriteAsync(feed, posts, authors, origin, text, now, ct);
        // Readers poll; a few minutes of caching spares the node without making new posts wait long.
        http.Response.Headers.CacheControl = "public, max-age=300";
        http.Response.Headers.XContentTypeOptions = "nosniff";
        return Results.Bytes(bytes, ContentType);
    }

    public static async Task<byte[]> WriteAsync(
        FeedInfo feed, IReadOnlyList<Post> posts, PostAuthors authors, string origin, IStringLocalizer<FindingText> text, DateTimeOffset now,
        CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        var settings = new XmlWriterSettings { Encoding = new UTF8Encoding(false), Indent = true, Async = true };
        await using (var xml = XmlWriter.Create(buffer, settings))
        {
            await xml.WriteStartDocumentAsync();
            xml.WriteStartElement("feed", Namespace);
            Element(xml, "id", feed.Url);
            Element(xml, "title", feed.Title);
            if (!string.IsNullOrWhiteSpace(feed.Subtitle))
            {
                Element(xml, "subtitle", feed.Subtitle);
            }

            // The feed changed when its newest entry did; an empty feed has nothing older to say than now.
            var updated = posts.Count == 0 ? now : posts.Max(p => p.UpdatedAt ?? p.PublishedAt ?? p.CreatedAt);
            Element(xml, "updated", Date(updated));
            Link(xml, "self", feed.Url, "application/atom+xml");
            Link(xml, "alternate", feed.PageUrl, "text/html");
            Author(xml, feed.AuthorName, feed.AuthorUri);
            Element(xml, "generator", "Our Society");
            foreach (var post in posts)
            {
                await EntryAsync(xml, post, authors, origin, text, ct);
            }

            xml.WriteEndElement();
            await xml.WriteEndDocumentAsync();
        }

        return buffer.ToArray();
    }

    private static async Task EntryAsync(XmlWriter xml, Post post, PostAuthors authors, string origin, IStringLocalizer<FindingText> text, CancellationToken ct)
    {
        var author = await authors.OfAsync(post, ct);
        var published = post.PublishedAt ?? post.CreatedAt;
        xml.WriteStartElement("entry", Namespace);
        Element(xml, "id", PostUrls.ApId(origin, post));
        Element(xml, "title", string.IsNullOrWhiteSpace(post.Title) ? text["Untitled"] : post.Title);
        Link(xml, "alternate", PostUrls.Page(origin, post), "text/html");
        if (!post.IsLocal && PostCards.WebLink(post.Url) is { } original)
        {
            Link(xml, "via", original, "text/html");
        }

        Author(xml, author.DisplayName, PostCards.WebLink(author.Url));
        Element(xml, "published", Date(published));
        Element(xml, "updated", Date(post.UpdatedAt ?? published));
        if (PostHtml.Teaser(post) is { Length: > 0 } teaser)
        {
            Element(xml, "summary", teaser);
        }

        xml.WriteStartElement("content", Namespace);
        xml.WriteAttributeString("type", "html");
        xml.WriteString(Clean(Content(post, text)));
        xml.WriteEndElement();
        foreach (var topic in post.Topics)
        {
            xml.WriteStartElement("category", Namespace);
            xml.WriteAttributeString("term", Clean(topic));
            xml.WriteAttributeString("scheme", origin + "/tags/");
            xml.WriteEndElement();
        }

        if (Licences.FindByUrlOrId(post.Licence) is { } licence)
        {
            Element(xml, "rights", licence.Url is null ? licence.Name : $"{licence.Name} ({licence.Url})");
        }

        xml.WriteEndElement();
    }

    /// <summary>The post's text as sanitised HTML: a story's body, a lesson's parts under their headings.</summary>
    private static string Content(Post post, IStringLocalizer<FindingText> text)
    {
        if (post.Kind != PostKind.Lesson)
        {
            return PostHtml.Field(post, post.Body);
        }

        var html = new StringBuilder();
        foreach (var (key, value) in new[]
                 {
                     ("Lesson.Situation", post.Situation), ("Lesson.Tried", post.Tried), ("Lesson.Happened", post.Happened),
                     ("Lesson.Learned", post.Learned), ("Lesson.Advice", post.Advice),
                 })
        {
            if (!string.IsNullOrWhiteSpace(value))
            {
                html.Append("<h2>").Append(System.Net.WebUtility.HtmlEncode(text[key])).Append("</h2>").Append(PostHtml.Field(post, value));
            }
        }

        return html.ToString();
    }

    private static void Author(XmlWriter xml, string name, string? uri)
    {
        xml.WriteStartElement("author", Namespace);
        Element(xml, "name", string.IsNullOrWhiteSpace(name) ? "?" : name);
        if (uri is not null)
        {
            Element(xml, "uri", uri);
        }

        xml.WriteEndElement();
    }

    private static void Link(XmlWriter xml, string rel, string href, string type)
    {
        xml.WriteStartElement("link", Namespace);
        xml.WriteAttributeString("rel", rel);
        xml.WriteAttributeString("type", type);
        xml.WriteAttributeString("href", Clean(href));
        xml.WriteEndElement();
    }

    private static void Element(XmlWriter xml, string name, string value) => xml.WriteElementString(name, Namespace, Clean(value));

    /// <summary>RFC 3339, in UTC (Atom §3.3).</summary>
    public static string Date(DateTimeOffset value) => value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>Drops what XML 1.0 cannot contain (most control characters, lone surrogates); the writer escapes the rest.</summary>
    public static string Clean(string value)
    {
        if (value.All(XmlConvert.IsXmlChar))
        {
            return value;
        }

        var clean = new StringBuilder(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            if (XmlConvert.IsXmlChar(value[i]))
            {
                clean.Append(value[i]);
            }
            else if (i + 1 < value.Length && XmlConvert.IsXmlSurrogatePair(value[i + 1], value[i]))
            {
                clean.Append(value[i]).Append(value[i + 1]);
                i++;
            }
        }

        return clean.ToString();
    }
}
