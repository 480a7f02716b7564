using System.Text.Json.Nodes;
using OurSociety.Core;
using OurSociety.Core.Introductions;
using OurSociety.Core.Members;
using OurSociety.Federation.Actors;

namespace OurSociety.Web.Tests.Interop;

/// <summary>
/// Introductions with the real Fedify peer (issue 12), which does not advertise our capability: it is asked by a
/// direct note from the glue-er's actor, addressed to it alone, and answers by replying. "@glue Yes!" makes it (it then
/// gets the note naming both), "maybe" goes to the glue-er's review list, a reply from another account changes
/// nothing, and "stop" ends every introduction to it from this node. Nothing about it is ever addressed to Public.
/// </summary>
[Collection(InteropIntroductionPeers.Name)]
public sealed class FedifyIntroductionInteropTests(InteropFixture fixture)
{
    private const string Reason = "You both keep bees on allotments.";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private InteropPeer Peer => fixture.Peer;

    private InteropNode Node => fixture.Node;

    [Fact]
    public async Task PeerIsAskedByADirectNote_AndAnswersByReplying()
    {
        InteropPeer.RequireInstalled();
        var glue = await Node.CreateMemberAsync("interop_glue", roles: Role.GlueEr);
        var ana = await Node.CreateMemberAsync("interop_ana");
        var ben = await Node.CreateMemberAsync("interop_ben");
        var alice = Peer.ActorId("alice");
        var glueId = Node.ActorId("interop_glue");
        var store = Node.Service<IIntroductionStore>();

        // Asked: a direct note from the glue-er's actor, to alice alone, naming ana (a link to her profile) and the reason.
        var first = await ProposeAsync(glue, ana, alice);
        var ask = await NoteToAsync(alice, first);
        Assert.Equal(glueId, (string?)ask["actor"]);
        Assert.Equal([alice], ask["to"]!.AsArray().Select(a => (string?)a));
        var note = ask["object"]!;
        Assert.Equal([alice], note["to"]!.AsArray().Select(a => (string?)a));
        var content = (string)note["content"]!;
        Assert.Contains($"{Node.Origin}/@interop_ana", content, StringComparison.Ordinal);
        Assert.Contains(Reason, content, StringComparison.Ordinal);
        Assert.Contains(note["tag"]!.AsArray(), t => (string?)t!["type"] == "Mention" && (string?)t["href"] == alice);

        // "@glue Yes!": her yes; ana says yes too: made, and alice gets the note naming both.
        await ReplyAsync("alice", (string)note["id"]!, "<p>@interop_glue Yes!</p>");
        Assert.Equal(IntroductionState.AcceptedByOne, (await store.FindAsync(first.Id, Ct))!.State);
        Assert.IsType<Outcome<IntroductionView>.Ok>(await Node.Service<IntroductionService>().AnswerAsync(first.Id, ana.Id, accept: true, Ct));
        await Node.DrainAsync();
        Assert.Equal(IntroductionState.Made, (await store.FindAsync(first.Id, Ct))!.State);
        var made = (await Peer.ReceivedAsync("Create", glueId, min: 2)).Select(r => r!["activity"]!).Last();
        Assert.Equal(first.ApId, (string?)made["object"]!["introduction"]);
        var mentioned = made["object"]!["tag"]!.AsArray().Where(t => (string?)t!["type"] == "Mention").Select(t => (string?)t!["href"]).ToList();
        Assert.Contains(alice, mentioned);
        Assert.Contains(Node.ActorId("interop_ana"), mentioned);

        // "maybe": kept for the glue-er to read; nothing decided.
        var second = await ProposeAsync(glue, ben, alice);
        var secondNote = (string)(await NoteToAsync(alice, second))["object"]!["id"]!;
        await ReplyAsync("alice", secondNote, "<p>@interop_glue maybe, what does he keep?</p>");
        var review = Assert.Single(await Node.Service<IIntroductionReplyStore>().ReviewsAsync(second.Id, Ct));
        Assert.Contains("maybe", review.Content, StringComparison.Ordinal);
        Assert.Equal(IntroductionState.Proposed, (await store.FindAsync(second.Id, Ct))!.State);

        // carol's reply to the note asked of alice changes nothing.
        await ReplyAsync("carol", secondNote, "<p>@interop_glue yes</p>");
        Assert.All((await store.FindAsync(second.Id, Ct))!.Parties, p => Assert.Equal(PartyAnswer.Pending, p.Answer));

        // "stop": every introduction to alice from this node ends, and no new one may be proposed.
        await ReplyAsync("alice", secondNote, "<p>@interop_glue stop</p>");
        Assert.Equal(IntroductionState.NotGoingAhead, (await store.FindAsync(second.Id, Ct))!.State);
        var (actor, _) = await Node.Service<RemoteActors>().GetAsync(alice, refresh: false, Ct);
        Assert.IsType<Outcome<Introduction>.Forbidden>(await Node.Service<IntroductionService>().ProposeAsync(
            glue.Id, new IntroductionCandidate.Local("interop_ana"), new IntroductionCandidate.Remote(actor!, PartyChannel.Note), Reason, "en", Ct));

        // Nothing it received from us about this was addressed to Public (or anyone but the people named).
        foreach (var received in await Peer.ReceivedAsync(actor: glueId, min: 0))
        {
            Assert.DoesNotContain("#Public", received!["activity"]!.ToJsonString(), StringComparison.Ordinal);
        }

        // Nothing went wrong either way, except what should: carol's reply was ignored, as not hers to answer.
        Assert.Empty(await Peer.ProblemsAsync());
        var problem = Assert.Single(await Node.ProblemsAsync());
        Assert.Contains(Peer.ActorId("carol"), problem, StringComparison.Ordinal);
        Assert.Contains("ignored: a reply to an introduction from someone who was not asked", problem, StringComparison.Ordinal);
    }

    private async Task<Introduction> ProposeAsync(Member glue, Member party, string remoteId)
    {
        var (actor, error) = await Node.Service<RemoteActors>().GetAsync(remoteId, refresh: false, Ct);
        Assert.True(actor is not null, error);
        var outcome = await Node.Service<IntroductionService>().ProposeAsync(
            glue.Id, new IntroductionCandidate.Local(party.Username), new IntroductionCandidate.Remote(actor!, PartyChannel.Note), Reason, "en", Ct);
        var introduction = Assert.IsType<Outcome<Introduction>.Ok>(outcome).Value;
        await Node.DrainAsync();
        return introduction;
    }

    /// <summary>The Create of the direct note about <paramref name="introduction"/> that the peer received.</summary>
    private async Task<JsonNode> NoteToAsync(string party, Introduction introduction)
    {
        var received = await Peer.ReceivedAsync("Create", min: 0);
        var create = received.Select(r => r!["activity"]!).LastOrDefault(a => (string?)a["object"]?["introduction"] == introduction.ApId);
        Assert.True(create is not null, $"no note about {introduction.ApId} reached {party}");
        return create;
    }

    private async Task ReplyAsync(string who, string inReplyTo, string content)
    {
        var glueId = Node.ActorId("interop_glue");
        await Peer.PostNoteAsync(new { content, to = new[] { glueId }, followers = false, mentions = new[] { glueId }, inReplyTo, @as = who });
        await Node.DrainAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class InteropIntroductionPeers : ICollectionFixture<InteropFixture>
{
    public const string Name = "Interop introductions with the Fedify peer";
}
