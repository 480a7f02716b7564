using System.Globalization;
using System.Text.Json.Nodes;
using OurSociety.ActivityPub.Vocabulary;

namespace OurSociety.ActivityPub.Tests.Vocabulary;

/// <summary>
/// Each builder, fed with the values of an example of ours (federation-specs/examples/oursociety/), produces that
/// example exactly: same values, same property order (the serialised text is compared, not only the tree).
/// </summary>
public sealed class ActivitiesTests
{
    private static readonly string Root = Path.Combine(AppContext.BaseDirectory, "golden");

    private static JsonObject Example(string name) => JsonNode.Parse(File.ReadAllText(Path.Combine(Root, name)))!.AsObject();

    /// <summary>A string at a dotted path of the example (the first entry of an array).</summary>
    private static string S(JsonObject example, string dottedPath)
    {
        JsonNode? node = example;
        foreach (var part in dottedPath.Split('.'))
        {
            node = node![part];
        }

        return node is JsonArray array ? array[0]!.GetValue<string>() : node!.GetValue<string>();
    }

    private static string[] Strings(JsonObject example, string property) =>
        [.. example[property]!.AsArray().Select(n => n!.GetValue<string>())];

    private static DateTimeOffset Time(JsonObject example, string dottedPath) =>
        DateTimeOffset.Parse(S(example, dottedPath), CultureInfo.InvariantCulture);

    /// <summary>The embedded object of an example, given back the example's <c>@context</c> as the object we serve has it.</summary>
    private static JsonObject ObjectWithContext(JsonObject example)
    {
        var obj = example["object"]!.DeepClone().AsObject();
        var withContext = new JsonObject { ["@context"] = example["@context"]!.DeepClone() };
        foreach (var (key, value) in obj)
        {
            withContext[key] = value?.DeepClone();
        }

        return withContext;
    }

    private static void AssertSame(JsonObject expected, JsonObject actual)
    {
        Assert.True(JsonNode.DeepEquals(expected, actual), actual.ToJsonString());
        Assert.Equal(expected.ToJsonString(), actual.ToJsonString());
    }

    private static readonly string[] ActivityExamples =
    [
        "follow.json", "accept.json", "reject.json", "block.json", "undo-follow.json", "undo-block.json", "like.json",
        "undo-like.json", "announce-hub.json", "announce-share.json", "undo-announce.json", "create-story.json",
        "update-group.json", "update-lesson.json", "update-person.json", "delete-person.json", "delete-story.json",
        "introduction-offer.json", "introduction-accept.json", "introduction-reject.json", "introduction-undo-accept.json",
        "introduction-update-accepted.json", "introduction-update-not-going-ahead.json", "introduction-ask-note.json",
        "introduction-made-note.json", "create-offer.json", "create-need-mention.json", "update-need-closed.json", "delete-need.json", "announce-hub-need.json",
        "flag.json", "reply-accept.json", "reply-reject.json",
        "hub-link-request.json", "hub-link-decline.json", "hub-link-reshare.json",
        "announce-hub-submission.json", "announce-hub-submission-create.json", "hub-submission-create.json",
        "introduction-offer-hub.json", "introduction-accept-hub.json",
    ];

    public static TheoryData<string> Examples() => [.. ActivityExamples];

