using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using OurSociety.ActivityPub.Discovery;
using OurSociety.ActivityPub.Json;
using OurSociety.ActivityPub.Vocabulary;
using OurSociety.Content;
using OurSociety.Core.Media;
using OurSociety.Core.Posts;
using OurSociety.Federation.Media;

namespace OurSociety.Federation.Posts;

/// <summary>
/// Reads a received object (Note, Article, Page) into a <see cref="Post"/>, trusting nothing: HTML through the one
/// allowlist, every other text as capped plain text, topics normalised like ours, at most four pictures (http(s)
/// only, copied to this node by a work item afterwards, so pages never load them from elsewhere), visibility from the addressing (INTEROP §4.8),
/// the licence by URL or id, lesson fields from our namespace.
/// </summary>
public sealed class ReceivedPosts(IMediaStore media, Core.Federation.IRemoteActorStore remoteActors, TimeProvider time)
{
    public static bool IsPostType(string? type) => type is ObjectTypes.Note or ObjectTypes.Article or ObjectTypes.Page;

    /// <summary>True when some of the post's pictures are still only links: a <see cref="PictureCopies"/> item is due.</summary>
    public static bool NeedsCopies(Post post) => post.Images.Any(i => i.MediaId is null && i.RemoteUrl is not null);

    /// <summary>
    /// The post <paramref name="obj"/> describes (not stored). <paramref name="parent"/> and <paramref name="root"/>
    /// make it a reply; <paramref name="existing"/> keeps the id and place of a stored copy being updated.
    /// </summary>
    public async Task<Post> ReadAsync(ApDocument obj, string actorId, Post? parent, Post? root, Post? existing, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var lessonFields = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var name in new[] { "situation", "tried", "happened", "learned", "advice" })
        {
            lessonFields[name] = PlainText.CleanOrNull(obj.GetString(name), PostLimits.LessonFieldMax);
        }

        var kind = existing?.Kind ?? (parent is not null ? PostKind.Reply
            : obj.GetString("kind") == "Lesson" && obj.Type == ObjectTypes.Note ? PostKind.Lesson
            : PostKind.Story);
        var content = Html(obj);
        var isArticle = obj.Type is ObjectTypes.Article or ObjectTypes.Page;
        var published = Date(obj.GetString("published")) is { } p && p <= now ? p : now;
        DateTimeOffset? updated = Date(obj.GetString("updated")) is { } u && u <= now ? u : (existing is null ? null : now);
        var post = new Post
        {
            Id = existing?.Id ?? Guid.CreateVersion7(now),
            Kind = kind,
            RemoteAuthor = actorId,
            ApId = obj.Id,
            Url = UrlOf(obj),
            ParentId = existing?.ParentId ?? parent?.Id,
            RootId = existing?.RootId ?? (parent is null ? null : root?.Id ?? parent.Id),
            Format = TextFormat.Html,
            Title = kind == PostKind.Reply ? null : PlainText.CleanOrNull(obj.GetString("name"), PostLimits.TitleMax),
            // A Note's summary is a content warning (INTEROP §4.1), an Article's its teaser: either way readers see it first.
            Summary = PlainText.CleanOrNull(obj.GetString("summary"), PostLimits.SummaryMax),
            Body = kind == PostKind.Lesson && lessonFields.Values.Any(v => v is not null) ? null : content,
            Locality = PlainText.CleanOrNull(obj.GetString("locality"), PostLimits.LocalityMax),
            Situation = kind == PostKind.Lesson ? lessonFields["situation"] : null,
            Tried = kind == PostKind.Lesson ? lessonFields["tried"] : null,
            Happened = kind == PostKind.Lesson ? lessonFields["happened"] : null,
            Learned = kind == PostKind.Lesson ? lessonFields["learned"] : null,
            Advice = kind == PostKind.Lesson ? lessonFields["advice"] : null,
            AdaptedFrom = kind == PostKind.Lesson ? Link(obj.GetReference("adaptedFrom")) : null,
            Sources = kind == PostKind.Lesson
                ? [.. obj.GetReferences("derivedFrom").Select(Link).OfType<string>().Take(PostLimits.SourcesMax)]
                : [],
            TriedOutcome = kind == PostKind.Reply && (root ?? parent)?.Kind == PostKind.Lesson
                ? PlainText.CleanOrNull(obj.GetString("triedOutcome"), PostLimits.SummaryMax)
                : null,
            Licence = Licence(obj),
            // FEP-1b12: the Group a top-level post belongs to (Lemmy, PieFed and our hubs send it; Mastodon does not).
            Hub = kind == PostKind.Reply ? null : Link(obj.GetReference(AsProperties.Audience)),
            Language = LanguageOf(obj),
            Visibility = existing?.Visibility ?? await VisibilityAsync(obj, actorId, ct),
            Topics = Topics(obj),
            Images = await ImagesAsync(obj, ct),
            CreatedAt = existing?.CreatedAt ?? now,
            PublishedAt = existing?.PublishedAt ?? published,
            UpdatedAt = updated,
        };
        if (!isArticle && kind == PostKind.Story && post.Title is null && post.Summary is null)
        {
            // A plain Mastodon post: its first words stand in as a teaser for lists.
            post = post with { Summary = PlainText.CleanOrNull(content, 200) };
        }

