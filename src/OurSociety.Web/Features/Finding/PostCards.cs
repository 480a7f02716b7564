using OurSociety.Content;
using OurSociety.Core.Paging;
using OurSociety.Core.Posts;
using OurSociety.Federation;
using OurSociety.Web.Hosting;
using OurSociety.Web.Pages;
using OurSociety.Web.Pages.Shared;
using OurSociety.Web.Posts;

namespace OurSociety.Web.Features.Finding;

/// <summary>One story or lesson as a list shows it: enough to decide whether to read it.</summary>
public sealed record PostCard(
    Guid Id,
    PostKind Kind,
    string? Title,
    string PageUrl,
    string AuthorName,
    string AuthorHandle,
    bool AuthorIsLocal,
    string? AuthorPageUrl,
    string? AuthorAvatarUrl,
    DateTimeOffset? Published,
    string? Locality,
    IReadOnlyList<string> Topics,
    string Teaser,
    int Replies,
    int Likes,
    int Shares,
    string? FromServer,
    string? OriginalUrl,
    string? ThumbnailUrl,
    string? ThumbnailAlt)
{
    /// <summary>The first picture, when this node holds it, with what its smaller versions need.</summary>
    public PictureRef? Thumbnail { get; init; }

    /// <summary>The <c>lang</c> and <c>dir</c> of its title and teaser (see <see cref="Posts.PostLanguage"/>).</summary>
    public string? Lang { get; init; }

    public string? Dir { get; init; }

    /// <summary>The hub it came through (its audience), when it names one; see <see cref="PostAuthors.HubAsync"/>.</summary>
    public PostHub? Hub { get; init; }
}

/// <summary>A page of cards and the link to the older ones (keyset: it carries the cursor), if there are more.</summary>
public sealed record PostList(IReadOnlyList<PostCard> Items, string? OlderHref)
{
    public static readonly PostList Empty = new([], null);
}

internal static class PostCards
{
    /// <summary>
    /// Cards for a page of posts. Links are relative (the page is on this node). A picture is shown only when this node
    /// holds it (an upload, or a cached copy of a received one): readers' browsers never fetch from other servers.
    /// </summary>
    public static async Task<PostList> ListAsync(Page<Post> page, PostAuthors authors, Func<string, string> olderHref, CancellationToken ct)
    {
        var cards = new List<PostCard>(page.Items.Count);
        foreach (var post in page.Items)
        {
            cards.Add(await CardAsync(post, authors, ct));
        }

        return new PostList(cards, page.Next is { } next ? olderHref(Uri.EscapeDataString(next)) : null);
    }

    public static async Task<PostCard> CardAsync(Post post, PostAuthors authors, CancellationToken ct)
    {
        var author = await authors.OfAsync(post, ct);
        var image = post.Images.Count > 0 ? post.Images[0] : null;
        return new PostCard(
            post.Id,
            post.Kind,
            string.IsNullOrWhiteSpace(post.Title) ? null : post.Title,
            PostUrls.Page("", post),
            author.DisplayName,
            author.Handle,
            author.IsLocal,
            author.IsLocal ? $"/@{author.Username}" : WebLink(author.Url),
            Avatar.LocalPath(author.IconUrl, author.IsLocal),
            post.PublishedAt,
            string.IsNullOrWhiteSpace(post.Locality) ? null : post.Locality,
            post.Topics,
            PostHtml.Teaser(post, 300),
            post.ReplyCount,
            post.LikeCount,
            post.ShareCount,
            post.IsLocal ? null : Host(post.ApId ?? post.RemoteAuthor),
            post.IsLocal ? null : WebLink(post.Url ?? post.ApId),
            image?.MediaId is { } id ? PostUrls.Media("", id) : null,
            image?.MediaId is null ? null : image.Alt)
        {
            Thumbnail = image is null ? null : PictureRef.Of(image),
            Lang = Posts.PostLanguage.Lang(post),
            Dir = Posts.PostLanguage.Dir(post),
            Hub = await authors.HubAsync(post, ct),
        };
    }

    /// <summary>Only http(s) addresses become links; anything else a remote server sent stays text.</summary>
    public static string? WebLink(string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http" ? uri.AbsoluteUri : null;

    private static string? Host(string? url) => Uri.TryCreate(url, UriKind.Absolute, out var uri) ? uri.Host : null;
}

/// <summary>
/// What another feature's page needs to list posts, as one scoped service: form handlers with many parameters trip
/// the request delegate factory (a [FromForm] handler with three more parameters failed to compile its delegate).
/// </summary>
internal sealed record PostListServices(IPostStore Posts, PostAuthors Authors, Microsoft.Extensions.Localization.IStringLocalizer<FindingText> Finding);
