using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using OurSociety.Core;
using OurSociety.Core.Federation;
using OurSociety.Core.Members;
using OurSociety.Core.Moderation;
using OurSociety.Core.Paging;
using OurSociety.Core.Work;
using OurSociety.Federation.Actors;
using OurSociety.Federation.Follows;
using OurSociety.Federation.Posts;
using OurSociety.Testing;
using OurSociety.Web.Tests.Api;
using OurSociety.Web.Tests.Federation.Posts;

namespace OurSociety.Web.Tests.Finding;

/// <summary>
/// The network timeline shows the hub each received post came through (its FEP-1b12 audience) with the hub's name and
/// locality, on the page and in the API, and filters by hub, locality and topic (issue 14). A fake remote server plays a
/// hub Group with a <c>location</c> and a person posting to it; two real nodes show a post from another Our Society hub.
/// </summary>
public sealed class NetworkHubTests : IAsyncLifetime
{
    private const string Remote = "http://valley.test";
    private const string Mallory = Remote + "/users/mallory";
    private const string Valley = Remote + "/users/valley";
    private const string Network = ApiTestKit.Prefix + "/timelines/network";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private readonly FederationNetwork _network = new();
    private readonly FakeRemoteServer _remote = new(Remote);
    private NodeFactory _a = null!;
    private NodeFactory _b = null!;
    private Member _alice = null!;
    private Member _bob = null!;

    public async ValueTask InitializeAsync()
    {
        _a = _network.AddNode("http://a.test");
        _b = _network.AddNode("http://b.test").With("OurSociety:Hub:Name", "Bee Hub").With("OurSociety:Hub:Locality", "Beeston");
        _network.Serve("valley.test", _remote);
        _remote.AddActor("mallory");
        _remote.AddActor("valley", ValleyGroup(new JsonObject { ["type"] = "Place", ["name"] = "Rhondda" }));
        _alice = await _a.CreateMemberAsync("alice");
        _bob = await _b.CreateMemberAsync("bob");
    }

    public async ValueTask DisposeAsync()
    {
        await _network.DisposeAsync();
        _remote.Dispose();
    }

    [Fact]
    public async Task PostWithAudience_ShowsItsHubsNameAndLocality_OnThePageAndInTheApi_AndOneWithoutHasNone()
    {
        await KnowValleyAsync();
        await FollowMalloryAsync();
        var through = await ReceiveAsync("Seed swap at the chapel", audience: Valley, topic: "seeds");
        var plain = await ReceiveAsync("A walk on the hill", audience: null, topic: "walks");

        var items = await ItemsAsync("");

        var hub = items[through].GetProperty("hub");
        Assert.Equal(Valley, hub.GetProperty("actorId").GetString());
        Assert.Equal("Valley Hub", hub.GetProperty("name").GetString());
        Assert.Equal("Rhondda", hub.GetProperty("locality").GetString());
        Assert.Equal(JsonValueKind.Null, items[plain].GetProperty("hub").ValueKind);

        using var browser = new Browserless(_a);
        var (status, page) = await browser.GetAsync("/network");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains($"<a href=\"/network?hub={Uri.EscapeDataString(Valley)}\">Valley Hub</a>", page, StringComparison.Ordinal);
        Assert.Contains("Through the hub", page, StringComparison.Ordinal);
        Assert.Contains("Rhondda", page, StringComparison.Ordinal);
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(page, "class=\"via-hub\""));

