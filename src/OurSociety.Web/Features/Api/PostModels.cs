using System.ComponentModel;
using System.Text.Json.Serialization;
using OurSociety.Core;
using OurSociety.Core.Members;
using OurSociety.Core.Posts;
using OurSociety.Federation;
using OurSociety.Web.Features.Finding;
using OurSociety.Web.Hosting;
using OurSociety.Web.Posts;

namespace OurSociety.Web.Features.Api;

/// <summary>A picture to attach: upload it first (<c>POST /media</c>), then name it here with its description.</summary>
public sealed record ImageRequest(
    [property: Description("The id the upload answered with.")] Guid? MediaId,
    [property: Description("What the picture shows, for people who cannot see it. Required.")] string? Alt);

/// <summary>A story: what we did and what happened.</summary>
public sealed record StoryRequest(
    [property: Description("Required, up to 200 characters.")] string? Title,
    [property: Description("A short teaser in plain text, up to 500 characters.")] string? Summary,
    [property: Description("The story in Markdown, up to 100 000 characters. Required to publish.")] string? Body,
    [property: Description("Plain words without '#', up to 10.")] IReadOnlyList<string>? Topics,
    [property: Description("Where it happened.")] string? Locality,
    [property: Description("CC-BY-SA-4.0 (default), CC-BY-4.0, CC-BY-NC-SA-4.0, CC0-1.0 or all-rights-reserved.")] string? Licence,
    [property: Description("public (default), unlisted or followers.")] string? Visibility,
    [property: Description("True keeps it as a draft that only you see; false (default) publishes it.")] bool? Draft,
    [property: Description("Up to 4 pictures, each with a description.")] IReadOnlyList<ImageRequest>? Images,
    [property: Description(LanguageDescription.Text)] string? Language = null,
    [property: Description(LanguageDescription.ReplyPolicy)] string? ReplyPolicy = null)
{
    internal StoryInput ToInput() => new(Title, Summary, Body, Topics, Locality, Licence, Visibility, Draft ?? false,
        Images?.Select(i => new ImageInput(i.MediaId, i.Alt)).ToList())
    { Language = Language, ReplyPolicy = ReplyPolicy };
}

internal static class LanguageDescription
{
    public const string Text = "The language it is written in, as a language tag (en, cy, ar, pt-BR …). Default: yours; on an edit, the one it had.";

    public const string ReplyPolicy = "Who may reply without your approval: anyone, following (accounts you follow), mentioned (people it names) " +
                                      "or approval (everyone else waits for your approval). Default: your reply policy (PUT /me/reply-policy); " +
                                      "on an edit, the one it had. Mastodon ignores reply policies: it shows its users' replies to them.";
}

/// <summary>A lesson: what we learned, and what someone starting out should know.</summary>
public sealed record LessonRequest(
    [property: Description("The lesson in one line. Required, up to 200 characters.")] string? Title,
    [property: Description("The context: who, where, at what scale (Markdown).")] string? Situation,
    [property: Description("What was tried (Markdown).")] string? Tried,
    [property: Description("What happened (Markdown).")] string? Happened,
    [property: Description("What we learned (Markdown). Required to publish.")] string? Learned,
    [property: Description("Advice for someone just starting (Markdown).")] string? Advice,
    [property: Description("Plain words without '#', up to 10.")] IReadOnlyList<string>? Topics,
    [property: Description("Links to the stories (here or on other servers) this lesson was learned from.")] IReadOnlyList<string>? Sources,
    [property: Description("The link of the lesson (here or elsewhere) this one adapts.")] string? AdaptedFrom,
    [property: Description("CC-BY-SA-4.0 (default), CC-BY-4.0, CC-BY-NC-SA-4.0, CC0-1.0 or all-rights-reserved.")] string? Licence,
    [property: Description("public (default), unlisted or followers.")] string? Visibility,
    [property: Description("True keeps it as a draft; false (default) publishes it.")] bool? Draft,
    [property: Description(LanguageDescription.Text)] string? Language = null,
    [property: Description(LanguageDescription.ReplyPolicy)] string? ReplyPolicy = null)
{
    internal LessonInput ToInput() =>
        new(Title, Situation, Tried, Happened, Learned, Advice, Topics, Sources, AdaptedFrom, Licence, Visibility, Draft ?? false)
        { Language = Language, ReplyPolicy = ReplyPolicy };
}

