using System.Text.Json.Nodes;
using OurSociety.Core;
using OurSociety.Core.Federation;
using OurSociety.Core.Members;
using OurSociety.Federation.Follows;

namespace OurSociety.Web.Tests.Interop;

/// <summary>
/// Our node against a real, independent ActivityPub server (Fedify 2.3.6, see tests/interop-peer/README.md), over real
/// HTTP on loopback: follows both ways, its posts, Undo, locked accounts, and both signature specifications. The peer's
/// control calls deliver before they answer and our node's work runs when drained, so each step is settled when the
/// next starts; only the peer's automatic Accept comes on its own schedule (<see cref="InteropNode.DrainUntilAsync"/>).
/// </summary>
[Collection(InteropPeers.Name)]
public sealed class FedifyInteropTests(InteropFixture fixture)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private InteropPeer Peer => fixture.Peer;

    private InteropNode Node => fixture.Node;

    [Fact]
    public async Task PeerFollowsHub_GetsAccept_IsListedAsFollower_ThenUndoRemovesIt()
    {
        InteropPeer.RequireInstalled();
        var hub = Node.ActorId("hub");
        var alice = Peer.ActorId("alice");

        await Peer.FollowAsync(hub);

        await fixture.AssertPeerFollowAsync(hub, "accepted");
        var follow = await Node.Service<IFollowStore>().FindAsync("hub", alice, FollowDirection.In, Ct);
        Assert.Equal(FollowState.Accepted, follow?.State);
        var page = await InteropNode.GetDocumentAsync($"{hub}/followers?page=true");
        Assert.Contains(alice, page["orderedItems"]!.AsArray().Select(n => (string?)n));
        var accept = Assert.Single(await Peer.ReceivedAsync("Accept", hub));
        Assert.Equal(follow!.ActivityId, (string?)accept!["object"]);

        await Peer.UnfollowAsync(hub);

        await Node.DrainAsync();
        Assert.Null(await Node.Service<IFollowStore>().FindAsync("hub", alice, FollowDirection.In, Ct));

        // Following again after an Undo is a new Follow, answered like the first.
        var again = await Peer.FollowAsync(hub);
        await fixture.AssertPeerFollowAsync(hub, "accepted");
        Assert.Equal((string?)again["id"], (await Node.Service<IFollowStore>().FindAsync("hub", alice, FollowDirection.In, Ct))?.ActivityId);
        await Peer.UnfollowAsync(hub);
        await Node.DrainAsync();
        Assert.Null(await Node.Service<IFollowStore>().FindAsync("hub", alice, FollowDirection.In, Ct));
        await fixture.AssertNoProblemsAsync();
    }

    [Fact]
    public async Task PeerFollowsMember_GetsAccept_AndIsListedAsFollower()
    {
        InteropPeer.RequireInstalled();
        await Node.CreateMemberAsync("interop_mira");
        var mira = Node.ActorId("interop_mira");

        await Peer.FollowAsync(mira, "carol");

        await fixture.AssertPeerFollowAsync(mira, "accepted", "carol");
        var page = await InteropNode.GetDocumentAsync($"{mira}/followers?page=true");
        Assert.Equal([Peer.ActorId("carol")], page["orderedItems"]!.AsArray().Select(n => (string?)n));
        await fixture.AssertNoProblemsAsync();
    }

    [Fact]
    public async Task MemberFollowsPeer_Accepted_ReceivesItsPosts_ThenUnfollowReachesThePeer()
    {
        InteropPeer.RequireInstalled();
        await Node.CreateMemberAsync("interop_nora");
        var nora = Node.ActorId("interop_nora");
        var alice = Peer.ActorId("alice");

        var outcome = await Node.Service<FollowService>().FollowAsync("interop_nora", alice, Ct);

        var follow = Assert.IsType<Outcome<Follow>.Ok>(outcome).Value;
        // Our drain delivers the Follow; the peer accepts it on its own schedule (through its queue, once the POST was answered).
        await Node.DrainUntilAsync(
            () => Node.Service<IFollowStore>().FindAsync(follow.Id, Ct), f => f?.State == FollowState.Accepted, "the peer to accept nora's follow");
        Assert.Contains(nora, await Peer.FollowersAsync());
        var sent = Assert.Single(await Peer.ReceivedAsync("Follow", nora));
        Assert.Equal(follow.ActivityId, (string?)sent!["id"]);

        var note = await Peer.NoteAsync("Hello from Fedify");

        Assert.Contains(nora, ((JsonArray)note["delivered"]!).Select(n => (string?)n));
        await Node.DrainAsync();
        var stored = (await Node.StoredAsync("Create", alice)).Single(r => r.ActivityId == (string?)note["activity"]);
        Assert.NotNull(stored.ProcessedAt);
        Assert.Contains("Hello from Fedify", stored.Body, StringComparison.Ordinal);

        var deleted = await Peer.DeleteAsync((string)note["id"]!);

        Assert.Contains(nora, ((JsonArray)deleted["delivered"]!).Select(n => (string?)n));
        await Node.DrainAsync();
        Assert.NotNull((await Node.StoredAsync("Delete", alice)).Single(r => r.ActivityId == (string?)deleted["id"]).ProcessedAt);

        Assert.IsType<Outcome<Follow>.Ok>(await Node.Service<FollowService>().UnfollowAsync("interop_nora", follow.Id, Ct));

        await Node.DrainAsync();
        Assert.DoesNotContain(nora, await Peer.FollowersAsync());
        var undo = Assert.Single(await Peer.ReceivedAsync("Undo", nora));
        Assert.Equal(follow.ActivityId, (string?)undo!["object"]);
        await fixture.AssertNoProblemsAsync();
    }

    [Fact]
    public async Task PeerMentionsMember_DirectNoteArrivesAtTheMembersInbox()
    {
        InteropPeer.RequireInstalled();
        await Node.CreateMemberAsync("interop_ida");
        var ida = Node.ActorId("interop_ida");
        var alice = Peer.ActorId("alice");

        var note = await Peer.PostNoteAsync(new { content = "Just for you", to = new[] { ida }, followers = false, mentions = new[] { ida } });

        Assert.Equal([ida], ((JsonArray)note["delivered"]!).Select(n => (string?)n));
        await Node.DrainAsync();
        var stored = (await Node.StoredAsync("Create", alice)).Single(r => r.ActivityId == (string?)note["activity"]);
        Assert.NotNull(stored.ProcessedAt);
        Assert.Equal("interop_ida", stored.Recipient);
        await fixture.AssertNoProblemsAsync();
    }

    [Fact]
    public async Task PeerThatApprovesByHand_AcceptsOneFollowAndRejectsAnother()
    {
        InteropPeer.RequireInstalled();
        await using var mona = await InteropPeer.StartAsync(["mona"], "--manual-accept");
        await using var node = InteropNode.Start([mona.OriginText]);
        await node.CreateMemberAsync("interop_una");
        await node.CreateMemberAsync("interop_vic");
        var follows = node.Service<FollowService>();
        var una = Assert.IsType<Outcome<Follow>.Ok>(await follows.FollowAsync("interop_una", mona.ActorId("mona"), Ct)).Value;
        var vic = Assert.IsType<Outcome<Follow>.Ok>(await follows.FollowAsync("interop_vic", mona.ActorId("mona"), Ct)).Value;
        await node.DrainAsync();
        Assert.Equal(2, (await mona.ReceivedAsync("Follow")).Count);

        await mona.PostAsync("accept", new { activity = una.ActivityId });
        await mona.PostAsync("reject", new { activity = vic.ActivityId });

        await node.DrainAsync();
        Assert.Equal(FollowState.Accepted, (await node.Service<IFollowStore>().FindAsync(una.Id, Ct))?.State);
        Assert.Null(await node.Service<IFollowStore>().FindAsync(vic.Id, Ct));
        Assert.Equal([node.ActorId("interop_una")], await mona.FollowersAsync());
        Assert.Empty(await mona.ProblemsAsync());
        Assert.Empty(await node.ProblemsAsync());
    }

    [Fact]
    public async Task LockedMember_PeerFollowStaysPending_UntilTheMemberAccepts()
    {
        InteropPeer.RequireInstalled();
        var lena = await Node.CreateMemberAsync("interop_lena");
        await Node.Service<MemberService>().SetManuallyApprovesFollowersAsync(lena.Id, true, Ct);
        var lenaId = Node.ActorId("interop_lena");
        var carol = Peer.ActorId("carol");

        await Peer.FollowAsync(lenaId, "carol");

        await Node.DrainAsync();
        var request = await Node.Service<IFollowStore>().FindAsync("interop_lena", carol, FollowDirection.In, Ct);
        Assert.Equal(FollowState.Pending, request?.State);
        Assert.Equal("pending", await Peer.FollowStateAsync(lenaId, "carol"));
        Assert.Empty(await Peer.ReceivedAsync("Accept", lenaId));

        Assert.IsType<Outcome<Follow>.Ok>(await Node.Service<FollowService>().AcceptRequestAsync("interop_lena", request!.Id, Ct));

        await fixture.AssertPeerFollowAsync(lenaId, "accepted", "carol");
        await fixture.AssertNoProblemsAsync();
    }

    [Fact]
    public async Task LockedMember_PeerWithdrawsItsRequest_RequestIsGone()
    {
        InteropPeer.RequireInstalled();
        var kim = await Node.CreateMemberAsync("interop_kim");
        await Node.Service<MemberService>().SetManuallyApprovesFollowersAsync(kim.Id, true, Ct);
        var kimId = Node.ActorId("interop_kim");
        var alice = Peer.ActorId("alice");
        await Peer.FollowAsync(kimId);
        await Node.DrainAsync();
        Assert.NotNull(await Node.Service<IFollowStore>().FindAsync("interop_kim", alice, FollowDirection.In, Ct));

        await Peer.UnfollowAsync(kimId);

        await Node.DrainAsync();
        Assert.Null(await Node.Service<IFollowStore>().FindAsync("interop_kim", alice, FollowDirection.In, Ct));
        await fixture.AssertNoProblemsAsync();
    }

    [Fact]
    public async Task PeerDeliveries_SignedWithRfc9421_AreAcceptedOnTheFirstTry()
    {
        InteropPeer.RequireInstalled();
        await Node.CreateMemberAsync("interop_rhea");
        var rhea = Node.ActorId("interop_rhea");

        await Peer.FollowAsync(rhea);
        await fixture.AssertPeerFollowAsync(rhea, "accepted");

        // Fedify tries RFC 9421 first and keeps to it while it works: every POST it made to us used it, none was refused.
        var posts = Node.Requests.Where(r => r.Method == "POST" && r.KeyId?.StartsWith(Peer.OriginText + "/", StringComparison.Ordinal) == true).ToList();
        Assert.NotEmpty(posts);
        Assert.All(posts, p => Assert.Equal(("rfc9421", 202), (p.Spec, p.Status)));
    }

    [Fact]
    public async Task PeerDeliveries_FallBackToCavage_AfterA401_AndVerify()
    {
        InteropPeer.RequireInstalled();
        // A fresh peer: Fedify remembers per origin which specification worked.
        await using var dora = await InteropPeer.StartAsync(["dora"]);
        await using var node = InteropNode.Start([dora.OriginText]);
        node.RefuseRfc9421From = dora.OriginText;
        var hub = node.ActorId("hub");

        await dora.FollowAsync(hub);

        await node.DrainAsync();
        Assert.Equal("accepted", await dora.FollowStateAsync(hub));
        var posts = node.Requests.Where(r => r.Method == "POST" && r.KeyId?.StartsWith(dora.OriginText + "/", StringComparison.Ordinal) == true).ToList();
        Assert.Equal(("rfc9421", 401), (posts[0].Spec, posts[0].Status));
        Assert.Equal(("cavage", 202), (posts[1].Spec, posts[1].Status));
        Assert.Single(await node.StoredAsync("Follow", dora.ActorId("dora")));
        Assert.Empty(await dora.ProblemsAsync());
        Assert.Empty(await node.ProblemsAsync());
    }

    [Fact]
    public async Task AuthorizedFetch_SignedGetsFromThePeerWork_UnsignedGetOnlyTheKey()
    {
        InteropPeer.RequireInstalled();
        await using var node = InteropNode.Start([Peer.OriginText], requireSignedFetch: true);
        await node.CreateMemberAsync("interop_tess");
        var tess = node.ActorId("interop_tess");

        foreach (var spec in (string[])["auto", "rfc9421", "cavage"])
        {
            var actor = await Peer.FetchAsync(tess, spec);
            Assert.True((int?)actor["status"] == 200, actor.ToJsonString());
            Assert.Equal(tess + "/outbox", (string?)actor["body"]!["outbox"]);
            Assert.Single(actor["attempts"]!.AsArray());
            var outbox = await Peer.FetchAsync(tess + "/outbox", spec);
            Assert.True((int?)outbox["status"] == 200, outbox.ToJsonString());
            Assert.Equal("OrderedCollection", (string?)outbox["body"]!["type"]);
            // Fedify's draft-cavage (request-target) leaves out the query (as Mastodon's does); RFC 9421 keeps it.
            var page = await Peer.FetchAsync(tess + "/followers?page=true", spec);
            Assert.True((int?)page["status"] == 200, page.ToJsonString());
            Assert.Equal("OrderedCollectionPage", (string?)page["body"]!["type"]);
        }

        var unsignedOutbox = await Peer.FetchAsync(tess + "/outbox", "none");
        Assert.Equal(401, (int?)unsignedOutbox["status"]);
        var unsignedActor = await Peer.FetchAsync(tess, "none");
        Assert.Equal(200, (int?)unsignedActor["status"]);
        Assert.NotNull(unsignedActor["body"]!["publicKey"]);
        Assert.Null(unsignedActor["body"]!["outbox"]);

        // The whole follow works in this mode too: each side fetches the other's key with signed GETs.
        await Peer.FollowAsync(tess, "carol");
        await node.DrainAsync();
        Assert.Equal("accepted", await Peer.FollowStateAsync(tess, "carol"));
        await fixture.AssertNoProblemsAsync();
        Assert.Empty(await node.ProblemsAsync());
    }
}
