using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using OurSociety.ActivityPub;
using OurSociety.ActivityPub.Vocabulary;
using OurSociety.Content;
using OurSociety.Core.Posts;


namespace OurSociety.Federation.Posts;

/// <summary>The post a reply answers, as its ActivityPub object is known: id, and author (for the Mention).</summary>
public sealed record ParentRef(string ApId, string AuthorId, string AuthorHandle, string AuthorUrl);

/// <summary>What a post's document needs beyond the post: where it lives, who wrote it, what it answers.</summary>
/// <param name="Origin">This node's origin.</param>
/// <param name="AuthorId">The author's actor id.</param>
/// <param name="HubId">The hub's actor id (the <c>audience</c>, FEP-1b12).</param>
/// <param name="Parent">For replies: what it answers.</param>
/// <param name="LinkTitles">Titles of a lesson's sources and adapted lesson, by URL, for the readable content.</param>
public sealed record ObjectContext(
    string Origin, string AuthorId, string HubId, ParentRef? Parent = null, IReadOnlyDictionary<string, string>? LinkTitles = null);

/// <summary>
/// The ActivityPub objects of posts written here (federation-specs/posts.md). A story is an <c>Article</c> (Mastodon
/// shows its title, teaser, tags, pictures and a link: INTEROP §4.2); a lesson is a <c>Note</c> whose whole text is in
/// <c>content</c>, generated from its plain-text fields, which travel beside it in our namespace (§8.2); a reply is a
/// <c>Note</c> with <c>inReplyTo</c> and a <c>Mention</c> of the author it answers (§4.3).
/// </summary>
public static class PostDocuments
{
    /// <summary>How many pictures Mastodon keeps (and we send): INTEROP §4.10.</summary>
    public const int MaxAttachments = 4;

    // Headings of a lesson's generated content. Federated text, read in other servers' apps: not part of our UI.
    private static readonly (string Heading, Func<Post, string?> Field)[] LessonParts =
    [
        ("Situation", p => p.Situation),
        ("What we tried", p => p.Tried),
        ("What happened", p => p.Happened),
        ("What we learned", p => p.Learned),
        ("Advice for someone starting out", p => p.Advice),
    ];

    /// <summary>The full object of a published post, with its <c>@context</c>.</summary>
    public static JsonObject Build(Post post, ObjectContext c)
    {
        var id = PostUrls.Page(c.Origin, post);
        var followers = ApUrls.Followers(c.AuthorId);
        // The people its text names, as the work queue found them (post.resolve-mentions ran before this).
        var mentioned = Mentions.Current(post.Mentioned, Mentions.TextsOf(post));
        var (to, cc) = Addressing(post.Visibility, followers, c.Parent?.AuthorId, mentioned.Select(m => m.ActorId!));
        var document = new JsonObject
        {
            ["@context"] = OurContext.Context(),
            ["id"] = id,
            ["type"] = post.Kind == PostKind.Story ? ObjectTypes.Article : ObjectTypes.Note,
            ["kind"] = post.Kind switch { PostKind.Story => "Story", PostKind.Lesson => "Lesson", _ => null },
            ["attributedTo"] = c.AuthorId,
            ["audience"] = post.Kind == PostKind.Reply ? null : c.HubId,
            ["inReplyTo"] = c.Parent?.ApId,
            ["to"] = to,
            ["cc"] = cc,
            ["published"] = Time(post.PublishedAt ?? post.CreatedAt),
            ["updated"] = post.UpdatedAt is { } updated ? Time(updated) : null,
            ["url"] = id,
            ["license"] = Licences.Find(post.Licence)?.Url,
        };

        switch (post.Kind)
        {
            case PostKind.Story:
                document["name"] = post.Title;
                document["summary"] = PostHtml.Teaser(post);
                document["content"] = PostHtml.Field(post, post.Body) + ReadMore(id, "Read the whole story");
                document["locality"] = post.Locality;
                break;
            case PostKind.Lesson:
                // Mastodon ignores a Note's name (INTEROP §4.1: only a poll vote uses it); our nodes read the title there.
                document["name"] = post.Title;
                document["content"] = LessonContent(post, c);
                foreach (var (name, value) in LessonFields(post))
                {
                    document[name] = value;
                }

                document["derivedFrom"] = post.Sources.Count == 0 ? null : new JsonArray([.. post.Sources.Select(s => (JsonNode?)s)]);
                document["adaptedFrom"] = post.AdaptedFrom;
                break;
            default:
                document["content"] = ReplyContent(post, c.Parent, mentioned);
                document["triedOutcome"] = post.TriedOutcome;
                break;
        }

        if (post.Language is { } language)
        {
            // The natural-language maps (AS2 §4.7) keyed by the post's language, beside the plain properties that
            // servers without language support read.
            Map(document, "content", AsProperties.ContentMap, language);
            Map(document, "name", AsProperties.NameMap, language);
            Map(document, "summary", AsProperties.SummaryMap, language);
        }

        var tags = new JsonArray();
        foreach (var topic in post.Topics)
        {
            tags.Add(new JsonObject { ["type"] = ObjectTypes.Hashtag, ["href"] = PostUrls.Topic(c.Origin, topic), ["name"] = "#" + topic });
        }

        if (c.Parent is { } parent && !mentioned.Any(m => m.ActorId == parent.AuthorId))
        {
            tags.Add(new JsonObject { ["type"] = ObjectTypes.Mention, ["href"] = parent.AuthorId, ["name"] = parent.AuthorHandle });
        }

        foreach (var tag in MentionResolver.Tags(mentioned))
        {
            tags.Add(tag);
        }

        if (post.Kind != PostKind.Reply)
        {
            // Who may reply without approval, as GoToSocial reads it; its terms travel inline beside ours.
            document["@context"] = new JsonArray(ActivityStreams.Context, OurContext.Terms(), InteractionControls.Terms());
            var named = mentioned.Select(m => m.ActorId!)
                .Concat(Mentions.LocalUsernames(Mentions.TextsOf(post)).Select(u => ApUrls.Actor(c.Origin, u)));
            document[InteractionControls.InteractionPolicy] = Replies.ReplyPolicyDocuments.For(post.ReplyPolicy, c.AuthorId, named);
        }

        document["tag"] = tags.Count == 0 ? null : tags;
        document["attachment"] = post.Images.Count == 0 ? null : new JsonArray([.. post.Images.Take(MaxAttachments).Select(i => (JsonNode?)Attachment(c.Origin, i))]);
        // Counts only, embedded, as Mastodon's NoteSerializer sends them; they may be stale in a Create or Update, and
        // a count changing is no reason to send an Update: other servers that care fetch the collection.
        document[AsProperties.Likes] = Counted(LikesId(id), post.LikeCount);
        document[AsProperties.Shares] = Counted(SharesId(id), post.ShareCount);
        RemoveNulls(document);
        return document;
    }

