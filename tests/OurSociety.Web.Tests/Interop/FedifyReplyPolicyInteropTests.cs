using OurSociety.Core.Posts;
using OurSociety.Web.Tests.Federation.Posts;

namespace OurSociety.Web.Tests.Interop;

/// <summary>
/// Moderated replies against the real Fedify peer (issue 13): its reply to a story whose policy is "approval" is held
/// until the author approves it, and the peer then receives our Accept (object its note, target the story, result the
/// authorization); a declined reply never shows and the peer receives the Reject. Shares the posts' peer and node.
/// </summary>
[Collection(InteropPostPeers.Name)]
public sealed class FedifyReplyPolicyInteropTests(InteropFixture fixture)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private InteropPeer Peer => fixture.Peer;

    private InteropNode Node => fixture.Node;

    [Fact]
    public async Task PeerReply_ToAnApprovalPost_IsHeldUntilApproved_PeerGetsTheAccept_ADeclinedOneTheReject()
    {
        InteropPeer.RequireInstalled();
        var rita = await Node.CreateMemberAsync("interop_rita");
        var story = PostNetwork.Ok(await Node.Service<PostService>().CreateStoryAsync(rita.Id,
            new StoryInput("Quiet evening", null, "Replies by approval.", [], null, null, "public", false, null) { ReplyPolicy = "approval" }, Ct));
        var storyId = $"{Node.Origin}/stories/{story.Id}";
        var author = Node.ActorId("interop_rita");

        // The peer reads the policy on the story.
        var fetched = await Peer.FetchAsync(storyId, "auto");
        Assert.Equal(200, (int?)fetched["status"]);

        var kept = await ReplyAsync(storyId, author, "<p>May I join?</p>");
        var declined = await ReplyAsync(storyId, author, "<p>Buy cheap things</p>");
        var replies = await Node.Service<IPostStore>().RepliesAsync(story.Id, Ct);
        var first = Assert.Single(replies, r => r.ApId == kept);
        var second = Assert.Single(replies, r => r.ApId == declined);
        Assert.All(replies, r => Assert.Equal(ReplyState.Pending, r.ReplyState));
        var access = Node.Service<PostAccess>();
        Assert.False(await access.CanSeeAsync(first, null, Ct));
        Assert.Equal(0, (await Node.Service<IPostStore>().FindAsync(story.Id, Ct))!.ReplyCount);
        Assert.Empty(await Peer.ReceivedAsync("Accept", author));

        PostNetwork.Ok(await Node.Service<PostService>().DecideReplyAsync(rita.Id, first.Id, approve: true, Ct));
        PostNetwork.Ok(await Node.Service<PostService>().DecideReplyAsync(rita.Id, second.Id, approve: false, Ct));
        await Node.DrainAsync();

        var accept = Assert.Single(await Peer.ReceivedAsync("Accept", author, wait: 10))!["activity"]!;
        Assert.Equal(kept, (string?)accept["object"]);
        Assert.Equal(storyId, (string?)accept["target"]);
        var authorization = await Peer.FetchAsync((string)accept["result"]!, "auto");
        Assert.Equal(200, (int?)authorization["status"]);
        var reject = Assert.Single(await Peer.ReceivedAsync("Reject", author, wait: 10))!["activity"]!;
        Assert.Equal(declined, (string?)reject["object"]);

        Assert.True(await access.CanSeeAsync((await Node.Service<IPostStore>().FindAsync(first.Id, Ct))!, null, Ct));
        Assert.False(await access.CanSeeAsync((await Node.Service<IPostStore>().FindAsync(second.Id, Ct))!, null, Ct));
        Assert.Equal(1, (await Node.Service<IPostStore>().FindAsync(story.Id, Ct))!.ReplyCount);
        await fixture.AssertNoProblemsAsync();
    }

    private async Task<string> ReplyAsync(string storyId, string author, string content)
    {
        var note = await Peer.PostNoteAsync(new { content, inReplyTo = storyId, mentions = new[] { author } });
        await Node.DrainAsync();
        return (string)note["id"]!;
    }
}
