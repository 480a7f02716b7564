using System.Net;
using System.Net.Http.Json;
using Dapper;
using OurSociety.Core;
using OurSociety.Core.Federation;
using OurSociety.Core.Members;
using OurSociety.Core.Moderation;
using OurSociety.Federation.Follows;
using OurSociety.Storage.Sql;
using OurSociety.Testing;
using OurSociety.Web.Tests.Api;
using OurSociety.Web.Tests.Federation.Posts;

namespace OurSociety.Web.Tests.Interop;

/// <summary>
/// Trust and safety against the real Fedify peer (issue 13): a forwarded report reaches it as a Flag from our instance
/// actor with nothing about the reporter; its Flag about our member lands in our queue; and domain blocks (suspend,
/// limit) and allowlist mode apply to it.
/// <para>
/// Peer quirk: the peer's origin is normally <c>http://127.0.0.1:PORT</c>, and a domain block or allow never names an
/// IP literal (<c>DomainName</c> refuses them, as Mastodon does). So this peer runs with <c>--host peer.test</c>: it still
/// listens on 127.0.0.1, but its actors, objects and signatures all say <c>peer.test</c>, and our node resolves that
/// name to 127.0.0.1 through its own <c>IHostResolver</c> seam (as an /etc/hosts line would), so the node's SSRF checks
/// and its domain rules see a real name. The peer never needs to resolve <c>peer.test</c> itself: it reaches our node at
/// 127.0.0.1 and reads its own requests' URL from the Host header.
/// </para>
/// <para>
/// Peer quirk: the peer has no instance actor, so its Flag comes from one of its users (Mastodon's comes from its
/// instance actor); our node treats any remote actor's Flag the same way.
/// </para>
/// </summary>
[Collection(InteropModerationPeers.Name)]
public sealed class FedifyModerationInteropTests(InteropModerationFixture fixture)
{
    private const string PeerHost = InteropModerationFixture.PeerHost;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private InteropPeer Peer => fixture.Peer;

