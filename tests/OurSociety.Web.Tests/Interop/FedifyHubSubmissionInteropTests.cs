using System.Net;
using System.Text.Json.Nodes;
using OurSociety.Core.Hubs;
using OurSociety.Core.Members;
using OurSociety.Core.Paging;

namespace OurSociety.Web.Tests.Interop;

/// <summary>
/// A hub people can post to, against the real Fedify peer (issue 14): the peer's alice follows hub A and posts a public
/// note mentioning it; the note waits in A's queue; a moderator approves it and the peer receives the hub's
/// <c>Announce{object id}</c> (Fedify's host has no NodeInfo naming FEP-1b12 software, so no wrapped form). Declined, a
/// second note is announced to no one; a direct note to the hub never enters the queue. A peer and a node of their own,
/// so the hub's follows here never meet the other interop tests'.
/// </summary>
[Collection(InteropHubSubmissionPeers.Name)]
public sealed class FedifyHubSubmissionInteropTests(InteropFixture fixture)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private InteropPeer Peer => fixture.Peer;

    private InteropNode Node => fixture.Node;

    [Fact]
    public async Task PeerPostsToTheHub_Waits_ApprovedIsAnnounced_DeclinedAndDirectAreNot()
    {
        InteropPeer.RequireInstalled();
        var moderator = await Node.CreateMemberAsync("interop_desk", "correct horse battery", Role.Moderator, Role.Member);
        var hub = Node.ActorId("hub");
        await Peer.FollowAsync(hub);
        await fixture.AssertPeerFollowAsync(hub, "accepted");
        var queue = Node.Service<IHubSubmissionStore>();
        var service = Node.Service<HubSubmissionService>();

        var approvedNote = (string)(await Peer.PostNoteAsync(new { content = "<p>Tool library opens Saturday</p>", mentions = new[] { hub } }))["id"]!;
        await Node.DrainAsync();
        var waiting = await queue.FindByApIdAsync(approvedNote, Ct);
        Assert.Equal(HubSubmissionState.Waiting, waiting?.State);
        Assert.Empty(await Peer.ReceivedAsync("Announce", hub));

        Assert.IsType<OurSociety.Core.Outcome<HubSubmission>.Ok>(await service.DecideAsync(waiting!.Id, approve: true, moderator.Id, Ct));
        await Node.DrainAsync();
        var announce = Assert.Single(await Peer.ReceivedAsync("Announce", hub));
        Assert.Equal(approvedNote, (string?)announce!["activity"]!["object"]);
        Assert.Contains("https://www.w3.org/ns/activitystreams#Public", announce["activity"]!["to"]!.AsArray().Select(n => (string?)n));

        var declinedNote = (string)(await Peer.PostNoteAsync(new { content = "<p>Not for the hub after all</p>", mentions = new[] { hub } }))["id"]!;
        await Node.DrainAsync();
        var declined = await queue.FindByApIdAsync(declinedNote, Ct);
        Assert.IsType<OurSociety.Core.Outcome<HubSubmission>.Ok>(await service.DecideAsync(declined!.Id, approve: false, moderator.Id, Ct));
        var directNote = await Peer.PostNoteAsync(new { content = "<p>Just between us</p>", to = new[] { hub }, followers = false, mentions = new[] { hub } });
        var direct = (string)directNote["id"]!;
        await Node.DrainAsync();

        Assert.Null(await queue.FindByApIdAsync(direct, Ct));
        Assert.Single(await Peer.ReceivedAsync("Announce", hub));   // still only the approved one
        Assert.Empty((await queue.ListAsync(HubSubmissionState.Waiting, Cursor.Start, 10, Ct)).Items);
        // Everything went through cleanly, but for the direct note, which no one here has reason to keep (ignored).
        Assert.Empty(await Peer.ProblemsAsync());
        Assert.All(await Node.ProblemsAsync(), p => Assert.Contains((string)directNote["activity"]!, p, StringComparison.Ordinal));
    }
}

[CollectionDefinition(Name)]
public sealed class InteropHubSubmissionPeers : ICollectionFixture<InteropFixture>
{
    public const string Name = "Interop hub submissions with the Fedify peer";
}
