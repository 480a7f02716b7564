using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OurSociety.Core.Moderation;
using OurSociety.Core.Paging;
using OurSociety.Web.Tests.Api;
using OurSociety.Web.Tests.Follows;

namespace OurSociety.Web.Tests.Mutes;

/// <summary>
/// <c>/mutes</c> and <c>/me/domain-blocks</c>: muting accounts here and elsewhere, blocking whole domains for oneself,
/// and every bad input (unknown account 404 naming <c>account</c>, yourself 400, bad or own domain 400 naming
/// <c>domain</c>); duplicates are idempotent.
/// </summary>
public sealed class MuteApiTests(TwoNodes nodes) : IClassFixture<TwoNodes>
{
    private const string Prefix = ApiTestKit.Prefix;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Mute_RemoteAccount_Is201_AgainIs200_ListedThenUnmuted()
    {
        using var alice = await nodes.A.ApiUserAsync("ma_alice");
        await nodes.B.CreateMemberAsync("ma_bob");

        var mute = await (await alice.Client.PostAsJsonAsync(Prefix + "/mutes", new { account = "@ma_bob@b.test" }, Ct)).JsonAsync(HttpStatusCode.Created);
        Assert.Equal("http://b.test/users/ma_bob", mute.GetProperty("account").GetString());
        Assert.False(mute.GetProperty("local").GetBoolean());
        Assert.Equal("@ma_bob@b.test", mute.GetProperty("handle").GetString());

        await (await alice.Client.PostAsJsonAsync(Prefix + "/mutes", new { account = "http://b.test/users/ma_bob" }, Ct)).JsonAsync(HttpStatusCode.OK);
        var list = await (await alice.Client.GetAsync(Prefix + "/mutes", Ct)).JsonAsync(HttpStatusCode.OK);
        Assert.Equal("http://b.test/users/ma_bob", Assert.Single(list.GetProperty("items").EnumerateArray()).GetProperty("account").GetString());
        Assert.Equal(JsonValueKind.Null, list.GetProperty("next").ValueKind);

        var gone = await alice.Client.DeleteAsync(Prefix + "/mutes?account=" + Uri.EscapeDataString("http://b.test/users/ma_bob"), Ct);
        Assert.Equal(HttpStatusCode.NoContent, gone.StatusCode);
        Assert.Empty((await nodes.A.Service<IMuteStore>().ListAsync(alice.Member.Id, MuteKind.Mute, Cursor.Start, 10, Ct)).Items);

        var again = await (await alice.Client.DeleteAsync(Prefix + "/mutes?account=" + Uri.EscapeDataString("@ma_bob@b.test"), Ct)).ProblemAsync(HttpStatusCode.NotFound);
        Assert.True(again.GetProperty("errors").TryGetProperty("account", out _));
    }

    [Fact]
    public async Task Mute_MemberHere_ByName_IsLocal_AndUnmutedByHandle()
    {
        using var alice = await nodes.A.ApiUserAsync("ma_local");
        var carol = await nodes.A.CreateMemberAsync("ma_carol");

        var mute = await (await alice.Client.PostAsJsonAsync(Prefix + "/mutes", new { account = "@ma_carol" }, Ct)).JsonAsync(HttpStatusCode.Created);
        Assert.Equal(carol.Id.ToString("D"), mute.GetProperty("account").GetString());
        Assert.True(mute.GetProperty("local").GetBoolean());
        Assert.Equal("@ma_carol", mute.GetProperty("handle").GetString());

        Assert.Equal(HttpStatusCode.NoContent, (await alice.Client.DeleteAsync(Prefix + "/mutes?account=%40ma_carol%40a.test", Ct)).StatusCode);
        Assert.Null(await nodes.A.Service<IMuteStore>().FindAsync(alice.Member.Id, carol.Id.ToString("D"), MuteKind.Mute, Ct));
    }

