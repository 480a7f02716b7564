using OurSociety.Core.Federation;
using OurSociety.Federation.Follows;
using OurSociety.Testing;

namespace OurSociety.Web.Tests.Federation;

/// <summary>Two nodes in one process: members and hubs follow each other across them, and stop.</summary>
public sealed class MultiNodeFollowTests : IAsyncLifetime
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private readonly FederationNetwork _network = new();
    private NodeFactory _a = null!;
    private NodeFactory _b = null!;

    public async ValueTask InitializeAsync()
    {
        _a = _network.AddNode("http://a.test");
        _b = _network.AddNode("http://b.test");
        await _a.CreateMemberAsync("alice");
        await _b.CreateMemberAsync("bob");
    }

    public ValueTask DisposeAsync() => _network.DisposeAsync();

    [Fact]
    public async Task MemberFollowsRemoteHub_HubAccepts_BothSidesAgree()
    {
        var outcome = await _a.Service<FollowService>().FollowAsync("alice", "http://b.test/users/hub", Ct);
        var follow = Assert.IsType<OurSociety.Core.Outcome<Follow>.Ok>(outcome).Value;
        Assert.Equal(FollowState.Pending, follow.State);

        await _network.DrainAsync();
        Assert.Equal(FollowState.Accepted, (await _a.Service<IFollowStore>().FindAsync(follow.Id, Ct))?.State);
        var inbound = await _b.Service<IFollowStore>().FindAsync("hub", "http://a.test/users/alice", FollowDirection.In, Ct);
        Assert.Equal(FollowState.Accepted, inbound?.State);
    }

    [Fact]
    public async Task Unfollow_RemovesTheFollowerOnTheOtherNode()
    {
        var follow = ((OurSociety.Core.Outcome<Follow>.Ok)await _a.Service<FollowService>().FollowAsync("alice", "http://b.test/users/bob", Ct)).Value;
        await _network.DrainAsync();
        Assert.Equal(FollowState.Accepted, (await _a.Service<IFollowStore>().FindAsync(follow.Id, Ct))?.State);
        Assert.NotNull(await _b.Service<IFollowStore>().FindAsync("bob", "http://a.test/users/alice", FollowDirection.In, Ct));

        await _a.Service<FollowService>().UnfollowAsync("alice", follow.Id, Ct);

        await _network.DrainAsync();
        Assert.Null(await _b.Service<IFollowStore>().FindAsync("bob", "http://a.test/users/alice", FollowDirection.In, Ct));
    }
}
