using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OurSociety.Core.Federation;
using OurSociety.Core.Members;
using OurSociety.Core.Paging;
using OurSociety.Web.Tests.Api;

namespace OurSociety.Web.Tests.Follows;

/// <summary>The follow API across two nodes: following, locked accounts, requests, followers and blocks.</summary>
public sealed class FollowApiTests(TwoNodes nodes) : IClassFixture<TwoNodes>
{
    private const string Prefix = ApiTestKit.Prefix;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Follow_MemberOnOtherNode_Is201PendingThenAccepted()
    {
        using var alice = await nodes.A.ApiUserAsync("fa_alice");
        using var bob = await nodes.B.ApiUserAsync("fa_bob");

        var follow = await (await alice.Client.PostAsJsonAsync(Prefix + "/follows", new { target = "@fa_bob@b.test" }, Ct)).JsonAsync(HttpStatusCode.Created);

        Assert.Equal("pending", follow.GetProperty("state").GetString());
        var actor = follow.GetProperty("actor");
        Assert.Equal("http://b.test/users/fa_bob", actor.GetProperty("id").GetString());
        Assert.Equal("@fa_bob@b.test", actor.GetProperty("handle").GetString());
        Assert.Equal("fa_bob", actor.GetProperty("name").GetString());
        Assert.Equal("http://b.test/@fa_bob", actor.GetProperty("url").GetString());
        var id = follow.GetProperty("id").GetGuid();

        await nodes.DrainAsync();
        Assert.Equal(FollowState.Accepted, (await nodes.A.Service<IFollowStore>().FindAsync(id, Ct))?.State);
        var following = await (await alice.Client.GetAsync(Prefix + "/following", Ct)).JsonAsync(HttpStatusCode.OK);
        var item = Assert.Single(following.GetProperty("items").EnumerateArray());
        Assert.Equal(id, item.GetProperty("id").GetGuid());
        Assert.Equal("accepted", item.GetProperty("state").GetString());
        Assert.Equal(JsonValueKind.Null, following.GetProperty("next").ValueKind);

        var followers = await (await bob.Client.GetAsync(Prefix + "/followers", Ct)).JsonAsync(HttpStatusCode.OK);
        Assert.Equal("http://a.test/users/fa_alice", Assert.Single(followers.GetProperty("items").EnumerateArray()).GetProperty("actor").GetProperty("id").GetString());
    }

    [Fact]
    public async Task Follow_Again_Is200WithTheSameFollow()
    {
        using var alice = await nodes.A.ApiUserAsync("fa_again");
        await nodes.B.CreateMemberAsync("fa_again_b");

        var first = await (await alice.Client.PostAsJsonAsync(Prefix + "/follows", new { target = "http://b.test/users/fa_again_b" }, Ct)).JsonAsync(HttpStatusCode.Created);
        var second = await (await alice.Client.PostAsJsonAsync(Prefix + "/follows", new { target = "@fa_again_b@b.test" }, Ct)).JsonAsync(HttpStatusCode.OK);

        Assert.Equal(first.GetProperty("id").GetGuid(), second.GetProperty("id").GetGuid());
        Assert.Single((await nodes.A.Service<IFollowStore>().ListAsync("fa_again", FollowDirection.Out, null, Cursor.Start, 10, Ct)).Items);
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("""{"target": ""}""")]
    [InlineData("""{"target": "not an address"}""")]
    [InlineData("""{"target": "@nobody@nowhere.test"}""")]
    [InlineData("""{"target": "@fa_local@a.test"}""")]
    [InlineData("""{"target": "ftp://b.test/users/x"}""")]
    [InlineData("""{"target": "http://b.test/users/no_such_member"}""")]
    public async Task Follow_Unresolvable_Is400OnTargetAndNothingStored(string body)
    {
        using var user = await nodes.A.ApiUserAsync($"fa_bad_{(uint)body.GetHashCode():x}");

        await (await user.Client.SendRawAsync(HttpMethod.Post, Prefix + "/follows", body, "application/json")).ValidationProblemAsync("target");

        Assert.Empty((await nodes.A.Service<IFollowStore>().ListAsync(user.Member.Username, FollowDirection.Out, null, Cursor.Start, 10, Ct)).Items);
    }

