using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Dapper;
using OurSociety.ActivityPub;
using OurSociety.ActivityPub.Vocabulary;
using OurSociety.Core.Federation;
using OurSociety.Core.Hubs;
using OurSociety.Core.Members;
using OurSociety.Core.Moderation;
using OurSociety.Federation.Delivery;
using OurSociety.Federation.Follows;
using OurSociety.Storage.Sql;
using OurSociety.Testing;
using OurSociety.Web.Tests.Api;
using OurSociety.Web.Tests.Federation.Posts;

namespace OurSociety.Web.Tests.Federation.HubLinks;

/// <summary>
/// Three real nodes whose hubs link through the API (federation-specs/hub-links.md): asking, approving, declining,
/// unlinking from either side, the refusals, domain blocks, and the one-hop reshare.
/// </summary>
public sealed class HubLinkTests : IAsyncLifetime
{
    private const string HubA = "http://a.test/users/hub";
    private const string HubB = "http://b.test/users/hub";
    private const string HubC = "http://c.test/users/hub";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private readonly FederationNetwork _network = new();
    private NodeFactory _a = null!;
    private NodeFactory _b = null!;
    private NodeFactory _c = null!;
    private ApiUser _adminA = null!;
    private ApiUser _adminB = null!;
    private ApiUser _adminC = null!;

    public async ValueTask InitializeAsync()
    {
        _a = _network.AddNode("http://a.test");
        _b = _network.AddNode("http://b.test");
        _c = _network.AddNode("http://c.test");
        _adminA = await _a.ApiUserAsync("anna", Role.Admin);
        _adminB = await _b.ApiUserAsync("bert", Role.Admin);
        _adminC = await _c.ApiUserAsync("cleo", Role.Admin);
    }

    public async ValueTask DisposeAsync()
    {
        _adminA.Dispose();
        _adminB.Dispose();
        _adminC.Dispose();
        await _network.DisposeAsync();
    }

