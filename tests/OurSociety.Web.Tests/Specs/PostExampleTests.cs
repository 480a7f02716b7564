using System.Text.Json.Nodes;
using OurSociety.ActivityPub;
using OurSociety.ActivityPub.Vocabulary;
using OurSociety.Core.Posts;
using OurSociety.Federation;
using OurSociety.Federation.Posts;

namespace OurSociety.Web.Tests.Specs;

/// <summary>
/// The post shapes of federation-specs/posts.md: each example under examples/oursociety/ is what the builders emit for
/// the example's story, lesson and reply; and each shape follows the Mastodon rendering rules of INTEROP §4.2 and §8.2.
/// </summary>
public sealed class PostExampleTests
{
    private const string Origin = SpecNetwork.Origin;
    private const string Hub = Origin + "/users/hub";
    private const string Kim = SpecNetwork.Kim;
    private static readonly DateTimeOffset At = new(2026, 11, 28, 10, 0, 0, TimeSpan.Zero);
    private static readonly Guid StoryId = Guid.Parse("019ac9a0-0000-7000-8000-000000000001");
    private static readonly Guid LessonId = Guid.Parse("019ac9a0-0000-7000-8000-000000000002");
    private static readonly Guid ReplyId = Guid.Parse("019ac9a0-0000-7000-8000-000000000003");
    private static readonly Guid MediaId = Guid.Parse("019ac9a0-0000-7000-8000-0000000000aa");
    private static readonly Guid ActivityId = Guid.Parse("019ac9a0-0000-7000-8000-0000000000ac");

    private static readonly Post Story = new()
    {
        Id = StoryId,
        Kind = PostKind.Story,
        AuthorId = Guid.Empty,
        Title = "Forty bikes fixed in one afternoon",
        Summary = "Eight volunteers, one library car park and a lot of tea: how our first repair day went.",
        Body = "We set up in the **library car park** at ten.\n\nBy four, forty bikes were back on the road.",
        Locality = "Riverside",
        Topics = ["repair", "bikes"],
        Images = [new PostImage(MediaId, null, "Volunteers fixing a red bike on a stand", "image/jpeg", 1200, 800)],
        Language = "en",
        CreatedAt = At,
        PublishedAt = At,
        LikeCount = 3,
        ShareCount = 2,
    };

    private static readonly Post Lesson = new()
    {
        Id = LessonId,
        Kind = PostKind.Lesson,
        AuthorId = Guid.Empty,
        Title = "Book the space a month early",
        Situation = "A repair day for about forty people in a small town.",
        Tried = "We asked the library two weeks before.",
        Happened = "They had already lent the hall; we ended up in the car park.",
        Learned = "Public spaces are booked out weeks ahead.",
        Advice = "Book a month early, and have a rain plan.",
        Topics = ["lessons"],
        Sources = [$"{Origin}/stories/{StoryId}"],
        AdaptedFrom = "https://remote.example/lessons/7",
        Language = "en",
        CreatedAt = At,
        PublishedAt = At,
        UpdatedAt = At.AddHours(1),
    };

    private static readonly Post Reply = new()
    {
        Id = ReplyId,
        Kind = PostKind.Reply,
        AuthorId = Guid.Empty,
        ParentId = Guid.Empty,
        Body = "We tried this at our hub: booking early worked.",
        TriedOutcome = "Booked five weeks ahead; got the hall.",
        Language = "en",
        CreatedAt = At,
        PublishedAt = At,
    };

    /// <summary>A reply that names the author it answers and someone else, as the work queue found them.</summary>
    private static readonly Post NamingReply = Reply with
    {
        Body = "@kim@remote.example @lee@other.example booking early worked for us too.",
        TriedOutcome = null,
        Mentioned =
        [
            new Mention("kim@remote.example", Kim, "https://remote.example/@kim", At),
            new Mention("lee@other.example", "https://other.example/users/lee", "https://other.example/@lee", At),
        ],
    };

