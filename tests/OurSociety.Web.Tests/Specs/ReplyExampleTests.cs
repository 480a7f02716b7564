using System.Text.Json.Nodes;
using OurSociety.ActivityPub.Vocabulary;
using OurSociety.Core.Posts;
using OurSociety.Federation.Posts;
using OurSociety.Federation.Replies;

namespace OurSociety.Web.Tests.Specs;

/// <summary>
/// The shapes of federation-specs/replies.md: a story's interactionPolicy, our Accept (with its authorization) and
/// Reject of a received reply, and the authorization itself, as the builders emit them.
/// </summary>
public sealed class ReplyExampleTests
{
    private const string Origin = SpecNetwork.Origin;
    private const string Author = Origin + "/users/amira";
    private const string Kim = SpecNetwork.Kim;
    private const string KimReply = "https://remote.example/users/kim/statuses/42";
    private static readonly Guid StoryId = Guid.Parse("019ac9a0-0000-7000-8000-000000000011");
    private static readonly Guid ReplyId = Guid.Parse("019ac9a0-0000-7000-8000-000000000012");
    private static readonly string StoryUrl = $"{Origin}/stories/{StoryId}";
    private static readonly DateTimeOffset At = new(2026, 11, 28, 10, 0, 0, TimeSpan.Zero);

    /// <summary>Every example of this page, for the coverage test (SpecDocumentTests).</summary>
    public static IReadOnlyList<string> Examples =>
        ["story-reply-policy-approval.json", "reply-accept.json", "reply-reject.json", "reply-authorization.json"];

    public static TheoryData<string> Names => [.. Examples];

    [Theory]
    [MemberData(nameof(Names))]
    public void ReplyExample_MatchesWhatTheBuildersEmit(string name) => Golden.AssertMatches(name, Build(name));

    [Fact]
    public void ApprovalPolicy_SendsBothSpellings_AuthorAndNamedAutomatic_EveryoneElseManual()
    {
        var policy = ReplyPolicyDocuments.For(ReplyPolicy.Approval, Author, [Kim])["canReply"]!;

        foreach (var (automatic, manual) in new[] { ("automaticApproval", "manualApproval"), ("always", "approvalRequired") })
        {
            Assert.Equal([Author, Kim], policy[automatic]!.AsArray().Select(n => (string)n!));
            Assert.Equal(["https://www.w3.org/ns/activitystreams#Public"], policy[manual]!.AsArray().Select(n => (string)n!));
        }
    }

    [Fact]
    public void FollowingPolicy_NamesTheAuthorsFollowingCollection()
    {
        var automatic = ReplyPolicyDocuments.For(ReplyPolicy.Following, Author, [])["canReply"]!["automaticApproval"]!.AsArray().Select(n => (string)n!);

        Assert.Equal([Author, Author + "/following"], automatic);
    }

    private static JsonObject Build(string name) => name switch
    {
        "story-reply-policy-approval.json" => PostDocuments.Build(
            new Post
            {
                Id = StoryId,
                Kind = PostKind.Story,
                AuthorId = Guid.Empty,
                Title = "Open evening at the workshop",
                Body = "Come along on Thursday; @kim@remote.example will show the lathe.",
                Language = "en",
                ReplyPolicy = ReplyPolicy.Approval,
                Mentioned = [new Mention("kim@remote.example", Kim, "https://remote.example/@kim", At)],
                CreatedAt = At,
                PublishedAt = At,
            },
            new ObjectContext(Origin, Author, Origin + "/users/hub")),
        "reply-accept.json" => InteractionControls.Accept(
            $"{Origin}/activities/019ac9a0-0000-7000-8000-0000000000c1", Author, Kim, KimReply, StoryUrl, ReplyPolicyDocuments.AuthorizationId(Origin, ReplyId)),
        "reply-reject.json" => InteractionControls.Reject(
            $"{Origin}/activities/019ac9a0-0000-7000-8000-0000000000c2", Author, Kim, KimReply, StoryUrl),
        _ => InteractionControls.Authorization(ReplyPolicyDocuments.AuthorizationId(Origin, ReplyId), Author, KimReply, StoryUrl),
    };
}
