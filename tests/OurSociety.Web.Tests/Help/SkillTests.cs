using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using OurSociety.Core;
using OurSociety.Core.Members;
using OurSociety.Testing;
using OurSociety.Web.Tests.Api;

namespace OurSociety.Web.Tests.Help;

/// <summary>
/// "Can help with" and "Interested in": set in settings or the API, shown on the profile, published on the Person as
/// two Mastodon profile fields named in the member's language, and used to find helpers.
/// </summary>
public sealed class SkillTests(NodeFactory node) : IClassFixture<NodeFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Settings_SetsBoth_ProfileShowsThem_AndTheActorHasTwoProfileFields()
    {
        await node.CreateMemberAsync("sk_form");
        using var browser = await node.SignedInBrowserAsync("sk_form");

        var saved = await browser.SubmitAsync("/settings/profile", "/settings/profile/skills", new Dictionary<string, string>
        {
            ["canHelpWith"] = "Bikes, #repairs  welding",
            ["interestedIn"] = "gardening",
        });

        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var (_, settings) = await browser.GetAsync("/settings/profile");
        Assert.Contains("value=\"bikes repairs welding\"", settings, StringComparison.Ordinal);
        using var anonymous = new Browserless(node);
        var (_, profile) = await anonymous.GetAsync("/@sk_form");
        Assert.Contains("<dt>Can help with</dt>", profile, StringComparison.Ordinal);
        Assert.Contains("<dt>Interested in</dt>", profile, StringComparison.Ordinal);
        Assert.Contains("href=\"/tags/welding\" rel=\"tag\">welding</a>", profile, StringComparison.Ordinal);

        var actor = await ActorAsync("sk_form");
        var fields = actor["attachment"]!.AsArray();
        Assert.Equal(2, fields.Count);
        Assert.Equal(("PropertyValue", "Can help with", "bikes, repairs, welding"),
            ((string)fields[0]!["type"]!, (string)fields[0]!["name"]!, (string)fields[0]!["value"]!));
        Assert.Equal(("PropertyValue", "Interested in", "gardening"),
            ((string)fields[1]!["type"]!, (string)fields[1]!["name"]!, (string)fields[1]!["value"]!));
        var terms = actor["@context"]!.AsArray()[2]!.AsObject();
        Assert.Equal("schema:PropertyValue", (string)terms["PropertyValue"]!);
        Assert.Equal("schema:value", (string)terms["value"]!);
    }

    [Fact]
    public async Task Actor_FieldNames_AreInTheMembersLanguage_AndLeftOutWhenEmpty()
    {
        var member = await node.CreateMemberAsync("sk_cy");
        await node.Service<IMemberStore>().SetLanguageAsync(member.Id, "cy", Ct);
        await node.Service<SkillService>().SetAsync(member.Id, [], ["beekeeping"], Ct);

        var fields = (await ActorAsync("sk_cy"))["attachment"]!.AsArray();

        Assert.Equal(["Â diddordeb mewn"], fields.Select(f => (string)f!["name"]!));
        await node.CreateMemberAsync("sk_none");
        var none = await ActorAsync("sk_none");
        Assert.Null(none["attachment"]);
        Assert.Null(none["@context"]!.AsArray()[2]!["PropertyValue"]);
    }

    [Fact]
    public async Task Settings_BadTopic_ComesBackBesideTheField_AndChangesNothing()
    {
        var member = await node.CreateMemberAsync("sk_bad");
        await node.Service<SkillService>().SetAsync(member.Id, ["cooking"], [], Ct);
        using var browser = await node.SignedInBrowserAsync("sk_bad");

        var response = await browser.SubmitAsync("/settings/profile", "/settings/profile/skills", new Dictionary<string, string>
        {
            ["canHelpWith"] = "cooking, fixing things!",
            ["interestedIn"] = string.Join(' ', Enumerable.Range(1, 11).Select(i => $"t{i}")),
        });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync(Ct);
        Assert.Contains("id=\"canHelpWith-error\"", html, StringComparison.Ordinal);
        Assert.Contains("id=\"interestedIn-error\"", html, StringComparison.Ordinal);
        Assert.Contains("value=\"cooking, fixing things!\"", html, StringComparison.Ordinal);
        var stored = await node.Service<IMemberStore>().FindAsync(member.Id, Ct);
        Assert.Equal(["cooking"], stored!.CanHelpWith);
        Assert.Empty(stored.InterestedIn);
    }

    [Fact]
    public async Task Api_PatchMe_SetsAndClearsThem_BadOnesAre400NamingTheField()
    {
        using var user = await node.ApiUserAsync("sk_api");

        var me = await (await user.Client.PatchJsonAsync(ApiTestKit.Prefix + "/me", new { canHelpWith = new[] { "Grants", "budgets" }, interestedIn = new[] { "bees" } }))
            .JsonAsync(HttpStatusCode.OK);
        Assert.Equal(["grants", "budgets"], me.GetProperty("canHelpWith").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal(["bees"], me.GetProperty("interestedIn").EnumerateArray().Select(t => t.GetString()));

        await (await user.Client.PatchJsonAsync(ApiTestKit.Prefix + "/me", new { canHelpWith = new[] { "no good!" }, bio = "Changed?" }))
            .ValidationProblemAsync("canHelpWith");
        await (await user.Client.PatchJsonAsync(ApiTestKit.Prefix + "/me", new { interestedIn = Enumerable.Range(1, 11).Select(i => $"t{i}") }))
            .ValidationProblemAsync("interestedIn");
        var unchanged = await (await user.Client.GetAsync(ApiTestKit.Prefix + "/me", Ct)).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(["grants", "budgets"], unchanged.GetProperty("canHelpWith").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal("", unchanged.GetProperty("bio").GetString());

        // Left out: kept. Empty: cleared.
        var cleared = await (await user.Client.PatchJsonAsync(ApiTestKit.Prefix + "/me", new { canHelpWith = Array.Empty<string>() })).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(0, cleared.GetProperty("canHelpWith").GetArrayLength());
        Assert.Equal(["bees"], cleared.GetProperty("interestedIn").EnumerateArray().Select(t => t.GetString()));
    }

    [Fact]
    public async Task WhoCanHelpWith_MostTopicsInCommonFirst_LeavingOutWhoIsAsked()
    {
        var skills = node.Service<SkillService>();
        var one = await node.CreateMemberAsync("sk_match_one");
        var two = await node.CreateMemberAsync("sk_match_two");
        var me = await node.CreateMemberAsync("sk_match_me");
        await node.CreateMemberAsync("sk_match_none");
        await skills.SetAsync(one.Id, ["matchsoil"], [], Ct);
        await skills.SetAsync(two.Id, ["matchsoil", "matchseeds"], [], Ct);
        await skills.SetAsync(me.Id, ["matchsoil", "matchseeds"], [], Ct);

        var found = await skills.WhoCanHelpWithAsync(["#MatchSoil", "matchseeds"], [me.Id], 10, Ct);

        Assert.Equal(["sk_match_two", "sk_match_one"], found.Select(m => m.Username));
        Assert.Equal(["sk_match_two"], (await skills.WhoCanHelpWithAsync(["matchsoil"], [me.Id, one.Id], 1, Ct)).Select(m => m.Username));
        Assert.Empty(await skills.WhoCanHelpWithAsync(["matchnothing"], [], 10, Ct));
        Assert.Empty(await skills.WhoCanHelpWithAsync(["matchsoil"], [], 0, Ct));
    }

    [Fact]
    public async Task Skills_ChangedAndAccountDeleted_AreForgotten()
    {
        var member = await node.CreateMemberAsync("sk_gone");
        await node.Service<SkillService>().SetAsync(member.Id, ["goneskill"], [], Ct);
        Assert.IsType<Outcome<bool>.Ok>(await node.Service<MemberService>().DeleteAccountAsync(member.Id, "correct horse battery", Ct));

        Assert.Empty(await node.Service<ISkillStore>().WhoCanHelpWithAsync(["goneskill"], 10, Ct));
    }

    [Fact]
    public async Task Export_CarriesThem()
    {
        var member = await node.CreateMemberAsync("sk_export");
        await node.Service<SkillService>().SetAsync(member.Id, ["ladders"], ["paint"], Ct);
        using var browser = await node.SignedInBrowserAsync("sk_export");

        var export = JsonNode.Parse(await browser.Client.GetStringAsync("/settings/export", Ct))!;

        Assert.Equal(["ladders"], export["canHelpWith"]!.AsArray().Select(t => (string)t!));
        Assert.Equal(["paint"], export["interestedIn"]!.AsArray().Select(t => (string)t!));
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