/// <summary>"I tried this": what happened when you applied the lesson.</summary>
public sealed record TriedItRequest([property: Description("What happened when you tried it.")] string? Outcome);

public sealed record ReplyRequest(
    [property: Description("Your reply (Markdown), up to 20 000 characters.")] string? Body,
    [property: Description("Set it to report trying a lesson; shown apart from other replies.")] TriedItRequest? TriedIt,
    [property: Description("The language it is written in, as a language tag (en, cy, ar …). Default: yours.")] string? Language = null);

/// <summary>Why a moderator removes a post.</summary>
public sealed record RemoveRequest(
    [property: Description("Why it is removed, up to 500 characters. Required; kept with it for the hub's moderators.")] string? Reason);

public sealed record AuthorResponse(
    string Username,
    string DisplayName,
    [property: Description("The ActivityPub actor id.")] string ActorId,
    [property: Description("Their profile page.")] string Url);

public sealed record ImageResponse(
    [property: Description("The upload's id (to keep it when editing); null for a received picture.")] Guid? MediaId,
    [property: Description("The picture, served by this node.")] string Url,
    string Alt,
    string MediaType,
    int Width,
    int Height);

/// <summary>A story or a lesson; fields of the other kind are left out.</summary>
public sealed record PostResponse
{
    public required Guid Id { get; init; }

    [Description("story or lesson")]
    public required string Kind { get; init; }

    [Description("Its page on this node.")]
    public required string Url { get; init; }

    [Description("Its ActivityPub id (on its own server for received ones).")]
    public required string ApId { get; init; }

    [Description("Where to read the original (its own server's page).")]
    public required string OriginalUrl { get; init; }

    public required AuthorResponse Author { get; init; }

    public DateTimeOffset? Published { get; init; }

    public DateTimeOffset? Updated { get; init; }

