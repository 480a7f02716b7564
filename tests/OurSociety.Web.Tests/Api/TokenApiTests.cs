using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OurSociety.Core.Paging;
using OurSociety.Core.Tokens;
using OurSociety.Testing;

namespace OurSociety.Web.Tests.Api;

public sealed class TokenApiTests(NodeFactory node) : IClassFixture<NodeFactory>
{
    private const string Tokens = ApiTestKit.Prefix + "/tokens";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Create_Is201WithTheSecretOnceAndTheSecretWorks()
    {
        using var user = await node.ApiUserAsync("tok_create");
        using var browser = await node.SignedInBrowserAsync("tok_create");

        var created = await (await browser.Client.PostAsJsonAsync(Tokens, new { name = "  phone app  " }, Ct)).JsonAsync(HttpStatusCode.Created);

        Assert.Equal("phone app", created.GetProperty("name").GetString());
        var secret = created.GetProperty("token").GetString()!;
        Assert.StartsWith(ApiTokenService.Prefix, secret, StringComparison.Ordinal);
        using var withNewToken = node.BearerClient(secret);
        var me = await (await withNewToken.GetAsync(ApiTestKit.Prefix + "/me", Ct)).JsonAsync(HttpStatusCode.OK);
        Assert.Equal("tok_create", me.GetProperty("username").GetString());

        var listed = await (await user.Client.GetAsync(Tokens, Ct)).JsonAsync(HttpStatusCode.OK);
        var item = listed.GetProperty("items").EnumerateArray().Single(t => t.GetProperty("id").GetGuid() == created.GetProperty("id").GetGuid());
        Assert.Equal("phone app", item.GetProperty("name").GetString());
        Assert.False(item.TryGetProperty("token", out _));
        Assert.DoesNotContain(secret, listed.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_RecordsWhenATokenWasUsed()
    {
        using var user = await node.ApiUserAsync("tok_used");

        var item = (await (await user.Client.GetAsync(Tokens, Ct)).JsonAsync(HttpStatusCode.OK)).GetProperty("items")[0];

        Assert.Equal(JsonValueKind.String, item.GetProperty("lastUsedAt").ValueKind);
    }

    [Theory]
    [InlineData("tok_bad1", """{}""")]
    [InlineData("tok_bad2", """{"name": null}""")]
    [InlineData("tok_bad3", """{"name": ""}""")]
    [InlineData("tok_bad4", """{"name": "   "}""")]
    [InlineData("tok_bad5", """{"name": "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"}""")]
    public async Task Create_BadName_Is400NamingTheFieldAndNothingStored(string username, string body)
    {
        using var user = await node.ApiUserAsync(username);

        var response = await user.Client.SendRawAsync(HttpMethod.Post, Tokens, body, "application/json");

        await response.ValidationProblemAsync("name");
        Assert.Single((await node.Service<ApiTokenService>().ListAsync(user.Member.Id, Cursor.Start, 10, Ct)).Items);
    }

    [Fact]
    public async Task Create_MalformedJson_Is400ProblemAndNothingStored()
    {
        using var user = await node.ApiUserAsync("tok_malformed");

        await (await user.Client.SendRawAsync(HttpMethod.Post, Tokens, """{"name": "x",""", "application/json")).ProblemAsync(HttpStatusCode.BadRequest);

        Assert.Single((await node.Service<ApiTokenService>().ListAsync(user.Member.Id, Cursor.Start, 10, Ct)).Items);
    }

    [Fact]
    public async Task Create_NotJson_Is415Problem()
    {
        using var user = await node.ApiUserAsync("tok_form");

        var response = await user.Client.SendRawAsync(HttpMethod.Post, Tokens, "name=phone", "application/x-www-form-urlencoded");

        await response.ProblemAsync(HttpStatusCode.UnsupportedMediaType);
        Assert.Single((await node.Service<ApiTokenService>().ListAsync(user.Member.Id, Cursor.Start, 10, Ct)).Items);
    }

    [Fact]
    public async Task List_25TokensWalkedInPages_EachExactlyOnceNewestFirst()
    {
        using var user = await node.ApiUserAsync("tok_paging");
        using var browser = await node.SignedInBrowserAsync("tok_paging");
        var made = new List<Guid> { Assert.Single((await node.Service<ApiTokenService>().ListAsync(user.Member.Id, Cursor.Start, 10, Ct)).Items).Id };
        for (var i = 0; i < 25; i++)
        {
            made.Add((await (await browser.Client.PostAsJsonAsync(Tokens, new { name = $"token {i}" }, Ct)).JsonAsync(HttpStatusCode.Created))
                .GetProperty("id").GetGuid());
        }

        var pages = await user.Client.WalkAsync(Tokens, limit: 10);

        Assert.Equal([10, 10, 6], pages.Select(p => p.Count));
        Assert.Equal(Enumerable.Reverse(made), pages.SelectMany(p => p).Select(t => t.GetProperty("id").GetGuid()));
    }

    [Fact]
    public async Task List_NoLimit_UsesTheDefaultPageSize()
    {
        using var user = await node.ApiUserAsync("tok_default");
        for (var i = 0; i < PageSize.Default + 2; i++)
        {
            await node.NewTokenAsync(user.Member.Id, $"token {i}");
        }

        var page = await (await user.Client.GetAsync(Tokens, Ct)).JsonAsync(HttpStatusCode.OK);

        Assert.Equal(PageSize.Default, page.GetProperty("items").GetArrayLength());
        Assert.Equal(JsonValueKind.String, page.GetProperty("next").ValueKind);
    }

    [Fact]
    public async Task List_LimitAtTheBounds_IsAccepted()
    {
        using var user = await node.ApiUserAsync("tok_bounds");

        Assert.Equal(1, (await (await user.Client.GetAsync($"{Tokens}?limit=1", Ct)).JsonAsync(HttpStatusCode.OK)).GetProperty("items").GetArrayLength());
        await (await user.Client.GetAsync($"{Tokens}?limit={PageSize.Max}", Ct)).JsonAsync(HttpStatusCode.OK);
    }

    [Theory]
    [InlineData("tok_q1", "limit=0", "limit")]
    [InlineData("tok_q2", "limit=101", "limit")]
    [InlineData("tok_q3", "limit=-5", "limit")]
    [InlineData("tok_q4", "limit=ten", "limit")]
    [InlineData("tok_q5", "limit=1.5", "limit")]
    [InlineData("tok_q6", "cursor=not*base64", "cursor")]
    [InlineData("tok_q7", "cursor=bm9wZQ", "cursor")]
    [InlineData("tok_q8", "limit=0&cursor=%21", "limit", "cursor")]
    public async Task List_BadPaging_Is400NamingTheField(string username, string query, params string[] fields)
    {
        using var user = await node.ApiUserAsync(username);

        await (await user.Client.GetAsync($"{Tokens}?{query}", Ct)).ValidationProblemAsync(fields);
    }

    [Fact]
    public async Task Create_WithABearerToken_Is403AndNoTokenIsMade()
    {
        using var user = await node.ApiUserAsync("tok_breed");

        var problem = await (await user.Client.PostAsJsonAsync(Tokens, new { name = "offspring" }, Ct)).ProblemAsync(HttpStatusCode.Forbidden);

        Assert.Contains("cannot make new tokens", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Single((await node.Service<ApiTokenService>().ListAsync(user.Member.Id, Cursor.Start, 10, Ct)).Items);
    }

    [Fact]
    public async Task Delete_Own_Is204ThenTheTokenIsRefusedAndASecondDeleteIs404()
    {
        using var user = await node.ApiUserAsync("tok_delete");
        using var browser = await node.SignedInBrowserAsync("tok_delete");
        var created = await (await browser.Client.PostAsJsonAsync(Tokens, new { name = "laptop" }, Ct)).JsonAsync(HttpStatusCode.Created);
        var id = created.GetProperty("id").GetGuid();

        Assert.Equal(HttpStatusCode.NoContent, (await user.Client.DeleteAsync($"{Tokens}/{id}", Ct)).StatusCode);

        using var revoked = node.BearerClient(created.GetProperty("token").GetString()!);
        await (await revoked.GetAsync(ApiTestKit.Prefix + "/me", Ct)).ProblemAsync(HttpStatusCode.Unauthorized);
        await (await user.Client.DeleteAsync($"{Tokens}/{id}", Ct)).ProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Delete_TheTokenInUse_RevokesItself()
    {
        using var user = await node.ApiUserAsync("tok_self");
        var own = Assert.Single((await node.Service<ApiTokenService>().ListAsync(user.Member.Id, Cursor.Start, 10, Ct)).Items);

        Assert.Equal(HttpStatusCode.NoContent, (await user.Client.DeleteAsync($"{Tokens}/{own.Id}", Ct)).StatusCode);

        await (await user.Client.GetAsync(Tokens, Ct)).ProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Delete_AnotherMembersToken_Is404AndTheirTokenStillWorks()
    {
        using var alice = await node.ApiUserAsync("tok_alice");
        using var mallory = await node.ApiUserAsync("tok_mallory");
        var aliceToken = Assert.Single((await node.Service<ApiTokenService>().ListAsync(alice.Member.Id, Cursor.Start, 10, Ct)).Items);

        await (await mallory.Client.DeleteAsync($"{Tokens}/{aliceToken.Id}", Ct)).ProblemAsync(HttpStatusCode.NotFound);

        await (await alice.Client.GetAsync(ApiTestKit.Prefix + "/me", Ct)).JsonAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task List_NeverShowsAnotherMembersTokens()
    {
        using var alice = await node.ApiUserAsync("tok_mine");
        using var bob = await node.ApiUserAsync("tok_theirs");
        await node.NewTokenAsync(bob.Member.Id, "bob's secret project");

        var page = await (await alice.Client.GetAsync(Tokens, Ct)).JsonAsync(HttpStatusCode.OK);

        Assert.Single(page.GetProperty("items").EnumerateArray());
        Assert.DoesNotContain("bob", page.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Delete_UnknownOrMalformedId_Is404Problem()
    {
        using var user = await node.ApiUserAsync("tok_unknown");

        await (await user.Client.DeleteAsync($"{Tokens}/{Guid.CreateVersion7()}", Ct)).ProblemAsync(HttpStatusCode.NotFound);
        await (await user.Client.DeleteAsync($"{Tokens}/123", Ct)).ProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Tokens_NoCredentials_Is401Problem()
    {
        using var client = node.CreateClient();

        await (await client.GetAsync(Tokens, Ct)).ProblemAsync(HttpStatusCode.Unauthorized);
        await (await client.PostAsJsonAsync(Tokens, new { name = "sneaky" }, Ct)).ProblemAsync(HttpStatusCode.Unauthorized);
        await (await client.DeleteAsync($"{Tokens}/{Guid.CreateVersion7()}", Ct)).ProblemAsync(HttpStatusCode.Unauthorized);
    }
}