    /// <summary>A followers-only story that names someone elsewhere (and a handle that could not be found).</summary>
    private static readonly Post FollowersStory = Story with
    {
        Visibility = Visibility.Followers,
        Summary = "Bring the van to the car park at ten.",
        Body = "Thanks @lee@other.example for the van, and @nobody@nowhere.example for nothing.",
        Images = [],
        Mentioned =
        [
            new Mention("lee@other.example", "https://other.example/users/lee", "https://other.example/@lee", At),
            new Mention("nobody@nowhere.example", null, null, At),
        ],
    };

    private static ObjectContext Context(ParentRef? parent = null) => new(
        Origin, SpecNetwork.Amira, Hub, parent, new Dictionary<string, string>
        {
            [$"{Origin}/stories/{StoryId}"] = Story.Title!,
            ["https://remote.example/lessons/7"] = "Book early",
        });

    private static ParentRef KimsLesson => new("https://remote.example/lessons/7", Kim, "@kim@remote.example", "https://remote.example/@kim");

    public static TheoryData<string> Examples =>
    [
        "story-article.json", "lesson-note.json", "reply-note.json", "create-story.json", "update-lesson.json", "delete-story.json",
        "tombstone.json", "like.json", "undo-like.json", "announce-hub.json", "announce-share.json", "undo-announce.json", "context.json",
        "reply-mentions.json", "story-followers-mention.json", "likes-collection.json",
    ];

    [Theory]
    [MemberData(nameof(Examples))]
    public void PostExample_MatchesWhatTheBuildersEmit(string name) => Golden.AssertMatches(name, Build(name));

    [Fact]
    public void Story_FollowsMastodonArticleRules()
    {
        var article = PostDocuments.Build(Story, Context());
        Assert.Equal("Article", (string?)article["type"]);
        var title = (string)article["name"]!;
        Assert.InRange(title.Length, 1, PostLimits.TitleMax);
        var teaser = (string)article["summary"]!;
        Assert.InRange(teaser.Length, 1, PostLimits.SummaryMax);
        Assert.DoesNotContain('<', teaser);   // Mastodon shows it as plain text
        Assert.Contains("<strong>library car park</strong>", (string)article["content"]!, StringComparison.Ordinal);
        Assert.Contains($"href=\"{article["url"]}\"", (string)article["content"]!, StringComparison.Ordinal);
        CommonRules(article);
        var attachments = article["attachment"]!.AsArray();
        Assert.InRange(attachments.Count, 1, 4);
        foreach (var attachment in attachments)
        {
            Assert.Equal("Image", (string?)attachment!["type"]);
            Assert.StartsWith("image/", (string)attachment["mediaType"]!, StringComparison.Ordinal);
            Assert.StartsWith(Origin + "/media/", (string)attachment["url"]!, StringComparison.Ordinal);
            Assert.InRange(((string)attachment["name"]!).Length, 1, PostLimits.AltMax);
        }
    }

    [Fact]
    public void Lesson_IsANoteWithTheWholeTextAndNoSummary()
    {
        var note = PostDocuments.Build(Lesson, Context());
        Assert.Equal("Note", (string?)note["type"]);
        Assert.Null(note["summary"]);   // it would become a content warning
        var content = (string)note["content"]!;
        foreach (var field in new[] { Lesson.Situation, Lesson.Tried, Lesson.Happened, Lesson.Learned, Lesson.Advice, Lesson.Title })
        {
            Assert.Contains(field!, content, StringComparison.Ordinal);
        }

        foreach (var field in new[] { "situation", "tried", "happened", "learned", "advice" })
        {
            var text = (string)note[field]!;
            Assert.DoesNotContain('<', text);
            Assert.InRange(text.Length, 1, PostLimits.LessonFieldMax);
        }

        Assert.Equal(Lesson.Sources, note["derivedFrom"]!.AsArray().Select(s => (string)s!));
        Assert.NotNull(note["updated"]);
        CommonRules(note);
    }

    [Fact]
    public void Reply_MentionsTheAuthorItAnswers_AndAddressesThem()
    {
        var note = PostDocuments.Build(Reply, Context(KimsLesson));
        Assert.Equal(KimsLesson.ApId, (string?)note["inReplyTo"]);
        var mention = Assert.Single(note["tag"]!.AsArray(), t => (string?)t!["type"] == "Mention")!;
        Assert.Equal(Kim, (string?)mention["href"]);
        Assert.Contains(Kim, note["cc"]!.AsArray().Select(a => (string?)a));
        Assert.Contains("I tried this", (string)note["content"]!, StringComparison.Ordinal);
        Assert.Contains("class=\"u-url mention\"", (string)note["content"]!, StringComparison.Ordinal);
    }

