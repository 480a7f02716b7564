using OurSociety.Core.Hubs;
using OurSociety.Core.Posts;

namespace OurSociety.Core.Tests;

/// <summary>Which received posts a hub reshares (one hop), and how a link's state follows its two follows.</summary>
public sealed class HubLinkRulesTests
{
    private const string HubC = "https://c.example/users/hub";
    private static readonly DateTimeOffset Now = new(2026, 12, 7, 12, 0, 0, TimeSpan.Zero);

    private static HubLink Link(HubLinkState state, bool reshare = true) =>
        new(Guid.NewGuid(), HubC, state, true, "", reshare, null, null, Now, Now);

    private static Post Story(string author = "https://c.example/users/cara", string? hub = HubC) =>
        new() { Id = Guid.NewGuid(), Kind = PostKind.Story, CreatedAt = Now, RemoteAuthor = author, Hub = hub, Visibility = Visibility.Public };

    [Fact]
    public void AMembersPublicStory_ThroughALinkedHubWithReshareOn_IsReshared() =>
        Assert.True(HubLinkRules.Reshares(Link(HubLinkState.Linked), Story(), HubC));

    [Fact]
    public void NotReshared_WhenTheLinkOrThePostSaysNo()
    {
        Assert.False(HubLinkRules.Reshares(null, Story(), HubC));
        Assert.False(HubLinkRules.Reshares(Link(HubLinkState.Linked, reshare: false), Story(), HubC));
        Assert.False(HubLinkRules.Reshares(Link(HubLinkState.OneWay), Story(), HubC));
        Assert.False(HubLinkRules.Reshares(Link(HubLinkState.Linked), Story(hub: "https://d.example/users/hub"), HubC));   // what C reshared
        Assert.False(HubLinkRules.Reshares(Link(HubLinkState.Linked), Story(author: "https://else.example/users/kim"), HubC));   // a submission C took
        Assert.False(HubLinkRules.Reshares(Link(HubLinkState.Linked), Story() with { Visibility = Visibility.Unlisted }, HubC));
        Assert.False(HubLinkRules.Reshares(Link(HubLinkState.Linked), Story() with { Kind = PostKind.Reply }, HubC));
        Assert.False(HubLinkRules.Reshares(Link(HubLinkState.Linked), Story() with { ParentId = Guid.NewGuid() }, HubC));
    }

    [Fact]
    public void States_FollowTheFollows()
    {
        Assert.Equal(HubLinkState.Linked, HubLinkRules.AfterFollows(Link(HubLinkState.Requested), oursAccepted: true, theirsAccepted: true));
        Assert.Equal(HubLinkState.Requested, HubLinkRules.AfterFollows(Link(HubLinkState.Requested), oursAccepted: true, theirsAccepted: false));
        Assert.Equal(HubLinkState.AwaitingOurApproval, HubLinkRules.AfterFollows(Link(HubLinkState.AwaitingOurApproval), true, true));
        Assert.Equal(HubLinkState.OneWay, HubLinkRules.AfterTheirFollowEnded(Link(HubLinkState.Linked), weStillFollow: true));
        Assert.Null(HubLinkRules.AfterTheirFollowEnded(Link(HubLinkState.Linked), weStillFollow: false));
        Assert.Null(HubLinkRules.AfterTheirFollowEnded(Link(HubLinkState.Declined), weStillFollow: false));
    }
}
