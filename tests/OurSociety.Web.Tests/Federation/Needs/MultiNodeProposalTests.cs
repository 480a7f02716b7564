using OurSociety.Core;
using OurSociety.Core.Federation;
using OurSociety.Core.Members;
using OurSociety.Core.Needs;
using OurSociety.Core.Paging;
using OurSociety.Core.Posts;
using OurSociety.Core.Search;
using OurSociety.Federation.Follows;
using OurSociety.Testing;
using OurSociety.Web.Tests.Federation.Posts;

namespace OurSociety.Web.Tests.Federation.Needs;

/// <summary>
/// Two nodes in one process: a need posted on A reaches B (a member of B follows its author, or the hub of A), is
/// found by search there, and its closing and deletion follow it; the hub's own offer reaches the hub's followers.
/// </summary>
public sealed class MultiNodeProposalTests : IAsyncLifetime
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private readonly FederationNetwork _network = new();
    private NodeFactory _a = null!;
    private NodeFactory _b = null!;
    private Member _alice = null!;
    private Member _bob = null!;

    public async ValueTask InitializeAsync()
    {
        _a = _network.AddNode("http://a.test");
        _b = _network.AddNode("http://b.test");
        _alice = await _a.CreateMemberAsync("alice");
        _bob = await _b.CreateMemberAsync("bob");
    }

    public ValueTask DisposeAsync() => _network.DisposeAsync();

    [Fact]
    public async Task Need_FollowedAuthor_ReachesTheOtherNode_IsFound_AndCloseAndDeleteFollow()
    {
        PostNetwork.Ok(await _b.Service<FollowService>().FollowAsync("bob", "http://a.test/users/alice", Ct));
        await _network.DrainAsync();

        var need = await NeedAsync(_a, _alice.Id, ProposalKind.Need, new ProposalInput(
            "A van on Saturdays", "For the **food bank** run.", ["transport"], "Leeds", "2 hours a week", "2027-01-31", "equipment"));
        await _network.DrainAsync();

        var apId = $"http://a.test/needs/{need.Id}";
        var copy = await _b.Service<IProposalStore>().FindByApIdAsync(apId, Ct);
        Assert.NotNull(copy);
        Assert.Equal(ProposalKind.Need, copy.Kind);
        Assert.Equal("A van on Saturdays", copy.Title);
        Assert.Equal("http://a.test/users/alice", copy.RemoteAuthor);
        Assert.Equal(["transport"], copy.Topics);
        Assert.Equal("Leeds", copy.Locality);
        Assert.Equal("2 hours a week", copy.Time);
        Assert.Equal(ProposalResource.Equipment, copy.Resource);
        Assert.Equal(need.Ends, copy.Ends);
        Assert.Contains("food bank", copy.Details, StringComparison.Ordinal);
        Assert.False(copy.IsLocal);

        // Found by search on B, listed as from elsewhere, shown on its page there.
        var found = await _b.Service<ISearchIndex>().SearchProposalsAsync(((Outcome<SearchTerms>.Ok)SearchTerms.Parse("van saturdays")).Value, Cursor.Start, 10, Ct);
        Assert.Equal(copy.Id, Assert.Single(found.Items).Id);
        var network = await _b.Service<IProposalStore>().ListAsync(new ProposalQuery { Local = false, OpenAt = _b.Time.GetUtcNow() }, Cursor.Start, 10, Ct);
        Assert.Contains(network.Items, p => p.Id == copy.Id);
        using (var browser = _b.CreateClient())
        {
            var page = await browser.GetStringAsync($"/needs/{copy.Id}", Ct);
            Assert.Contains("A van on Saturdays", page, StringComparison.Ordinal);
            Assert.Contains(apId, page, StringComparison.Ordinal);   // "see it where it was posted"
        }

        // Closing travels as an Update.
        Assert.IsType<Outcome<Proposal>.Ok>(await _a.Service<ProposalService>().CloseAsync(_alice.Id, ProposalKind.Need, need.Id, Ct));
        await _network.DrainAsync();
        Assert.NotNull((await _b.Service<IProposalStore>().FindByApIdAsync(apId, Ct))!.ClosedAt);

        // Deleting travels as a Delete.
        Assert.IsType<Outcome<bool>.Ok>(await _a.Service<ProposalService>().DeleteAsync(_alice.Id, ProposalKind.Need, need.Id, Ct));
        await _network.DrainAsync();
        Assert.True((await _b.Service<IProposalStore>().FindByApIdAsync(apId, Ct))!.IsDeleted);
        Assert.Empty((await _b.Service<ISearchIndex>().SearchProposalsAsync(((Outcome<SearchTerms>.Ok)SearchTerms.Parse("van")).Value, Cursor.Start, 10, Ct)).Items);
    }

    [Fact]
    public async Task Offer_ReachesAFollowerOfTheHub_ThroughTheHubsBoost_AndTheHubsOwnToo()
    {
        PostNetwork.Ok(await _b.Service<FollowService>().FollowAsync("bob", "http://a.test/users/hub", Ct));
        await _network.DrainAsync();

        var offer = await NeedAsync(_a, _alice.Id, ProposalKind.Offer, new ProposalInput("Grant applications", "I can read yours.", ["grants"], null, null, null, null));
        var admin = await _a.CreateMemberAsync("admin_a", roles: Role.Admin);
        var hubs = await NeedAsync(_a, admin.Id, ProposalKind.Need, new ProposalInput("Volunteers for the fair", null, ["fair"], null, null, null, "time") { AsHub = true });
        await _network.DrainAsync();

        var boosted = await _b.Service<IProposalStore>().FindByApIdAsync($"http://a.test/offers/{offer.Id}", Ct);
        Assert.NotNull(boosted);
        Assert.Equal("http://a.test/users/alice", boosted.RemoteAuthor);
        Assert.Equal(ProposalKind.Offer, boosted.Kind);
        var own = await _b.Service<IProposalStore>().FindByApIdAsync($"http://a.test/needs/{hubs.Id}", Ct);
        Assert.NotNull(own);
        Assert.Equal("http://a.test/users/hub", own.RemoteAuthor);
        Assert.Equal(ProposalResource.Time, own.Resource);

        // Not a post: nothing of them is stored among B's stories and lessons.
        Assert.Null(await _b.Service<IPostStore>().FindByApIdOrUrlAsync($"http://a.test/offers/{offer.Id}", Ct));

        // The edit reaches the hub's followers too.
        Assert.IsType<Outcome<Proposal>.Ok>(await _a.Service<ProposalService>().UpdateAsync(
            _alice.Id, ProposalKind.Offer, offer.Id, new ProposalInput("Grant applications read and marked", null, ["grants"], null, null, null, null), Ct));
        await _network.DrainAsync();
        Assert.Equal("Grant applications read and marked", (await _b.Service<IProposalStore>().FindByApIdAsync($"http://a.test/offers/{offer.Id}", Ct))!.Title);
    }

    [Fact]
    public async Task Need_FromSomeoneNobodyFollows_IsNotKept()
    {
        await NeedAsync(_a, _alice.Id, ProposalKind.Need, new ProposalInput("Nobody follows me", null, null, null, null, null, null));
        await _network.DrainAsync();

        Assert.Empty((await _b.Service<IProposalStore>().ListAsync(new ProposalQuery(), Cursor.Start, 10, Ct)).Items);
    }

    [Fact]
    public async Task LimitedMember_NewOffer_IsNotBoostedByTheHub()
    {
        PostNetwork.Ok(await _b.Service<FollowService>().FollowAsync("bob", "http://a.test/users/hub", Ct));
        await _network.DrainAsync();
        Assert.IsType<Outcome<OurSociety.Core.Moderation.ModerationEntry>.Ok>(await _a.Service<OurSociety.Core.Moderation.IAccountModeration>().ApplyAsync(
            new OurSociety.Core.Moderation.AccountActionRequest(null, "@alice", OurSociety.Core.Moderation.AccountAction.Limit, null), Ct));

        var offer = await NeedAsync(_a, _alice.Id, ProposalKind.Offer, new ProposalInput("Limited offer", null, ["grants"], null, null, null, null));
        await _network.DrainAsync();

        // Bob follows only the hub, so the hub's boost was the only way it could reach B.
        Assert.Null(await _b.Service<IProposalStore>().FindByApIdAsync($"http://a.test/offers/{offer.Id}", Ct));
    }

    [Fact]
    public async Task ModeratorsRemoval_OfANeedWrittenHere_DeletesTheOtherNodesCopy_OfAReceivedOne_StaysHere()
    {
        PostNetwork.Ok(await _b.Service<FollowService>().FollowAsync("bob", "http://a.test/users/alice", Ct));
        await _network.DrainAsync();
        var first = await NeedAsync(_a, _alice.Id, ProposalKind.Need, new ProposalInput("Cheap watches", null, ["spam"], null, null, null, null));
        var second = await NeedAsync(_a, _alice.Id, ProposalKind.Need, new ProposalInput("Cheap rings", null, ["spam"], null, null, null, null));
        await _network.DrainAsync();
        var firstId = $"http://a.test/needs/{first.Id}";
        var secondCopy = (await _b.Service<IProposalStore>().FindByApIdAsync($"http://a.test/needs/{second.Id}", Ct))!;
        Assert.False((await _b.Service<IProposalStore>().FindByApIdAsync(firstId, Ct))!.IsDeleted);

        // A's moderator removes A's need: B drops its copy, as after its author's deletion.
        var modA = await _a.CreateMemberAsync("mod_a", roles: Role.Moderator);
        Assert.True(PostNetwork.Ok(await _a.Service<ProposalService>().RemoveAsync(modA.Id, first.Id, "Spam.", Ct)));
        await _network.DrainAsync();
        Assert.True((await _b.Service<IProposalStore>().FindByApIdAsync(firstId, Ct))!.IsDeleted);

        // B's moderator removes B's copy of the other: gone on B only, A keeps it.
        var modB = await _b.CreateMemberAsync("mod_b", roles: Role.Moderator);
        Assert.True(PostNetwork.Ok(await _b.Service<ProposalService>().RemoveAsync(modB.Id, secondCopy.Id, "Not here.", Ct)));
        await _network.DrainAsync();
        Assert.True((await _b.Service<IProposalStore>().FindAsync(secondCopy.Id, Ct))!.IsDeleted);
        Assert.False((await _a.Service<IProposalStore>().FindAsync(second.Id, Ct))!.IsDeleted);
    }

    private static async Task<Proposal> NeedAsync(NodeFactory node, Guid author, ProposalKind kind, ProposalInput input) =>
        PostNetwork.Ok(await node.Service<ProposalService>().CreateAsync(author, kind, input, Ct));
}
