using System.Net;
using System.Net.Http.Json;
using OurSociety.Core.Introductions;
using OurSociety.Core.Members;
using OurSociety.Core.Paging;
using OurSociety.Testing;
using OurSociety.Web.Tests.Api;

namespace OurSociety.Web.Tests.Introductions;

/// <summary>Each bad input of issue 12 for introductions: a clear problem naming the field, and nothing stored.</summary>
public sealed class IntroductionRefusalTests(NodeFactory node) : IClassFixture<NodeFactory>
{
    private const string Url = IntroductionTestKit.Introductions;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<int> CountAsync(ApiUser glue) =>
        (await node.Service<IIntroductionStore>().ListAsync(glue.Member.Id, IntroductionRole.Proposed, null, Cursor.Start, 100, Ct)).Items.Count;

    [Fact]
    public async Task MissingOrMalformedInput_Is400NamingTheField()
    {
        var glue = await node.ApiUserAsync("ir_in_glue", Role.GlueEr);
        await node.CreateMemberAsync("ir_in_a");
        await node.CreateMemberAsync("ir_in_b");

        await (await glue.Client.PostAsJsonAsync(Url, new { reason = "r" }, Ct)).ValidationProblemAsync("parties");
        await (await glue.Client.PostAsJsonAsync(Url, new { parties = new[] { "@ir_in_a" }, reason = "r" }, Ct)).ValidationProblemAsync("parties");
        await (await glue.Client.PostAsJsonAsync(Url, new { parties = new[] { "@ir_in_a", "@ir_in_b", "@ir_in_glue" }, reason = "r" }, Ct))
            .ValidationProblemAsync("parties");
        await (await glue.ProposeAsync("@ir_in_a", "@ir_in_b", reason: "  ")).ValidationProblemAsync("reason");
        await (await glue.ProposeAsync("@ir_in_a", "@ir_in_b", reason: new string('x', IntroductionLimits.ReasonMax + 1))).ValidationProblemAsync("reason");
        await (await glue.ProposeAsync("", "@ir_in_b")).ValidationProblemAsync("parties[0]");
        await (await glue.ProposeAsync("@ir_in_a", "not a handle at all/")).ValidationProblemAsync("parties[1]");

        Assert.Equal(0, await CountAsync(glue));
    }

    [Fact]
    public async Task SomeoneToThemselves_OrYourself_Is400()
    {
        var glue = await node.ApiUserAsync("ir_self_glue", Role.GlueEr);
        await node.CreateMemberAsync("ir_self_a");

        await (await glue.ProposeAsync("@ir_self_a", "@ir_self_a")).RefusedAsync(HttpStatusCode.BadRequest, "parties");
        await (await glue.ProposeAsync("@ir_self_a", "ir_self_a@localhost")).RefusedAsync(HttpStatusCode.BadRequest, "parties");
        await (await glue.ProposeAsync("http://localhost/@ir_self_a", "@ir_self_a")).RefusedAsync(HttpStatusCode.BadRequest, "parties");
        await (await glue.ProposeAsync("@ir_self_glue", "@ir_self_a")).RefusedAsync(HttpStatusCode.BadRequest, "parties[0]");

        Assert.Equal(0, await CountAsync(glue));
    }

    [Fact]
    public async Task AnUnknownMember_Is404NamingWhichParty()
    {
        var glue = await node.ApiUserAsync("ir_unk_glue", Role.GlueEr);
        await node.CreateMemberAsync("ir_unk_a");

        var problem = await (await glue.ProposeAsync("@ir_unk_a", "@ir_unk_nobody")).RefusedAsync(HttpStatusCode.NotFound, "parties[1]");

        Assert.Contains("@ir_unk_nobody", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, await CountAsync(glue));
    }