    [Theory]
    [MemberData(nameof(Examples))]
    public void Builder_FedWithTheExamplesValues_ProducesTheExample(string name)
    {
        var e = Example(name);
        JsonObject built = name switch
        {
            "follow.json" => Activities.Follow(S(e, "id"), S(e, "actor"), S(e, "object")),
            "accept.json" => Activities.AcceptFollow(S(e, "id"), S(e, "actor"), S(e, "object.actor"), S(e, "object.id")),
            "reject.json" => Activities.RejectFollow(S(e, "id"), S(e, "actor"), S(e, "object.actor"), S(e, "object.id")),
            "block.json" => Activities.Block(S(e, "id"), S(e, "actor"), S(e, "object")),
            "undo-follow.json" => Activities.Undo(S(e, "id"), S(e, "actor"),
                Activities.Follow(S(e, "object.id"), S(e, "object.actor"), S(e, "object.object")), [S(e, "to")]),
            "undo-block.json" => Activities.Undo(S(e, "id"), S(e, "actor"),
                Activities.Block(S(e, "object.id"), S(e, "object.actor"), S(e, "object.object")), [S(e, "to")]),
            "like.json" => Activities.Like(S(e, "id"), S(e, "actor"), S(e, "object"), Strings(e, "to")),
            "undo-like.json" => Activities.Undo(S(e, "id"), S(e, "actor"),
                Activities.Like(S(e, "object.id"), S(e, "object.actor"), S(e, "object.object"), Strings(e["object"]!.AsObject(), "to"))),
            "announce-hub.json" or "announce-share.json" or "announce-hub-need.json" or "hub-link-reshare.json" or "announce-hub-submission.json" =>
                Activities.Announce(S(e, "id"), S(e, "actor"), S(e, "object"), Time(e, "published"), Strings(e, "to"), Strings(e, "cc")),
            "undo-announce.json" => Activities.Undo(S(e, "id"), S(e, "actor"), Activities.Announce(
                S(e, "object.id"), S(e, "object.actor"), S(e, "object.object"), Time(e, "object.published"),
                Strings(e["object"]!.AsObject(), "to"), Strings(e["object"]!.AsObject(), "cc"))),
            // FEP-1b12's wrapped form: the Create the hub received, passed on whole (federation-specs/hub-submissions.md).
            "announce-hub-submission-create.json" => Activities.AnnounceActivity(S(e, "id"), S(e, "actor"), e["object"]!.AsObject(),
                Time(e, "published"), Strings(e, "to"), Strings(e, "cc")),
            "create-story.json" or "create-offer.json" or "create-need-mention.json" or "hub-submission-create.json" => Activities.Create(S(e, "id"), S(e, "actor"), ObjectWithContext(e), Time(e, "published")),
            "update-lesson.json" or "update-need-closed.json" => Activities.Update(S(e, "id"), S(e, "actor"), ObjectWithContext(e), Time(e, "published")),
            "update-person.json" or "update-group.json" => Activities.UpdateActor(S(e, "id"), ObjectWithContext(e), Strings(e, "to"), Strings(e, "cc")),
            "delete-person.json" => Activities.Delete(S(e, "id"), S(e, "actor"), S(e, "object"), Strings(e, "to")),
            "delete-story.json" => Activities.Delete(S(e, "id"), S(e, "actor"), Example("tombstone.json"), Strings(e, "to"), Strings(e, "cc")),
            "delete-need.json" => Activities.Delete(S(e, "id"), S(e, "actor"), e["object"]!.DeepClone().AsObject(), Strings(e, "to"), Strings(e, "cc")),
            "introduction-offer.json" or "introduction-offer-hub.json" => Activities.Offer(S(e, "id"), S(e, "actor"), ObjectWithContext(e), S(e, "target"), Strings(e, "to"),
                Time(e, "published"), S(e, "summary"), S(e, "content")),
            "introduction-accept.json" or "introduction-accept-hub.json" => Activities.Accept(S(e, "id"), S(e, "actor"), S(e, "object"), Strings(e, "to")),
            "introduction-reject.json" => Activities.Reject(S(e, "id"), S(e, "actor"), S(e, "object"), Strings(e, "to")),
            "introduction-undo-accept.json" => Activities.Undo(S(e, "id"), S(e, "actor"),
                Activities.Accept(S(e, "object.id"), S(e, "object.actor"), S(e, "object.object"), Strings(e["object"]!.AsObject(), "to")), Strings(e, "to")),
            "introduction-update-accepted.json" or "introduction-update-not-going-ahead.json" =>
                Activities.Update(S(e, "id"), S(e, "actor"), ObjectWithContext(e), Time(e, "published")),
            "introduction-ask-note.json" or "introduction-made-note.json" =>
                Activities.Create(S(e, "id"), S(e, "actor"), ObjectWithContext(e), Time(e, "published")),
            "flag.json" => Activities.Flag(S(e, "id"), S(e, "actor"), Strings(e, "object"), S(e, "content")),
            "reply-accept.json" => InteractionControls.Accept(S(e, "id"), S(e, "actor"), Strings(e, "to")[0], S(e, "object"), S(e, "target"), S(e, "result")),
            "reply-reject.json" => InteractionControls.Reject(S(e, "id"), S(e, "actor"), Strings(e, "to")[0], S(e, "object"), S(e, "target")),
            // Hub links (federation-specs/hub-links.md): the library's Follow and Reject, plus our term (not a protocol word) and its context.
            "hub-link-request.json" => OurTerm(Activities.Follow(S(e, "id"), S(e, "actor"), S(e, "object")), e, "content", "linkRequest"),
            "hub-link-decline.json" => OurTerm(Activities.RejectFollow(S(e, "id"), S(e, "actor"), S(e, "object.actor"), S(e, "object.id")), e, "linkRequest"),
            _ => throw new ArgumentOutOfRangeException(nameof(name), name, "no builder for this example"),
        };

        AssertSame(e, built);
    }