    [Fact]
    public async Task AAsksB_BApproves_LinkedOnBoth_WithTheNoteAndBothFollowsAccepted()
    {
        var asked = await AskAsync(_adminA, "@hub@b.test", "We are the repair café up the river.");
        Assert.Equal("requested", (string?)asked["state"]);
        Assert.Equal(HubB, (string?)asked["hub"]);

        var onB = await SingleLinkAsync(_adminB);
        Assert.Equal("awaiting-our-approval", (string?)onB["state"]);
        Assert.Equal(HubA, (string?)onB["hub"]);
        Assert.Equal("We are the repair café up the river.", (string?)onB["note"]);
        Assert.False((bool)onB["askedByUs"]!);
        // Hubs take followers at once: A reads B's posts before B's admins answer.
        Assert.Equal(FollowState.Accepted, (await _a.Service<IFollowStore>().FindAsync("hub", HubB, FollowDirection.Out, Ct))?.State);

        var approved = await PostAsync(_adminB, $"/admin/hub-links/{onB["id"]}/approve", HttpStatusCode.OK);
        Assert.Equal(HubA, (string?)approved["hub"]);

        Assert.Equal("linked", (string?)(await SingleLinkAsync(_adminA))["state"]);
        Assert.Equal("linked", (string?)(await SingleLinkAsync(_adminB))["state"]);
        Assert.Equal(FollowState.Accepted, (await _b.Service<IFollowStore>().FindAsync("hub", HubA, FollowDirection.Out, Ct))?.State);
        Assert.Equal(FollowState.Accepted, (await _a.Service<IFollowStore>().FindAsync("hub", HubB, FollowDirection.In, Ct))?.State);

        // Answered once: a second answer is a conflict.
        using var again = await _adminB.Client.PostAsync($"{ApiTestKit.Prefix}/admin/hub-links/{onB["id"]}/decline", null, Ct);
        await again.ProblemAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task BDeclines_AIsOneWay_AndStillFollowsB()
    {
        await AskAsync(_adminA, "http://b.test/users/hub", "");
        var onB = await SingleLinkAsync(_adminB);

        var declined = await PostAsync(_adminB, $"/admin/hub-links/{onB["id"]}/decline", HttpStatusCode.OK);
        Assert.Equal("declined", (string?)declined["state"]);

        Assert.Equal("one-way", (string?)(await SingleLinkAsync(_adminA))["state"]);
        Assert.Equal(FollowState.Accepted, (await _a.Service<IFollowStore>().FindAsync("hub", HubB, FollowDirection.Out, Ct))?.State);
        Assert.NotNull(await _b.Service<IFollowStore>().FindAsync("hub", HubA, FollowDirection.In, Ct));
        Assert.Null(await _b.Service<IFollowStore>().FindAsync("hub", HubA, FollowDirection.Out, Ct));
        Assert.Equal("declined", (string?)(await SingleLinkAsync(_adminB))["state"]);

        // The decline is a Reject carrying linkRequest, told apart from the end of the follow.
        var reject = Assert.Single(await ReceivedAsync(_a, ActivityTypes.Reject));
        Assert.Contains("\"linkRequest\":true", reject, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BadRequests_AreRefused_NamingTheField_AndNothingIsSent()
    {
        await _a.CreateMemberAsync("amal");
        await _b.CreateMemberAsync("bea");
        var lemmy = new FakeRemoteServer("http://l.test");
        _network.Serve("l.test", lemmy);
        lemmy.AddActor("bikes", d => d["type"] = "Group");

        await RefusedAsync(new { hub = "" }, "hub");
        await RefusedAsync(new { hub = "@hub@a.test" }, "hub");               // ourselves
        await RefusedAsync(new { hub = "http://a.test/users/hub" }, "hub");   // ourselves, by URL
        await RefusedAsync(new { hub = "@bea@b.test" }, "hub");               // a person
        await RefusedAsync(new { hub = "http://l.test/users/bikes" }, "hub"); // a group, not an Our Society hub
        await RefusedAsync(new { hub = "@hub@b.test", note = new string('x', 1001) }, "note");

        using (var notAdmin = await _a.ApiUserAsync("plain"))
        {
            using var forbidden = await notAdmin.Client.PostAsJsonAsync($"{ApiTestKit.Prefix}/admin/hub-links", new { hub = "@hub@b.test" }, Ct);
            await forbidden.ProblemAsync(HttpStatusCode.Forbidden);
        }

        Assert.Empty(await _a.Service<IHubLinkStore>().ListAsync(null, Ct));
        await _network.DrainAsync();
        Assert.Empty(await ReceivedAsync(_b, ActivityTypes.Follow));

        await AskAsync(_adminA, "@hub@b.test", "");
        using var twice = await _adminA.Client.PostAsJsonAsync($"{ApiTestKit.Prefix}/admin/hub-links", new { hub = "http://b.test/users/hub" }, Ct);
        await twice.ProblemAsync(HttpStatusCode.Conflict);

        // Unknown ids, a request not awaiting our answer, a change without reshare, a bad state filter.
        var unknown = Guid.NewGuid();
        foreach (var action in new[] { "approve", "decline" })
        {
            using var missing = await _adminA.Client.PostAsync($"{ApiTestKit.Prefix}/admin/hub-links/{unknown}/{action}", null, Ct);
            await missing.ProblemAsync(HttpStatusCode.NotFound);
        }

        using (var patchMissing = await _adminA.Client.PatchJsonAsync($"{ApiTestKit.Prefix}/admin/hub-links/{unknown}", new { reshare = true }))
        {
            await patchMissing.ProblemAsync(HttpStatusCode.NotFound);
        }

        using (var deleteMissing = await _adminA.Client.DeleteAsync($"{ApiTestKit.Prefix}/admin/hub-links/{unknown}", Ct))
        {
            await deleteMissing.ProblemAsync(HttpStatusCode.NotFound);
        }

        var ours = await SingleLinkAsync(_adminA);
        using (var notWaiting = await _adminA.Client.PostAsync($"{ApiTestKit.Prefix}/admin/hub-links/{ours["id"]}/approve", null, Ct))
        {
            await notWaiting.ProblemAsync(HttpStatusCode.Conflict);
        }

        using (var noReshare = await _adminA.Client.PatchJsonAsync($"{ApiTestKit.Prefix}/admin/hub-links/{ours["id"]}", new { }))
        {
            await noReshare.ValidationProblemAsync("reshare");
        }

        using var badState = await _adminA.Client.GetAsync($"{ApiTestKit.Prefix}/admin/hub-links?state=friends", Ct);
        await badState.ValidationProblemAsync("state");
        lemmy.Dispose();
    }

    [Fact]
    public async Task ABlockedDomain_CannotBeLinked_AndABlockEndsALink()
    {
        await LinkAsync(_adminA, _adminB, "@hub@b.test");
        await LinkAsync(_adminA, _adminC, "@hub@c.test");

        // Suspending c.test ends the link with its hub (its follows go in the purge, the link with them).
        await _a.Service<DomainBlockService>().BlockAsync(new DomainBlockInput("c.test", "suspend"), new ModeratorRef(_adminA.Member.Id, "anna"), Ct);
        await _network.DrainAsync();
        var left = await _a.Service<IHubLinkStore>().ListAsync(null, Ct);
        Assert.Equal(HubB, Assert.Single(left).HubActorId);

        // And it cannot be linked again while blocked.
        await RefusedAsync(new { hub = "@hub@c.test" }, "hub");
        await RefusedAsync(new { hub = "http://c.test/users/hub" }, "hub");
    }

    [Fact]
    public async Task UnlinkOnEitherSide_EndsBothFollows_AndTheLinkOnBoth()
    {
        var (onA, _) = await LinkAsync(_adminA, _adminB, "@hub@b.test");
        using (var unlinked = await _adminA.Client.DeleteAsync($"{ApiTestKit.Prefix}/admin/hub-links/{onA}", Ct))
        {
            Assert.Equal(HttpStatusCode.NoContent, unlinked.StatusCode);
        }

        await _network.DrainAsync();
        await AssertUnlinkedAsync();

        // Linked again, then ended from B's side.
        var (_, onB) = await LinkAsync(_adminA, _adminB, "@hub@b.test");
        using (var unlinked = await _adminB.Client.DeleteAsync($"{ApiTestKit.Prefix}/admin/hub-links/{onB}", Ct))
        {
            Assert.Equal(HttpStatusCode.NoContent, unlinked.StatusCode);
        }

        await _network.DrainAsync();
        await AssertUnlinkedAsync();
    }

    [Fact]
    public async Task ThreeHubs_AStoryByAMemberOfC_ReachesAsMembersThroughB_ExactlyOnce_AndIsNotAnnouncedAgain()
    {
        await LinkAsync(_adminA, _adminB, "@hub@b.test");
        var (_, cOnB) = await LinkAsync(_adminC, _adminB, "@hub@b.test");
        var reshare = await PatchAsync(_adminB, cOnB, new { reshare = true });
        Assert.True((bool)reshare["reshare"]!);
        // A's hub reshares B's members' posts too: it must still not pass on what B reshared from C.
        var bOnA = (Guid)(await SingleLinkAsync(_adminA))["id"]!;
        await PatchAsync(_adminA, bOnA, new { reshare = true });

        await _a.CreateMemberAsync("ann");
        PostNetwork.Ok(await _a.Service<FollowService>().FollowAsync("ann", "@hub@b.test", Ct));
        var cara = await _c.CreateMemberAsync("cara");
        await _network.DrainAsync();

        var story = await _c.StoryAsync(cara.Id, "How we fixed the library's bikes");
        var storyId = $"http://c.test/stories/{story.Id}";
        await _network.DrainAsync();

        Assert.NotNull(await _a.FindAsync(storyId));
        var announcesAtA = (await ReceivedAsync(_a, ActivityTypes.Announce)).Where(a => a.Contains(storyId, StringComparison.Ordinal)).ToList();
        Assert.Single(announcesAtA);
        Assert.Contains(HubB, announcesAtA[0], StringComparison.Ordinal);
        Assert.Single(await SentAnnouncesAsync(_b, storyId));   // B's one reshare
        Assert.DoesNotContain(await DeliveryHostsAsync(_b, storyId), host => host.StartsWith("c.test", StringComparison.Ordinal));   // C has its own post
        Assert.Empty(await SentAnnouncesAsync(_a, storyId));    // A does not pass on what B reshared
        Assert.Single(await SentAnnouncesAsync(_c, storyId));   // C's own boost of its member's post, no second one

        // Unlinking stops the flow: B no longer reshares C's stories.
        using (var unlinked = await _adminB.Client.DeleteAsync($"{ApiTestKit.Prefix}/admin/hub-links/{cOnB}", Ct))
        {
            Assert.Equal(HttpStatusCode.NoContent, unlinked.StatusCode);
        }

        await _network.DrainAsync();
        var later = await _c.StoryAsync(cara.Id, "The bikes are back on the road");
        var laterId = $"http://c.test/stories/{later.Id}";
        await _network.DrainAsync();
        Assert.Empty(await SentAnnouncesAsync(_b, laterId));
        Assert.Null(await _a.FindAsync(laterId));
    }

    [Fact]
    public async Task ANewLink_RefreshesTheDirectoryAtOnce_ListingTheLinkedHubAndTheHubsItLinksTo()
    {
        await LinkAsync(_adminC, _adminB, "@hub@b.test");   // B and C first, so B's following names C when A crawls
        await LinkAsync(_adminA, _adminB, "@hub@b.test");   // the link itself queues A's refresh: no waiting a day

        using var anonymous = _a.CreateClient();
        var directory = await anonymous.GetFromJsonAsync<JsonObject>($"{ApiTestKit.Prefix}/directory", Ct);
        var hops = directory!["items"]!.AsArray().ToDictionary(i => (string)i!["actorId"]!, i => (int)i!["hops"]!);
        Assert.Equal(1, hops[HubB]);
        Assert.Equal(2, hops[HubC]);
        Assert.DoesNotContain(HubA, hops.Keys);
    }

    [Fact]
    public async Task AHubsReshareOfSomeoneElsesPost_IsNotResharedByTheLinkedHub()
    {
        var (_, cOnB) = await LinkAsync(_adminC, _adminB, "@hub@b.test");
        await PatchAsync(_adminB, cOnB, new { reshare = true });
        var amal = await _a.CreateMemberAsync("amal");
        var story = await _a.StoryAsync(amal.Id, "Seed swap on Saturday");
        var storyId = $"http://a.test/stories/{story.Id}";
        await _network.DrainAsync();

        // Hub C boosts a post from A (as it would a submission it took): public, to its followers (hub B among them).
        var announce = Activities.Announce("http://c.test/activities/boost-of-a", HubC, storyId, _c.Time.GetUtcNow(),
            [ActivityStreams.Public], [HubC + "/followers"]);
        await _c.WriteAsync(tx => _c.Service<Outbox>().AddAsync([new("hub", announce, ["http://b.test/inbox"])], tx, Ct));
        await _network.DrainAsync();

        Assert.NotNull(await _b.FindAsync(storyId));   // B keeps it (its hub follows C's)
        Assert.Empty(await SentAnnouncesAsync(_b, storyId));   // and does not pass it on
    }

    [Fact]
    public void InteractionPolicy_CanAnnounce_ThatLeavesUsOut_StopsTheReshare()
    {
        static OurSociety.ActivityPub.Json.ApDocument Post(JsonObject? canAnnounce) =>
            OurSociety.ActivityPub.Json.ApDocument.From(new JsonObject
            {
                ["id"] = "http://c.test/stories/1",
                ["type"] = "Article",
                ["interactionPolicy"] = canAnnounce is null ? null : new JsonObject { ["canAnnounce"] = canAnnounce },
            }).Document!;

        Assert.True(OurSociety.Federation.Hubs.HubLinkReshare.MayAnnounce(Post(null), HubB, HubB + "/followers"));
        Assert.True(OurSociety.Federation.Hubs.HubLinkReshare.MayAnnounce(
            Post(new JsonObject { ["automaticApproval"] = "https://www.w3.org/ns/activitystreams#Public" }), HubB, HubB + "/followers"));
        Assert.True(OurSociety.Federation.Hubs.HubLinkReshare.MayAnnounce(
            Post(new JsonObject { ["always"] = new JsonArray(HubB + "/followers") }), HubB, HubB + "/followers"));
        Assert.False(OurSociety.Federation.Hubs.HubLinkReshare.MayAnnounce(
            Post(new JsonObject { ["automaticApproval"] = new JsonArray("http://c.test/users/cara") }), HubB, HubB + "/followers"));
    }

    /// <summary>Asker asks the other's hub, the other approves; returns the ids on both sides.</summary>
    private async Task<(Guid Asker, Guid Other)> LinkAsync(ApiUser asker, ApiUser other, string hub)
    {
        var asked = await AskAsync(asker, hub, "Shall we link?");
        var list = await ListAsync(other, "awaiting-our-approval");
        var waiting = Assert.Single(list);
        await PostAsync(other, $"/admin/hub-links/{waiting["id"]}/approve", HttpStatusCode.OK);
        var mine = (await ListAsync(asker, null)).Single(l => (Guid)l["id"]! == (Guid)asked["id"]!);
        Assert.Equal("linked", (string?)mine["state"]);
        Assert.Equal("linked", (string?)(await ListAsync(other, null)).Single(l => (Guid)l["id"]! == (Guid)waiting["id"]!)["state"]);
        return ((Guid)asked["id"]!, (Guid)waiting["id"]!);
    }

    private async Task AssertUnlinkedAsync()
    {
        Assert.Empty(await _a.Service<IHubLinkStore>().ListAsync(null, Ct));
        Assert.Empty(await _b.Service<IHubLinkStore>().ListAsync(null, Ct));
        foreach (var (node, other) in new[] { (_a, HubB), (_b, HubA) })
        {
            Assert.Null(await node.Service<IFollowStore>().FindAsync("hub", other, FollowDirection.Out, Ct));
            Assert.Null(await node.Service<IFollowStore>().FindAsync("hub", other, FollowDirection.In, Ct));
        }
    }

    private async Task<JsonObject> AskAsync(ApiUser admin, string hub, string note)
    {
        using var response = await admin.Client.PostAsJsonAsync($"{ApiTestKit.Prefix}/admin/hub-links", new { hub, note }, Ct);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!.AsObject();
        await _network.DrainAsync();
        return body;
    }

    private async Task RefusedAsync(object body, string field)
    {
        using var response = await _adminA.Client.PostAsJsonAsync($"{ApiTestKit.Prefix}/admin/hub-links", body, Ct);
        await response.ValidationProblemAsync(field);
    }

    private async Task<JsonObject> PostAsync(ApiUser admin, string path, HttpStatusCode expected)
    {
        using var response = await admin.Client.PostAsync(ApiTestKit.Prefix + path, null, Ct);
        Assert.Equal(expected, response.StatusCode);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!.AsObject();
        await _network.DrainAsync();
        return body;
    }

    private static async Task<JsonObject> PatchAsync(ApiUser admin, Guid id, object body)
    {
        using var response = await admin.Client.PatchJsonAsync($"{ApiTestKit.Prefix}/admin/hub-links/{id}", body);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!.AsObject();
    }

    private static async Task<List<JsonObject>> ListAsync(ApiUser admin, string? state)
    {
        var list = await admin.Client.GetFromJsonAsync<JsonObject>($"{ApiTestKit.Prefix}/admin/hub-links" + (state is null ? "" : "?state=" + state), Ct);
        Assert.Null(list!["next"]);
        return [.. list["items"]!.AsArray().Select(i => i!.AsObject())];
    }

    private static async Task<JsonObject> SingleLinkAsync(ApiUser admin) => Assert.Single(await ListAsync(admin, null));

    /// <summary>The bodies of the activities of this type the node received.</summary>
    private static async Task<IReadOnlyList<string>> ReceivedAsync(NodeFactory node, string type)
    {
        await using var connection = await node.Service<IDbConnectionFactory>().OpenAsync(Ct);
        return [.. await connection.QueryAsync<string>("SELECT body FROM inbox_activity WHERE type = @Type ORDER BY received_at", new { Type = type })];
    }

    /// <summary>The hosts the node delivered (or will deliver) its Announces of this object to.</summary>
    private static async Task<IReadOnlyList<string>> DeliveryHostsAsync(NodeFactory node, string objectId)
    {
        await using var connection = await node.Service<IDbConnectionFactory>().OpenAsync(Ct);
        return [.. await connection.QueryAsync<string>(
            "SELECT d.host FROM delivery d JOIN outbox_activity a ON a.id = d.activity_id WHERE a.type = 'Announce' AND a.object_id = @Object",
            new { Object = objectId })];
    }

    /// <summary>The Announces of this object the node sent.</summary>
    private static async Task<IReadOnlyList<string>> SentAnnouncesAsync(NodeFactory node, string objectId)
    {
        await using var connection = await node.Service<IDbConnectionFactory>().OpenAsync(Ct);
        return [.. await connection.QueryAsync<string>(
            "SELECT body FROM outbox_activity WHERE type = 'Announce' AND object_id = @Object", new { Object = objectId })];
    }
}
