using System.Globalization;
using Microsoft.Extensions.Primitives;
using OurSociety.Core;
using OurSociety.Core.Posts;
using OurSociety.Web.Features.Finding;

namespace OurSociety.Web.Features.Posts;

// Form fields arrive as text and are checked by the domain, so a mistyped value gets a sentence, not a binding error.

/// <summary>What the buttons of a story or lesson form ask for.</summary>
internal enum FormAction
{
    Preview,
    Draft,
    Publish,
}

/// <summary>
/// One picture place of the story form: a picture kept from an earlier try or from the saved story (its media id
/// travels in a hidden field, so nobody uploads twice on a slow connection), or a newly chosen file, with its words.
/// </summary>
public sealed record ImageSlot(int Slot, Guid? MediaId, string? Alt, IFormFile? File = null);

/// <summary>The story form as sent (or as the saved story fills it).</summary>
public sealed record StoryFields(
    string? Title,
    string? Summary,
    string? Body,
    string? Topics,
    string? Locality,
    string? Licence,
    string? Visibility,
    IReadOnlyList<ImageSlot> Images)
{
    public static StoryFields Empty { get; } = new(null, null, null, null, null, Licences.Default, Visibilities.Name(Core.Posts.Visibility.Public), []);

    /// <summary>The language of the post (a tag); none: the form's default (<see cref="PostLanguage.FormDefault"/>).</summary>
    public string? Language { get; init; }

    /// <summary>Who may reply without approval (<see cref="ReplyPolicies"/>); none: the author's default.</summary>
    public string? ReplyPolicy { get; init; }

    public static StoryFields From(Post post) => new(
        post.Title, post.Summary, post.Body, string.Join(' ', post.Topics), post.Locality, post.Licence, Visibilities.Name(post.Visibility),
        post.Images.Select((image, i) => new ImageSlot(i, image.MediaId, image.Alt)).ToList())
    { Language = post.Language, ReplyPolicy = ReplyPolicies.Name(post.ReplyPolicy) };

    /// <summary>
    /// Reads the text fields and every picture place (<c>image{n}-id</c>, <c>-alt</c>, <c>-file</c>, <c>-remove</c>);
    /// places that hold nothing, or that the person asked to remove, are left out.
    /// </summary>
    public static StoryFields Read(IFormCollection form)
    {
        var slots = new SortedDictionary<int, ImageSlot>();
        foreach (var key in form.Keys.Concat(form.Files.Select(f => f.Name)))
        {
            if (SlotOf(key) is not { } slot || slots.ContainsKey(slot))
            {
                continue;
            }

            var prefix = $"image{slot.ToString(CultureInfo.InvariantCulture)}-";
            if (Value(form, prefix + "remove") is not null)
            {
                continue;
            }

            var file = form.Files.GetFile(prefix + "file") is { Length: > 0 } chosen ? chosen : null;
            var kept = Guid.TryParse(Value(form, prefix + "id"), out var id) ? id : (Guid?)null;
            if (file is null && kept is null)
            {
                continue;
            }

            slots[slot] = new ImageSlot(slot, file is null ? kept : null, Value(form, prefix + "alt"), file);
        }

        return new StoryFields(
            Value(form, "title"), Value(form, "summary"), Value(form, "body"), Value(form, "topics"), Value(form, "locality"),
            Value(form, "licence"), Value(form, "visibility"), [.. slots.Values])
        { Language = Value(form, "language"), ReplyPolicy = Value(form, "replyPolicy") };
    }

    public StoryInput ToInput(bool draft) => new(
        Title, Summary, Body, TopicList(Topics), Locality, Licence, Visibility, draft,
        Images.Select(i => new ImageInput(i.MediaId, i.Alt)).ToList())
    { Language = Language, ReplyPolicy = ReplyPolicy };

    public ImageSlot? InSlot(int slot) => Images.FirstOrDefault(i => i.Slot == slot);

    /// <summary>Slot numbers are small: a form has <see cref="PostLimits.ImagesMax"/> places; a made-up request may claim a few more.</summary>
    private static int? SlotOf(string key) =>
        key.StartsWith("image", StringComparison.Ordinal) && key.IndexOf('-', StringComparison.Ordinal) is var dash and > 5 and <= 7
        && int.TryParse(key.AsSpan(5, dash - 5), NumberStyles.None, CultureInfo.InvariantCulture, out var slot) ? slot : null;

    internal static string? Value(IFormCollection form, string key) => form.TryGetValue(key, out var value) && !StringValues.IsNullOrEmpty(value) ? value.ToString() : null;

    /// <summary>Topics as people type them: words separated by spaces or commas, with or without '#'.</summary>
    public static IReadOnlyList<string> TopicList(string? topics) =>
        (topics ?? "").Split([' ', ',', '\n', '\r', '\t', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}

/// <summary>The lesson form as sent (or as the saved lesson fills it).</summary>
public sealed record LessonFields(
    string? Title,
    string? Situation,
    string? Tried,
    string? Happened,
    string? Learned,
    string? Advice,
    string? Topics,
    string? Sources,
    IReadOnlyList<string> SourceStories,
    string? AdaptedFrom,
    string? Licence,
    string? Visibility)
{
    public static LessonFields Empty { get; } = new(null, null, null, null, null, null, null, null, [], null, Licences.Default, Visibilities.Name(Core.Posts.Visibility.Public));

    /// <summary>The language of the post (a tag); none: the form's default (<see cref="PostLanguage.FormDefault"/>).</summary>
    public string? Language { get; init; }

    /// <summary>Who may reply without approval (<see cref="ReplyPolicies"/>); none: the author's default.</summary>
    public string? ReplyPolicy { get; init; }

    /// <summary>Sources that are among the offered stories are ticked; the rest go in the text box, one a line.</summary>
    public static LessonFields From(Post post, IReadOnlyCollection<string> offered) => new(
        post.Title, post.Situation, post.Tried, post.Happened, post.Learned, post.Advice, string.Join(' ', post.Topics),
        string.Join('\n', post.Sources.Where(s => !offered.Contains(s))), post.Sources.Where(offered.Contains).ToList(),
        post.AdaptedFrom, post.Licence, Visibilities.Name(post.Visibility))
    { Language = post.Language, ReplyPolicy = ReplyPolicies.Name(post.ReplyPolicy) };

    public static LessonFields Read(IFormCollection form) => new(
        StoryFields.Value(form, "title"), StoryFields.Value(form, "situation"), StoryFields.Value(form, "tried"),
        StoryFields.Value(form, "happened"), StoryFields.Value(form, "learned"), StoryFields.Value(form, "advice"),
        StoryFields.Value(form, "topics"), StoryFields.Value(form, "sources"),
        form.TryGetValue("sourceStory", out var ticked) ? ticked.Where(v => !string.IsNullOrWhiteSpace(v)).Select(v => v!).Distinct(StringComparer.Ordinal).ToList() : [],
        StoryFields.Value(form, "adaptedFrom"), StoryFields.Value(form, "licence"), StoryFields.Value(form, "visibility"))
    { Language = StoryFields.Value(form, "language"), ReplyPolicy = StoryFields.Value(form, "replyPolicy") };

    public LessonInput ToInput(bool draft) => new(
        Title, Situation, Tried, Happened, Learned, Advice, StoryFields.TopicList(Topics),
        [.. SourceStories, .. (Sources ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)],
        AdaptedFrom, Licence, Visibility, draft)
    { Language = Language, ReplyPolicy = ReplyPolicy };
}

/// <summary>A story of the author's own that a lesson may name as a source.</summary>
public sealed record OwnStory(string Url, string Title);

/// <summary>The reply form: text, and on lessons "I tried this" with what happened.</summary>
internal sealed class ReplyForm
{
    public string? Body { get; set; }

    /// <summary>The "I tried this" box: sent as "true" when ticked, not at all otherwise.</summary>
    public string? TriedIt { get; set; }

    public string? Outcome { get; set; }

    /// <summary>The language of the reply (a tag); none: the author's.</summary>
    public string? Language { get; set; }

    public bool IsTried => TriedIt is not null;
}

/// <summary>The moderators' removal form: why it is removed.</summary>
internal sealed class RemoveForm
{
    public string? Reason { get; set; }
}
