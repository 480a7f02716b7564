using OurSociety.Core.Federation;
using OurSociety.Core.Posts;
using OurSociety.Web.Tests.Federation.Posts;

namespace OurSociety.Web.Tests.Interop;

/// <summary>
/// Posts against the real Fedify peer (issue 5): it follows our hub and gets the hub's Announce of a member's story,
/// fetches the story; its reply appears under the story, its Like counts, its Delete removes the reply. A peer and a
/// node of their own, so the hub's follows here never meet the follow tests'.
/// </summary>
[Collection(InteropPostPeers.Name)]
public sealed class FedifyPostInteropTests(InteropFixture fixture)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private InteropPeer Peer => fixture.Peer;

    private InteropNode Node => fixture.Node;

    [Fact]
    public async Task PeerFollowsHub_GetsTheBoost_FetchesTheStory_RepliesLikesAndDeletes()
    {
        InteropPeer.RequireInstalled();
        var pia = await Node.CreateMemberAsync("interop_pia");
        var hub = Node.ActorId("hub");
        await Peer.FollowAsync(hub);
        await fixture.AssertPeerFollowAsync(hub, "accepted");

        var story = await Node.StoryAsync(pia.Id, "Seed swap at the station", "public", "seeds");
        var storyId = $"{Node.Origin}/stories/{story.Id}";

        await Node.DrainAsync();   // the hub boosts the story to its followers: the peer
        var announce = Assert.Single(await Peer.ReceivedAsync("Announce", hub));
        Assert.Equal(storyId, (string?)announce!["activity"]!["object"]);
        var fetched = await Peer.FetchAsync(storyId, "auto");
        Assert.Equal(200, (int?)fetched["status"]);
        var body = fetched["body"]!;
        var article = body is System.Text.Json.Nodes.JsonValue text ? System.Text.Json.Nodes.JsonNode.Parse((string)text!)! : body;
        Assert.Equal("Article", (string?)article["type"]);
        Assert.Equal("Seed swap at the station", (string?)article["name"]);

        var note = await Peer.PostNoteAsync(new
        {
            content = "<p>We did this too! <script>alert(1)</script></p>",
            inReplyTo = storyId,
            mentions = new[] { Node.ActorId("interop_pia") },
        });
        var noteId = (string)note["id"]!;
        await Node.DrainAsync();
        var reply = Assert.Single(await Node.Service<IPostStore>().RepliesAsync(story.Id, Ct));
        Assert.Equal(noteId, reply.ApId);
        Assert.Contains("We did this too!", reply.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("script", reply.Body, StringComparison.Ordinal);

        await Peer.PostAsync("like", new { @object = storyId });
        await Node.DrainAsync();
        Assert.Equal(1, (await Node.Service<IPostStore>().FindAsync(story.Id, Ct))?.LikeCount);

        await Peer.DeleteAsync(noteId);
        await Node.DrainAsync();
        Assert.True((await Node.Service<IPostStore>().FindAsync(reply.Id, Ct))?.IsDeleted);
        Assert.Equal(0, (await Node.Service<IPostStore>().FindAsync(story.Id, Ct))!.ReplyCount);

        await Peer.UnfollowAsync(hub);
        await Node.DrainAsync();
        Assert.Null(await Node.Service<IFollowStore>().FindAsync("hub", Peer.ActorId("alice"), FollowDirection.In, Ct));
        await fixture.AssertNoProblemsAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class InteropPostPeers : ICollectionFixture<InteropFixture>
{
    public const string Name = "Interop posts with the Fedify peer";
}