    [Fact]
    public async Task AMemberWithoutTheRole_Is403()
    {
        var plain = await node.ApiUserAsync("ir_role_m");
        await node.CreateMemberAsync("ir_role_a");
        await node.CreateMemberAsync("ir_role_b");

        var problem = await (await plain.ProposeAsync("@ir_role_a", "@ir_role_b")).ProblemAsync(HttpStatusCode.Forbidden);

        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("detail").GetString()));
        Assert.Equal(0, await CountAsync(plain));
    }

    [Fact]
    public async Task TheSameTwoWhilePending_Is409_InEitherOrder_AndAgainOnceDecided()
    {
        var glue = await node.ApiUserAsync("ir_pair_glue", Role.GlueEr);
        var a = await node.ApiUserAsync("ir_pair_a");
        await node.CreateMemberAsync("ir_pair_b");
        var id = await glue.ProposedAsync("@ir_pair_a", "@ir_pair_b");

        await (await glue.ProposeAsync("@ir_pair_a", "@ir_pair_b")).RefusedAsync(HttpStatusCode.Conflict, "parties");
        await (await glue.ProposeAsync("@ir_pair_b", "@ir_pair_a")).RefusedAsync(HttpStatusCode.Conflict, "parties");
        Assert.Equal(1, await CountAsync(glue));

        // Another glue-er may: they cannot know of the first one.
        var other = await node.ApiUserAsync("ir_pair_glue2", Role.GlueEr);
        await other.ProposedAsync("@ir_pair_a", "@ir_pair_b");

        await a.ActedAsync(id, "decline");
        await glue.ProposedAsync("@ir_pair_a", "@ir_pair_b");
    }

    [Fact]
    public async Task PartiesWhosePolicyRefuses_Are403NamingWhichParty()
    {
        var glue = await node.ApiUserAsync("ir_pol_glue", Role.GlueEr);
        var nobody = await node.ApiUserAsync("ir_pol_nobody");
        await node.CreateMemberAsync("ir_pol_b");
        await nobody.Client.PutAsJsonAsync(ApiTestKit.Prefix + "/me/introduction-policy", new { allow = "nobody" }, Ct);

        await (await glue.ProposeAsync("@ir_pol_nobody", "@ir_pol_b")).RefusedAsync(HttpStatusCode.Forbidden, "parties[0]");
        await (await glue.ProposeAsync("@ir_pol_b", "@ir_pol_nobody")).RefusedAsync(HttpStatusCode.Forbidden, "parties[1]");

        Assert.Equal(0, await CountAsync(glue));
    }

    [Fact]
    public async Task AnsweringOneNotAddressedToYou_IsRefused()
    {
        var glue = await node.ApiUserAsync("ir_ans_glue", Role.GlueEr);
        await node.CreateMemberAsync("ir_ans_a");
        await node.CreateMemberAsync("ir_ans_b");
        var stranger = await node.ApiUserAsync("ir_ans_x");
        var id = await glue.ProposedAsync("@ir_ans_a", "@ir_ans_b");

        await (await glue.ActAsync(id, "accept")).ProblemAsync(HttpStatusCode.Forbidden);
        await (await glue.ActAsync(id, "decline")).ProblemAsync(HttpStatusCode.Forbidden);
        await (await stranger.ActAsync(id, "accept")).ProblemAsync(HttpStatusCode.NotFound);
        await (await stranger.ActAsync(Guid.CreateVersion7(), "accept")).ProblemAsync(HttpStatusCode.NotFound);

        Assert.Equal("proposed", (await glue.GetAsync(id)).State());
    }
}

/// <summary>A node whose glue-ers may have two introductions waiting at once.</summary>
public sealed class SmallCapNode : NodeFactory
{
    public SmallCapNode() => With("OurSociety:Introductions:MaxPendingPerIntroducer", "2");
}

public sealed class IntroductionCapTests(SmallCapNode node) : IClassFixture<SmallCapNode>
{
    [Fact]
    public async Task PastThePendingCap_Is409_UntilOneIsDecided()
    {
        var glue = await node.ApiUserAsync("ic_glue", Role.GlueEr);
        var a = await node.ApiUserAsync("ic_a");
        await node.CreateMemberAsync("ic_b");
        await node.CreateMemberAsync("ic_c");
        var first = await glue.ProposedAsync("@ic_a", "@ic_b");
        await glue.ProposedAsync("@ic_a", "@ic_c");

        var problem = await (await glue.ProposeAsync("@ic_b", "@ic_c")).RefusedAsync(HttpStatusCode.Conflict, "parties");

        Assert.Contains("2", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        await a.ActedAsync(first, "decline");
        await glue.ProposedAsync("@ic_b", "@ic_c");
    }
}

/// <summary>A node configured to let every member introduce people.</summary>
public sealed class AnyMemberNode : NodeFactory
{
    public AnyMemberNode() => With("OurSociety:Introductions:AnyMemberMayIntroduce", "true");
}

public sealed class AnyMemberMayIntroduceTests(AnyMemberNode node) : IClassFixture<AnyMemberNode>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task TheStoredSwitchWinsOverConfiguration_AndGlueErsOnlyStillRefusesAPlainMember()
    {
        var settings = node.Service<IntroductionSettings>();
        var member = await node.ApiUserAsync("am_m");
        var open = await node.ApiUserAsync("am_open");
        await node.CreateMemberAsync("am_glueers");
        await open.Client.PutAsJsonAsync(ApiTestKit.Prefix + "/me/introduction-policy", new { allow = "anyone" }, Ct);
        var other = await node.ApiUserAsync("am_open2");
        await other.Client.PutAsJsonAsync(ApiTestKit.Prefix + "/me/introduction-policy", new { allow = "anyone" }, Ct);

        Assert.True(await settings.AnyMemberMayIntroduceAsync(Ct));
        // Allowed to introduce, but a party who takes introductions from glue-ers only says no to a plain member.
        await (await member.ProposeAsync("@am_open", "@am_glueers")).RefusedAsync(HttpStatusCode.Forbidden, "parties[1]");

        await settings.SetAnyMemberMayIntroduceAsync(false, Ct);
        Assert.False(await settings.AnyMemberMayIntroduceAsync(Ct));
        await (await member.ProposeAsync("@am_open", "@am_open2")).ProblemAsync(HttpStatusCode.Forbidden);

        await settings.SetAnyMemberMayIntroduceAsync(null, Ct);
        Assert.True(await settings.AnyMemberMayIntroduceAsync(Ct));
        await member.ProposedAsync("@am_open", "@am_open2");
    }
}
