namespace OurSociety.Core.Posts;

public enum PostKind
{
    Story,
    Lesson,
    Reply,
}

public enum Visibility
{
    /// <summary>On every timeline and page, and sent to the public collection.</summary>
    Public,

    /// <summary>Anyone with the link may read it, but it stays off timelines, topic pages and search.</summary>
    Unlisted,

    /// <summary>Only the author's followers (and, here, the author).</summary>
    Followers,

    /// <summary>Received replies addressed to named people only; never shown beyond them.</summary>
    Direct,
}

/// <summary>
/// How the text fields are stored: Markdown as the member wrote it here, or HTML received from another server (already
/// sanitised on the way in, and sanitised again when shown).
/// </summary>
public enum TextFormat
{
    Markdown,
    Html,
}

/// <summary>
/// Why and by whom the hub's moderators removed a post (local or received). A removed post is deleted as well: its
/// content is gone, its address answers 410, and pages say the moderators removed it rather than its author.
/// </summary>
/// <param name="By">The moderator or admin here (null once their account is gone).</param>
public sealed record PostRemoval(Guid? By, string Reason, DateTimeOffset At);

/// <summary>An attached picture: an upload here (<see cref="MediaId"/>) or a received one (<see cref="RemoteUrl"/>).</summary>
public sealed record PostImage(Guid? MediaId, string? RemoteUrl, string Alt, string MediaType, int Width, int Height);

/// <summary>
/// A story, a lesson or a reply, written here (<see cref="AuthorId"/>) or received (<see cref="RemoteAuthor"/>).
/// One record for the three: they share authorship, addressing, topics, reactions, timelines and search.
/// </summary>
public sealed record Post
{
    public required Guid Id { get; init; }

    public required PostKind Kind { get; init; }

    /// <summary>The member who wrote it here; null when received.</summary>
    public Guid? AuthorId { get; init; }

    /// <summary>The author's actor IRI when received from another server.</summary>
    public string? RemoteAuthor { get; init; }

    /// <summary>The ActivityPub id of a received post (ours are derived from kind and id).</summary>
    public string? ApId { get; init; }

    /// <summary>The web page of a received post on its own server ("view original").</summary>
    public string? Url { get; init; }

    public Guid? ParentId { get; init; }

    public Guid? RootId { get; init; }

    public TextFormat Format { get; init; } = TextFormat.Markdown;

    public string? Title { get; init; }

    public string? Summary { get; init; }

    public string? Body { get; init; }

    public string? Locality { get; init; }

    public string? Situation { get; init; }

    public string? Tried { get; init; }

    public string? Happened { get; init; }

    public string? Learned { get; init; }

    public string? Advice { get; init; }

    public string? AdaptedFrom { get; init; }

    public string? TriedOutcome { get; init; }

    public string Licence { get; init; } = Licences.Default;

    /// <summary>The language it is written in (a BCP 47 tag, <see cref="PostLanguages"/>); null when not known (older posts, or received without one).</summary>
    public string? Language { get; init; }

    /// <summary>Set when the hub's moderators removed it; it is deleted too (<see cref="DeletedAt"/>).</summary>
    public PostRemoval? Removal { get; init; }

    public Visibility Visibility { get; init; } = Visibility.Public;

    public bool Draft { get; init; }

    public bool Hidden { get; init; }

    /// <summary>A story's or lesson's rule for who may reply without approval (replies follow their thread root's).</summary>
    public ReplyPolicy ReplyPolicy { get; init; } = ReplyPolicy.Anyone;

    /// <summary>A reply's standing with its thread's policy: shown, held for approval, or declined.</summary>
    public ReplyState ReplyState { get; init; } = ReplyState.Shown;

    /// <summary>For a received reply that came as a GoToSocial <c>ReplyRequest</c>: that request's id, which our Accept or Reject names.</summary>
    public string? ReplyRequestId { get; init; }

    /// <summary>
    /// The hub a received post was posted to or belongs to: its FEP-1b12 <c>audience</c> (a Group's id), or null (our own
    /// posts, replies, and posts that name none). Shown on <c>/network</c>; a linked hub's reshare takes only posts
    /// whose hub is that hub (issue 14).
    /// </summary>
    public string? Hub { get; init; }

