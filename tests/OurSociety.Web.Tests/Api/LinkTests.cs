using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using OurSociety.Content;
using OurSociety.Core.Members;
using OurSociety.Core.Tokens;
using OurSociety.Testing;

namespace OurSociety.Web.Tests.Api;

/// <summary>The URLs the API hands out lead to the pages that serve them.</summary>
public sealed class LinkTests(NodeFactory node) : IClassFixture<NodeFactory>
{
    [Fact]
    public async Task InvitationUrl_FromTheApi_OpensTheSignUpPage()
    {
        var ct = TestContext.Current.CancellationToken;
        var member = await node.CreateMemberAsync("link_inviter");
        var created = await node.Service<ApiTokenService>().CreateAsync(member.Id, "links", ct);
        var secret = Assert.IsType<Core.Outcome<(ApiToken Token, string Secret)>.Ok>(created).Value.Secret;
        using var client = node.CreateClient(new() { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", secret);

        var response = await client.PostAsJsonAsync("/api/oursociety/v1/invitations", new { }, ct);
        var url = (await response.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("url").GetString()!;
        var follow = await client.GetAsync(new Uri(url).PathAndQuery, ct);

        Assert.Equal(HttpStatusCode.Redirect, follow.StatusCode);
        Assert.StartsWith("/signup?invite=", follow.Headers.Location?.OriginalString, StringComparison.Ordinal);
    }

    [Fact]
    public void AvatarUrl_PointsWhereProfilesServeAvatars()
    {
        var url = Hosting.Links.Avatar("https://hub.example", "avatars/0193a7f1-0000-7000-8000-00000000abcd.png");

        Assert.Equal("https://hub.example" + Avatars.UrlPrefix + "0193a7f1-0000-7000-8000-00000000abcd.png", url);
    }
}

/// <summary>A JSON value of the wrong type is a validation problem naming the field (it was a bare 400 before).</summary>
public sealed class JsonTypeErrorTests(NodeFactory node) : IClassFixture<NodeFactory>
{
    [Theory]
    [InlineData("""{"expiresInDays": "x"}""", "expiresInDays")]
    [InlineData("""{"maxUses": [1]}""", "maxUses")]
    [InlineData("""{"maxUses": 1,""", "body")]
    public async Task CreateInvitation_WrongType_Is400NamingTheField(string body, string field)
    {
        using var user = await node.ApiUserAsync($"json_{field}_{body.Length}");

        var response = await user.Client.SendRawAsync(HttpMethod.Post, ApiTestKit.Prefix + "/invitations", body, "application/json");

        await response.ValidationProblemAsync(field);
    }
}