        return post;
    }

    /// <summary>The object's sanitised HTML content (or its first language in <c>contentMap</c>), capped.</summary>
    private static string Html(ApDocument obj)
    {
        var raw = obj.GetString("content") ?? obj.GetObject(AsProperties.ContentMap)?.Select(e => ApDocument.AsString(e.Value)).FirstOrDefault(v => v is not null);
        var clean = SafeHtml.Clean(raw);
        return clean.Length <= PostLimits.BodyMax
            ? clean
            : "<p>" + System.Net.WebUtility.HtmlEncode(SafeHtml.PlainText(clean, PostLimits.BodyMax / 2)) + "</p>";
    }

    /// <summary>
    /// The language of the post, from its natural-language maps (<c>contentMap</c> first): the key whose text is the
    /// plain <c>content</c>, else the first key. A tag that is not a known language is not kept (null: unknown).
    /// </summary>
    internal static string? LanguageOf(ApDocument obj)
    {
        foreach (var (plain, mapName) in new[] { ("content", AsProperties.ContentMap), ("name", AsProperties.NameMap), ("summary", AsProperties.SummaryMap) })
        {
            if (obj.GetObject(mapName) is not { Count: > 0 } map)
            {
                continue;
            }

            var text = obj.GetString(plain);
            var matching = text is null ? null : map.FirstOrDefault(e => ApDocument.AsString(e.Value) == text).Key;
            foreach (var key in new[] { matching }.Concat(map.Select(e => e.Key)))
            {
                if (key is not null && PostLanguages.TryNormalise(key, out var tag))
                {
                    return tag;
                }
            }
        }

        return null;
    }


    private static string? Link(string? value) => value is not null && PostService.IsWebUrl(value) ? value : null;

    /// <summary>The page on the object's own server; a <c>url</c> on another host is ignored (INTEROP §7.1).</summary>
    internal static string? UrlOf(ApDocument obj)
    {
        return obj.GetLinks(AsProperties.Url).FirstOrDefault(u => PostService.IsWebUrl(u) && Origins.SameOrigin(u, obj.Id));
    }

    private static DateTimeOffset? Date(string? value) =>
        DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? at.ToUniversalTime() : null;

    /// <summary>By URL (what we and others send) or SPDX id; a post naming none grants no licence.</summary>
    private static string Licence(ApDocument obj) =>
        Licences.FindByUrlOrId(obj.GetReference("license") ?? obj.GetReference("licence"))?.Id ?? Licences.AllRightsReserved;

    private async Task<Visibility> VisibilityAsync(ApDocument obj, string actorId, CancellationToken ct)
    {
        if (obj.To.Any(ApDocument.IsPublic))
        {
            return Visibility.Public;
        }

        if (obj.Cc.Any(ApDocument.IsPublic))
        {
            return Visibility.Unlisted;
        }

        var followers = await remoteActors.FindAsync(actorId, ct) is { } actor
            && ApDocument.Parse(System.Text.Encoding.UTF8.GetBytes(actor.Document)).Document is { } doc
            ? doc.GetReference("followers")
            : null;
        return obj.To.Concat(obj.Cc).Any(a => a == followers
                || (followers is null && a.EndsWith("/followers", StringComparison.Ordinal) && Origins.SameOrigin(a, actorId)))
            ? Visibility.Followers
            : Visibility.Direct;
    }

    /// <summary>Hashtags as topics: normalised like ours, words only, at most as many as a member may give.</summary>
    private static List<string> Topics(ApDocument obj)
    {
        var topics = new List<string>();
        foreach (var tag in obj.GetObjects(AsProperties.Tag))
        {
            if (tag.Type == ObjectTypes.Hashtag && tag.GetString(AsProperties.Name) is { } name)
            {
                var topic = PostService.NormaliseTopic(name);
                if (topic.Length is > 0 and <= PostLimits.TopicMax && topic.All(c => char.IsLetterOrDigit(c) || c == '_') && !topics.Contains(topic))
                {
                    topics.Add(topic);
                }
            }
        }

        return [.. topics.Take(PostLimits.TopicsMax)];
    }

    /// <summary>
    /// The first four pictures, each with its description: our copy when we have one already, else the link (nothing is
    /// fetched here: <see cref="PictureCopies"/> copies them in the background, and pages show the description and a
    /// link until then).
    /// </summary>
    private async Task<List<PostImage>> ImagesAsync(ApDocument obj, CancellationToken ct)
    {
        var images = new List<PostImage>();
        foreach (var attachment in obj.GetObjects(AsProperties.Attachment))
        {
            if (images.Count == PostDocuments.MaxAttachments)
            {
                break;
            }

            var mediaType = attachment.GetString(AsProperties.MediaType);
            if (attachment.Type is not (ObjectTypes.Image or ObjectTypes.Document) || (mediaType is not null && !mediaType.StartsWith("image/", StringComparison.OrdinalIgnoreCase)))
            {
                continue;
            }

            var urls = attachment.GetLinks(AsProperties.Url);
            var url = urls.Count > 0 ? urls[0] : null;
            if (url is null || !PostService.IsWebUrl(url))
            {
                continue;
            }

            var alt = PlainText.CleanOrNull(attachment.GetString(AsProperties.Name) ?? attachment.GetString(AsProperties.Summary), PostLimits.AltMax) ?? "";
            // Pages show only our own re-encoded copies, never pointing readers' browsers elsewhere. A picture we could
            // not copy (its server was down, say) is still kept as its description and a link, so nothing is lost.
            if (await media.FindByRemoteUrlAsync(url, ct) is { } cached)
            {
                images.Add(new PostImage(cached.Id, url, alt, cached.MediaType, cached.Width, cached.Height));
            }
            else if (mediaType is null || RasterTypes.Contains(mediaType))
            {
                images.Add(new PostImage(null, url, alt, mediaType ?? "", Size(attachment.Json["width"]), Size(attachment.Json["height"])));
            }
        }

        return images;
    }

    /// <summary>The picture types we re-encode; anything else (SVG, say) is not kept even as a link.</summary>
    private static readonly HashSet<string> RasterTypes = new(["image/jpeg", "image/png", "image/webp", "image/gif"], StringComparer.OrdinalIgnoreCase);

    private static int Size(JsonNode? node) =>
        node is JsonValue v && v.TryGetValue<int>(out var size) && size is > 0 and <= 100_000 ? size : 0;
}
