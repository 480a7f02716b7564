using System.Text.Json.Nodes;
using OurSociety.Core.Needs;
using OurSociety.Web.Tests.Federation.Posts;

namespace OurSociety.Web.Tests.Interop;

/// <summary>
/// Needs and offers against the real Fedify peer: following a member, it receives a Create of a Note that reads as a
/// normal post (the title, details, time and place in its content, #need and the topics as hashtags) and carries the
/// FEP-0837 structure, which Fedify's JSON-LD processing accepts; closing arrives as an Update, deleting as a Delete.
/// </summary>
[Collection(InteropProposalPeers.Name)]
public sealed class FedifyProposalInteropTests(InteropFixture fixture)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private InteropPeer Peer => fixture.Peer;

    private InteropNode Node => fixture.Node;

    [Fact]
    public async Task PeerFollowsMember_ReceivesTheNeed_ReadableWithHashtags_AndTheFep0837Structure()
    {
        InteropPeer.RequireInstalled();
        var rhys = await Node.CreateMemberAsync("interop_rhys");
        var actor = Node.ActorId("interop_rhys");
        await Peer.FollowAsync(actor);
        await fixture.AssertPeerFollowAsync(actor, "accepted");

        var need = PostNetwork.Ok(await Node.Service<ProposalService>().CreateAsync(rhys.Id, ProposalKind.Need,
            new ProposalInput("A van on Saturdays", "For the *food bank* run.", ["transport"], "Riverside", "2 hours a week", "2027-01-31", "equipment"), Ct));
        var needId = $"{Node.Origin}/needs/{need.Id}";
        await Node.DrainAsync();

        var create = Assert.Single(await Peer.ReceivedAsync("Create", actor, wait: 10))!;
        var note = create["activity"]!["object"]!;
        Assert.Equal(needId, (string?)note["id"]);
        Assert.Equal("Note", (string?)note["type"]);
        var content = (string)note["content"]!;
        foreach (var text in new[] { "A van on Saturdays", "<em>food bank</em>", "2 hours a week", "Riverside", "31 January 2027" })
        {
            Assert.Contains(text, content, StringComparison.Ordinal);
        }

        Assert.Contains("class=\"mention hashtag\" rel=\"tag\">#<span>need</span></a>", content, StringComparison.Ordinal);
        Assert.Contains("#<span>transport</span>", content, StringComparison.Ordinal);
        var tags = note["tag"]!.AsArray().Select(t => ((string?)t!["type"], (string?)t["name"])).ToList();
        Assert.Contains(("Hashtag", "#need"), tags);
        Assert.Contains(("Hashtag", "#transport"), tags);
        Assert.Equal("request", (string?)note["purpose"]);
        Assert.Equal("Intent", (string?)note["publishes"]!["type"]);
        Assert.Equal("transfer", (string?)note["publishes"]!["action"]);
        Assert.Equal("Place", (string?)note["location"]!["type"]);
        Assert.Equal("2027-01-31T23:59:59Z", (string?)note["endTime"]);
        Assert.Contains("https://www.w3.org/ns/activitystreams#Public", note["to"]!.AsArray().Select(a => (string?)a));

        // The peer can fetch it at its id, as Mastodon does for the hub's boost.
        var fetched = await Peer.FetchAsync(needId, "auto");
        Assert.Equal(200, (int?)fetched["status"]);
        var body = fetched["body"]!;
        var document = body is JsonValue raw ? JsonNode.Parse((string)raw!)! : body;
        Assert.Equal("request", (string?)document["purpose"]);

        // Closing is an Update (its content says so); deleting is a Delete.
        PostNetwork.Ok(await Node.Service<ProposalService>().CloseAsync(rhys.Id, ProposalKind.Need, need.Id, Ct));
        await Node.DrainAsync();
        var update = Assert.Single(await Peer.ReceivedAsync("Update", actor, wait: 10))!;
        Assert.Contains("Closed: found, thank you.", (string)update["activity"]!["object"]!["content"]!, StringComparison.Ordinal);
        Assert.NotNull(update["activity"]!["object"]!["closed"]);

        PostNetwork.Ok(await Node.Service<ProposalService>().DeleteAsync(rhys.Id, ProposalKind.Need, need.Id, Ct));
        await Node.DrainAsync();
        var delete = Assert.Single(await Peer.ReceivedAsync("Delete", actor, wait: 10))!;
        Assert.Equal(needId, (string?)delete["object"]);
        await fixture.AssertNoProblemsAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class InteropProposalPeers : ICollectionFixture<InteropFixture>
{
    public const string Name = "Interop needs and offers with the Fedify peer";
}