        // A card shows its hub wherever it is listed: the topic page too.
        var (_, topicPage) = await browser.GetAsync("/tags/seeds");
        Assert.Contains("Valley Hub", topicPage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Filters_ByHubLocalityAndTopic_OnTheApiAndThePage()
    {
        await KnowValleyAsync();
        await FollowMalloryAsync();
        var valleySeeds = await ReceiveAsync("Seeds in the valley", audience: Valley, topic: "seeds");
        var townSeeds = await ReceiveAsync("Seeds in town", audience: null, topic: "seeds", locality: "Rhondda");
        var elsewhere = await ReceiveAsync("Walks elsewhere", audience: null, topic: "walks", locality: "Leeds");

        Assert.Equal([valleySeeds], (await ItemsAsync("?hub=" + Uri.EscapeDataString(Valley))).Keys);
        // Locality: the post's own or its hub's, whatever the case.
        Assert.Equivalent(new[] { townSeeds, valleySeeds }, (await ItemsAsync("?locality=rhondda")).Keys, strict: true);
        Assert.Equal([elsewhere], (await ItemsAsync("?locality=LEEDS")).Keys);
        Assert.Equivalent(new[] { townSeeds, valleySeeds }, (await ItemsAsync("?topic=%23Seeds")).Keys, strict: true);
        Assert.Equal([valleySeeds], (await ItemsAsync("?topic=seeds&locality=Rhondda&hub=" + Uri.EscapeDataString(Valley))).Keys);
        Assert.Empty(await ItemsAsync("?hub=" + Uri.EscapeDataString("http://nowhere.test/groups/none")));

        using var browser = new Browserless(_a);
        var (status, page) = await browser.GetAsync("/network?topic=walks");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("Walks elsewhere", page, StringComparison.Ordinal);
        Assert.DoesNotContain("Seeds in", page, StringComparison.Ordinal);
        Assert.Contains("name=\"topic\" value=\"walks\"", page, StringComparison.Ordinal);
        Assert.Contains("href=\"/network\"", page, StringComparison.Ordinal);   // "Show everything"
        var (_, none) = await browser.GetAsync("/network?locality=Atlantis");
        Assert.Contains("Nothing from other hubs matches these choices.", none, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Filters_OlderLinkKeepsThem()
    {
        await FollowMalloryAsync();
        for (var i = 0; i < OurSociety.Web.Features.Finding.FindingEndpoints.PageSize + 1; i++)
        {
            await ReceiveAsync($"Seeds {i:D2}", audience: null, topic: "seeds");
        }

        await ReceiveAsync("Not about seeds", audience: null, topic: "walks");
        using var browser = new Browserless(_a);
        var (_, first) = await browser.GetAsync("/network?topic=seeds");
        var older = System.Text.RegularExpressions.Regex.Match(first, "<a href=\"([^\"]+)\" rel=\"next\"").Groups[1].Value;
        var (status, second) = await browser.GetAsync(WebUtility.HtmlDecode(older));

        Assert.StartsWith("/network?topic=seeds&", WebUtility.HtmlDecode(older), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("Seeds 00", second, StringComparison.Ordinal);
        Assert.DoesNotContain("Not about seeds", second, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("hub", "not-a-url")]
    [InlineData("hub", "ftp://valley.test/users/valley")]
    [InlineData("hub", "http://valley.test/users/valley#main")]
    [InlineData("locality", "")]
    [InlineData("locality", "Tab\there")]
    [InlineData("topic", "two words")]
    [InlineData("topic", "a-b")]
    public async Task Filters_BadValues_Are400NamingTheField_AndThePageSaysSo(string field, string value)
    {
        value = value.Length == 0 ? new string('x', Core.Posts.PostLimits.LocalityMax + 1) : value;
        await FollowMalloryAsync();
        await ReceiveAsync("Anything at all", audience: null, topic: "walks");
        using var anonymous = _a.CreateClient();

        await (await anonymous.GetAsync($"{Network}?{field}={Uri.EscapeDataString(value)}", Ct)).ValidationProblemAsync(field);

        using var browser = new Browserless(_a);
        var (status, page) = await browser.GetAsync($"/network?{field}={Uri.EscapeDataString(value)}");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains($"id=\"{field}-error\"", page, StringComparison.Ordinal);
        Assert.Contains("aria-invalid=\"true\"", page, StringComparison.Ordinal);
        Assert.DoesNotContain("Anything at all", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GroupLocation_IsRead_CleanedAndCapped_AndAnActorUpdateChangesIt()
    {
        var actors = _a.Service<RemoteActors>();
        var (first, _) = await actors.GetAsync(Valley, refresh: true, Ct);
        Assert.Equal("Rhondda", first?.Locality);

        // An Update of the Group, signed by itself: a location array, hostile text and an overlong name.
        var changed = ValleyGroup(new JsonArray(
            new JsonObject { ["type"] = "Place" },
            new JsonObject { ["type"] = "Place", ["name"] = "<b>Ponty</b>pridd\u202E" }));
        _remote.AddActor("valley", changed);
        await SendAsync("valley", new JsonObject
        {
            ["@context"] = "https://www.w3.org/ns/activitystreams",
            ["id"] = Remote + "/updates/1",
            ["type"] = "Update",
            ["actor"] = Valley,
            ["object"] = await GroupDocumentAsync(),
        });
        await _network.DrainAsync();
        Assert.Equal("Pontypridd", (await _a.Service<IRemoteActorStore>().FindAsync(Valley, Ct))?.Locality);

        // Our own term (a plain locality string) wins over location; an overlong one is cut to a post's locality length.
        _remote.AddActor("valley", ValleyGroup(new JsonObject { ["type"] = "Place", ["name"] = "Rhondda" }, locality: "Treorchy"));
        Assert.Equal("Treorchy", (await actors.GetAsync(Valley, refresh: true, Ct)).Actor?.Locality);
        _remote.AddActor("valley", ValleyGroup(new JsonObject { ["type"] = "Place", ["name"] = "Rhondda" }, locality: new string('y', 5000)));
        var (cut, _) = await actors.GetAsync(Valley, refresh: true, Ct);
        Assert.Equal(Core.Posts.PostLimits.LocalityMax, cut?.Locality?.Length);
        Assert.StartsWith("yyyy", cut?.Locality, StringComparison.Ordinal);

        _remote.AddActor("valley", ValleyGroup(null));
        var (none, _) = await actors.GetAsync(Valley, refresh: true, Ct);
        Assert.Null(none?.Locality);
    }

    [Fact]
    public async Task PostFromAnotherOurSocietyHub_WeNeverMet_NamesThatHubOnceTheQueueIsDrained_AndOurOwnPostsHaveNone()
    {
        var follows = _a.Service<FollowService>();
        PostNetwork.Ok(await follows.FollowAsync("alice", "http://b.test/users/bob", Ct));
        await _network.DrainAsync();
        var bHub = _b.Service<LocalActors>().Hub.Id;
        Assert.Null(await _a.Service<IRemoteActorStore>().FindAsync(bHub, Ct));   // never met, never followed

        var story = await _b.StoryAsync(_bob.Id, "Bees on the roof");
        await _network.DrainAsync();
        var storyId = (await _a.FindAsync($"http://b.test/stories/{story.Id}"))?.ApId ?? $"http://b.test/stories/{story.Id}";

        // Storing the post queued a post.hub-actor item, which fetched B's hub Group in the background.
        var hub = (await ItemsAsync(""))[storyId].GetProperty("hub");
        Assert.Equal(bHub, hub.GetProperty("actorId").GetString());
        Assert.Equal("Bee Hub", hub.GetProperty("name").GetString());
        Assert.Equal("Beeston", hub.GetProperty("locality").GetString());
        Assert.Equal("Group", (await _a.Service<IRemoteActorStore>().FindAsync(bHub, Ct))?.Type);
        using (var browser = new Browserless(_a))
        {
            var page = (await browser.GetAsync("/network")).Html;
            Assert.Contains(">Bee Hub</a>", page, StringComparison.Ordinal);
            Assert.Contains("Beeston", page, StringComparison.Ordinal);
        }

        // Our own posts are not on /network; elsewhere (the post's own API) their hub is null: they are not "through" another hub.
        var own = await _a.StoryAsync(_alice.Id, "Written at home");
        using var anonymous = _a.CreateClient();
        var ownJson = await (await anonymous.GetAsync($"{ApiTestKit.Prefix}/stories/{own.Id}", Ct)).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(JsonValueKind.Null, ownJson.GetProperty("hub").ValueKind);
        Assert.DoesNotContain("Written at home", (await ItemsAsync("")).Values.Select(v => v.GetProperty("title").GetString()));
    }

    [Fact]
    public async Task BurstOfPostsFromOneUnknownHub_QueuesOneFetch_WhichIsRetriedUntilTheHubAnswers()
    {
        await FollowMalloryAsync();
        const string Far = "http://far.test/users/far";
        var ids = new List<string>();
        for (var i = 0; i < 6; i++)
        {
            // far.test does not answer yet: the first post's item fails and waits for its retry; the others queue none.
            ids.Add(await ReceiveAsync($"Through the far hub {i}", audience: Far, topic: "walks"));
        }

        Assert.Single(await PendingHubFetchesAsync());
        Assert.Equal(JsonValueKind.Null, (await ItemsAsync(""))[ids[0]].GetProperty("hub").GetProperty("name").ValueKind);
        using (var browser = new Browserless(_a))
        {
            Assert.Contains(">far.test</a>", (await browser.GetAsync("/network")).Html, StringComparison.Ordinal);
        }

        using var far = new FakeRemoteServer("http://far.test");
        far.AddActor("far", document =>
        {
            document["type"] = "Group";
            document["name"] = "Far Hub";
            document["location"] = new JsonObject { ["type"] = "Place", ["name"] = "Fife" };
        });
        _network.Serve("far.test", far);
        _a.Time.Advance(TimeSpan.FromMinutes(1));
        await _network.DrainAsync();

        Assert.Empty(await PendingHubFetchesAsync());
        var items = await ItemsAsync("");
        Assert.All(ids, id => Assert.Equal("Far Hub", items[id].GetProperty("hub").GetProperty("name").GetString()));
        Assert.Equal("Fife", items[ids[^1]].GetProperty("hub").GetProperty("locality").GetString());
        Assert.Single(_network.Log, l => l.Url.AbsoluteUri == Far && l.Status == 200);

        // Known now: a later post queues nothing.
        await ReceiveAsync("Later through the far hub", audience: Far, topic: "walks");
        Assert.Single(_network.Log, l => l.Url.AbsoluteUri == Far && l.Status == 200);
    }

    [Fact]
    public async Task AudienceThatIsAPerson_IsNotKeptAsAHub_AndItsCardShowsTheHost()
    {
        await FollowMalloryAsync();
        var someone = _remote.AddActor("someone");   // a Person
        var odd = await ReceiveAsync("Addressed oddly", audience: someone, topic: "walks");
        var again = await ReceiveAsync("Addressed oddly again", audience: someone, topic: "walks");
        // A person known here (followed) named as the audience is no hub either.
        var toMallory = await ReceiveAsync("To mallory herself", audience: Mallory, topic: "walks");

        var items = await ItemsAsync("");
        foreach (var id in new[] { odd, again, toMallory })
        {
            Assert.Equal(JsonValueKind.Null, items[id].GetProperty("hub").GetProperty("name").ValueKind);
        }

        Assert.Null(await _a.Service<IRemoteActorStore>().FindAsync(someone, Ct));
        // Fetched once, found not to be a Group, and not asked for again for the second post.
        Assert.Single(_network.Log, l => l.Url.AbsoluteUri == someone);
        Assert.Empty(await PendingHubFetchesAsync());
        using var browser = new Browserless(_a);
        Assert.Contains(">valley.test</a>", (await browser.GetAsync("/network")).Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HubOnABlockedDomain_IsNeverFetched()
    {
        await FollowMalloryAsync();
        const string Far = "http://far.test/users/far";
        using var far = new FakeRemoteServer("http://far.test");
        far.AddActor("far", document => document["type"] = "Group");
        _network.Serve("far.test", far);
        Assert.IsType<Outcome<DomainBlockSaved>.Ok>(await _a.Service<DomainBlockService>().BlockAsync(new DomainBlockInput("far.test", "suspend"), ModeratorRef.Node, Ct));

        var id = await ReceiveAsync("Through a blocked hub", audience: Far, topic: "walks");
        _a.Time.Advance(TimeSpan.FromHours(3));
        await _network.DrainAsync();

        Assert.DoesNotContain(_network.Log, l => l.Url.Host == "far.test");
        Assert.Empty(await PendingHubFetchesAsync());
        Assert.Null(await _a.Service<IRemoteActorStore>().FindAsync(Far, Ct));
        Assert.Equal(JsonValueKind.Null, (await ItemsAsync(""))[id].GetProperty("hub").GetProperty("name").ValueKind);
    }

    private async Task<List<WorkItem>> PendingHubFetchesAsync() =>
        [.. (await _a.Service<IWorkItemStore>().ListAsync(WorkState.Pending, Cursor.Start, 500, Ct)).Items.Where(i => i.Kind == PostHubActors.WorkKind)];

    private async Task<Dictionary<string, JsonElement>> ItemsAsync(string query)
    {
        using var anonymous = _a.CreateClient();
        var page = await (await anonymous.GetAsync($"{Network}{query}{(query.Length == 0 ? "?" : "&")}limit=100", Ct)).JsonAsync(HttpStatusCode.OK);
        return page.GetProperty("items").EnumerateArray().ToDictionary(i => i.GetProperty("apId").GetString()!, i => i.Clone());
    }

    private async Task KnowValleyAsync()
    {
        var (group, error) = await _a.Service<RemoteActors>().GetAsync(Valley, refresh: true, Ct);
        Assert.True(group is not null, error);
    }

    private async Task FollowMalloryAsync()
    {
        var follow = PostNetwork.Ok(await _a.Service<FollowService>().FollowAsync("alice", Mallory, Ct));
        await SendAsync("mallory", new JsonObject
        {
            ["id"] = Remote + "/accepts/" + follow.Id,
            ["type"] = "Accept",
            ["actor"] = Mallory,
            ["object"] = follow.ActivityId,
        });
        await _network.DrainAsync();
    }

    /// <summary>A public Article by mallory (its name is the title), to a hub when <paramref name="audience"/> is given.</summary>
    private async Task<string> ReceiveAsync(string title, string? audience, string topic, string? locality = null)
    {
        var id = $"{Remote}/articles/{Guid.NewGuid():N}";
        var article = new JsonObject
        {
            ["id"] = id,
            ["type"] = "Article",
            ["attributedTo"] = Mallory,
            ["name"] = title,
            ["content"] = "<p>What we did.</p>",
            ["to"] = new JsonArray("https://www.w3.org/ns/activitystreams#Public"),
            ["cc"] = new JsonArray(Mallory + "/followers"),
            ["tag"] = new JsonArray(new JsonObject { ["type"] = "Hashtag", ["name"] = "#" + topic, ["href"] = $"{Remote}/tags/{topic}" }),
            ["published"] = "2026-11-28T11:00:00Z",
        };
        if (audience is not null)
        {
            article["audience"] = audience;
        }

        if (locality is not null)
        {
            article["locality"] = locality;
        }

        await SendAsync("mallory", new JsonObject
        {
            ["@context"] = "https://www.w3.org/ns/activitystreams",
            ["id"] = id + "/activity",
            ["type"] = "Create",
            ["actor"] = Mallory,
            ["to"] = article["to"]!.DeepClone(),
            ["object"] = article,
        });
        await _network.DrainAsync();
        return id;
    }

    private async Task SendAsync(string signer, JsonObject activity)
    {
        using var client = _a.CreateClient();
        using var response = await _remote.PostAsync(client, "http://a.test/inbox", signer, activity.ToJsonString());
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    private async Task<JsonObject> GroupDocumentAsync()
    {
        using var client = new HttpClient(_remote, disposeHandler: false);
        return JsonNode.Parse(await client.GetStringAsync(Valley, Ct))!.AsObject();
    }

    /// <summary>The fake hub's Group document: a Lemmy-like community with a location (and our locality term when given).</summary>
    private static Action<JsonObject> ValleyGroup(JsonNode? location, string? locality = null) => document =>
    {
        document["type"] = "Group";
        document["name"] = "Valley Hub";
        document["location"] = location;
        if (locality is not null)
        {
            document["locality"] = locality;
        }
    };
}
