using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Components;
using OurSociety.Core.Notifications;
using OurSociety.Core.Paging;
using OurSociety.Core.Posts;
using OurSociety.Federation;
using OurSociety.Web.Posts;
using OurSociety.Web.Resources;

namespace OurSociety.Web.Features.Finding;

/// <summary>A notification with what it is about looked up: who did it and, if any, the story or lesson.</summary>
public sealed record NotificationView(Notification Notification, string ActorName, string? ActorPageUrl, NotificationPost? Post)
{
    /// <summary>Who did it, as the API describes people.</summary>
    public required Api.AuthorResponse Actor { get; init; }
}

/// <summary>The story or lesson a notification is about (for a reply: the one replied to), and the reply's own page.</summary>
public sealed record NotificationPost(Guid Id, PostKind Kind, string? Title, string Url, string? ReplyUrl);

internal static partial class NotificationViews
{
    public static async Task<IReadOnlyList<NotificationView>> ForAsync(
        Page<Notification> page, IPostStore posts, PostAuthors authors, string origin, CancellationToken ct)
    {
        var views = new List<NotificationView>(page.Items.Count);
        foreach (var n in page.Items)
        {
            var actor = await authors.ActorAsync(n.Actor, n.IsLocal, ct);
            views.Add(new NotificationView(n, actor.DisplayName, actor.IsLocal ? $"{origin}/@{actor.Username}" : PostCards.WebLink(actor.Url), await PostAsync(n.PostId, posts, origin, ct))
            {
                Actor = Api.PostResponses.Author(actor),
            });
        }

        return views;
    }

    private static async Task<NotificationPost?> PostAsync(Guid? id, IPostStore posts, string origin, CancellationToken ct)
    {
        if (id is null || await posts.FindAsync(id.Value, ct) is not { } post)
        {
            return null;
        }

        // Replies point at the story or lesson of their thread: that is what the member recognises.
        if (post.Kind == PostKind.Reply && post.RootId is { } rootId && await posts.FindAsync(rootId, ct) is { } root)
        {
            return new NotificationPost(root.Id, root.Kind, root.Title, PostUrls.Page(origin, root), PostUrls.Page(origin, post));
        }

        return new NotificationPost(post.Id, post.Kind, post.Title, PostUrls.Page(origin, post), null);
    }

    /// <summary>
    /// A sentence from a translated template whose <c>{0}</c>, <c>{1}</c> are links (or plain words): the template and the link texts
    /// are HTML-encoded here, so names and titles from anywhere stay text.
    /// </summary>
    public static MarkupString Sentence(string template, params (string Text, string? Href)[] parts)
    {
        var html = new StringBuilder();
        var at = 0;
        foreach (Match placeholder in Placeholder().Matches(template))
        {
            html.Append(WebUtility.HtmlEncode(template[at..placeholder.Index]));
            var index = int.Parse(placeholder.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
            if (index < parts.Length)
            {
                var (text, href) = parts[index];
                html.Append(href is null ? WebUtility.HtmlEncode(text) : $"<a href=\"{WebUtility.HtmlEncode(href)}\">{WebUtility.HtmlEncode(text)}</a>");
            }

            at = placeholder.Index + placeholder.Length;
        }

        html.Append(WebUtility.HtmlEncode(template[at..]));
        return new MarkupString(html.ToString());
    }

    [GeneratedRegex(@"\{(\d)\}")]
    private static partial Regex Placeholder();
}
