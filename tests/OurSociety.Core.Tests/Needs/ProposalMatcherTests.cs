using OurSociety.Core.Needs;

namespace OurSociety.Core.Tests.Needs;

public sealed class ProposalMatcherTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 28, 12, 0, 0, TimeSpan.Zero);

    private static Proposal Make(ProposalKind kind, string title, string[]? topics = null, string? locality = null, string details = "", int minutes = 0) => new()
    {
        Id = Guid.NewGuid(),
        Kind = kind,
        Title = title,
        Details = details,
        Topics = topics ?? [],
        Locality = locality,
        CreatedAt = At.AddMinutes(minutes),
    };

    [Fact]
    public void Rank_TopicsWeighMost_ThenPlace_ThenWords()
    {
        var need = Make(ProposalKind.Need, "Someone who knows grant applications", ["grants", "funding"], "Hull");
        var topics = Make(ProposalKind.Offer, "Reading forms", ["grants", "funding"]);
        var topicAndPlace = Make(ProposalKind.Offer, "Reading forms in Hull", ["grants"], "hull ");
        var words = Make(ProposalKind.Offer, "Grant applications written", details: "For small charities.");
        var placeOnly = Make(ProposalKind.Offer, "Knitting", locality: "Hull");

        var ranked = ProposalMatcher.Rank(need, [placeOnly, words, topicAndPlace, topics]);

        Assert.Equal([topics, topicAndPlace, words], ranked.Select(m => m.Offer));
        Assert.Equal(2 * ProposalMatcher.TopicWeight, ranked[0].Score);
        Assert.True(ranked[1].SameLocality);
        Assert.Equal(["applications", "grant"], ranked[2].SharedWords);
    }

    [Fact]
    public void Rank_LeavesOutNeedsAndTheNeedItself_AndTiesGoNewestFirst()
    {
        var need = Make(ProposalKind.Need, "Bike repairs", ["bikes"]);
        var older = Make(ProposalKind.Offer, "Mending", ["bikes"], minutes: 1);
        var newer = Make(ProposalKind.Offer, "Fixing", ["bikes"], minutes: 2);
        var otherNeed = Make(ProposalKind.Need, "Bike repairs too", ["bikes"]);

        Assert.Equal([newer, older], ProposalMatcher.Rank(need, [older, otherNeed, need, newer]).Select(m => m.Offer));
    }

    [Fact]
    public void Words_IgnoreShortAndCommonWords_AndMarkup()
    {
        var words = ProposalMatcher.Words(Make(ProposalKind.Need, "I need help with a VAN", details: "") with
        {
            Details = "<p>Saturday <strong>mornings</strong></p>",
            Format = OurSociety.Core.Posts.TextFormat.Html,
        });

        Assert.Equal(["mornings", "saturday"], words.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Rank_AnOffersAuthorWhoCanHelpWithTheNeedsTopics_Counts()
    {
        var need = Make(ProposalKind.Need, "Help with the allotment", ["gardening"]);
        var author = Guid.NewGuid();
        var offer = Make(ProposalKind.Offer, "Saturday mornings free") with { AuthorId = author };

        Assert.Empty(ProposalMatcher.Rank(need, [offer]));
        var match = Assert.Single(ProposalMatcher.Rank(need, [offer], new Dictionary<Guid, IReadOnlyList<string>> { [author] = ["gardening", "bikes"] }));
        Assert.Equal(ProposalMatcher.SkillWeight, match.Score);
        Assert.Equal(["gardening"], match.SharedSkills);
    }
}
