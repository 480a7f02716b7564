using System.Net;
using System.Text.Json.Nodes;
using OurSociety.Core.Members;
using OurSociety.Core.Work;
using OurSociety.Testing;
using OurSociety.Web.Tests.Api;

namespace OurSociety.Web.Tests.Settings;

/// <summary>
/// "Show me in directories and suggestions" and "Let people find my public posts by searching" (issue 14): the same
/// two choices through the settings page, the API and the member's actor document.
/// </summary>
public sealed class DiscoverySettingsTests(NodeFactory node) : IClassFixture<NodeFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task NewMember_IsDiscoverableAndIndexable_AsBefore()
    {
        await node.CreateMemberAsync("disc_new");

        var actor = await ActorAsync("disc_new");
        Assert.True((bool)actor["discoverable"]!);
        Assert.True((bool)actor["indexable"]!);
        using var browser = await node.SignedInBrowserAsync("disc_new");
        var (_, html) = await browser.GetAsync("/settings/profile");
        Assert.Contains("Show me in directories and suggestions", html, StringComparison.Ordinal);
        Assert.Contains("Let people find my public posts by searching", html, StringComparison.Ordinal);
        Assert.Matches("id=\"indexable\"[^>]*checked", html);
    }

    [Fact]
    public async Task SettingsForm_UntickedBoxesTurnThemOff_ActorAndApiFollow_AndAnUpdateGoesOut()
    {
        var member = await node.CreateMemberAsync("disc_form");
        using var browser = await node.SignedInBrowserAsync("disc_form");

        // Only "discoverable" ticked: an unticked box sends nothing.
        var response = await browser.SubmitAsync("/settings/profile", "/settings/profile/discovery", new Dictionary<string, string> { ["discoverable"] = "true" });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/settings/profile?notice=discovery-saved", response.Headers.Location?.OriginalString);
        var saved = await node.Service<IMemberStore>().FindAsync(member.Id, Ct);
        Assert.True(saved!.Discoverable);
        Assert.False(saved.Indexable);
        var actor = await ActorAsync("disc_form");
        Assert.True((bool)actor["discoverable"]!);
        Assert.False((bool)actor["indexable"]!);
        Assert.True(await node.Service<IWorkItemStore>().IsPendingAsync(MemberWork.Updated, $"member:{member.Id:D}", Ct));
        var (_, page) = await browser.GetAsync("/settings/profile?notice=discovery-saved");
        Assert.Contains("Your choices about being found are saved.", page, StringComparison.Ordinal);
        Assert.DoesNotMatch("id=\"indexable\"[^>]*checked", page);

        // Both off.
        await browser.SubmitAsync("/settings/profile", "/settings/profile/discovery", new Dictionary<string, string>());
        Assert.False((await node.Service<IMemberStore>().FindAsync(member.Id, Ct))!.Discoverable);
        Assert.False((bool)(await ActorAsync("disc_form"))["discoverable"]!);
        await HtmlValidator.AssertValidAsync("/settings/profile (discovery)", (await browser.GetAsync("/settings/profile?lang=cy")).Html);
    }

    [Fact]
    public async Task Api_PatchMe_SetsEither_AndGetMeShowsThem()
    {
        using var user = await node.ApiUserAsync("disc_api");

        var me = await (await user.Client.PatchJsonAsync(ApiTestKit.Prefix + "/me", new { discoverable = false })).JsonAsync(HttpStatusCode.OK);
        Assert.False(me.GetProperty("discoverable").GetBoolean());
        Assert.True(me.GetProperty("indexable").GetBoolean());

        me = await (await user.Client.PatchJsonAsync(ApiTestKit.Prefix + "/me", new { indexable = false, bio = "Hello" })).JsonAsync(HttpStatusCode.OK);
        Assert.False(me.GetProperty("discoverable").GetBoolean());
        Assert.False(me.GetProperty("indexable").GetBoolean());

        var got = await (await user.Client.GetAsync(ApiTestKit.Prefix + "/me", Ct)).JsonAsync(HttpStatusCode.OK);
        Assert.False(got.GetProperty("discoverable").GetBoolean());
        Assert.False(got.GetProperty("indexable").GetBoolean());
        Assert.False((bool)(await ActorAsync("disc_api"))["indexable"]!);

        me = await (await user.Client.PatchJsonAsync(ApiTestKit.Prefix + "/me", new { discoverable = true, indexable = true })).JsonAsync(HttpStatusCode.OK);
        Assert.True(me.GetProperty("discoverable").GetBoolean());
        Assert.True(me.GetProperty("indexable").GetBoolean());
    }

    [Fact]
    public async Task Api_NotABoolean_Is400()
    {
        using var user = await node.ApiUserAsync("disc_bad");

        var response = await user.Client.SendRawAsync(HttpMethod.Patch, ApiTestKit.Prefix + "/me", "{\"indexable\":\"no\"}", "application/json");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var me = await node.Service<IMemberStore>().FindByUsernameAsync("disc_bad", Ct);
        Assert.True(me!.Indexable);
    }

    private async Task<JsonObject> ActorAsync(string username)
    {
        using var client = node.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/users/{username}");
        request.Headers.Accept.ParseAdd("application/activity+json");
        using var response = await client.SendAsync(request, Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!.AsObject();
    }
}
