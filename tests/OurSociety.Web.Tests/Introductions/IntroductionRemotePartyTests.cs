using System.Net;
using OurSociety.Core.Federation;
using OurSociety.Core.Introductions;
using OurSociety.Core.Members;
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
}