    /// <summary>The address of a post's collection of Likes ("this helped me"), beside its object id.</summary>
    public static string LikesId(string objectId) => objectId + "/likes";

    /// <summary>The address of a post's collection of Announces (shares).</summary>
    public static string SharesId(string objectId) => objectId + "/shares";

    /// <summary>
    /// What a post's <c>likes</c> or <c>shares</c> address answers: the same counted collection, with its context.
    /// No items, as Mastodon: who liked or shared is not published, only how many.
    /// </summary>
    public static JsonObject CountedDocument(string id, int total)
    {
        var document = new JsonObject { ["@context"] = ActivityStreams.Context };
        foreach (var (name, value) in Counted(id, total))
        {
            document[name] = value?.DeepClone();
        }

        return document;
    }

    private static JsonObject Counted(string id, int total) => new()
    {
        ["id"] = id,
        ["type"] = ObjectTypes.Collection,
        [AsProperties.TotalItems] = total,
    };

    /// <summary>What a deleted post's address answers (with 410), and what a Delete carries.</summary>
    public static JsonObject Tombstone(string id, PostKind kind, DateTimeOffset? deleted) => Without(new JsonObject
    {
        ["@context"] = ActivityStreams.Context,
        ["id"] = id,
        ["type"] = ObjectTypes.Tombstone,
        ["formerType"] = kind == PostKind.Story ? ObjectTypes.Article : ObjectTypes.Note,
        ["deleted"] = deleted is { } at ? Time(at) : null,
    });

    /// <summary>
    /// <c>to</c> and <c>cc</c> per visibility, as Mastodon derives it (INTEROP §4.8); <paramref name="mentioned"/> (the
    /// author a reply answers) and <paramref name="alsoMentioned"/> (the people its text names) are added, to <c>cc</c>
    /// (<c>to</c> for a direct post), whatever the visibility, so that Mastodon both delivers and notifies: a
    /// followers-only post reaches the people it names too, as Mastodon's own do.
    /// </summary>
    public static (JsonArray To, JsonArray Cc) Addressing(Visibility visibility, string followers, string? mentioned, IEnumerable<string>? alsoMentioned = null)
    {
        JsonArray to;
        JsonArray cc;
        switch (visibility)
        {
            case Visibility.Public:
                (to, cc) = ([ActivityStreams.Public], [followers]);
                break;
            case Visibility.Unlisted:
                (to, cc) = ([followers], [ActivityStreams.Public]);
                break;
            case Visibility.Followers:
                (to, cc) = ([followers], []);
                break;
            default:
                (to, cc) = ([], []);
                break;
        }

        var named = new HashSet<string>(StringComparer.Ordinal);
        foreach (var actor in new[] { mentioned }.Concat(alsoMentioned ?? []).OfType<string>())
        {
            if (named.Add(actor))
            {
                (visibility == Visibility.Direct ? to : cc).Add(actor);
            }
        }

        return (to, cc);
    }