    [Fact]
    public async Task Follow_TooLong_Is400()
    {
        using var user = await nodes.A.ApiUserAsync("fa_long");

        await (await user.Client.PostAsJsonAsync(Prefix + "/follows", new { target = "@" + new string('a', 3000) + "@b.test" }, Ct)).ValidationProblemAsync("target");
    }

    [Fact]
    public async Task Unfollow_OwnFollow_Is204ThenGoneOnBothNodes()
    {
        using var alice = await nodes.A.ApiUserAsync("fa_unf");
        using var bob = await nodes.B.ApiUserAsync("fa_unf_b");
        var id = await FollowAcceptedAsync(alice, "fa_unf_b");

        Assert.Equal(HttpStatusCode.NoContent, (await alice.Client.DeleteAsync($"{Prefix}/follows/{id}", Ct)).StatusCode);

        await (await alice.Client.DeleteAsync($"{Prefix}/follows/{id}", Ct)).ProblemAsync(HttpStatusCode.NotFound);
        await nodes.DrainAsync();
        Assert.Null(await nodes.B.Service<IFollowStore>().FindAsync("fa_unf_b", "http://a.test/users/fa_unf", FollowDirection.In, Ct));
    }

    [Fact]
    public async Task Unfollow_SomeoneElsesFollow_Is404AndKept()
    {
        using var alice = await nodes.A.ApiUserAsync("fa_owner");
        using var mallory = await nodes.A.ApiUserAsync("fa_mallory");
        await nodes.B.CreateMemberAsync("fa_owner_b");
        var follow = await (await alice.Client.PostAsJsonAsync(Prefix + "/follows", new { target = "@fa_owner_b@b.test" }, Ct)).JsonAsync(HttpStatusCode.Created);
        var id = follow.GetProperty("id").GetGuid();

        await (await mallory.Client.DeleteAsync($"{Prefix}/follows/{id}", Ct)).ProblemAsync(HttpStatusCode.NotFound);
        await (await mallory.Client.DeleteAsync($"{Prefix}/follows/{Guid.CreateVersion7()}", Ct)).ProblemAsync(HttpStatusCode.NotFound);

        Assert.NotNull(await nodes.A.Service<IFollowStore>().FindAsync(id, Ct));
    }