    [Theory]
    [InlineData("ma_empty1", "{}")]
    [InlineData("ma_empty2", """{"account": ""}""")]
    [InlineData("ma_self1", """{"account": "@ma_self1"}""")]
    [InlineData("ma_self2", """{"account": "http://a.test/users/ma_self2"}""")]
    [InlineData("ma_self3", """{"account": "@ma_self3@a.test"}""")]
    public async Task Mute_NothingOrYourself_Is400OnAccount(string username, string body)
    {
        using var user = await nodes.A.ApiUserAsync(username);

        var problem = await (await user.Client.SendRawAsync(HttpMethod.Post, Prefix + "/mutes", body, "application/json")).ProblemAsync(HttpStatusCode.BadRequest);

        Assert.True(problem.GetProperty("errors").TryGetProperty("account", out _));
        Assert.Empty((await nodes.A.Service<IMuteStore>().ListAsync(user.Member.Id, MuteKind.Mute, Cursor.Start, 10, Ct)).Items);
    }

    [Theory]
    [InlineData("@ma_no_such_member")]
    [InlineData("http://b.test/users/ma_no_such_member")]
    [InlineData("@ma_nobody@b.test")]
    public async Task Mute_UnknownAccount_Is404OnAccountAndNothingStored(string account)
    {
        using var user = await nodes.A.ApiUserAsync($"ma_unknown_{(uint)account.GetHashCode():x}");

        var problem = await (await user.Client.PostAsJsonAsync(Prefix + "/mutes", new { account }, Ct)).ProblemAsync(HttpStatusCode.NotFound);

        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("errors").GetProperty("account")[0].GetString()));
        Assert.Empty((await nodes.A.Service<IMuteStore>().ListAsync(user.Member.Id, MuteKind.Mute, Cursor.Start, 10, Ct)).Items);
    }

    [Fact]
    public async Task DomainBlock_IsNormalised_Idempotent_ListedAndLifted()
    {
        using var alice = await nodes.A.ApiUserAsync("md_alice");

        var block = await (await alice.Client.PostAsJsonAsync(Prefix + "/me/domain-blocks", new { domain = "Spam.B.Test." }, Ct)).JsonAsync(HttpStatusCode.Created);
        Assert.Equal("spam.b.test", block.GetProperty("domain").GetString());
        await (await alice.Client.PostAsJsonAsync(Prefix + "/me/domain-blocks", new { domain = "https://spam.b.test:8443/about" }, Ct)).JsonAsync(HttpStatusCode.OK);

        var list = await (await alice.Client.GetAsync(Prefix + "/me/domain-blocks", Ct)).JsonAsync(HttpStatusCode.OK);
        Assert.Equal("spam.b.test", Assert.Single(list.GetProperty("items").EnumerateArray()).GetProperty("domain").GetString());

        Assert.Equal(HttpStatusCode.NoContent, (await alice.Client.DeleteAsync(Prefix + "/me/domain-blocks?domain=SPAM.b.test", Ct)).StatusCode);
        var again = await (await alice.Client.DeleteAsync(Prefix + "/me/domain-blocks?domain=spam.b.test", Ct)).ProblemAsync(HttpStatusCode.NotFound);
        Assert.True(again.GetProperty("errors").TryGetProperty("domain", out _));
        Assert.Empty((await nodes.A.Service<IMuteStore>().ListDomainsAsync(alice.Member.Id, Cursor.Start, 10, Ct)).Items);
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("""{"domain": ""}""")]
    [InlineData("""{"domain": "not a domain!"}""")]
    [InlineData("""{"domain": "192.168.1.1"}""")]
    [InlineData("""{"domain": "a.test"}""")]
    [InlineData("""{"domain": "A.TEST."}""")]
    [InlineData("""{"domain": "test"}""")]
    public async Task DomainBlock_InvalidOrOwnDomain_Is400OnDomainAndNothingStored(string body)
    {
        using var user = await nodes.A.ApiUserAsync($"md_bad_{(uint)body.GetHashCode():x}");

        await (await user.Client.SendRawAsync(HttpMethod.Post, Prefix + "/me/domain-blocks", body, "application/json")).ValidationProblemAsync("domain");

        Assert.Empty((await nodes.A.Service<IMuteStore>().ListDomainsAsync(user.Member.Id, Cursor.Start, 10, Ct)).Items);
    }

    [Fact]
    public async Task MutesAndDomainBlocks_WithoutSignIn_Are401()
    {
        using var client = nodes.A.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync(Prefix + "/mutes", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.PostAsJsonAsync(Prefix + "/me/domain-blocks", new { domain = "b.test" }, Ct)).StatusCode);
    }
}