    /// <summary>The structured lesson fields as plain text (no HTML), each within INTEROP §8.2's 5 000 characters.</summary>
    public static IEnumerable<(string Name, string? Value)> LessonFields(Post post) =>
    [
        ("situation", Plain(post, post.Situation)),
        ("tried", Plain(post, post.Tried)),
        ("happened", Plain(post, post.Happened)),
        ("learned", Plain(post, post.Learned)),
        ("advice", Plain(post, post.Advice)),
    ];

    public static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static string? Plain(Post post, string? value) =>
        string.IsNullOrWhiteSpace(value) ? null : PostHtml.Text(post, value, PostLimits.LessonFieldMax);

    /// <summary>The lesson as Mastodon users read it: every field under its heading, then where it comes from.</summary>
    private static string LessonContent(Post post, ObjectContext c)
    {
        var html = new StringBuilder();
        html.Append("<p><strong>Lesson: ").Append(Encode(post.Title)).Append("</strong></p>");
        foreach (var (heading, field) in LessonParts)
        {
            if (field(post) is { Length: > 0 } value)
            {
                html.Append("<p><strong>").Append(heading).Append("</strong></p>").Append(PostHtml.Field(post, value));
            }
        }

        foreach (var source in post.Sources)
        {
            html.Append("<p>Learned from ").Append(Link(source, c.LinkTitles)).Append("</p>");
        }

        if (post.AdaptedFrom is { } adapted)
        {
            html.Append("<p>Adapted from ").Append(Link(adapted, c.LinkTitles)).Append("</p>");
        }

        if (post.Topics.Count > 0)
        {
            html.Append("<p>").AppendJoin(' ', post.Topics.Select(t => Hashtag(c.Origin, t))).Append("</p>");
        }

        return html.ToString();
    }

    private static string ReplyContent(Post post, ParentRef? parent, IReadOnlyList<Mention> mentioned)
    {
        var html = new StringBuilder();
        // The author it answers, unless the text names them itself: that mention is the link, or "@bob" shows twice.
        if (parent is not null && !mentioned.Any(m => m.ActorId == parent.AuthorId))
        {
            var name = parent.AuthorHandle.TrimStart('@').Split('@')[0];
            html.Append("<p><span class=\"h-card\"><a href=\"").Append(Encode(parent.AuthorUrl))
                .Append("\" class=\"u-url mention\">@<span>").Append(Encode(name)).Append("</span></a></span></p>");
        }

        if (post.TriedOutcome is { Length: > 0 } outcome)
        {
            html.Append("<p><strong>I tried this:</strong> ").Append(Encode(outcome)).Append("</p>");
        }

        return html.Append(PostHtml.Field(post, post.Body)).ToString();
    }

    private static JsonObject Attachment(string origin, PostImage image) => Without(new JsonObject
    {
        ["type"] = ObjectTypes.Image,
        ["mediaType"] = image.MediaType,
        ["url"] = image.MediaId is { } mediaId ? PostUrls.Media(origin, mediaId) : image.RemoteUrl,
        ["name"] = image.Alt,
        ["width"] = image.Width,
        ["height"] = image.Height,
    });

    private static void Map(JsonObject document, string property, string mapProperty, string language)
    {
        if (document[property] is { } value)
        {
            document[mapProperty] = new JsonObject { [language] = value.DeepClone() };
        }
    }

    private static string ReadMore(string url, string text) => $"<p><a href=\"{Encode(url)}\">{text}</a></p>";

    private static string Hashtag(string origin, string topic) =>
        $"<a href=\"{Encode(PostUrls.Topic(origin, topic))}\" class=\"mention hashtag\" rel=\"tag\">#<span>{Encode(topic)}</span></a>";

    private static string Link(string url, IReadOnlyDictionary<string, string>? titles) =>
        $"<a href=\"{Encode(url)}\">{Encode(titles is not null && titles.TryGetValue(url, out var title) ? title : url)}</a>";

    private static string Encode(string? text) => WebUtility.HtmlEncode(text ?? "");

    private static JsonObject Without(JsonObject document)
    {
        RemoveNulls(document);
        return document;
    }

    private static void RemoveNulls(JsonObject document)
    {
        foreach (var key in document.Where(p => p.Value is null).Select(p => p.Key).ToList())
        {
            document.Remove(key);
        }
    }
}
