using System.Net;
using System.Net.Http.Headers;
using OurSociety.Core.Members;
using OurSociety.Core.Tokens;
using OurSociety.Testing;

namespace OurSociety.Web.Tests.Api;

public sealed class MeApiTests(NodeFactory node) : IClassFixture<NodeFactory>
{
    private const string Me = ApiTestKit.Prefix + "/me";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task GetMe_BearerToken_ReturnsTheMember()
    {
        using var user = await node.ApiUserAsync("me_alice");

        var me = await (await user.Client.GetAsync(Me, Ct)).JsonAsync(HttpStatusCode.OK);

        Assert.Equal("me_alice", me.GetProperty("username").GetString());
        Assert.Equal("me_alice", me.GetProperty("displayName").GetString());
        Assert.Equal(["member"], me.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal($"{node.PublicUrl}/users/me_alice", me.GetProperty("actorId").GetString());
        Assert.Equal($"{node.PublicUrl}/@me_alice", me.GetProperty("url").GetString());
        Assert.Equal("", me.GetProperty("bio").GetString());
        Assert.Equal("", me.GetProperty("locality").GetString());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, me.GetProperty("avatarUrl").ValueKind);
        Assert.Equal(user.Member.CreatedAt, me.GetProperty("createdAt").GetDateTimeOffset());
    }

