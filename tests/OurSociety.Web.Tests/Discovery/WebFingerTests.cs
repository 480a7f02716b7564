using System.Net;
using System.Text.Json.Nodes;
using OurSociety.Core.Members;

namespace OurSociety.Web.Tests.Discovery;

public sealed class WebFingerTests(DiscoveryNode node) : IClassFixture<DiscoveryNode>
{
    private const string Origin = "http://hub.test:8080";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<(HttpResponseMessage Response, JsonObject? Body)> FingerAsync(string? resource)
    {
        using var client = node.CreateClient();
        var url = resource is null ? "/.well-known/webfinger" : "/.well-known/webfinger?resource=" + Uri.EscapeDataString(resource);
        var response = await client.GetAsync(url, Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);
        return (response, response.StatusCode == HttpStatusCode.OK ? JsonNode.Parse(text)!.AsObject() : null);
    }

    [Theory]
    [InlineData("acct:wf_ada@hub.test:8080")]
    [InlineData("acct:wf_ada@HUB.test:8080")]
    [InlineData("acct:WF_Ada@hub.test:8080")]
    [InlineData("wf_ada@hub.test:8080")]
    [InlineData("@wf_ada@hub.test:8080")]
    [InlineData("http://hub.test:8080/users/wf_ada")]
    [InlineData("http://HUB.test:8080/users/WF_ADA")]
    [InlineData("http://hub.test:8080/@wf_ada")]
    public async Task WebFinger_EveryResourceForm_FindsTheMember(string resource)
    {
        await EnsureMemberAsync("wf_ada");

        var (response, body) = await FingerAsync(resource);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("acct:wf_ada@hub.test:8080", (string?)body!["subject"]);
        Assert.Equal([$"{Origin}/@wf_ada", $"{Origin}/users/wf_ada"], body["aliases"]!.AsArray().Select(a => (string?)a));
        var links = body["links"]!.AsArray();
        var self = links.Single(l => (string?)l!["rel"] == "self")!;
        Assert.Equal("application/activity+json", (string?)self["type"]);
        Assert.Equal($"{Origin}/users/wf_ada", (string?)self["href"]);
        var profile = links.Single(l => (string?)l!["rel"] == "http://webfinger.net/rel/profile-page")!;
        Assert.Equal("text/html", (string?)profile["type"]);
        Assert.Equal($"{Origin}/@wf_ada", (string?)profile["href"]);
        var subscribe = links.Single(l => (string?)l!["rel"] == "http://ostatus.org/schema/1.0/subscribe")!;
        Assert.Equal($"{Origin}/authorize_interaction?uri={{uri}}", (string?)subscribe["template"]);
    }

    [Fact]
    public async Task WebFinger_Found_HasJrdTypeCorsAndCache()
    {
        await EnsureMemberAsync("wf_headers");

        var (response, _) = await FingerAsync("acct:wf_headers@hub.test:8080");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/jrd+json; charset=utf-8", response.Content.Headers.ContentType!.ToString());
        Assert.Equal("*", Assert.Single(response.Headers.GetValues("Access-Control-Allow-Origin")));
        Assert.Equal("public, max-age=259200", response.Headers.CacheControl!.ToString());
    }

    [Theory]
    [InlineData("acct:riverside@hub.test:8080")]
    [InlineData("acct:Riverside@hub.test:8080")]
    [InlineData("http://hub.test:8080/users/riverside")]
    [InlineData("http://hub.test:8080/@riverside")]
    public async Task WebFinger_Hub_ResolvesWithoutAMemberRow(string resource)
    {
        var (response, body) = await FingerAsync(resource);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("acct:riverside@hub.test:8080", (string?)body!["subject"]);
        Assert.Contains(body["links"]!.AsArray(), l => (string?)l!["href"] == $"{Origin}/users/riverside");
    }