    [Fact]
    public async Task AForwardedReport_AboutThePeersNote_ReachesThePeer_AsAFlagFromOurInstanceActor_WithNoReporter()
    {
        InteropPeer.RequireInstalled();
        var node = fixture.Node;
        await node.CreateMemberAsync("im_mentioned");
        using var reporter = await node.ApiUserAsync("im_reporter");
        var alice = Peer.ActorId("alice");
        var note = await Peer.PostNoteAsync(new { content = "<p>Buy followers cheap!</p>", mentions = new[] { node.ActorId("im_mentioned") }, followers = false });
        var noteId = (string)note["id"]!;
        await node.DrainAsync();   // the Create reached our member's inbox: the note is stored here

        using var response = await reporter.Client.PostAsJsonAsync(ApiTestKit.Prefix + "/reports",
            new { target = noteId, category = "spam", note = "Selling followers.", forward = true }, Ct);
        var created = await response.JsonAsync(HttpStatusCode.Created);
        await node.DrainAsync();   // the Flag goes to alice's server, which checks its signature before answering

        var instanceActor = $"{node.Origin}/actor";
        var record = Assert.Single(await Peer.ReceivedAsync("Flag", instanceActor, wait: 10))!;
        var flag = record["activity"]!;
        Assert.Equal(instanceActor, (string?)flag["actor"]);
        var objects = flag["object"]!.AsArray().Select(o => (string?)o).ToList();
        Assert.Contains(alice, objects);
        Assert.Contains(noteId, objects);
        Assert.Equal("Selling followers.", (string?)flag["content"]);

        // Nothing about the reporter: not their username, member id, actor URL or report id.
        var text = flag.ToJsonString();
        Assert.DoesNotContain("im_reporter", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(reporter.Member.Id.ToString("D"), text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(reporter.Member.Id.ToString("N"), text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(node.ActorId("im_reporter"), text, StringComparison.Ordinal);
        Assert.DoesNotContain(created.GetProperty("id").GetString()!, text, StringComparison.OrdinalIgnoreCase);
        await fixture.AssertNoProblemsAsync();
    }

    [Fact]
    public async Task AFlagFromThePeer_AboutOurMember_AppearsInOurQueue_AsRemote_WithNoReporter()
    {
        InteropPeer.RequireInstalled();
        var node = fixture.Node;
        var flagged = await node.CreateMemberAsync("im_flagged");
        var story = await node.StoryAsync(flagged.Id, "Pills for every ill");
        var storyUrl = $"{node.Origin}/stories/{story.Id}";
        using var desk = await node.ApiUserAsync("im_moderator", Role.Moderator);

        var sent = await Peer.FlagAsync([node.ActorId("im_flagged"), storyUrl], "Spam from your member.", "carol");
        Assert.Contains(node.ActorId("im_flagged"), sent["delivered"]!.AsArray().Select(a => (string?)a));
        await node.DrainAsync();

        var list = await (await desk.Client.GetAsync(ApiTestKit.Prefix + "/admin/reports?state=open&limit=100", Ct)).JsonAsync(HttpStatusCode.OK);
        var item = Assert.Single(list.GetProperty("items").EnumerateArray(), i => i.GetProperty("target").GetString() == storyUrl);
        Assert.Equal("remote", item.GetProperty("origin").GetString());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, item.GetProperty("reporter").ValueKind);
        Assert.Equal("Spam from your member.", item.GetProperty("note").GetString());
        Assert.Equal("Pills for every ill", item.GetProperty("snapshot").GetProperty("title").GetString());

        var report = (await node.Service<IReportStore>().FindAsync(item.GetProperty("id").GetGuid(), Ct))!;
        Assert.Equal(Peer.ActorId("carol"), report.RemoteActor);
        Assert.Equal(PeerHost, report.RemoteOrigin);
        Assert.Equal((string?)sent["id"], report.FlagId);
        await fixture.AssertNoProblemsAsync();
    }

    [Fact]
    public async Task SuspendingThePeersDomain_RemovesItsPostsAndFollows_RejectsItsFollow_ThenRefusesItsSignedActivities()
    {
        InteropPeer.RequireInstalled();
        await using var node = fixture.StartNode();
        await node.CreateMemberAsync("ds_bob");
        var bob = node.ActorId("ds_bob");
        await Peer.FollowAsync(bob, "carol");
        Assert.Equal("accepted", await node.DrainUntilAsync(() => Peer.FollowStateAsync(bob, "carol"), s => s is not "pending", "the peer's follow to be answered"));
        Assert.IsType<Outcome<Follow>.Ok>(await node.Service<FollowService>().FollowAsync("ds_bob", Peer.ActorId("alice"), Ct));
        var ours = await node.DrainUntilAsync(
            () => node.Service<IFollowStore>().FindAsync("ds_bob", Peer.ActorId("alice"), FollowDirection.Out, Ct),
            f => f?.State != FollowState.Pending,
            "the peer's Accept of our follow");
        Assert.Equal(FollowState.Accepted, ours?.State);
        await Peer.PostNoteAsync(new { content = "<p>Before the block</p>", mentions = new[] { bob } });
        await node.DrainAsync();
        Assert.Equal(1, await CountAsync(node, $"SELECT COUNT(*) FROM post WHERE remote_author LIKE 'http://{PeerHost}:%' AND deleted_at IS NULL"));

        // A variant spelling of the peer's name.
        Assert.IsType<Outcome<DomainBlockSaved>.Ok>(await node.Service<DomainBlockService>().BlockAsync(
            new DomainBlockInput(PeerHost.ToUpperInvariant() + ".", "suspend", false), ModeratorRef.Node, Ct));
        await node.DrainAsync();

        Assert.Equal(0, await CountAsync(node, $"SELECT COUNT(*) FROM post WHERE remote_author LIKE 'http://{PeerHost}:%' AND deleted_at IS NULL"));
        Assert.Equal(0, await CountAsync(node, $"SELECT COUNT(*) FROM remote_actor WHERE host = '{PeerHost}'"));
        Assert.Equal(0, await CountAsync(node, "SELECT COUNT(*) FROM follow"));
        // Carol's follow of bob was ended with a Reject; bob's follow of alice was dropped here without a word.
        Assert.Equal("rejected", await Peer.FollowStateAsync(bob, "carol"));
        Assert.Contains(bob, await Peer.FollowersAsync("alice"));
        Assert.Empty(await Peer.ReceivedAsync("Undo", bob));

        // The peer's next signed activity is refused (403 to both of Fedify's signature attempts), and nothing is stored.
        var before = node.Requests.Count;
        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            Peer.PostNoteAsync(new { content = "<p>After the block</p>", mentions = new[] { bob }, followers = false }));
        Assert.Contains("\"remoteStatus\":403", refused.Message, StringComparison.Ordinal);
        Assert.Contains(node.Requests.Skip(before), r => r.Method == "POST" && r.Status == (int)HttpStatusCode.Forbidden);
        Assert.DoesNotContain(node.Requests.Skip(before), r => r.Method == "POST" && r.Status < 300);
        Assert.Equal(0, await CountAsync(node, $"SELECT COUNT(*) FROM post WHERE remote_author LIKE 'http://{PeerHost}:%' AND deleted_at IS NULL"));

        // Nor does a member's lookup reach it.
        Assert.IsNotType<Outcome<Follow>.Ok>(await node.Service<FollowService>().FollowAsync("ds_bob", Peer.ActorId("carol"), Ct));
    }

    [Fact]
    public async Task LimitingThePeersDomain_ItsFollowWaitsForApproval()
    {
        InteropPeer.RequireInstalled();
        await using var node = fixture.StartNode();
        await node.CreateMemberAsync("dl_lena");
        var lena = node.ActorId("dl_lena");
        Assert.IsType<Outcome<DomainBlockSaved>.Ok>(await node.Service<DomainBlockService>().BlockAsync(
            new DomainBlockInput(PeerHost, "limit", false), ModeratorRef.Node, Ct));

        await Peer.FollowAsync(lena, "carol");
        await node.DrainAsync();

        Assert.Equal(FollowState.Pending, (await node.Service<IFollowStore>().FindAsync("dl_lena", Peer.ActorId("carol"), FollowDirection.In, Ct))?.State);
        Assert.Equal("pending", await Peer.FollowStateAsync(lena, "carol"));
        Assert.Empty(await Peer.ReceivedAsync("Accept", lena));
    }

    [Fact]
    public async Task AllowlistMode_RefusesThePeer_UntilItIsAllowed_ThenItsFollowIsAccepted()
    {
        InteropPeer.RequireInstalled();
        await using var node = fixture.StartNode();
        await node.CreateMemberAsync("da_amir");
        var amir = node.ActorId("da_amir");
        var domains = node.Service<DomainBlockService>();
        Assert.IsType<Outcome<FederationMode>.Ok>(await domains.SetModeAsync("allowlist", ModeratorRef.Node, Ct));
        Assert.IsType<Outcome<DomainAllow>.Ok>(await domains.AllowAsync("friends.test", ModeratorRef.Node, Ct));

        // Accepting: the peer's signed Follow is refused.
        var before = node.Requests.Count;
        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => Peer.FollowAsync(amir, "alice"));
        Assert.Contains("\"remoteStatus\":403", refused.Message, StringComparison.Ordinal);
        Assert.Contains(node.Requests.Skip(before), r => r.Method == "POST" && r.Status == (int)HttpStatusCode.Forbidden);
        Assert.Null(await node.Service<IFollowStore>().FindAsync("da_amir", Peer.ActorId("alice"), FollowDirection.In, Ct));

        // Fetching: a member cannot reach the peer.
        Assert.IsNotType<Outcome<Follow>.Ok>(await node.Service<FollowService>().FollowAsync("da_amir", Peer.ActorId("carol"), Ct));

        // Once the peer's domain is on the list, it federates: its Follow is accepted (signed fetch is on, and the
        // peer's key fetches are signed, so the node still serves them).
        Assert.IsType<Outcome<DomainAllow>.Ok>(await domains.AllowAsync(PeerHost, ModeratorRef.Node, Ct));
        await Peer.FollowAsync(amir, "alice");
        Assert.Equal("accepted", await node.DrainUntilAsync(() => Peer.FollowStateAsync(amir, "alice"), s => s is not "pending", "the peer's follow to be answered"));
        Assert.Equal(FollowState.Accepted, (await node.Service<IFollowStore>().FindAsync("da_amir", Peer.ActorId("alice"), FollowDirection.In, Ct))?.State);
    }