    /// <summary>The built activity with the example's context and these properties of ours (added by the caller, not the library).</summary>
    private static JsonObject OurTerm(JsonObject built, JsonObject example, params string[] names)
    {
        built["@context"] = example["@context"]!.DeepClone();
        foreach (var name in names)
        {
            built[name] = example[name]!.DeepClone();
        }

        return built;
    }

    [Fact]
    public void EveryActivityExampleOfOurs_HasABuilderTest()
    {
        var activityTypes = typeof(ActivityTypes).GetFields().Select(f => (string)f.GetRawConstantValue()!).ToHashSet();
        var activities = Directory.EnumerateFiles(Root, "*.json")
            .Where(f => Example(Path.GetFileName(f))["type"] is JsonValue v && activityTypes.Contains(v.GetValue<string>()))
            .Select(Path.GetFileName)
            .Order(StringComparer.Ordinal);

        Assert.Equal(ActivityExamples.Order(StringComparer.Ordinal), activities);
    }

    [Fact]
    public void Create_ObjectWithoutContextOrAddressing_TakesTheGivenContext_AndEmptyAddressing()
    {
        JsonArray context = [ActivityStreams.Context, new JsonObject { ["os"] = "https://example.org/ns#" }];
        var note = new JsonObject { ["id"] = "https://a.example/notes/1", ["type"] = "Note", ["content"] = "hi" };

        var first = Activities.Create("https://a.example/activities/1", "https://a.example/users/u", note, Instant, context);
        var second = Activities.Create("https://a.example/activities/2", "https://a.example/users/u", note, Instant, context);

        Assert.Equal(
            """{"@context":["https://www.w3.org/ns/activitystreams",{"os":"https://example.org/ns#"}],"id":"https://a.example/activities/1","type":"Create","actor":"https://a.example/users/u","published":"2026-11-28T10:00:00Z","to":[],"cc":[],"object":{"id":"https://a.example/notes/1","type":"Note","content":"hi"}}""",
            first.ToJsonString());
        Assert.True(JsonNode.DeepEquals(first["@context"], second["@context"]));   // one context node serves many calls
        Assert.Null(context.Parent);
    }

    [Fact]
    public void Create_NoContextAnywhere_UsesTheActivityStreamsContext()
    {
        var note = new JsonObject { ["id"] = "https://a.example/notes/1", ["type"] = "Note" };

        var create = Activities.Create("https://a.example/activities/1", "https://a.example/users/u", note, Instant);

        Assert.Equal(ActivityStreams.Context, (string?)create["@context"]);
    }