    [Theory]
    [InlineData("acct:hub.test@hub.test:8080")]
    [InlineData("acct:HUB.TEST@hub.test:8080")]
    [InlineData("http://hub.test:8080/actor")]
    public async Task WebFinger_InstanceActor_Resolves(string resource)
    {
        var (response, body) = await FingerAsync(resource);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("acct:hub.test@hub.test:8080", (string?)body!["subject"]);
        Assert.Equal([$"{Origin}/", $"{Origin}/actor"], body["aliases"]!.AsArray().Select(a => (string?)a));
        var self = body["links"]!.AsArray().Single(l => (string?)l!["rel"] == "self")!;
        Assert.Equal($"{Origin}/actor", (string?)self["href"]);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("acct:")]
    [InlineData("acct:@hub.test:8080")]
    [InlineData("wf_ada")]
    [InlineData("acct:wf_ada@hub.test/evil")]
    [InlineData("acct:wf_ada@evil.com\\@hub.test:8080")]
    [InlineData("acct:wf ada@hub.test:8080")]
    [InlineData("ftp://hub.test:8080/users/wf_ada")]
    [InlineData("http://user:pw@hub.test:8080/users/wf_ada")]
    public async Task WebFinger_MissingOrMalformed_Is400(string? resource)
    {
        var (response, _) = await FingerAsync(resource);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("*", Assert.Single(response.Headers.GetValues("Access-Control-Allow-Origin")));
    }

    [Fact]
    public async Task WebFinger_TwoResources_Is400()
    {
        using var client = node.CreateClient();
        var response = await client.GetAsync("/.well-known/webfinger?resource=acct:riverside@hub.test:8080&resource=acct:x@hub.test:8080", Ct);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Theory]
    [InlineData("acct:nobody_here@hub.test:8080")]
    [InlineData("acct:wf_ada@hub.test")]                      // the port is part of our handle
    [InlineData("acct:wf_ada@hub.test:9090")]
    [InlineData("acct:wf_ada@other.example")]
    [InlineData("acct:wf_ada@hub.test.evil.example:8080")]
    [InlineData("https://hub.test:8080/users/wf_ada")]         // another scheme is another origin
    [InlineData("http://other.example:8080/users/wf_ada")]
    [InlineData("http://hub.test:8080/users/wf_ada/outbox")]
    [InlineData("http://hub.test:8080/users/")]
    [InlineData("http://hub.test:8080/settings")]
    [InlineData("http://hub.test:8080/users/wf_ada?x=1")]
    [InlineData("acct:hub.test@other.example")]
    [InlineData("acct:averyveryveryveryverylongusername_beyond_limits@hub.test:8080")]
    public async Task WebFinger_UnknownOrElsewhere_Is404(string resource)
    {
        await EnsureMemberAsync("wf_ada");

        var (response, _) = await FingerAsync(resource);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task WebFinger_PendingMember_Is404_UntilApproved()
    {
        var signUp = await node.Service<MemberService>().RegisterAsync(
            new SignUp("wf_pending", "correct horse battery", "Pending Person", null, "I live nearby."), Ct);
        var member = Assert.IsType<OurSociety.Core.Outcome<SignedIn>.Ok>(signUp).Value.Member;
        Assert.Equal(MemberState.Pending, member.State);

        Assert.Equal(HttpStatusCode.NotFound, (await FingerAsync("acct:wf_pending@hub.test:8080")).Response.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await FingerAsync("http://hub.test:8080/users/wf_pending")).Response.StatusCode);

        await node.Service<MemberService>().ApproveAsync(member.Id, Ct);
        Assert.Equal(HttpStatusCode.OK, (await FingerAsync("acct:wf_pending@hub.test:8080")).Response.StatusCode);
    }

    private async Task EnsureMemberAsync(string username)
    {
        // Tests of one class run one after another, so this check cannot race.
        if (await node.Service<IMemberStore>().FindByUsernameAsync(username, Ct) is null)
        {
            await node.CreateMemberAsync(username);
        }
    }
}