    private static async Task<long> CountAsync(InteropNode node, string sql)
    {
        await using var connection = await node.Service<IDbConnectionFactory>().OpenAsync(Ct);
        return await connection.ExecuteScalarAsync<long>(sql);
    }
}

/// <summary>
/// The peer under a host name (<see cref="PeerHost"/>, see <see cref="FedifyModerationInteropTests"/>) with users alice
/// and carol, and one node of ours for the report tests; the domain tests each start a node of their own, as a block
/// or allowlist mode would change what every later test meets.
/// </summary>
public sealed class InteropModerationFixture : IAsyncLifetime
{
    public const string PeerHost = "peer.test";

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

        _peer = await InteropPeer.StartAsync(["alice", "carol"], "--host", PeerHost);
        _node = StartNode();
    }

    /// <summary>A node of ours that may reach the peer and resolves its name to 127.0.0.1.</summary>
    internal InteropNode StartNode() => InteropNode.Start([Peer.OriginText], loopbackNames: [PeerHost]);

    /// <summary>Nothing went wrong on either side (see <see cref="InteropFixture.AssertNoProblemsAsync"/>).</summary>
    internal async Task AssertNoProblemsAsync()
    {
        Assert.Empty(await Peer.ProblemsAsync());
        Assert.Empty(await Node.ProblemsAsync());
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
public sealed class InteropModerationPeers : ICollectionFixture<InteropModerationFixture>
{
    public const string Name = "Interop moderation with the Fedify peer";
}
