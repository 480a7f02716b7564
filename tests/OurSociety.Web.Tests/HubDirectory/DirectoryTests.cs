using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using OurSociety.Core.Federation;
using OurSociety.Core.Hubs;
using OurSociety.Core.Moderation;
using OurSociety.Federation.HubDirectory;
using OurSociety.Testing;
using OurSociety.Web.Tests.Api;

namespace OurSociety.Web.Tests.HubDirectory;

/// <summary>
/// The network directory on real nodes: A is linked with B, B follows C. Links are put straight into the stores (the
/// link flow is built elsewhere); the refresh runs as the work item it is, with every fetch through the network.
/// </summary>
public sealed class DirectoryTests : IAsyncDisposable
{
    private const string Api = "/api/oursociety/v1/directory";
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private readonly FederationNetwork _network = new();

    public ValueTask DisposeAsync() => _network.DisposeAsync();

    [Fact]
    public async Task ThreeNodes_ListsTheLinkedHub_AndTheHubItFollows_WithPlacesTopicsAndMembers()
    {
        var (a, _, _) = await ThreeNodesAsync();

        await RefreshAsync(a);

        var items = await ItemsAsync(a, Api);
        Assert.Equal(2, items.Count);
        var b = items[0];
        Assert.Equal("http://b.test/users/hub", b.GetProperty("actorId").GetString());
        Assert.Equal("Bridge Menders", b.GetProperty("name").GetString());
        Assert.Equal("Bridgetown", b.GetProperty("locality").GetString());
        Assert.Equal("We mend bridges.", b.GetProperty("description").GetString());
        Assert.Equal(["repair", "bridges"], Strings(b, "topics"));
        Assert.Equal(1, b.GetProperty("hops").GetInt32());
        Assert.Equal(1, b.GetProperty("members").GetInt64());
        Assert.Empty(Strings(b, "linkedTo"));

        var c = items[1];
        Assert.Equal("http://c.test/users/hub", c.GetProperty("actorId").GetString());
        Assert.Equal("Cwm Growers", c.GetProperty("name").GetString());
        Assert.Equal("Cwmtown", c.GetProperty("locality").GetString());
        Assert.Equal(["gardening"], Strings(c, "topics"));
        Assert.Equal(2, c.GetProperty("hops").GetInt32());
        Assert.Equal(["http://b.test/users/hub"], Strings(c, "linkedTo"));

        // Our own hub (B follows it back: the link) is never listed, nor a person B's hub follows.
        Assert.DoesNotContain(items, i => i.GetProperty("actorId").GetString() == "http://a.test/users/hub");

        // The page: both hubs, with follow, recent posts and (for hops 2, to admins) ask to link.
        using var browser = new Browserless(a);
        var (status, html) = await browser.GetAsync("/network/hubs");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("Bridge Menders", html, StringComparison.Ordinal);
        Assert.Contains("Cwm Growers", html, StringComparison.Ordinal);
        Assert.Contains("/authorize_interaction?uri=http%3A%2F%2Fc.test%2Fusers%2Fhub", html, StringComparison.Ordinal);
        Assert.Contains("/network?hub=http%3A%2F%2Fc.test%2Fusers%2Fhub", html, StringComparison.Ordinal);
        Assert.DoesNotContain("/admin/hub-links?hub=", html, StringComparison.Ordinal);
        Assert.Contains("href=\"/network/hubs\"", (await browser.GetAsync("/network")).Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Filters_ByWordsPlaceAndTopic_AndBadFiltersAre400NamingTheField()
    {
        var (a, _, _) = await ThreeNodesAsync();
        await RefreshAsync(a);

        Assert.Equal(["http://c.test/users/hub"], Ids(await ItemsAsync(a, Api + "?topic=%23Gardening")));
        Assert.Equal(["http://b.test/users/hub"], Ids(await ItemsAsync(a, Api + "?locality=bridge")));
        Assert.Equal(["http://b.test/users/hub"], Ids(await ItemsAsync(a, Api + "?q=mend")));
        Assert.Empty(await ItemsAsync(a, Api + "?q=mend&topic=gardening"));
        Assert.Empty(await ItemsAsync(a, Api + "?q=100%25"));   // a LIKE wildcard is a plain character

        var first = await (await a.CreateClient().GetAsync(Api + "?limit=1", Ct)).JsonAsync(HttpStatusCode.OK);
        var next = first.GetProperty("next").GetString();
        Assert.NotNull(next);
        Assert.Equal(["http://c.test/users/hub"], Ids(await ItemsAsync(a, $"{Api}?limit=1&cursor={next}")));

        using var client = a.CreateClient();
        await (await client.GetAsync(Api + "?topic=not%20one", Ct)).ValidationProblemAsync("topic");
        await (await client.GetAsync(Api + "?q=" + new string('x', 101), Ct)).ValidationProblemAsync("q");
        await (await client.GetAsync(Api + "?locality=" + new string('x', 101), Ct)).ValidationProblemAsync("locality");
        await (await client.GetAsync(Api + "?cursor=%%%", Ct)).ValidationProblemAsync("cursor");
        await (await client.GetAsync(Api + "?limit=0", Ct)).ValidationProblemAsync("limit");

        using var browser = new Browserless(a);
        var (status, html) = await browser.GetAsync("/network/hubs?topic=not%20one");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("href=\"#topic\"", html, StringComparison.Ordinal);
        var (_, filtered) = await browser.GetAsync("/network/hubs?locality=cwm");
        Assert.Contains("Cwm Growers", filtered, StringComparison.Ordinal);
        Assert.DoesNotContain("Bridge Menders", filtered, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BlockedDomain_IsHiddenAtOnce_AndNeverCrawledAgain()
    {
        var (a, _, _) = await ThreeNodesAsync();
        await RefreshAsync(a);
        Assert.Equal(2, (await ItemsAsync(a, Api)).Count);

        Assert.IsType<OurSociety.Core.Outcome<DomainBlockSaved>.Ok>(await a.Service<DomainBlockService>().BlockAsync(
            new DomainBlockInput("c.test", "suspend"), ModeratorRef.Node, Ct));
        Assert.Equal(["http://b.test/users/hub"], Ids(await ItemsAsync(a, Api)));   // hidden before any refresh

        while (_network.Log.TryDequeue(out _))
        {
        }

        await RefreshAsync(a);
        Assert.DoesNotContain(_network.Log, r => r.Url.Host == "c.test");
        Assert.DoesNotContain(await a.Service<IDirectoryStore>().AllAsync(Ct), e => e.Host == "c.test");
    }

    [Fact]
    public async Task AllowlistMode_CrawlsAndShowsOnlyAllowedDomains()
    {
        var (a, _, _) = await ThreeNodesAsync();
        var domains = a.Service<DomainBlockService>();
        Assert.IsType<OurSociety.Core.Outcome<FederationMode>.Ok>(await domains.SetModeAsync("allowlist", ModeratorRef.Node, Ct));
        Assert.IsType<OurSociety.Core.Outcome<DomainAllow>.Ok>(await domains.AllowAsync("b.test", ModeratorRef.Node, Ct));
        while (_network.Log.TryDequeue(out _))
        {
        }

        await RefreshAsync(a);

        Assert.Equal(["http://b.test/users/hub"], Ids(await ItemsAsync(a, Api)));
        Assert.DoesNotContain(_network.Log, r => r.Url.Host == "c.test");
    }

    [Fact]
    public async Task HostileFollowingCollections_EndlessPagesOrThousandsOfItems_CostABoundedNumberOfFetches()
    {
        var a = _network.AddNode("http://a.test").With("OurSociety:Directory:MaxHubs", "20");
        var endless = new HostileHub("http://endless.test") { ItemsPerPage = 150 };
        var huge = new HostileHub("http://huge.test") { ItemsPerPage = 5000 };
        _network.Serve("endless.test", endless);
        _network.Serve("huge.test", huge);
        await LinkAsync(a, "http://endless.test/users/hub");
        await LinkAsync(a, "http://huge.test/users/hub");

        await RefreshAsync(a);

        Assert.Equal(5, endless.Pages);   // MaxPagesPerCollection, though every page names a next one
        Assert.Equal(1, huge.Pages);      // MaxItemsPerCollection (1000) is reached on the first page
        // Each: the actor, NodeInfo (links and document), the collection and its pages; then, all hubs together, at
        // most MaxHubs are looked at, whatever the thousands of ids listed.
        Assert.True(endless.Requests + huge.Requests <= (4 * 2) + 5 + 1 + 20, $"{endless.Requests} + {huge.Requests} requests");
        Assert.Equal(["http://endless.test/users/hub", "http://huge.test/users/hub"], Ids(await ItemsAsync(a, Api)).Order().ToList());
        var entry = (await ItemsAsync(a, Api))[0];
        Assert.Equal(["odd", "words"], Strings(entry, "topics"));   // normalised; "not a word" dropped
        Assert.Equal(7, entry.GetProperty("members").GetInt64());
    }

    [Fact]
    public async Task SlowServer_TimesOut_AndTheHubKeepsItsLastGoodEntry()
    {
        var a = _network.AddNode("http://a.test").With("OurSociety:Directory:RequestTimeoutSeconds", "0.3");
        var slow = new HostileHub("http://slow.test");
        _network.Serve("slow.test", slow);
        await LinkAsync(a, "http://slow.test/users/hub");
        await RefreshAsync(a);
        Assert.Equal("Slowtown", Assert.Single(await ItemsAsync(a, Api)).GetProperty("locality").GetString());

        slow.Slow = true;
        slow.Locality = "Changed";
        a.Time.Advance(TimeSpan.FromHours(24));
        await _network.DrainAsync();

        Assert.Equal("Slowtown", Assert.Single(await ItemsAsync(a, Api)).GetProperty("locality").GetString());
        Assert.True(await a.Service<IDirectoryStore>().ScheduledForAsync(Ct) > a.Time.GetUtcNow());   // and the next one is queued
    }

    [Fact]
    public async Task HtmlInsteadOfJson_TheHubIsSkipped_AndTheCrawlGoesOn()
    {
        var (a, _, _) = await ThreeNodesAsync();
        _network.Serve("html.test", new HostileHub("http://html.test") { Html = true });
        await LinkAsync(a, "http://html.test/users/hub");

        await RefreshAsync(a);

        var ids = Ids(await ItemsAsync(a, Api));
        Assert.Equal(["http://b.test/users/hub", "http://c.test/users/hub"], ids);
    }

    [Fact]
    public async Task PrivateAddress_IsRefused_AndNothingIsListed()
    {
        await using var node = new NodeFactory();
        await LinkAsync(node, "https://127.0.0.1/users/hub");

        await node.Service<DirectoryRefresh>().ScheduleNowAsync(Ct);
        await node.DrainAsync();

        Assert.Empty(await ItemsAsync(node, Api));
        Assert.NotNull(await node.Service<IDirectoryStore>().ScheduledForAsync(Ct));   // the refresh finished and scheduled the next
    }

    [Fact]
    public async Task MaxHubs_CapsTheDirectory_LinkedHubsFirst()
    {
        var (a, _, _) = await ThreeNodesAsync(configure: n => n.With("OurSociety:Directory:MaxHubs", "1"));

        await RefreshAsync(a);

        Assert.Equal(["http://b.test/users/hub"], Ids(await ItemsAsync(a, Api)));
    }

    [Fact]
    public async Task Refresh_RunsAgainAfterRefreshHours_NotBefore()
    {
        var (a, _, c) = await ThreeNodesAsync();
        await RefreshAsync(a);
        await c.Service<HubIdentity>().SaveAsync(
            new HubChange("Cwm Growers", "New Cwm", "We grow food.", "", "", "gardening"), Guid.CreateVersion7(), Ct);

        a.Time.Advance(TimeSpan.FromHours(23));
        await _network.DrainAsync();
        Assert.Equal("Cwmtown", (await ItemsAsync(a, Api))[1].GetProperty("locality").GetString());

        a.Time.Advance(TimeSpan.FromHours(1));
        await _network.DrainAsync();
        Assert.Equal("New Cwm", (await ItemsAsync(a, Api))[1].GetProperty("locality").GetString());
    }

    [Fact]
    public async Task StaleRefreshItem_DoesNothing_SoARetriedItemNeverDoublesTheSchedule()
    {
        var (a, _, _) = await ThreeNodesAsync();
        var refresh = a.Service<DirectoryRefresh>();
        await refresh.ScheduleNowAsync(Ct);
        await refresh.ScheduleNowAsync(Ct);   // two items queued; only the one the schedule names runs the crawl
        await _network.DrainAsync();

        Assert.Equal(2, (await ItemsAsync(a, Api)).Count);
        Assert.True(await a.Service<IDirectoryStore>().ScheduledForAsync(Ct) > a.Time.GetUtcNow().AddHours(23));
        var refreshes = await a.Service<OurSociety.Core.Work.IWorkItemStore>().ListAsync(
            OurSociety.Core.Work.WorkState.Pending, OurSociety.Core.Paging.Cursor.Start, 100, Ct);
        Assert.Single(refreshes.Items, i => i.Kind == DirectoryWork.Refresh);   // one next refresh, not two
    }

    [Theory]
    [InlineData("MaxHubs", 0)]
    [InlineData("RefreshHours", 0)]
    [InlineData("MaxPagesPerCollection", 0)]
    [InlineData("RequestTimeoutSeconds", 0)]
    [InlineData("MaxFetches", -1)]
    public void Options_OutOfRange_FailValidationNamingTheKey(string key, int value)
    {
        var options = new DirectoryOptions();
        typeof(DirectoryOptions).GetProperty(key)!.SetValue(options, key == "RequestTimeoutSeconds" ? (object)(double)value : value);

        var result = new Hosting.DirectoryOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains($"OurSociety:Directory:{key} must be between", result.FailureMessage, StringComparison.Ordinal);
        Assert.True(new Hosting.DirectoryOptionsValidator().Validate(null, new DirectoryOptions()).Succeeded);
    }

    private async Task<(NodeFactory A, NodeFactory B, NodeFactory C)> ThreeNodesAsync(Func<NodeFactory, NodeFactory>? configure = null)
    {
        var a = _network.AddNode("http://a.test");
        a = configure?.Invoke(a) ?? a;
        var b = _network.AddNode("http://b.test");
        var c = _network.AddNode("http://c.test");
        await b.CreateMemberAsync("bea");
        await b.Service<HubIdentity>().SaveAsync(
            new HubChange("Bridge Menders", "Bridgetown", "We mend bridges.", "", "", "repair bridges"), Guid.CreateVersion7(), Ct);
        await c.Service<HubIdentity>().SaveAsync(
            new HubChange("Cwm Growers", "Cwmtown", "We grow food.", "", "", "gardening", 51.48, -3.18), Guid.CreateVersion7(), Ct);
        await _network.DrainAsync();

        // A and B are linked; B follows C's hub (and A's: the link), and a person, who is no hub.
        await LinkAsync(a, "http://b.test/users/hub");
        await HubFollowsAsync(b, "http://a.test/users/hub");
        await HubFollowsAsync(b, "http://c.test/users/hub");
        await c.CreateMemberAsync("cai");
        await HubFollowsAsync(b, "http://c.test/users/cai");
        return (a, b, c);
    }

    private static async Task LinkAsync(NodeFactory node, string hub)
    {
        var now = node.Time.GetUtcNow();
        await node.WriteAsync(tx => node.Service<IHubLinkStore>().PutAsync(
            new HubLink(Guid.CreateVersion7(), hub, HubLinkState.Linked, true, "", false, null, null, now, now), tx, Ct));
    }

    private static async Task HubFollowsAsync(NodeFactory node, string remote)
    {
        // The follow row names a known actor: fetch it first, as a real follow does.
        Assert.NotNull((await node.Service<OurSociety.Federation.Actors.RemoteActors>().GetAsync(remote, refresh: true, Ct)).Actor);
        var now = node.Time.GetUtcNow();
        await node.WriteAsync(tx => node.Service<IFollowStore>().PutAsync(
            new Follow(Guid.CreateVersion7(), "hub", remote, FollowDirection.Out, FollowState.Accepted,
                $"{node.PublicUrl}/follows/{Guid.NewGuid()}", now, now), tx, Ct));
    }

    private async Task RefreshAsync(NodeFactory node)
    {
        await node.Service<DirectoryRefresh>().ScheduleNowAsync(Ct);
        await _network.DrainAsync();
    }

    private static async Task<List<JsonElement>> ItemsAsync(NodeFactory node, string url)
    {
        using var client = node.CreateClient();
        var body = await (await client.GetAsync(url, Ct)).JsonAsync(HttpStatusCode.OK);
        return [.. body.GetProperty("items").EnumerateArray()];
    }

    private static List<string?> Ids(List<JsonElement> items) => [.. items.Select(i => i.GetProperty("actorId").GetString())];

    private static List<string?> Strings(JsonElement item, string name) => [.. item.GetProperty(name).EnumerateArray().Select(e => e.GetString())];

    /// <summary>
    /// A hub elsewhere that misbehaves on request: an endless following collection of thousands of items per page, a
    /// server that never answers in time, or HTML where JSON belongs.
    /// </summary>
    private sealed class HostileHub(string origin) : HttpMessageHandler
    {
        private int _requests;
        private int _pages;

        /// <summary>Ids on each page of its following collection; every page names a next one.</summary>
        public int ItemsPerPage { get; init; }

        public bool Html { get; init; }

        private bool _slow;

        public bool Slow { get => Volatile.Read(ref _slow); set => Volatile.Write(ref _slow, value); }

        public string Locality { get; set; } = "Slowtown";

        public int Requests => _requests;

        public int Pages => _pages;

        private string HubId => origin + "/users/hub";

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _requests);
            if (Slow)
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }

            var path = request.RequestUri!.PathAndQuery;
            if (Html)
            {
                return Answer("<!doctype html><title>Hello</title><p>Not JSON", "text/html");
            }

            return path switch
            {
                "/users/hub" => Answer(Actor().ToJsonString(), "application/activity+json"),
                "/.well-known/nodeinfo" => Answer(
                    $$"""{"links":[{"rel":"http://nodeinfo.diaspora.software/ns/schema/2.1","href":"{{origin}}/nodeinfo/2.1"}]}""", "application/json"),
                "/nodeinfo/2.1" => Answer(new JsonObject
                {
                    ["version"] = "2.1",
                    ["usage"] = new JsonObject { ["users"] = new JsonObject { ["total"] = 7 } },
                    ["metadata"] = new JsonObject { ["locality"] = Locality, ["topics"] = new JsonArray("Odd", "#Words", "not a word") },
                }.ToJsonString(), "application/json"),
                "/users/hub/following" => Answer(new JsonObject
                {
                    ["id"] = HubId + "/following",
                    ["type"] = "OrderedCollection",
                    ["first"] = HubId + "/following?page=0",
                }.ToJsonString(), "application/activity+json"),
                _ when path.StartsWith("/users/hub/following?page=", StringComparison.Ordinal) => Page(path),
                _ => new HttpResponseMessage(HttpStatusCode.NotFound),
            };
        }

        private HttpResponseMessage Page(string path)
        {
            Interlocked.Increment(ref _pages);
            var n = int.Parse(path[(path.IndexOf('=', StringComparison.Ordinal) + 1)..], System.Globalization.CultureInfo.InvariantCulture);
            var items = new JsonArray([.. Enumerable.Range(0, ItemsPerPage).Select(i => (JsonNode?)$"{origin}/users/g{n}_{i}")]);
            return Answer(new JsonObject
            {
                ["id"] = $"{HubId}/following?page={n}",
                ["type"] = "OrderedCollectionPage",
                ["orderedItems"] = items,
                ["next"] = $"{HubId}/following?page={n + 1}",
            }.ToJsonString(), "application/activity+json");
        }

        private JsonObject Actor() => new()
        {
            ["@context"] = "https://www.w3.org/ns/activitystreams",
            ["id"] = HubId,
            ["type"] = "Group",
            ["preferredUsername"] = "hub",
            ["name"] = "Far Hub",
            ["inbox"] = HubId + "/inbox",
            ["outbox"] = HubId + "/outbox",
            ["following"] = HubId + "/following",
            ["generator"] = new JsonObject
            {
                ["type"] = "Application",
                ["implements"] = new JsonArray(new JsonObject { ["href"] = "https://w3id.org/oursociety/ns#introductions" }),
            },
        };

        private static HttpResponseMessage Answer(string body, string type) =>
            new(HttpStatusCode.OK) { Content = new StringContent(body, Encoding.UTF8, type) };
    }
}
