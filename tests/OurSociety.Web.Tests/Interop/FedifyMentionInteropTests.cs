using System.Text.Json.Nodes;
using OurSociety.Core.Posts;
using OurSociety.Web.Tests.Federation.Posts;

namespace OurSociety.Web.Tests.Interop;

/// <summary>
/// A member names the real Fedify peer's account by its handle (<c>@carol@127.0.0.1:PORT</c>: the peer answers WebFinger
/// over http, which the node may ask because the peer's origin is an allowed private one). Our node looks it up in its
/// work queue and the peer, which carol's author does not follow, receives the Create with the Mention tag, carol in
/// <c>cc</c> and a link to her in <c>content</c>. Same peer and node as the post tests (their collection).
/// </summary>
[Collection(InteropPostPeers.Name)]
public sealed class FedifyMentionInteropTests(InteropFixture fixture)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private InteropPeer Peer => fixture.Peer;

    private InteropNode Node => fixture.Node;

    [Fact]
    public async Task MemberNamesThePeersAccountByHandle_ThePeerReceivesTheCreate_WithTheMentionTagAndALink()
    {
        InteropPeer.RequireInstalled();
        var mo = await Node.CreateMemberAsync("interop_mo");
        var carol = Peer.ActorId("carol");
        var handle = $"@carol@{Peer.Origin.Authority}";
        var story = PostNetwork.Ok(await Node.Service<PostService>().CreateStoryAsync(mo.Id,
            new StoryInput("Seed library", null, $"Thanks {handle} for the seeds.", [], null, null, "public", false, null), Ct));

        await Node.DrainAsync();   // looks carol up, then delivers the Create to the peer, which handles it before answering

        var create = Assert.Single(await Peer.ReceivedAsync("Create", Node.ActorId("interop_mo")));
        var article = create!["activity"]!["object"]!;
        Assert.Equal($"{Node.Origin}/stories/{story.Id}", (string?)article["id"]);
        var mention = Assert.Single(article["tag"]!.AsArray(), t => (string?)t!["type"] == "Mention")!;
        Assert.Equal(carol, (string?)mention["href"]);
        Assert.Equal(handle, (string?)mention["name"]);
        Assert.Contains(carol, article["cc"]!.AsArray().Select(a => (string?)a));
        var content = (string)article["content"]!;
        Assert.Contains("class=\"u-url mention\"", content, StringComparison.Ordinal);
        Assert.Contains("@<span>carol</span></a>", content, StringComparison.Ordinal);
        Assert.DoesNotContain(handle, content, StringComparison.Ordinal);
        await fixture.AssertNoProblemsAsync();
    }
}
