using System.Net;
using System.Text.Json.Nodes;
using OurSociety.Core.Members;

namespace OurSociety.Web.Tests.Discovery;

public sealed class NodeInfoUsageTests(OpenDiscoveryNode node) : IClassFixture<OpenDiscoveryNode>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<JsonNode> UsersAsync()
    {
        using var client = node.CreateClient();
        return JsonNode.Parse(await client.GetStringAsync("/nodeinfo/2.1", Ct))!["usage"]!["users"]!;
    }

    private static (long Total, long Month, long HalfYear) Counts(JsonNode users) =>
        ((long)users["total"]!, (long)users["activeMonth"]!, (long)users["activeHalfyear"]!);

    [Fact]
    public async Task NodeInfo_OpenNode_SaysOpen_AndCountsChangeWithMembersAndTime()
    {
        using (var client = node.CreateClient())
        {
            Assert.True((bool)JsonNode.Parse(await client.GetStringAsync("/nodeinfo/2.0", Ct))!["openRegistrations"]!);
        }

        var before = Counts(await UsersAsync());
        await node.CreateMemberAsync("usage_one");
        await node.CreateMemberAsync("usage_two");
        Assert.Equal((before.Total + 2, before.Month + 2, before.HalfYear + 2), Counts(await UsersAsync()));

        // Forty days on, nobody has signed in: still users, no longer active this month.
        node.Time.Advance(TimeSpan.FromDays(40));
        var later = Counts(await UsersAsync());
        Assert.Equal(before.Total + 2, later.Total);
        Assert.Equal(0, later.Month);
        Assert.Equal(later.Total, later.HalfYear);

        // Signing in makes a member active again.
        var signedIn = await node.Service<MemberService>().SignInAsync("usage_one", "correct horse battery", "192.0.2.1", Ct);
        Assert.IsType<OurSociety.Core.Outcome<SignedIn>.Ok>(signedIn);
        Assert.Equal(1, Counts(await UsersAsync()).Month);

        // Half a year on, only sign-ins within it count.
        node.Time.Advance(TimeSpan.FromDays(200));
        var much = Counts(await UsersAsync());
        Assert.Equal(0, much.Month);
        Assert.Equal(0, much.HalfYear);
    }

    [Fact]
    public async Task WebFinger_HttpsNode_HandleHasNoPort()
    {
        await node.CreateMemberAsync("https_ada");
        using var client = node.CreateClient();
        var response = await client.GetAsync("/.well-known/webfinger?resource=acct:https_ada@social.example", Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!;
        Assert.Equal("acct:https_ada@social.example", (string?)body["subject"]);
        Assert.Equal("https://social.example/users/https_ada", (string?)body["aliases"]![1]);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/.well-known/webfinger?resource=acct:https_ada@social.example:443", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/.well-known/webfinger?resource=https://social.example/users/https_ada", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/.well-known/webfinger?resource=acct:https_ada@social.example:8443", Ct)).StatusCode);
    }
}
