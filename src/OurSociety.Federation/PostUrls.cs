using OurSociety.Core.Posts;

namespace OurSociety.Federation;

/// <summary>
/// Addresses of posts on this node. A post written here has one address for people (HTML) and for servers (its
/// ActivityPub id, by content negotiation), so links shared anywhere work for both. They never change (FEDERATION.md).
/// Received posts are shown here at the same kind of address, with their own id as <c>apId</c>.
/// </summary>
public static class PostUrls
{
    public static string Segment(PostKind kind) => kind switch
    {
        PostKind.Story => "stories",
        PostKind.Lesson => "lessons",
        _ => "replies",
    };

    /// <summary>Our page for a post (local or received).</summary>
    public static string Page(string origin, Post post) => Page(origin, post.Kind, post.Id);

    public static string Page(string origin, PostKind kind, Guid id) => $"{origin}/{Segment(kind)}/{id:D}";

    /// <summary>The ActivityPub id: ours for local posts, theirs for received ones.</summary>
    public static string ApId(string origin, Post post) => post.ApId ?? Page(origin, post);

    /// <summary>Where people read the original: its own server's page for received posts, ours otherwise.</summary>
    public static string Original(string origin, Post post) => post.IsLocal ? Page(origin, post) : post.Url ?? post.ApId ?? Page(origin, post);

    public static string Media(string origin, Guid mediaId) => $"{origin}/media/{mediaId:D}";

    /// <summary>A topic's page; also the <c>href</c> of its Hashtag tag in ActivityPub, so both lead to the same place.</summary>
    public static string Topic(string origin, string topic) => $"{origin}/tags/{Uri.EscapeDataString(topic)}";

    /// <summary>The id (a Guid) in one of our post addresses, with its kind; false for anything else.</summary>
    public static bool TryParseLocal(string origin, string url, out PostKind kind, out Guid id)
    {
        kind = PostKind.Story;
        id = Guid.Empty;
        if (!url.StartsWith(origin + "/", StringComparison.Ordinal))
        {
            return false;
        }

        var parts = url[(origin.Length + 1)..].Split('/');
        if (parts.Length != 2 || !Guid.TryParse(parts[1], out id))
        {
            return false;
        }

        (var known, kind) = parts[0] switch
        {
            "stories" => (true, PostKind.Story),
            "lessons" => (true, PostKind.Lesson),
            "replies" => (true, PostKind.Reply),
            _ => (false, PostKind.Story),
        };
        return known;
    }
}
