using System.Text.Json.Nodes;

namespace OurSociety.Web.Tests.Interop;

/// <summary>
/// One Fedify peer (users alice and carol) and one node of ours that may reach it, shared by the interop tests; they
/// run one after another (one collection) and each uses its own members, so they never see each other's follows.
/// </summary>
public sealed class InteropFixture : IAsyncLifetime
{
    private InteropPeer? _peer;
    private InteropNode? _node;

    internal InteropPeer Peer => _peer ?? throw new InvalidOperationException("no peer: call InteropPeer.RequireInstalled() first");

    internal InteropNode Node => _node ?? throw new InvalidOperationException("no node: call InteropPeer.RequireInstalled() first");

    public async ValueTask InitializeAsync()
    {
        if (InteropPeer.Installation(out _) is null)
        {
            return;   // each test skips, or fails under CI (Require)
        }

        _peer = await InteropPeer.StartAsync(["alice", "carol"]);
        _node = InteropNode.Start([_peer.OriginText]);
    }

    /// <summary>
    /// Nothing went wrong on either side: the peer verified everything our node sent it and delivered everything to us,
    /// and our node delivered everything on the first try and handled everything it received.
    /// </summary>
    internal async Task AssertNoProblemsAsync()
    {
        Assert.Empty(await Peer.ProblemsAsync());
        Assert.Empty(await Node.ProblemsAsync());
    }

    /// <summary>
    /// Drains our node (it handles the peer's Follow and delivers its answer, which the peer handles before it answers),
    /// then checks the peer's follow of <paramref name="actor"/> is in <paramref name="state"/>.
    /// </summary>
    internal async Task AssertPeerFollowAsync(string actor, string state, string? @as = null)
    {
        await Node.DrainAsync();
        Assert.Equal(state, await Peer.FollowStateAsync(actor, @as));
    }

    public async ValueTask DisposeAsync()
    {
        if (_node is not null)
        {
            await _node.DisposeAsync();
        }

        if (_peer is not null)
        {
            await _peer.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class InteropPeers : ICollectionFixture<InteropFixture>
{
    public const string Name = "Interop with the Fedify peer";
}

internal static class JsonArrayExtensions
{
    public static IEnumerable<string?> Strings(this JsonArray array, string property) => array.Select(n => (string?)n?[property]);
}