    [Fact]
    public void Create_ObjectsOwnContext_WinsOverTheGivenOne()
    {
        var note = new JsonObject { ["@context"] = "https://example.org/own", ["id"] = "https://a.example/notes/1", ["type"] = "Note" };

        var update = Activities.Update("https://a.example/activities/1", "https://a.example/users/u", note, Instant, "https://example.org/other");

        Assert.Equal("https://example.org/own", (string?)update["@context"]);
        Assert.Null(update["object"]!["@context"]);
    }

    [Fact]
    public void Builders_NeverChangeWhatTheyAreGiven()
    {
        var note = new JsonObject
        {
            ["@context"] = ActivityStreams.Context,
            ["id"] = "https://a.example/notes/1",
            ["type"] = "Note",
            ["to"] = new JsonArray(ActivityStreams.Public),
        };
        var before = note.ToJsonString();
        var follow = Activities.Follow("https://a.example/activities/f", "https://a.example/users/u", "https://b.example/users/v");
        var followBefore = follow.ToJsonString();

        _ = Activities.Create("https://a.example/activities/1", "https://a.example/users/u", note, Instant);
        _ = Activities.Update("https://a.example/activities/2", "https://a.example/users/u", note, Instant);
        _ = Activities.Delete("https://a.example/activities/3", "https://a.example/users/u", note, [ActivityStreams.Public]);
        _ = Activities.Undo("https://a.example/activities/4", "https://a.example/users/u", follow, ["https://b.example/users/v"]);
        _ = Activities.Undo("https://a.example/activities/5", "https://a.example/users/u", follow);

        Assert.Equal(before, note.ToJsonString());
        Assert.Equal(followBefore, follow.ToJsonString());
        Assert.Null(note.Parent);
        Assert.Null(follow.Parent);
    }

    [Fact]
    public void Undo_CopyingAddressing_OfAnActivityWithoutCc_HasAnEmptyCc()
    {
        var like = Activities.Like("https://a.example/activities/l", "https://a.example/users/u", "https://b.example/notes/1", ["https://b.example/users/v"]);

        var undo = Activities.Undo("https://a.example/activities/u", "https://a.example/users/u", like);

        Assert.Equal("""["https://b.example/users/v"]""", undo["to"]!.ToJsonString());
        Assert.Equal("[]", undo["cc"]!.ToJsonString());
        Assert.Equal(["@context", "id", "type", "actor", "to", "cc", "object"], undo.Select(p => p.Key));
    }

    [Fact]
    public void Delete_ByReference_WithCc_PutsCcBeforeTheObject()
    {
        var delete = Activities.Delete(
            "https://a.example/activities/d", "https://a.example/users/u", "https://a.example/notes/1", [ActivityStreams.Public], ["https://a.example/users/u/followers"]);

        Assert.Equal(["@context", "id", "type", "actor", "to", "cc", "object"], delete.Select(p => p.Key));
        Assert.Equal("https://a.example/notes/1", (string?)delete["object"]);
    }

    [Fact]
    public void UpdateActor_DocumentWithoutId_Throws() =>
        Assert.Throws<ArgumentException>(() => Activities.UpdateActor("https://a.example/activities/1", new JsonObject { ["type"] = "Person" }, [], []));

    [Theory]
    [InlineData("", "https://a.example/users/u")]
    [InlineData("https://a.example/activities/1", "")]
    public void Builders_EmptyIdOrActor_Throw(string id, string actor) =>
        Assert.Throws<ArgumentException>(() => Activities.Follow(id, actor, "https://b.example/users/v"));

    [Fact]
    public void FormatTime_IsUtc_WholeSeconds_WithZ() =>
        Assert.Equal("2026-11-28T10:00:00Z", Activities.FormatTime(new DateTimeOffset(2026, 11, 28, 11, 0, 0, 999, TimeSpan.FromHours(1))));

    private static readonly DateTimeOffset Instant = new(2026, 11, 28, 10, 0, 0, TimeSpan.Zero);
}
