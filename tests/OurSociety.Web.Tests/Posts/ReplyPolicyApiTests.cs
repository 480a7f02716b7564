using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OurSociety.Core.Posts;
using OurSociety.Core.Setup;
using OurSociety.Testing;
using OurSociety.Web.Tests.Api;

namespace OurSociety.Web.Tests.Posts;

/// <summary>Reply policies through the API: each value, the member's and the hub's defaults, held replies and deciding them, bad input.</summary>
public sealed class ReplyPolicyApiTests(NodeFactory node) : IClassFixture<NodeFactory>
{
    private const string Stories = ApiTestKit.Prefix + "/stories";
    private const string Lessons = ApiTestKit.Prefix + "/lessons";
    private const string Replies = ApiTestKit.Prefix + "/replies";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("anyone")]
    [InlineData("following")]
    [InlineData("mentioned")]
    [InlineData("approval")]
    public async Task ReplyPolicy_EachValue_IsStoredReadAndEdited(string policy)
    {
        using var user = await node.ApiUserAsync("rp_each_" + policy);

        var story = await (await user.Client.PostAsJsonAsync(Stories, new { title = "Policy", body = "Text", replyPolicy = policy }, Ct)).JsonAsync(HttpStatusCode.Created);
        Assert.Equal(policy, story.GetProperty("replyPolicy").GetString());
        var id = story.GetProperty("id").GetGuid();

        // An edit that names none keeps it; one that names another changes it.
        var kept = await (await user.Client.PutAsJsonAsync($"{Stories}/{id}", new { title = "Policy", body = "Edited" }, Ct)).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(policy, kept.GetProperty("replyPolicy").GetString());
        var changed = await (await user.Client.PutAsJsonAsync($"{Stories}/{id}", new { title = "Policy", body = "Edited", replyPolicy = "anyone" }, Ct)).JsonAsync(HttpStatusCode.OK);
        Assert.Equal("anyone", changed.GetProperty("replyPolicy").GetString());

        var lesson = await (await user.Client.PostAsJsonAsync(Lessons, new { title = "L", learned = "Things", replyPolicy = policy }, Ct)).JsonAsync(HttpStatusCode.Created);
        Assert.Equal(policy, lesson.GetProperty("replyPolicy").GetString());
    }

    [Theory]
    [InlineData(Stories, """{"title":"t","body":"b","replyPolicy":"friends"}""")]
    [InlineData(Lessons, """{"title":"t","learned":"b","replyPolicy":"nobody"}""")]
    public async Task ReplyPolicy_UnknownValue_Is400NamingReplyPolicy(string url, string json)
    {
        using var user = await node.ApiUserAsync("rp_bad_" + Math.Abs(json.GetHashCode(StringComparison.Ordinal)));

        var problem = await (await user.Client.SendRawAsync(HttpMethod.Post, url, json, "application/json")).ProblemAsync(HttpStatusCode.BadRequest);

        Assert.True(problem.GetProperty("errors").TryGetProperty("replyPolicy", out _), problem.ToString());
    }

    [Fact]
    public async Task MemberDefault_AppliesToNewPosts_UnknownValueIs400()
    {
        using var user = await node.ApiUserAsync("rp_default");

        var before = await (await user.Client.GetAsync(ApiTestKit.Prefix + "/me/reply-policy", Ct)).JsonAsync(HttpStatusCode.OK);
        Assert.True(before.GetProperty("hubDefault").GetBoolean());
        await (await user.Client.PutAsJsonAsync(ApiTestKit.Prefix + "/me/reply-policy", new { replyPolicy = "mentioned" }, Ct)).JsonAsync(HttpStatusCode.OK);
        var story = await (await user.Client.PostAsJsonAsync(Stories, new { title = "Default", body = "Text" }, Ct)).JsonAsync(HttpStatusCode.Created);
        Assert.Equal("mentioned", story.GetProperty("replyPolicy").GetString());

        await (await user.Client.PutAsJsonAsync(ApiTestKit.Prefix + "/me/reply-policy", new { replyPolicy = "everyone" }, Ct)).ValidationProblemAsync("replyPolicy");
        var after = await (await user.Client.GetAsync(ApiTestKit.Prefix + "/me/reply-policy", Ct)).JsonAsync(HttpStatusCode.OK);
        Assert.Equal("mentioned", after.GetProperty("replyPolicy").GetString());
    }

    [Fact]
    public async Task HubDefault_Approval_AppliesToMembersWhoChoseNone()
    {
        await using var own = new NodeFactory();
        using var user = await own.ApiUserAsync("rp_hub");
        await own.Service<INodeSettingStore>().SetAsync(ReplyPolicies.HubDefaultSetting, "approval", Ct);

        var story = await (await user.Client.PostAsJsonAsync(Stories, new { title = "Hub default", body = "Text" }, Ct)).JsonAsync(HttpStatusCode.Created);

        Assert.Equal("approval", story.GetProperty("replyPolicy").GetString());
    }

    [Fact]
    public async Task ApprovalPolicy_LocalReply_IsHeld_SeenByItsAuthorAndThePostsAuthorOnly_ThenApproved()
    {
        using var author = await node.ApiUserAsync("rp_author");
        using var replier = await node.ApiUserAsync("rp_replier");
        using var stranger = await node.ApiUserAsync("rp_stranger");
        using var anonymous = node.CreateClient();
        var story = await (await author.Client.PostAsJsonAsync(Stories, new { title = "Held", body = "Text", replyPolicy = "approval" }, Ct)).JsonAsync(HttpStatusCode.Created);
        var id = story.GetProperty("id").GetGuid();

        var reply = await (await replier.Client.PostAsJsonAsync($"{Stories}/{id}/replies", new { body = "Me too" }, Ct)).JsonAsync(HttpStatusCode.Created);
        Assert.Equal("pending", reply.GetProperty("state").GetString());
        var replyId = reply.GetProperty("id").GetGuid();

        Assert.Empty(await RepliesAsync(anonymous, id));
        Assert.Empty(await RepliesAsync(stranger.Client, id));
        Assert.Single(await RepliesAsync(replier.Client, id));
        Assert.Single(await RepliesAsync(author.Client, id));
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync($"{Replies}/{replyId}", Ct)).StatusCode);
        var held = await (await author.Client.GetAsync(ApiTestKit.Prefix + "/me/held-replies", Ct)).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(replyId, Assert.Single(held.GetProperty("items").EnumerateArray()).GetProperty("id").GetGuid());

        // Only the story's author decides: someone else gets 404 (nothing about a held reply leaks), its own author 403.
        await (await stranger.Client.PostAsync($"{Replies}/{replyId}/approve", null, Ct)).ProblemAsync(HttpStatusCode.NotFound);
        await (await replier.Client.PostAsync($"{Replies}/{replyId}/approve", null, Ct)).ProblemAsync(HttpStatusCode.Forbidden);

        var approved = await (await author.Client.PostAsync($"{Replies}/{replyId}/approve", null, Ct)).JsonAsync(HttpStatusCode.OK);
        Assert.Equal("shown", approved.GetProperty("state").GetString());
        Assert.Single(await RepliesAsync(anonymous, id));
        await (await author.Client.PostAsync($"{Replies}/{replyId}/decline", null, Ct)).ProblemAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task ApprovalPolicy_DeclinedLocalReply_NeverShows()
    {
        using var author = await node.ApiUserAsync("rp_decliner");
        using var replier = await node.ApiUserAsync("rp_declined");
        using var anonymous = node.CreateClient();
        var story = await (await author.Client.PostAsJsonAsync(Stories, new { title = "Declined", body = "Text", replyPolicy = "approval" }, Ct)).JsonAsync(HttpStatusCode.Created);
        var id = story.GetProperty("id").GetGuid();
        var replyId = (await (await replier.Client.PostAsJsonAsync($"{Stories}/{id}/replies", new { body = "Spam" }, Ct)).JsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();

        await (await author.Client.PostAsync($"{Replies}/{replyId}/decline", null, Ct)).JsonAsync(HttpStatusCode.OK);

        Assert.Empty(await RepliesAsync(anonymous, id));
        Assert.Empty(await RepliesAsync(author.Client, id));
        Assert.Empty(await RepliesAsync(replier.Client, id));
        Assert.Equal(0, (await (await anonymous.GetAsync($"{Stories}/{id}", Ct)).JsonAsync(HttpStatusCode.OK)).GetProperty("replies").GetInt32());
    }

    [Fact]
    public async Task MentionedPolicy_SomeoneNamed_RepliesAtOnce_OthersAreHeld()
    {
        using var author = await node.ApiUserAsync("rp_namer");
        using var named = await node.ApiUserAsync("rp_named");
        using var other = await node.ApiUserAsync("rp_unnamed");
        var story = await (await author.Client.PostAsJsonAsync(Stories, new { title = "Named", body = "Thanks @rp_named", replyPolicy = "mentioned" }, Ct)).JsonAsync(HttpStatusCode.Created);
        var id = story.GetProperty("id").GetGuid();

        var shown = await (await named.Client.PostAsJsonAsync($"{Stories}/{id}/replies", new { body = "You are welcome" }, Ct)).JsonAsync(HttpStatusCode.Created);
        var held = await (await other.Client.PostAsJsonAsync($"{Stories}/{id}/replies", new { body = "Me too" }, Ct)).JsonAsync(HttpStatusCode.Created);
        var own = await (await author.Client.PostAsJsonAsync($"{Stories}/{id}/replies", new { body = "Mine" }, Ct)).JsonAsync(HttpStatusCode.Created);

        Assert.Equal("shown", shown.GetProperty("state").GetString());
        Assert.Equal("pending", held.GetProperty("state").GetString());
        Assert.Equal("shown", own.GetProperty("state").GetString());

        // An answer to a held reply is held too, even the held reply's author answering themselves.
        var nested = await (await other.Client.PostAsJsonAsync($"{Replies}/{held.GetProperty("id").GetGuid()}/replies", new { body = "Also" }, Ct)).JsonAsync(HttpStatusCode.Created);
        Assert.Equal("pending", nested.GetProperty("state").GetString());
    }

    [Fact]
    public async Task FollowingPolicy_AMemberHere_IsHeld_AsMembersHereDoNotFollowEachOther()
    {
        using var author = await node.ApiUserAsync("rp_following");
        using var replier = await node.ApiUserAsync("rp_following_reply");
        var story = await (await author.Client.PostAsJsonAsync(Stories, new { title = "Following", body = "Text", replyPolicy = "following" }, Ct)).JsonAsync(HttpStatusCode.Created);

        var reply = await (await replier.Client.PostAsJsonAsync($"{Stories}/{story.GetProperty("id").GetGuid()}/replies", new { body = "Hi" }, Ct)).JsonAsync(HttpStatusCode.Created);

        Assert.Equal("pending", reply.GetProperty("state").GetString());
    }

    private static async Task<List<JsonElement>> RepliesAsync(HttpClient client, Guid storyId) =>
        [.. (await (await client.GetAsync($"{Stories}/{storyId}/replies", Ct)).JsonAsync(HttpStatusCode.OK)).EnumerateArray()];
}