    [Fact]
    public void Reply_NamingTheAuthorItAnswers_LinksThemOnce_AndMentionsEveryoneNamed()
    {
        var note = PostDocuments.Build(NamingReply, Context(KimsLesson));
        var content = (string)note["content"]!;
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(content, "@<span>kim</span>"));
        Assert.Contains("href=\"https://other.example/@lee\" class=\"u-url mention\"", content, StringComparison.Ordinal);
        Assert.DoesNotContain("@kim@remote.example", content, StringComparison.Ordinal);
        var mentions = note["tag"]!.AsArray().Where(t => (string?)t!["type"] == "Mention").ToList();
        Assert.Equal([Kim, "https://other.example/users/lee"], mentions.Select(t => (string?)t!["href"]));
        Assert.Equal(["@kim@remote.example", "@lee@other.example"], mentions.Select(t => (string?)t!["name"]));
        Assert.Equal([ApUrls.Followers(SpecNetwork.Amira), Kim, "https://other.example/users/lee"], note["cc"]!.AsArray().Select(a => (string?)a));
    }

    [Fact]
    public void FollowersOnlyStory_AddressesThePeopleItNames_NotThePublic_AndLeavesUnknownHandlesAsText()
    {
        var article = PostDocuments.Build(FollowersStory, Context());
        Assert.Equal([ApUrls.Followers(SpecNetwork.Amira)], article["to"]!.AsArray().Select(a => (string?)a));
        Assert.Equal(["https://other.example/users/lee"], article["cc"]!.AsArray().Select(a => (string?)a));
        var mention = Assert.Single(article["tag"]!.AsArray(), t => (string?)t!["type"] == "Mention")!;
        Assert.Equal("@lee@other.example", (string?)mention["name"]);
        Assert.Contains("@nobody@nowhere.example for nothing", (string)article["content"]!, StringComparison.Ordinal);

        // A handle the text no longer names (an edit removed it) is neither tagged nor addressed.
        var edited = PostDocuments.Build(FollowersStory with { Body = "Thanks, everyone." }, Context());
        Assert.Empty(edited["cc"]!.AsArray());
        Assert.DoesNotContain(edited["tag"]?.AsArray() ?? [], t => (string?)t!["type"] == "Mention");
    }

    [Fact]
    public void EveryText_TravelsAlsoInItsLanguageMap_KeyedByThePostsLanguage()
    {
        var article = PostDocuments.Build(Story with { Language = "cy" }, Context());
        Assert.Equal((string?)article["content"], (string?)article["contentMap"]!["cy"]);
        Assert.Equal((string?)article["name"], (string?)article["nameMap"]!["cy"]);
        Assert.Equal((string?)article["summary"], (string?)article["summaryMap"]!["cy"]);
        Assert.Single(article["contentMap"]!.AsObject());

        var reply = PostDocuments.Build(Reply with { Language = "ar" }, Context(KimsLesson));
        Assert.Equal((string?)reply["content"], (string?)reply["contentMap"]!["ar"]);
        Assert.Null(reply["nameMap"]);

        // A post from before languages were kept says nothing rather than guess.
        Assert.Null(PostDocuments.Build(Story with { Language = null }, Context())["contentMap"]);
    }

    [Theory]
    [InlineData(Visibility.Public, true, false)]
    [InlineData(Visibility.Unlisted, false, true)]
    [InlineData(Visibility.Followers, false, false)]
    public void Addressing_FollowsMastodonVisibility(Visibility visibility, bool publicInTo, bool publicInCc)
    {
        var note = PostDocuments.Build(Story with { Visibility = visibility }, Context());
        Assert.Equal(publicInTo, note["to"]!.AsArray().Any(a => (string?)a == ActivityStreams.Public));
        Assert.Equal(publicInCc, note["cc"]!.AsArray().Any(a => (string?)a == ActivityStreams.Public));
        Assert.Contains(SpecNetwork.Amira + "/followers", note["to"]!.AsArray().Concat(note["cc"]!.AsArray()).Select(a => (string?)a));
    }

    /// <summary>What every object must have for Mastodon to take it (INTEROP §4.1, §4.9, §7.1) and for Fedify to read it offline.</summary>
    private static void CommonRules(JsonObject obj)
    {
        var id = new Uri((string)obj["id"]!);
        Assert.Equal(id.Authority, new Uri((string)obj["attributedTo"]!).Authority);
        Assert.Equal(id.Authority, new Uri((string)obj["url"]!).Authority);
        Assert.Contains(ActivityStreams.Public, obj["to"]!.AsArray().Select(a => (string?)a));
        Assert.Equal(Hub, (string?)obj["audience"]);
        var context = obj["@context"]!.AsArray();
        Assert.Equal(ActivityStreams.Context, (string?)context[0]);
        Assert.All(context.Skip(1), c => Assert.IsType<JsonObject>(c));   // nothing to fetch
        foreach (var tag in obj["tag"]!.AsArray())
        {
            if ((string?)tag!["type"] == "Hashtag")
            {
                var name = (string)tag["name"]!;
                Assert.StartsWith("#", name, StringComparison.Ordinal);
                Assert.Equal($"{Origin}/tags/{name[1..]}", (string?)tag["href"]);
            }
        }
    }

    private static JsonObject Build(string name)
    {
        var activity = $"{Origin}/activities/{ActivityId}";
        var story = PostDocuments.Build(Story, Context());
        var storyId = (string)story["id"]!;
        return name switch
        {
            "story-article.json" => story,
            "lesson-note.json" => PostDocuments.Build(Lesson, Context()),
            "reply-note.json" => PostDocuments.Build(Reply, Context(KimsLesson)),
            "create-story.json" => Activities.Create(activity, SpecNetwork.Amira, story, At),
            "update-lesson.json" => Activities.Update(activity, SpecNetwork.Amira, PostDocuments.Build(Lesson, Context()), At.AddHours(1)),
            "delete-story.json" => Activities.Delete(activity, SpecNetwork.Amira, PostDocuments.Tombstone(storyId, PostKind.Story, At.AddDays(1)),
                story["to"]!.AsArray().Select(n => (string)n!), story["cc"]!.AsArray().Select(n => (string)n!)),
            "tombstone.json" => PostDocuments.Tombstone(storyId, PostKind.Story, At.AddDays(1)),
            "like.json" => Activities.Like(activity, SpecNetwork.Amira, KimsLesson.ApId, [Kim]),
            "undo-like.json" => Activities.Undo(activity, SpecNetwork.Amira,
                Activities.Like($"{Origin}/activities/019ac9a0-0000-7000-8000-0000000000ab", SpecNetwork.Amira, KimsLesson.ApId, [Kim])),
            "announce-hub.json" => Activities.Announce(activity, Hub, storyId, At, [ActivityStreams.Public], [ApUrls.Followers(Hub), SpecNetwork.Amira]),
            "announce-share.json" => Activities.Announce(activity, SpecNetwork.Amira, KimsLesson.ApId, At, [ActivityStreams.Public], [ApUrls.Followers(SpecNetwork.Amira), Kim]),
            "undo-announce.json" => Activities.Undo(activity, SpecNetwork.Amira,
                Activities.Announce($"{Origin}/activities/019ac9a0-0000-7000-8000-0000000000ab", SpecNetwork.Amira, KimsLesson.ApId, At, [ActivityStreams.Public], [ApUrls.Followers(SpecNetwork.Amira), Kim])),
            "context.json" => OurContext.Document(),
            "reply-mentions.json" => PostDocuments.Build(NamingReply, Context(KimsLesson)),
            "story-followers-mention.json" => PostDocuments.Build(FollowersStory, Context()),
            "likes-collection.json" => PostDocuments.CountedDocument(PostDocuments.LikesId(storyId), Story.LikeCount),
            _ => throw new ArgumentOutOfRangeException(nameof(name), name, "no builder for this example"),
        };
    }
}
