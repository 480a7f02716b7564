using System.Net;
using OurSociety.Core.Federation;
using OurSociety.Core.Introductions;
using OurSociety.Core.Members;
using OurSociety.Core.Notifications;
using OurSociety.Core.Work;
using OurSociety.Federation.Follows;
using OurSociety.Web.Tests.Api;
using OurSociety.Web.Tests.Follows;

namespace OurSociety.Web.Tests.Introductions;

/// <summary>
/// Proposing with a party on another node: they are found as follows find them, blocks either way refuse, and the
/// asking is queued as work (what it sends is intros-fed's part: these tests never run it).
/// </summary>
public sealed class IntroductionRemotePartyTests(TwoNodes nodes) : IClassFixture<TwoNodes>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ARemoteParty_IsResolved_AndAskingThemIsQueuedWithTheIntroduction()
    {
        var glue = await nodes.A.ApiUserAsync("irr_glue", Role.GlueEr);
        await nodes.A.CreateMemberAsync("irr_a");
        await nodes.B.CreateMemberAsync("irr_bob");

        var created = await (await glue.ProposeAsync("@irr_a", "@irr_bob@b.test")).JsonAsync(HttpStatusCode.Created);

        var id = created.GetProperty("id").GetGuid();
        var bob = created.GetProperty("parties")[1];
        Assert.Equal("irr_bob@b.test", bob.GetProperty("handle").GetString());
        Assert.Equal("http://b.test/users/irr_bob", bob.GetProperty("actorId").GetString());
        Assert.Equal("http://b.test/@irr_bob", bob.GetProperty("url").GetString());
        var stored = (await nodes.A.Service<IIntroductionStore>().FindAsync(id, Ct))!;
        Assert.Equal($"http://a.test/introductions/{id:D}", stored.ApId);
        Assert.False(stored.Party(1).IsLocal);
        Assert.NotEqual(PartyChannel.Local, stored.Party(1).Channel);
        Assert.True(await nodes.A.Service<IWorkItemStore>().IsPendingAsync(IntroductionWork.Send, IntroductionWork.Partition(id), Ct));
    }

    [Fact]
    public async Task AnUnknownRemoteAccount_Is400NamingWhichParty()
    {
        var glue = await nodes.A.ApiUserAsync("irr_unk_glue", Role.GlueEr);
        await nodes.A.CreateMemberAsync("irr_unk_a");

        await (await glue.ProposeAsync("@irr_unk_a", "@nobody_here@b.test")).RefusedAsync(HttpStatusCode.BadRequest, "parties[1]");
    }

    [Fact]
    public async Task ABlockEitherWay_Is403_AndNothingIsStored()
    {
        var glue = await nodes.A.ApiUserAsync("irr_blk_glue", Role.GlueEr);
        await nodes.A.CreateMemberAsync("irr_blk_a");
        await nodes.B.CreateMemberAsync("irr_blk_bob");
        await nodes.B.CreateMemberAsync("irr_blk_carol");
        await nodes.B.CreateMemberAsync("irr_blk_dan");
        var now = nodes.A.Time.GetUtcNow();

        // The glue-er blocked bob; carol blocked the glue-er; dan and the member here blocked each other.
        Assert.IsType<OurSociety.Core.Outcome<Block>.Ok>(await nodes.A.Service<FollowService>().BlockAsync("irr_blk_glue", "@irr_blk_bob@b.test", Ct));
        await nodes.A.WriteAsync(tx => nodes.A.Service<IBlockStore>().AddAsync(
            new Block("irr_blk_glue", "http://b.test/users/irr_blk_carol", FollowDirection.In, "http://b.test/blocks/1", now), tx, Ct));
        await nodes.A.Service<FollowService>().ResolveAsync("@irr_blk_dan@b.test", Ct);
        await nodes.A.WriteAsync(tx => nodes.A.Service<IBlockStore>().AddAsync(
            new Block("irr_blk_a", "http://b.test/users/irr_blk_dan", FollowDirection.In, "http://b.test/blocks/2", now), tx, Ct));

        await (await glue.ProposeAsync("@irr_blk_a", "@irr_blk_bob@b.test")).RefusedAsync(HttpStatusCode.Forbidden, "parties[1]");
        await (await glue.ProposeAsync("@irr_blk_carol@b.test", "@irr_blk_a")).RefusedAsync(HttpStatusCode.Forbidden, "parties[0]");
        var between = await (await glue.ProposeAsync("@irr_blk_a", "@irr_blk_dan@b.test")).RefusedAsync(HttpStatusCode.Forbidden, "parties");
        Assert.DoesNotContain("dan", between.GetRawText(), StringComparison.OrdinalIgnoreCase);

        var listed = await nodes.A.Service<IIntroductionStore>().ListAsync(
            glue.Member.Id, IntroductionRole.Proposed, null, OurSociety.Core.Paging.Cursor.Start, 10, Ct);
        Assert.Empty(listed.Items);
    }

    [Fact]
    public async Task ARemoteYesThenALocalYes_IsMade_AndTellingThemIsQueued_AfterWhichAnUndoChangesNothing()
    {
        var glue = await nodes.A.ApiUserAsync("irr_mk_glue", Role.GlueEr);
        var a = await nodes.A.ApiUserAsync("irr_mk_a");
        await nodes.B.CreateMemberAsync("irr_mk_bob");
        var id = await glue.ProposedAsync("@irr_mk_a", "@irr_mk_bob@b.test");
        var service = nodes.A.Service<IntroductionService>();

        var yes = await nodes.A.WriteAsync(tx => service.RecordRemoteAnswerAsync(id, 1, PartyAnswer.Accepted, "http://b.test/activities/yes", tx, Ct));

        Assert.Equal(IntroductionState.AcceptedByOne, Assert.IsType<OurSociety.Core.Outcome<Introduction>.Ok>(yes).Value.State);
        Assert.Equal("accepted-by-one", (await glue.GetAsync(id)).State());
        Assert.Equal("made", (await a.ActedAsync(id, "accept")).State());
        Assert.True(await nodes.A.Service<IWorkItemStore>().IsPendingAsync(IntroductionWork.Made, IntroductionWork.Partition(id), Ct));
        Assert.Equal("http://b.test/activities/yes", (await nodes.A.Service<IIntroductionStore>().FindAsync(id, Ct))!.Party(1).AnswerActivityId);

        var undo = await nodes.A.WriteAsync(tx => service.RecordRemoteAnswerAsync(id, 1, PartyAnswer.Declined, "http://b.test/activities/undo", tx, Ct));
        Assert.IsType<OurSociety.Core.Outcome<Introduction>.Conflict>(undo);
        Assert.Equal("made", (await glue.GetAsync(id)).State());

        // An answer for a party who is a member here is not a remote answer.
        Assert.IsType<OurSociety.Core.Outcome<Introduction>.NotFound>(
            await nodes.A.WriteAsync(tx => service.RecordRemoteAnswerAsync(id, 0, PartyAnswer.Declined, null, tx, Ct)));
    }

    [Fact]
    public async Task ARemoteNo_IsNotGoingAhead_AndTellingThemIsQueued()
    {
        var glue = await nodes.A.ApiUserAsync("irr_no_glue", Role.GlueEr);
        var a = await nodes.A.ApiUserAsync("irr_no_a");
        await nodes.B.CreateMemberAsync("irr_no_bob");
        var id = await glue.ProposedAsync("@irr_no_a", "@irr_no_bob@b.test");

        await nodes.A.WriteAsync(tx => nodes.A.Service<IntroductionService>().RecordRemoteAnswerAsync(id, 1, PartyAnswer.Declined, "http://b.test/activities/no", tx, Ct));

        Assert.Equal("not-going-ahead", (await glue.GetAsync(id)).State());
        Assert.Equal("not-going-ahead", (await a.GetAsync(id)).State());
        Assert.True(await nodes.A.Service<IWorkItemStore>().IsPendingAsync(IntroductionWork.Ended, IntroductionWork.Partition(id), Ct));
    }

    [Fact]
    public async Task OnAPartysNode_TheMembersAnswersAreQueuedForTheGlueEr_AndTheGlueErsWordDecides()
    {
        var bob = await nodes.B.ApiUserAsync("irr_recv_bob");
        var now = nodes.B.Time.GetUtcNow();
        var id = Guid.CreateVersion7(now);
        var received = new Introduction(
            id, "http://a.test/introductions/" + Guid.CreateVersion7(now).ToString("D"), "http://a.test/users/irr_recv_glue", false,
            "<p>You both grow vegetables.</p>", IntroductionState.Proposed, now, now.AddDays(30), null, null, "en",
            [
                new IntroductionParty(0, bob.Member.Id.ToString("D"), true, "irr_recv_bob@b.test", "http://b.test/@irr_recv_bob", PartyChannel.Local,
                    "http://a.test/introductions/x/offers/0", PartyAnswer.Pending, null, null, false),
                new IntroductionParty(1, "http://a.test/users/irr_recv_a", false, "irr_recv_a@a.test", "http://a.test/@irr_recv_a", PartyChannel.Offer,
                    null, PartyAnswer.Pending, null, null, false),
            ]);
        var service = nodes.B.Service<IntroductionService>();
        Assert.True(await nodes.B.WriteAsync(tx => service.AddReceivedAsync(received, tx, Ct)));
        Assert.False(await nodes.B.WriteAsync(tx => service.AddReceivedAsync(received with { Id = Guid.CreateVersion7(now) }, tx, Ct)));
        Assert.Equal(NotificationKind.IntroductionAsked, Assert.Single(await nodes.B.NotificationsAsync(bob.Member.Id, id)).Kind);

        var accepted = await bob.ActedAsync(id, "accept");
        Assert.Equal("proposed", accepted.State());   // the glue-er's node decides when it is made
        var declined = await bob.ActedAsync(id, "decline");
        Assert.Equal("not-going-ahead", declined.State());

        var answers = (await nodes.B.Service<IWorkItemStore>().ListAsync(WorkState.Pending, OurSociety.Core.Paging.Cursor.Start, 100, Ct)).Items
            .Where(i => i.Kind == IntroductionWork.Answer && i.Partition == IntroductionWork.Partition(id))
            .Select(i => WorkPayload.Read<IntroductionAnswerEvent>(i)).ToList();
        Assert.Equal([new IntroductionAnswerEvent(id, 0, "accepted", false), new IntroductionAnswerEvent(id, 0, "declined", true)], answers);
    }

    [Fact]
    public async Task OnAPartysNode_TheGlueErSayingItIsMade_TellsTheMember()
    {
        var carol = await nodes.B.ApiUserAsync("irr_made_carol");
        var now = nodes.B.Time.GetUtcNow();
        var id = Guid.CreateVersion7(now);
        var received = new Introduction(
            id, "http://a.test/introductions/" + id.ToString("D"), "http://a.test/users/irr_made_glue", false, "<p>Why</p>",
            IntroductionState.Proposed, now, now.AddDays(30), null, null, "en",
            [
                new IntroductionParty(0, "http://a.test/users/irr_made_a", false, "irr_made_a@a.test", null, PartyChannel.Offer, null, PartyAnswer.Pending, null, null, false),
                new IntroductionParty(1, carol.Member.Id.ToString("D"), true, "irr_made_carol@b.test", null, PartyChannel.Local, null, PartyAnswer.Pending, null, null, false),
            ]);
        var service = nodes.B.Service<IntroductionService>();
        await nodes.B.WriteAsync(tx => service.AddReceivedAsync(received, tx, Ct));
        await carol.ActedAsync(id, "accept");

        Assert.True(await nodes.B.WriteAsync(tx => service.ApplyRemoteStateAsync(id, IntroductionState.Made, tx, Ct)));

        Assert.Equal("made", (await carol.GetAsync(id)).State());
        Assert.Equal(NotificationKind.IntroductionMade, (await nodes.B.NotificationsAsync(carol.Member.Id, id))[^1].Kind);
        Assert.False(await nodes.B.WriteAsync(tx => service.ApplyRemoteStateAsync(id, IntroductionState.NotGoingAhead, tx, Ct)));
    }
}