    [Fact]
    public async Task LockedAccount_RequestWaitsUntilAccepted_ThenBothSidesAgree()
    {
        using var alice = await nodes.A.ApiUserAsync("fa_asker");
        using var carol = await nodes.B.ApiUserAsync("fa_locked");
        var me = await (await carol.Client.PatchJsonAsync(Prefix + "/me", new { manuallyApprovesFollowers = true })).JsonAsync(HttpStatusCode.OK);
        Assert.True(me.GetProperty("manuallyApprovesFollowers").GetBoolean());

        var follow = await (await alice.Client.PostAsJsonAsync(Prefix + "/follows", new { target = "@fa_locked@b.test" }, Ct)).JsonAsync(HttpStatusCode.Created);
        var id = follow.GetProperty("id").GetGuid();
        await nodes.DrainAsync();
        var request = await (await carol.Client.GetAsync(Prefix + "/follow-requests", Ct)).JsonAsync(HttpStatusCode.OK);
        var requestItem = Assert.Single(request.GetProperty("items").EnumerateArray());
        Assert.Equal("pending", requestItem.GetProperty("state").GetString());
        Assert.Equal("@fa_asker@a.test", requestItem.GetProperty("actor").GetProperty("handle").GetString());
        Assert.Empty((await (await carol.Client.GetAsync(Prefix + "/followers", Ct)).JsonAsync(HttpStatusCode.OK)).GetProperty("items").EnumerateArray());
        Assert.Equal(FollowState.Pending, (await nodes.A.Service<IFollowStore>().FindAsync(id, Ct))?.State);

        var accepted = await (await carol.Client.PostAsync($"{Prefix}/follow-requests/{requestItem.GetProperty("id").GetGuid()}/accept", null, Ct))
            .JsonAsync(HttpStatusCode.OK);

        Assert.Equal("accepted", accepted.GetProperty("state").GetString());
        await nodes.DrainAsync();
        Assert.Equal(FollowState.Accepted, (await nodes.A.Service<IFollowStore>().FindAsync(id, Ct))?.State);
        Assert.Single((await (await carol.Client.GetAsync(Prefix + "/followers", Ct)).JsonAsync(HttpStatusCode.OK)).GetProperty("items").EnumerateArray());
        Assert.Empty((await (await carol.Client.GetAsync(Prefix + "/follow-requests", Ct)).JsonAsync(HttpStatusCode.OK)).GetProperty("items").EnumerateArray());
        await (await carol.Client.PostAsync($"{Prefix}/follow-requests/{requestItem.GetProperty("id").GetGuid()}/accept", null, Ct)).ProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task LockedAccount_Rejects_FollowEndsOnBothNodes()
    {
        using var alice = await nodes.A.ApiUserAsync("fa_rejected");
        using var dave = await nodes.B.ApiUserAsync("fa_rejecter");
        await (await dave.Client.PatchJsonAsync(Prefix + "/me", new { manuallyApprovesFollowers = true })).JsonAsync(HttpStatusCode.OK);
        var follow = await (await alice.Client.PostAsJsonAsync(Prefix + "/follows", new { target = "@fa_rejecter@b.test" }, Ct)).JsonAsync(HttpStatusCode.Created);
        await nodes.DrainAsync();
        var request = Assert.Single((await (await dave.Client.GetAsync(Prefix + "/follow-requests", Ct)).JsonAsync(HttpStatusCode.OK)).GetProperty("items").EnumerateArray())
            .GetProperty("id").GetGuid();

        Assert.Equal(HttpStatusCode.NoContent, (await dave.Client.PostAsync($"{Prefix}/follow-requests/{request}/reject", null, Ct)).StatusCode);

        await (await dave.Client.PostAsync($"{Prefix}/follow-requests/{request}/reject", null, Ct)).ProblemAsync(HttpStatusCode.NotFound);
        await nodes.DrainAsync();
        Assert.Null(await nodes.A.Service<IFollowStore>().FindAsync(follow.GetProperty("id").GetGuid(), Ct));
        Assert.Empty((await (await alice.Client.GetAsync(Prefix + "/following", Ct)).JsonAsync(HttpStatusCode.OK)).GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task RequestEndpoints_UnknownOrOthersIds_Are404()
    {
        using var bob = await nodes.B.ApiUserAsync("fa_req_owner");
        using var eve = await nodes.B.ApiUserAsync("fa_req_other");
        await (await bob.Client.PatchJsonAsync(Prefix + "/me", new { manuallyApprovesFollowers = true })).JsonAsync(HttpStatusCode.OK);
        using var alice = await nodes.A.ApiUserAsync("fa_req_asker");
        await (await alice.Client.PostAsJsonAsync(Prefix + "/follows", new { target = "@fa_req_owner@b.test" }, Ct)).JsonAsync(HttpStatusCode.Created);
        await nodes.DrainAsync();
        var request = Assert.Single((await (await bob.Client.GetAsync(Prefix + "/follow-requests", Ct)).JsonAsync(HttpStatusCode.OK)).GetProperty("items").EnumerateArray())
            .GetProperty("id").GetGuid();

        await (await eve.Client.PostAsync($"{Prefix}/follow-requests/{request}/accept", null, Ct)).ProblemAsync(HttpStatusCode.NotFound);
        await (await eve.Client.PostAsync($"{Prefix}/follow-requests/{request}/reject", null, Ct)).ProblemAsync(HttpStatusCode.NotFound);
        await (await bob.Client.PostAsync($"{Prefix}/follow-requests/{Guid.CreateVersion7()}/accept", null, Ct)).ProblemAsync(HttpStatusCode.NotFound);
        // A pending request is not a follower yet, so it cannot be removed as one.
        await (await bob.Client.DeleteAsync($"{Prefix}/followers/{request}", Ct)).ProblemAsync(HttpStatusCode.NotFound);

        Assert.Equal(FollowState.Pending, (await nodes.B.Service<IFollowStore>().FindAsync(request, Ct))?.State);
    }

    [Fact]
    public async Task RemoveFollower_Is204AndTheFollowEndsOnBothNodes()
    {
        using var alice = await nodes.A.ApiUserAsync("fa_removed");
        using var bob = await nodes.B.ApiUserAsync("fa_remover");
        var id = await FollowAcceptedAsync(alice, "fa_remover");
        var follower = (await (await bob.Client.GetAsync(Prefix + "/followers", Ct)).JsonAsync(HttpStatusCode.OK)).GetProperty("items")[0].GetProperty("id").GetGuid();

        Assert.Equal(HttpStatusCode.NoContent, (await bob.Client.DeleteAsync($"{Prefix}/followers/{follower}", Ct)).StatusCode);

        await (await bob.Client.DeleteAsync($"{Prefix}/followers/{follower}", Ct)).ProblemAsync(HttpStatusCode.NotFound);
        await nodes.DrainAsync();
        Assert.Null(await nodes.A.Service<IFollowStore>().FindAsync(id, Ct));
    }

    [Fact]
    public async Task Block_EndsFollowsBothWays_ThenFollowingIsRefusedBothWays()
    {
        using var alice = await nodes.A.ApiUserAsync("fa_blocker");
        using var bob = await nodes.B.ApiUserAsync("fa_blocked");
        await FollowAcceptedAsync(alice, "fa_blocked");
        var back = await (await bob.Client.PostAsJsonAsync(Prefix + "/follows", new { target = "@fa_blocker@a.test" }, Ct)).JsonAsync(HttpStatusCode.Created);
        await nodes.DrainAsync();
        Assert.Equal(FollowState.Accepted, (await nodes.B.Service<IFollowStore>().FindAsync(back.GetProperty("id").GetGuid(), Ct))?.State);

        var block = await (await alice.Client.PostAsJsonAsync(Prefix + "/blocks", new { target = "@fa_blocked@b.test" }, Ct)).JsonAsync(HttpStatusCode.Created);

        Assert.Equal("http://b.test/users/fa_blocked", block.GetProperty("actor").GetProperty("id").GetString());
        Assert.Empty((await (await alice.Client.GetAsync(Prefix + "/following", Ct)).JsonAsync(HttpStatusCode.OK)).GetProperty("items").EnumerateArray());
        Assert.Empty((await (await alice.Client.GetAsync(Prefix + "/followers", Ct)).JsonAsync(HttpStatusCode.OK)).GetProperty("items").EnumerateArray());
        await nodes.DrainAsync();
        Assert.Null(await nodes.B.Service<IFollowStore>().FindAsync("fa_blocked", "http://a.test/users/fa_blocker", FollowDirection.Out, Ct));
        Assert.Null(await nodes.B.Service<IFollowStore>().FindAsync("fa_blocked", "http://a.test/users/fa_blocker", FollowDirection.In, Ct));
        var blocks = await (await alice.Client.GetAsync(Prefix + "/blocks", Ct)).JsonAsync(HttpStatusCode.OK);
        Assert.Equal("@fa_blocked@b.test", Assert.Single(blocks.GetProperty("items").EnumerateArray()).GetProperty("actor").GetProperty("handle").GetString());

        await (await alice.Client.PostAsJsonAsync(Prefix + "/blocks", new { target = "@fa_blocked@b.test" }, Ct)).JsonAsync(HttpStatusCode.OK);
        await (await alice.Client.PostAsJsonAsync(Prefix + "/follows", new { target = "@fa_blocked@b.test" }, Ct)).ProblemAsync(HttpStatusCode.Conflict);
        await nodes.DrainAsync();
        Assert.NotNull(await nodes.B.Service<IBlockStore>().FindAsync("fa_blocked", "http://a.test/users/fa_blocker", FollowDirection.In, Ct));
        await (await bob.Client.PostAsJsonAsync(Prefix + "/follows", new { target = "@fa_blocker@a.test" }, Ct)).ProblemAsync(HttpStatusCode.Forbidden);
        Assert.Empty((await nodes.A.Service<IFollowStore>().ListAsync("fa_blocker", FollowDirection.Out, null, Cursor.Start, 10, Ct)).Items);
    }

    [Fact]
    public async Task Unblock_Is204ThenFollowingWorksAgain()
    {
        using var alice = await nodes.A.ApiUserAsync("fa_unblocker");
        await nodes.B.CreateMemberAsync("fa_unblocked");
        await (await alice.Client.PostAsJsonAsync(Prefix + "/blocks", new { target = "@fa_unblocked@b.test" }, Ct)).JsonAsync(HttpStatusCode.Created);

        var actor = Uri.EscapeDataString("http://b.test/users/fa_unblocked");
        Assert.Equal(HttpStatusCode.NoContent, (await alice.Client.DeleteAsync($"{Prefix}/blocks?actor={actor}", Ct)).StatusCode);

        await (await alice.Client.DeleteAsync($"{Prefix}/blocks?actor={actor}", Ct)).ProblemAsync(HttpStatusCode.NotFound);
        Assert.Empty((await (await alice.Client.GetAsync(Prefix + "/blocks", Ct)).JsonAsync(HttpStatusCode.OK)).GetProperty("items").EnumerateArray());
        await (await alice.Client.PostAsJsonAsync(Prefix + "/follows", new { target = "@fa_unblocked@b.test" }, Ct)).JsonAsync(HttpStatusCode.Created);
    }

    [Fact]
    public async Task Blocks_BadInput_IsRefused()
    {
        using var alice = await nodes.A.ApiUserAsync("fa_block_bad");

        await (await alice.Client.PostAsJsonAsync(Prefix + "/blocks", new { target = "what" }, Ct)).ValidationProblemAsync("target");
        await (await alice.Client.SendRawAsync(HttpMethod.Post, Prefix + "/blocks", "{}", "application/json")).ValidationProblemAsync("target");
        await (await alice.Client.DeleteAsync(Prefix + "/blocks", Ct)).ValidationProblemAsync("actor");
        await (await alice.Client.DeleteAsync(Prefix + "/blocks?actor=" + Uri.EscapeDataString("http://b.test/users/nobody"), Ct)).ProblemAsync(HttpStatusCode.NotFound);

        Assert.Empty((await nodes.A.Service<IBlockStore>().ListAsync("fa_block_bad", FollowDirection.Out, Cursor.Start, 10, Ct)).Items);
    }

    [Theory]
    [InlineData("/following")]
    [InlineData("/followers")]
    [InlineData("/follow-requests")]
    [InlineData("/blocks")]
    public async Task Lists_BadPaging_Are400(string path)
    {
        using var alice = await nodes.A.ApiUserAsync($"fa_paging_{path.Trim('/').Replace('-', '_')}");

        await (await alice.Client.GetAsync($"{Prefix}{path}?limit=0&cursor=%%%", Ct)).ValidationProblemAsync("limit", "cursor");
        var empty = await (await alice.Client.GetAsync($"{Prefix}{path}?limit=5", Ct)).JsonAsync(HttpStatusCode.OK);
        Assert.Empty(empty.GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task Following_ManyPages_WalkEveryFollowOnce()
    {
        using var alice = await nodes.A.ApiUserAsync("fa_walker");
        for (var i = 0; i < 5; i++)
        {
            await nodes.B.CreateMemberAsync($"fa_walked_{i}");
            await (await alice.Client.PostAsJsonAsync(Prefix + "/follows", new { target = $"@fa_walked_{i}@b.test" }, Ct)).JsonAsync(HttpStatusCode.Created);
        }

        var pages = await alice.Client.WalkAsync(Prefix + "/following", 2);

        Assert.Equal(3, pages.Count);
        Assert.Equal(5, pages.SelectMany(p => p).Select(f => f.GetProperty("id").GetGuid()).Distinct().Count());
    }

    [Theory]
    [InlineData("GET", "/following")]
    [InlineData("GET", "/followers")]
    [InlineData("GET", "/follow-requests")]
    [InlineData("GET", "/blocks")]
    [InlineData("POST", "/follows")]
    [InlineData("POST", "/blocks")]
    public async Task Endpoints_SignedOut_Are401(string method, string path)
    {
        using var client = nodes.A.CreateClient();

        var response = await client.SendRawAsync(new HttpMethod(method), Prefix + path, """{"target":"@x@b.test"}""", "application/json");

        await response.ProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task PatchMe_ManuallyApprovesFollowers_IsStoredAndLeftAloneWhenMissing()
    {
        using var user = await nodes.A.ApiUserAsync("fa_patch");

        var locked = await (await user.Client.PatchJsonAsync(Prefix + "/me", new { manuallyApprovesFollowers = true })).JsonAsync(HttpStatusCode.OK);
        var renamed = await (await user.Client.PatchJsonAsync(Prefix + "/me", new { displayName = "Patchy" })).JsonAsync(HttpStatusCode.OK);

        Assert.True(locked.GetProperty("manuallyApprovesFollowers").GetBoolean());
        Assert.True(renamed.GetProperty("manuallyApprovesFollowers").GetBoolean());
        Assert.True((await nodes.A.Service<IMemberStore>().FindAsync(user.Member.Id, Ct))!.ManuallyApprovesFollowers);

        var unlocked = await (await user.Client.PatchJsonAsync(Prefix + "/me", new { manuallyApprovesFollowers = false })).JsonAsync(HttpStatusCode.OK);
        Assert.False(unlocked.GetProperty("manuallyApprovesFollowers").GetBoolean());
    }

    [Fact]
    public async Task PatchMe_InvalidProfileWithFlag_Is400AndTheFlagStays()
    {
        using var user = await nodes.A.ApiUserAsync("fa_patch_bad");

        await (await user.Client.PatchJsonAsync(Prefix + "/me", new { bio = new string('x', 5000), manuallyApprovesFollowers = true })).ValidationProblemAsync("bio");
        await (await user.Client.SendRawAsync(HttpMethod.Patch, Prefix + "/me", """{"manuallyApprovesFollowers": "yes"}""", "application/json"))
            .ProblemAsync(HttpStatusCode.BadRequest);

        Assert.False((await nodes.A.Service<IMemberStore>().FindAsync(user.Member.Id, Ct))!.ManuallyApprovesFollowers);
    }

    /// <summary>Follows a member of b through the API and lets b accept (a drain); returns the follow's id.</summary>
    private async Task<Guid> FollowAcceptedAsync(ApiUser user, string usernameOnB)
    {
        var follow = await (await user.Client.PostAsJsonAsync(Prefix + "/follows", new { target = $"@{usernameOnB}@b.test" }, Ct)).JsonAsync(HttpStatusCode.Created);
        var id = follow.GetProperty("id").GetGuid();
        await nodes.DrainAsync();
        Assert.Equal(FollowState.Accepted, (await nodes.A.Service<IFollowStore>().FindAsync(id, Ct))?.State);
        return id;
    }
}
