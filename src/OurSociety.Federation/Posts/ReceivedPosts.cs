using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using OurSociety.ActivityPub.Discovery;
using OurSociety.ActivityPub.Json;
using OurSociety.Content;
using OurSociety.Core.Media;
using OurSociety.Core.Posts;
using OurSociety.Federation.Media;

namespace OurSociety.Federation.Posts;

/// <summary>
/// Reads a received object (Note, Article, Page) into a <see cref="Post"/>, trusting nothing: HTML through the one
/// allowlist, every other text as capped plain text, topics normalised like ours, at most four pictures (http(s)
/// only, copied to this node so pages never load them from elsewhere), visibility from the addressing (INTEROP §4.8),
/// the licence by URL or id, lesson fields from our namespace.
/// </summary>
public sealed class ReceivedPosts(RemoteMedia remoteMedia, IMediaStore media, Core.Federation.IRemoteActorStore remoteActors, TimeProvider time)
{
    public static bool IsPostType(string? type) => type is "Note" or "Article" or "Page";

    /// <summary>
    /// Why <paramref name="obj"/> may not be taken as written by <paramref name="actorId"/> (INTEROP §7.1): its id on
    /// another server, or another author. Null when it may.
    /// </summary>
    public static string? OriginError(ApDocument obj, string actorId)
    {
        if (obj.Id is not { } id || !Origins.SameOrigin(id, actorId))
        {
            return "the object's id is not on its author's server";
        }

        return obj.GetReference("attributedTo") == actorId ? null : "the object is not attributed to the actor";
    }

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
            lessonFields[name] = Plain(obj.GetString(name), PostLimits.LessonFieldMax);
        }

        var kind = existing?.Kind ?? (parent is not null ? PostKind.Reply
            : obj.GetString("kind") == "Lesson" && obj.Type == "Note" ? PostKind.Lesson
            : PostKind.Story);
        var content = Html(obj);
        var isArticle = obj.Type is "Article" or "Page";
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
            Title = kind == PostKind.Reply ? null : Plain(obj.GetString("name"), PostLimits.TitleMax),
            // A Note's summary is a content warning (INTEROP §4.1), an Article's its teaser: either way readers see it first.
            Summary = Plain(obj.GetString("summary"), PostLimits.SummaryMax),
            Body = kind == PostKind.Lesson && lessonFields.Values.Any(v => v is not null) ? null : content,
            Locality = Plain(obj.GetString("locality"), PostLimits.LocalityMax),
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
                ? Plain(obj.GetString("triedOutcome"), PostLimits.SummaryMax)
                : null,
            Licence = Licence(obj),
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
            post = post with { Summary = Plain(content, 200) };
        }

        return post;
    }

    /// <summary>The object's sanitised HTML content (or its first language in <c>contentMap</c>), capped.</summary>
    private static string Html(ApDocument obj)
    {
        var raw = obj.GetString("content") ?? obj.GetObject("contentMap")?.Select(e => Text(e.Value)).FirstOrDefault(v => v is not null);
        var clean = SafeHtml.Clean(raw);
        return clean.Length <= PostLimits.BodyMax
            ? clean
            : "<p>" + System.Net.WebUtility.HtmlEncode(SafeHtml.PlainText(clean, PostLimits.BodyMax / 2)) + "</p>";
    }

    private static string? Plain(string? value, int max) =>
        string.IsNullOrWhiteSpace(value) ? null : SafeHtml.PlainText(value, max) is { Length: > 0 } text ? text : null;

    private static string? Link(string? value) => value is not null && PostService.IsWebUrl(value) ? value : null;

    /// <summary>The page on the object's own server; a <c>url</c> on another host is ignored (INTEROP §7.1).</summary>
    private static string? UrlOf(ApDocument obj)
    {
        IEnumerable<string?> candidates = obj.Json["url"] is JsonArray array ? array.Select(Reference) : [Reference(obj.Json["url"])];
        return candidates.OfType<string>().FirstOrDefault(u => PostService.IsWebUrl(u) && Origins.SameOrigin(u, obj.Id));
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
        foreach (var tag in Objects(obj.Json["tag"]))
        {
            if (Text(tag["type"]) == "Hashtag" && Text(tag["name"]) is { } name)
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

    /// <summary>The first four pictures, each with its description: our copy, or (when it could not be copied) a link.</summary>
    private async Task<List<PostImage>> ImagesAsync(ApDocument obj, CancellationToken ct)
    {
        var images = new List<PostImage>();
        foreach (var attachment in Objects(obj.Json["attachment"]))
        {
            if (images.Count == PostDocuments.MaxAttachments)
            {
                break;
            }

            var type = Text(attachment["type"]);
            var mediaType = Text(attachment["mediaType"]);
            if (type is not ("Image" or "Document") || (mediaType is not null && !mediaType.StartsWith("image/", StringComparison.OrdinalIgnoreCase)))
            {
                continue;
            }

            var url = attachment["url"] is JsonArray urls ? urls.Select(Reference).FirstOrDefault(u => u is not null) : Reference(attachment["url"]);
            if (url is null || !PostService.IsWebUrl(url))
            {
                continue;
            }

            var alt = Plain(Text(attachment["name"]) ?? Text(attachment["summary"]), PostLimits.AltMax) ?? "";
            // Pages show only our own re-encoded copies, never pointing readers' browsers elsewhere. A picture we could
            // not copy (its server was down, say) is still kept as its description and a link, so nothing is lost.
            if (await remoteMedia.GetLocalUrlAsync(url, ct) is not null && await media.FindByRemoteUrlAsync(url, ct) is { } cached)
            {
                images.Add(new PostImage(cached.Id, url, alt, cached.MediaType, cached.Width, cached.Height));
            }
            else if (mediaType is null || RasterTypes.Contains(mediaType))
            {
                images.Add(new PostImage(null, url, alt, mediaType ?? "", Size(attachment["width"]), Size(attachment["height"])));
            }
        }

        return images;
    }

    /// <summary>The picture types we re-encode; anything else (SVG, say) is not kept even as a link.</summary>
    private static readonly HashSet<string> RasterTypes = new(["image/jpeg", "image/png", "image/webp", "image/gif"], StringComparer.OrdinalIgnoreCase);

    private static int Size(JsonNode? node) =>
        node is JsonValue v && v.TryGetValue<int>(out var size) && size is > 0 and <= 100_000 ? size : 0;

    private static string? Text(JsonNode? node) =>
        node is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;

    /// <summary>A reference as a string, an object's <c>id</c> or a Link's <c>href</c>.</summary>
    private static string? Reference(JsonNode? node) => node switch
    {
        JsonObject o => Text(o["href"]) ?? Text(o["id"]),
        _ => Text(node),
    };

    private static IEnumerable<JsonObject> Objects(JsonNode? node) => node switch
    {
        JsonArray array => array.OfType<JsonObject>(),
        JsonObject one => [one],
        _ => [],
    };
}