    [Fact]
    public async Task GetMe_AdminAndModerator_ListsEveryRole()
    {
        using var user = await node.ApiUserAsync("me_admin", Role.Admin, Role.Moderator, Role.Member);

        var me = await (await user.Client.GetAsync(Me, Ct)).JsonAsync(HttpStatusCode.OK);

        Assert.Equal(["member", "moderator", "admin"], me.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
    }

    [Fact]
    public async Task GetMe_NoCredentials_Is401Problem()
    {
        using var client = node.CreateClient();

        await (await client.GetAsync(Me, Ct)).ProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task GetMe_BrowserWithoutCookie_Is401ProblemNotSignInRedirect()
    {
        using var client = node.CreateClient(new() { AllowAutoRedirect = false });
        using var request = new HttpRequestMessage(HttpMethod.Get, Me);
        request.Headers.Accept.ParseAdd("text/html");

        var response = await client.SendAsync(request, Ct);

        await response.ProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Theory]
    [InlineData("Bearer", "os_not-a-real-token")]
    [InlineData("Bearer", "not-even-our-format")]
    [InlineData("Bearer", "")]
    [InlineData("Basic", "bWVfYWxpY2U6cGFzc3dvcmQ=")]
    public async Task GetMe_BadCredentials_Is401Problem(string scheme, string value)
    {
        using var client = node.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, Me);
        request.Headers.TryAddWithoutValidation("Authorization", $"{scheme} {value}".Trim());

        var response = await client.SendAsync(request, Ct);

        await response.ProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task GetMe_RevokedToken_Is401Problem()
    {
        using var user = await node.ApiUserAsync("me_revoked");
        Assert.Equal(HttpStatusCode.OK, (await user.Client.GetAsync(Me, Ct)).StatusCode);
        var tokens = node.Service<ApiTokenService>();
        var token = Assert.Single((await tokens.ListAsync(user.Member.Id, OurSociety.Core.Paging.Cursor.Start, 10, Ct)).Items);
        await tokens.RevokeAsync(user.Member.Id, token.Id, Ct);

        var response = await user.Client.GetAsync(Me, Ct);

        await response.ProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Contains("Bearer", response.Headers.WwwAuthenticate.Select(h => h.Scheme));
    }

    [Fact]
    public async Task GetMe_DeletedAccount_TokenIs401()
    {
        using var user = await node.ApiUserAsync("me_gone");
        await node.WriteAsync(tx => node.Service<IMemberStore>().DeleteAsync(user.Member.Id, tx, Ct));

        await (await user.Client.GetAsync(Me, Ct)).ProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task PatchMe_AllFields_PersistsAndReturnsUpdated()
    {
        using var user = await node.ApiUserAsync("me_patch");

        var updated = await (await user.Client.PatchJsonAsync(Me, new { displayName = " Patty ", bio = "I grow beans.", locality = "Leeds" }))
            .JsonAsync(HttpStatusCode.OK);

        Assert.Equal("Patty", updated.GetProperty("displayName").GetString());
        Assert.Equal("I grow beans.", updated.GetProperty("bio").GetString());
        Assert.Equal("Leeds", updated.GetProperty("locality").GetString());
        var stored = await node.Service<IMemberStore>().FindAsync(user.Member.Id, Ct);
        Assert.Equal(("Patty", "I grow beans.", "Leeds"), (stored!.DisplayName, stored.Bio, stored.Locality));
        var again = await (await user.Client.GetAsync(Me, Ct)).JsonAsync(HttpStatusCode.OK);
        Assert.Equal("Patty", again.GetProperty("displayName").GetString());
    }

    [Fact]
    public async Task PatchMe_OmittedFields_StayAsTheyWere()
    {
        using var user = await node.ApiUserAsync("me_partial");
        await user.Client.PatchJsonAsync(Me, new { displayName = "Pat", bio = "Bees.", locality = "York" });

        var updated = await (await user.Client.PatchJsonAsync(Me, new { locality = "Hull" })).JsonAsync(HttpStatusCode.OK);

        Assert.Equal("Pat", updated.GetProperty("displayName").GetString());
        Assert.Equal("Bees.", updated.GetProperty("bio").GetString());
        Assert.Equal("Hull", updated.GetProperty("locality").GetString());
    }

    [Fact]
    public async Task PatchMe_EmptyStrings_ClearBioAndFallBackToUsername()
    {
        using var user = await node.ApiUserAsync("me_clear");
        await user.Client.PatchJsonAsync(Me, new { displayName = "Clara", bio = "Bees.", locality = "York" });

        var updated = await (await user.Client.PatchJsonAsync(Me, new { displayName = "", bio = "", locality = "" })).JsonAsync(HttpStatusCode.OK);

        Assert.Equal("me_clear", updated.GetProperty("displayName").GetString());
        Assert.Equal("", updated.GetProperty("bio").GetString());
        Assert.Equal("", updated.GetProperty("locality").GetString());
    }

    [Fact]
    public async Task PatchMe_EveryFieldTooLong_Is400WithAnErrorPerFieldAndNothingStored()
    {
        using var user = await node.ApiUserAsync("me_long");

        var response = await user.Client.PatchJsonAsync(Me, new
        {
            displayName = new string('d', ProfileLimits.DisplayNameMax + 1),
            bio = new string('b', ProfileLimits.BioMax + 1),
            locality = new string('l', ProfileLimits.LocalityMax + 1),
        });

        await response.ValidationProblemAsync("displayName", "bio", "locality");
        await AssertUnchangedAsync(user.Member);
    }

    [Theory]
    [InlineData("displayName")]
    [InlineData("bio")]
    [InlineData("locality")]
    public async Task PatchMe_OneFieldTooLong_Is400NamingItAndTheOthersAreNotStored(string field)
    {
        using var user = await node.ApiUserAsync($"me_one_{field.ToLowerInvariant()}");
        var body = new Dictionary<string, string> { ["displayName"] = "Fine", ["bio"] = "Fine.", ["locality"] = "Fine", [field] = new string('x', 501) };

        var response = await user.Client.PatchJsonAsync(Me, body);

        await response.ValidationProblemAsync(field);
        await AssertUnchangedAsync(user.Member);
    }

    [Fact]
    public async Task PatchMe_MalformedJson_Is400Problem()
    {
        using var user = await node.ApiUserAsync("me_malformed");

        var response = await user.Client.SendRawAsync(HttpMethod.Patch, Me, """{"bio": "unterminated""", "application/json");

        await response.ProblemAsync(HttpStatusCode.BadRequest);
        await AssertUnchangedAsync(user.Member);
    }

    [Fact]
    public async Task PatchMe_WrongJsonType_Is400Problem()
    {
        using var user = await node.ApiUserAsync("me_wrongtype");

        var response = await user.Client.SendRawAsync(HttpMethod.Patch, Me, """{"bio": 42}""", "application/json");

        await response.ProblemAsync(HttpStatusCode.BadRequest);
        await AssertUnchangedAsync(user.Member);
    }

    [Fact]
    public async Task PatchMe_NotJson_Is415Problem()
    {
        using var user = await node.ApiUserAsync("me_form");

        var response = await user.Client.SendRawAsync(HttpMethod.Patch, Me, "bio=hello", "application/x-www-form-urlencoded");

        await response.ProblemAsync(HttpStatusCode.UnsupportedMediaType);
        await AssertUnchangedAsync(user.Member);
    }

    [Fact]
    public async Task PatchMe_NoCredentials_Is401AndNothingChanges()
    {
        using var user = await node.ApiUserAsync("me_anon");
        using var anonymous = node.CreateClient();

        await (await anonymous.PatchJsonAsync(Me, new { bio = "hacked" })).ProblemAsync(HttpStatusCode.Unauthorized);

        await AssertUnchangedAsync(user.Member);
    }

    [Fact]
    public async Task Me_UnsupportedMethod_Is405Problem()
    {
        using var user = await node.ApiUserAsync("me_put");

        var response = await user.Client.PutAsync(Me, new StringContent("{}", new MediaTypeHeaderValue("application/json")), Ct);

        await response.ProblemAsync(HttpStatusCode.MethodNotAllowed);
    }

    private async Task AssertUnchangedAsync(Member before)
    {
        var stored = await node.Service<IMemberStore>().FindAsync(before.Id, Ct);
        Assert.NotNull(stored);
        Assert.Equal((before.DisplayName, before.Bio, before.Locality, before.UpdatedAt), (stored.DisplayName, stored.Bio, stored.Locality, stored.UpdatedAt));
    }
}
