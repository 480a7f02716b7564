namespace OurSociety.Core.Posts;

/// <summary>An image to attach: an upload (by its media id) and its description for people who cannot see it.</summary>
public sealed record ImageInput(Guid? MediaId, string? Alt);

/// <summary>A story as the API and the form send it (field names are the API's).</summary>
public sealed record StoryInput(
    string? Title,
    string? Summary,
    string? Body,
    IReadOnlyList<string>? Topics,
    string? Locality,
    string? Licence,
    string? Visibility,
    bool Draft,
    IReadOnlyList<ImageInput>? Images)
{
    /// <summary>A BCP 47 tag; none: the author's language (<see cref="PostLanguages.DefaultFor"/>), or on an edit the one it had.</summary>
    public string? Language { get; init; }

    /// <summary><see cref="ReplyPolicies"/> name; none: the author's default, or on an edit the one it had.</summary>
    public string? ReplyPolicy { get; init; }
}

/// <summary>A lesson as the API and the form send it; <see cref="Sources"/> and <see cref="AdaptedFrom"/> are URLs.</summary>
public sealed record LessonInput(
    string? Title,
    string? Situation,
    string? Tried,
    string? Happened,
    string? Learned,
    string? Advice,
    IReadOnlyList<string>? Topics,
    IReadOnlyList<string>? Sources,
    string? AdaptedFrom,
    string? Licence,
    string? Visibility,
    bool Draft)
{
    /// <summary>A BCP 47 tag; none: the author's language, or on an edit the one it had.</summary>
    public string? Language { get; init; }

    /// <summary><see cref="ReplyPolicies"/> name; none: the author's default, or on an edit the one it had.</summary>
    public string? ReplyPolicy { get; init; }
}

/// <summary>A reply; with <see cref="TriedOutcome"/> it is "I tried this" and reports what happened.</summary>
public sealed record ReplyInput(string? Body, string? TriedOutcome)
{
    /// <summary>A BCP 47 tag; none: the author's language.</summary>
    public string? Language { get; init; }
}

public static class PostLimits
{
    public const int TitleMax = 200;
    public const int SummaryMax = 500;
    public const int BodyMax = 100_000;
    /// <summary>Each lesson field; INTEROP §8.2 keeps the federated plain-text fields within 5 000.</summary>
    public const int LessonFieldMax = 5_000;
    public const int ReplyMax = 20_000;
    public const int LocalityMax = 100;
    public const int TopicsMax = 10;
    public const int TopicMax = 50;
    public const int ImagesMax = 4;
    public const int AltMax = 1_500;
    public const int SourcesMax = 10;
    public const int UrlMax = 2_000;
    /// <summary>A moderator's reason for removing a post: a sentence or two, kept with it.</summary>
    public const int RemovalReasonMax = 500;
}
