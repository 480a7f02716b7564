using System.Text.Json.Nodes;
using OurSociety.ActivityPub;
using OurSociety.ActivityPub.Json;
using OurSociety.ActivityPub.Vocabulary;
using OurSociety.Core.Needs;
using OurSociety.Federation;
using OurSociety.Federation.Needs;

namespace OurSociety.Web.Tests.Specs;

/// <summary>
/// The shapes of federation-specs/needs-offers.md: each example is what the builders emit for the example need and
/// offer; each reads as a normal post in Mastodon (a Note with the whole text and hashtags) and carries FEP-0837's
/// structure; and what we send, we read back the same.
/// </summary>
public sealed class ProposalExampleTests
{
    private const string Origin = SpecNetwork.Origin;
    private const string Hub = Origin + "/users/hub";
    private static readonly DateTimeOffset At = new(2026, 11, 28, 10, 0, 0, TimeSpan.Zero);
    private static readonly Guid NeedId = Guid.Parse("019ac9a0-0000-7000-8000-000000000011");
    private static readonly Guid OfferId = Guid.Parse("019ac9a0-0000-7000-8000-000000000012");
    private static readonly Guid ActivityId = Guid.Parse("019ac9a0-0000-7000-8000-0000000000ad");

    private static readonly Proposal Need = new()
    {
        Id = NeedId,
        Kind = ProposalKind.Need,
        AuthorId = Guid.Empty,
        Title = "A van on Saturdays",
        Details = "For the **food bank** run: collecting from three supermarkets.",
        Resource = ProposalResource.Equipment,
        Topics = ["transport", "foodbank"],
        Locality = "Riverside",
        Time = "Saturday mornings, 2 hours",
        Ends = new DateTimeOffset(2027, 1, 31, 23, 59, 59, TimeSpan.Zero),
        Language = "en",
        CreatedAt = At,
    };

    private static readonly Proposal Offer = new()
    {
        Id = OfferId,
        Kind = ProposalKind.Offer,
        AuthorId = Guid.Empty,
        Title = "Help with grant applications",
        Details = "I have written a dozen; happy to read yours.",
        Resource = ProposalResource.Skills,
        Topics = ["grants"],
        Time = "2 hours a month",
        Language = "en",
        CreatedAt = At,
    };

    private static ProposalContext Context => new(Origin, SpecNetwork.Amira, Hub);

    public static TheoryData<string> Examples =>
    [
        "need-note.json", "create-offer.json", "update-need-closed.json", "delete-need.json", "announce-hub-need.json",
        "create-need-mention.json",
    ];

    /// <summary>Kim, named in a need's details as <c>@kim@remote.example</c>, as the work queue found her.</summary>
    private static readonly Core.Posts.Mention Kim = new("kim@remote.example", SpecNetwork.Kim, "https://remote.example/@kim", At);

    [Theory]
    [MemberData(nameof(Examples))]
    public void ProposalExample_MatchesWhatTheBuildersEmit(string name) => Golden.AssertMatches(name, Build(name));