    public IReadOnlyList<string> Topics { get; init; } = [];

    public IReadOnlyList<PostImage> Images { get; init; } = [];

    public IReadOnlyList<string> Sources { get; init; } = [];

    public required DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset? PublishedAt { get; init; }

    public DateTimeOffset? UpdatedAt { get; init; }

    public DateTimeOffset? DeletedAt { get; init; }

    /// <summary>
    /// Who it names, filled when read: for a post written here, the <c>@user@host</c> handles in its text as the work
    /// queue looked them up (pages link them without asking the network; empty until looked up); for a received post,
    /// the members here its <c>Mention</c> tags name (its HTML has its own links), who may read it (<see cref="PostAccess"/>).
    /// </summary>
    public IReadOnlyList<Mention> Mentioned { get; init; } = [];

    /// <summary>Counts, filled when read: replies (not hidden), likes and shares from everywhere.</summary>
    public int ReplyCount { get; init; }

    public int LikeCount { get; init; }

    public int ShareCount { get; init; }

    public bool IsLocal => AuthorId is not null;

    public bool IsDeleted => DeletedAt is not null;

    /// <summary>Deleted by the hub's moderators rather than by its author.</summary>
    public bool IsRemoved => Removal is not null;

    /// <summary>Listed on timelines, topic pages, feeds and search (and boosted by the hub).</summary>
    public bool IsListed => !Draft && !IsDeleted && Visibility == Visibility.Public;
}

public static class PostKinds
{
    public static string Name(PostKind kind) => kind switch
    {
        PostKind.Story => "story",
        PostKind.Lesson => "lesson",
        _ => "reply",
    };

    public static PostKind Parse(string name) => name switch
    {
        "story" => PostKind.Story,
        "lesson" => PostKind.Lesson,
        _ => PostKind.Reply,
    };
}

public static class Visibilities
{
    public static string Name(Visibility visibility) => visibility switch
    {
        Visibility.Public => "public",
        Visibility.Unlisted => "unlisted",
        Visibility.Followers => "followers",
        _ => "direct",
    };

    public static bool TryParse(string? name, out Visibility visibility)
    {
        visibility = name switch
        {
            "public" => Visibility.Public,
            "unlisted" => Visibility.Unlisted,
            "followers" => Visibility.Followers,
            "direct" => Visibility.Direct,
            _ => (Visibility)(-1),
        };
        return visibility >= 0;
    }
}

/// <summary>The licences a member may choose; SPDX ids, plus "all rights reserved".</summary>
public static class Licences
{
    public const string Default = "CC-BY-SA-4.0";
    public const string AllRightsReserved = "all-rights-reserved";

    public static readonly IReadOnlyList<Licence> All =
    [
        new(Default, "Creative Commons Attribution-ShareAlike 4.0", "https://creativecommons.org/licenses/by-sa/4.0/"),
        new("CC-BY-4.0", "Creative Commons Attribution 4.0", "https://creativecommons.org/licenses/by/4.0/"),
        new("CC-BY-NC-SA-4.0", "Creative Commons Attribution-NonCommercial-ShareAlike 4.0", "https://creativecommons.org/licenses/by-nc-sa/4.0/"),
        new("CC0-1.0", "No rights reserved (CC0 1.0)", "https://creativecommons.org/publicdomain/zero/1.0/"),
        new(AllRightsReserved, "All rights reserved", null),
    ];

    public static Licence? Find(string? id) => All.FirstOrDefault(l => string.Equals(l.Id, id, StringComparison.OrdinalIgnoreCase));

    /// <summary>A licence named by its URL (as other servers send it), or by id.</summary>
    public static Licence? FindByUrlOrId(string? value) =>
        value is null ? null : All.FirstOrDefault(l => l.Url is not null && UrlEquals(l.Url, value)) ?? Find(value);

    private static bool UrlEquals(string a, string b) =>
        string.Equals(a.TrimEnd('/'), b.TrimEnd('/').Replace("http://", "https://", StringComparison.Ordinal), StringComparison.OrdinalIgnoreCase);
}

public sealed record Licence(string Id, string Name, string? Url);