    public required string Title { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Summary { get; init; }

    [Description("Markdown as written here; sanitised HTML for received stories.")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Body { get; init; }

    [Description("markdown or html: how the text fields are written.")]
    public required string Format { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Locality { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Situation { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Tried { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Happened { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Learned { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Advice { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? Sources { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? AdaptedFrom { get; init; }

    public required IReadOnlyList<string> Topics { get; init; }

    public required string Licence { get; init; }

    [Description("The language it is written in (a language tag); left out when not known.")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Language { get; init; }

    public required string Visibility { get; init; }

    [Description("Who may reply without the author's approval: anyone, following, mentioned or approval.")]
    public required string ReplyPolicy { get; init; }

    public required bool Draft { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<ImageResponse>? Images { get; init; }

    public required int Replies { get; init; }

    [Description("\"This helped me\", from everywhere.")]
    public required int Likes { get; init; }

    public required int Shares { get; init; }

    [Description("In search results only: the hub whose search found it (this one, or a linked hub with source=linked; " +
                 "a linked hub's results carry no text or pictures, and their links point at that hub).")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public OurSociety.Web.Features.Finding.FoundOnResponse? FoundOn { get; init; }
    [Description("The hub it came through (its audience), or null: our own posts, and posts from elsewhere that name no hub. " +
                 "A Group that only shared it does not count.")]
    public HubResponse? Hub { get; init; }
}

[Description("The hub a story or lesson from elsewhere came through (its FEP-1b12 audience).")]
public sealed record HubResponse(
    [property: Description("The hub's ActivityPub actor id (a Group); filter the network timeline with ?hub= and this value.")] string ActorId,
    [property: Description("Its name, as its actor says; null while this node has not fetched that actor.")] string? Name,
    [property: Description("Its locality (the name of its AS2 location), plain text; null when it names none or is not known yet.")] string? Locality);

public sealed record TriedItResponse(string Outcome);

public sealed record ReplyResponse(
    Guid Id,
    string Url,
    string ApId,
    AuthorResponse Author,
    DateTimeOffset? Published,
    [property: Description("Markdown as written here; sanitised HTML for received replies.")] string Body,
    string Format,
    [property: Description("The post it answers (its id here).")] Guid? InReplyTo,
    [property: Description("Set for \"I tried this\" reports.")] TriedItResponse? TriedIt,
    [property: Description("Hidden by the author of the post it answers.")] bool Hidden,
    [property: Description("The language it is written in (a language tag); null when not known.")] string? Language = null,
    [property: Description("shown, or pending: held for the approval of the author of the post it answers (only they and its author see it).")] string State = "shown");

internal static class PostResponses
{
    public static async Task<PostResponse> StoryOrLessonAsync(Post post, PostAuthors authors, string origin, CancellationToken ct)
    {
        var author = await authors.OfAsync(post, ct);
        var lesson = post.Kind == PostKind.Lesson;
        return new PostResponse
        {
            Id = post.Id,
            Kind = PostKinds.Name(post.Kind),
            Url = PostUrls.Page(origin, post),
            ApId = PostUrls.ApId(origin, post),
            OriginalUrl = PostUrls.Original(origin, post),
            Author = Author(author),
            Published = post.PublishedAt,
            Updated = post.UpdatedAt,
            Title = post.Title ?? "",
            Summary = lesson ? null : post.Summary,
            Body = lesson ? null : post.Body ?? "",
            Format = post.Format == TextFormat.Html ? "html" : "markdown",
            Locality = post.Locality,
            Situation = post.Situation,
            Tried = post.Tried,
            Happened = post.Happened,
            Learned = post.Learned,
            Advice = post.Advice,
            Sources = lesson ? post.Sources : null,
            AdaptedFrom = post.AdaptedFrom,
            Topics = post.Topics,
            Licence = post.Licence,
            Language = post.Language,
            Visibility = Visibilities.Name(post.Visibility),
            ReplyPolicy = ReplyPolicies.Name(post.ReplyPolicy),
            Draft = post.Draft,
            Images = lesson ? null : [.. post.Images.Select(i => Image(i, origin))],
            Replies = post.ReplyCount,
            Likes = post.LikeCount,
            Shares = post.ShareCount,
            Hub = await authors.HubAsync(post, ct) is { } hub ? new HubResponse(hub.ActorId, hub.Name, hub.Locality) : null,
        };
    }

    public static async Task<ReplyResponse> ReplyAsync(Post reply, PostAuthors authors, string origin, CancellationToken ct) => new(
        reply.Id,
        PostUrls.Page(origin, reply),
        PostUrls.ApId(origin, reply),
        Author(await authors.OfAsync(reply, ct)),
        reply.PublishedAt,
        reply.Body ?? "",
        reply.Format == TextFormat.Html ? "html" : "markdown",
        reply.ParentId,
        reply.TriedOutcome is { } outcome ? new TriedItResponse(outcome) : null,
        reply.Hidden,
        reply.Language,
        ReplyPolicies.StateName(reply.ReplyState));

    public static AuthorResponse Author(PostAuthor author) => new(author.Username, author.DisplayName, author.ActorId, author.Url);

    /// <summary>A received picture not (yet) cached here keeps its own address; the API is not a browser to protect.</summary>
    private static ImageResponse Image(PostImage image, string origin) => new(
        image.RemoteUrl is null ? image.MediaId : null,
        image.MediaId is { } id ? PostUrls.Media(origin, id) : image.RemoteUrl ?? "", image.Alt, image.MediaType, image.Width, image.Height);
}