    [Fact]
    public void Need_ReadsAsANormalPost_InMastodon()
    {
        var note = ProposalDocuments.Build(Need, Context);
        Assert.Equal("Note", (string?)note["type"]);
        Assert.Null(note["summary"]);   // it would become a content warning
        var content = (string)note["content"]!;
        foreach (var text in new[] { "Need: A van on Saturdays", "<strong>food bank</strong>", "Saturday mornings, 2 hours", "Riverside", "31 January 2027", "equipment" })
        {
            Assert.Contains(text, content, StringComparison.Ordinal);
        }

        Assert.Contains($"<a href=\"{Origin}/tags/need\" class=\"mention hashtag\" rel=\"tag\">#<span>need</span></a>", content, StringComparison.Ordinal);
        Assert.Contains($"<a href=\"{Origin}/tags/transport\" class=\"mention hashtag\" rel=\"tag\">#<span>transport</span></a>", content, StringComparison.Ordinal);
        Assert.Equal(["#need", "#transport", "#foodbank"], note["tag"]!.AsArray().Select(t => (string?)t!["name"]));
        Assert.Contains(ActivityStreams.Public, note["to"]!.AsArray().Select(a => (string?)a));
        Assert.Equal(Hub, (string?)note["audience"]);
        Assert.All(note["@context"]!.AsArray().Skip(1), c => Assert.IsType<JsonObject>(c));   // nothing to fetch
        Assert.Contains("#<span>offer</span>", (string)ProposalDocuments.Build(Offer, Context)["content"]!, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(ProposalKind.Need, ProposalResource.Skills, "request", "deliverService")]
    [InlineData(ProposalKind.Need, ProposalResource.Time, "request", "deliverService")]
    [InlineData(ProposalKind.Offer, ProposalResource.Equipment, "offer", "transfer")]
    [InlineData(ProposalKind.Offer, ProposalResource.Space, "offer", "transfer")]
    public void Proposal_CarriesTheFep0837Structure(ProposalKind kind, ProposalResource resource, string purpose, string action)
    {
        var note = ProposalDocuments.Build(Need with { Kind = kind, Resource = resource }, Context);

        Assert.Equal(purpose, (string?)note["purpose"]);
        var intent = note["publishes"]!.AsObject();
        Assert.Equal("Intent", (string?)intent["type"]);
        Assert.Equal((string)note["id"]! + "#primary", (string?)intent["id"]);
        Assert.Equal(action, (string?)intent["action"]);
        Assert.Equal("one", (string?)intent["resourceQuantity"]!["hasUnit"]);
        Assert.False((bool)note["unitBased"]!);
        Assert.Equal("Place", (string?)note["location"]!["type"]);
        Assert.Equal("Riverside", (string?)note["location"]!["name"]);
        Assert.Equal("2027-01-31T23:59:59Z", (string?)note["endTime"]);
        Assert.Equal("A van on Saturdays", (string?)note["name"]);
        var terms = note["@context"]![1]!.AsObject();
        Assert.Equal("vf:purpose", (string?)terms["purpose"]);
        Assert.Equal("https://w3id.org/valueflows/ont/vf#", (string?)terms["vf"]);
    }

    [Fact]
    public void WhatWeSend_WeReadBackTheSame()
    {
        var closed = Need with { ClosedAt = At.AddDays(3), UpdatedAt = At.AddDays(3) };
        var document = ApDocument.From(ProposalDocuments.Build(closed, Context)).Document!;

        Assert.True(ProposalDocuments.IsProposal(document));
        var read = ProposalDocuments.Read(document, SpecNetwork.Amira, null, At.AddDays(4));
        Assert.Equal(ProposalKind.Need, read.Kind);
        Assert.Equal(Need.Title, read.Title);
        Assert.Equal(Need.Topics, read.Topics);
        Assert.Equal(Need.Locality, read.Locality);
        Assert.Equal(Need.Time, read.Time);
        Assert.Equal(Need.Ends, read.Ends);
        Assert.Equal(Need.Resource, read.Resource);
        Assert.Equal(closed.ClosedAt, read.ClosedAt);
        Assert.Equal("en", read.Language);
        Assert.Contains("food bank", read.Details, StringComparison.Ordinal);
        Assert.Equal($"{Origin}/needs/{NeedId}", read.ApId);
    }

    [Fact]
    public void APlainNote_IsNotAProposal_AndAProposalFromOtherSoftwareIsRead()
    {
        Assert.False(ProposalDocuments.IsProposal(ApDocument.From(new JsonObject { ["type"] = "Note", ["id"] = "https://x.example/1", ["content"] = "hi" }).Document!));
        var fep = ApDocument.From(JsonNode.Parse("""
            {"type":"Proposal","id":"https://market.example/proposals/1","purpose":"offer","attributedTo":"https://market.example/users/alice",
             "name":"Offering used bike","content":"Blue one-speed bike","to":"https://www.w3.org/ns/activitystreams#Public",
             "publishes":{"type":"Intent","id":"https://market.example/proposals/1#primary","action":"transfer",
                          "resourceQuantity":{"hasUnit":"one","hasNumericalValue":"1"}},"unitBased":false}
            """)!.AsObject()).Document!;

        Assert.True(ProposalDocuments.IsProposal(fep));
        var read = ProposalDocuments.Read(fep, "https://market.example/users/alice", null, At);
        Assert.Equal(ProposalKind.Offer, read.Kind);
        Assert.Equal(ProposalResource.Equipment, read.Resource);
        Assert.Equal("Offering used bike", read.Title);
        Assert.Contains("Blue one-speed bike", read.Details, StringComparison.Ordinal);
    }

    private static JsonObject Build(string name)
    {
        var activity = $"{Origin}/activities/{ActivityId}";
        var need = ProposalDocuments.Build(Need, Context);
        var needId = (string)need["id"]!;
        return name switch
        {
            "need-note.json" => need,
            "create-offer.json" => Activities.Create(activity, SpecNetwork.Amira, ProposalDocuments.Build(Offer, Context), At),
            "update-need-closed.json" => Activities.Update(activity, SpecNetwork.Amira,
                ProposalDocuments.Build(Need with { ClosedAt = At.AddDays(3), UpdatedAt = At.AddDays(3) }, Context), At.AddDays(3)),
            "delete-need.json" => Activities.Delete(activity, SpecNetwork.Amira, ProposalDocuments.Tombstone(needId, At.AddDays(4)),
                [ActivityStreams.Public], [ApUrls.Followers(SpecNetwork.Amira)]),
            "create-need-mention.json" => Activities.Create(activity, SpecNetwork.Amira,
                ProposalDocuments.Build(Need with { Details = "Maybe @kim@remote.example has one? Ask @nobody@gone.example too." }, Context, [Kim]), At),
            "announce-hub-need.json" => Activities.Announce(activity, Hub, needId, At, [ActivityStreams.Public], [ApUrls.Followers(Hub), SpecNetwork.Amira]),
            _ => throw new ArgumentOutOfRangeException(nameof(name), name, "no builder for this example"),
        };
    }
}
