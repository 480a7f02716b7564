using System.Globalization;
using System.Text;
using OurSociety.Content;
using OurSociety.Core.Paging;
using OurSociety.Core.Posts;
using OurSociety.Federation;
using OurSociety.Web.Posts;

namespace OurSociety.Web.Features.Finding;

/// <summary>
/// The hub's public stories and lessons as one CSV file (RFC 4180: every field quoted, quotes doubled, CRLF lines),
/// streamed page by page so a big hub never builds it in memory. Cells a spreadsheet would run as a formula get a
/// leading apostrophe (OWASP "CSV injection").
/// </summary>
internal static class CsvExport
{
    public const string ContentType = "text/csv; charset=utf-8; header=present";

    public static readonly string[] Header =
    [
        "kind", "id", "url", "apId", "title", "author", "authorUrl", "published", "updated", "locality", "topics", "licence",
        "licenceUrl", "sources", "adaptedFrom", "teaser",
    ];

    private const int PageSize = 100;

    public static async Task WriteAsync(Stream output, IPostStore posts, PostAuthors authors, string origin, CancellationToken ct)
    {
        await using var writer = new StreamWriter(output, new UTF8Encoding(false), 16 * 1024, leaveOpen: true) { NewLine = "\r\n" };
        await writer.WriteLineAsync(Row(Header));
        var after = Cursor.Start;
        var query = new PostQuery { Local = true };
        while (true)
        {
            var page = await posts.ListAsync(query, after, PageSize, ct);
            foreach (var post in page.Items)
            {
                var author = await authors.OfAsync(post, ct);
                var licence = Licences.FindByUrlOrId(post.Licence);
                await writer.WriteLineAsync(Row(
                [
                    PostKinds.Name(post.Kind),
                    post.Id.ToString("D"),
                    PostUrls.Page(origin, post),
                    PostUrls.ApId(origin, post),
                    post.Title ?? "",
                    author.DisplayName,
                    author.Url,
                    Date(post.PublishedAt),
                    Date(post.UpdatedAt),
                    post.Locality ?? "",
                    string.Join(' ', post.Topics),
                    licence?.Id ?? post.Licence,
                    licence?.Url ?? "",
                    string.Join(' ', post.Sources),
                    post.AdaptedFrom ?? "",
                    PostHtml.Teaser(post),
                ]));
            }

            await writer.FlushAsync(ct);
            if (page.Next is null || !Cursor.TryDecode(page.Next, out after))
            {
                break;
            }
        }
    }

    public static string Row(IEnumerable<string> cells) => string.Join(',', cells.Select(Cell));

    /// <summary>One quoted cell; a leading = + - @ tab or CR would start a formula in a spreadsheet, so it is defused.</summary>
    public static string Cell(string value)
    {
        if (value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
        {
            value = "'" + value;
        }

        return "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
    }

    private static string Date(DateTimeOffset? value) =>
        value is { } date ? date.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture) : "";
}
