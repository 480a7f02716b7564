using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using OurSociety.Core.Federation;
using OurSociety.Core.Hubs;
using OurSociety.Core.Moderation;
using OurSociety.Federation.Follows;
using OurSociety.Federation.Hubs;
using OurSociety.Testing;
using OurSociety.Web.Tests.Api;

namespace OurSociety.Web.Tests.Finding;

/// <summary>
/// Search across linked hubs (issue 14) on real nodes: A is linked with B and C (hub_link rows put through the store,
/// as the link flow is built elsewhere); other "hubs" are test handlers that are slow, answer HTML, fail or send junk.
/// </summary>
public sealed class LinkedSearchTests : IAsyncLifetime
{
    private const string Search = ApiTestKit.Prefix + "/search";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private readonly FederationNetwork _network = new();
    private NodeFactory _a = null!;
    private NodeFactory _b = null!;
    private NodeFactory _c = null!;

    public async ValueTask InitializeAsync()
    {
        _a = _network.AddNode("http://a.test");
        _b = _network.AddNode("http://b.test");
        _c = _network.AddNode("http://c.test");
        await _a.CreateMemberAsync("alice");
        await _b.CreateMemberAsync("bob");
        await _c.CreateMemberAsync("cara");
    }

    public ValueTask DisposeAsync() => _network.DisposeAsync();

    [Fact]
    public async Task Linked_AddsEachLinkedHubsOwnResults_AfterOurs_MarkedWithTheirHub()
    {
        await LinkAsync(_a, "http://b.test/users/hub", "Bee Hub");
        await LinkAsync(_a, "http://c.test/users/hub", "Sea Hub");
        using var alice = await _a.ApiUserAsync("alice_l");
        using var bob = await _b.ApiUserAsync("bob_l");
        using var cara = await _c.ApiUserAsync("cara_l");
        await alice.StoryAsync(new { title = "Quinceword at A", body = "b" });
        await bob.StoryAsync(new { title = "Quinceword at B", body = "b" });
        await cara.StoryAsync(new { title = "Quinceword at C", body = "b", summary = "A teaser from C" });
        await bob.StoryAsync(new { title = "Quinceword kept to followers", body = "b", visibility = "followers" });
        using var anonymous = _a.CreateClient();

        var found = await (await anonymous.GetAsync($"{Search}?q=quinceword&source=linked", Ct)).JsonAsync(HttpStatusCode.OK);

        Assert.Equal(["Quinceword at A", "Quinceword at B", "Quinceword at C"], found.Titles());
        var items = found.GetProperty("items").EnumerateArray().ToList();
        Assert.True(items[0].GetProperty("foundOn").GetProperty("ours").GetBoolean());
        Assert.Equal("http://a.test/users/hub", items[0].GetProperty("foundOn").GetProperty("actorId").GetString());
        Assert.Equal("Bee Hub", items[1].GetProperty("foundOn").GetProperty("name").GetString());
        Assert.Equal("http://b.test/users/hub", items[1].GetProperty("foundOn").GetProperty("actorId").GetString());
        Assert.False(items[1].GetProperty("foundOn").GetProperty("ours").GetBoolean());
        Assert.StartsWith("http://b.test/", items[1].GetProperty("url").GetString(), StringComparison.Ordinal);
        Assert.StartsWith("http://c.test/", items[2].GetProperty("apId").GetString(), StringComparison.Ordinal);
        Assert.Equal("Sea Hub", items[2].GetProperty("foundOn").GetProperty("name").GetString());
        Assert.False(items[2].TryGetProperty("body", out _));   // a linked hub's results carry no text
        Assert.Empty(found.GetProperty("unavailable").EnumerateArray());

        // Each hub was asked for its own public results, unsigned.
        Assert.Contains(_network.Log, r => r.Url.Host == "b.test" && r.Url.Query.Contains("source=local", StringComparison.Ordinal));

        // Without linked, other hubs are not asked and only what is here is found.
        var asked = _network.Log.Count;
        Assert.Equal(["Quinceword at A"], (await (await anonymous.GetAsync($"{Search}?q=quinceword", Ct)).JsonAsync(HttpStatusCode.OK)).Titles());
        Assert.Equal(asked, _network.Log.Count);

        // The page shows them too, marked with their hub.
        using var browser = new Browserless(_a);
        var (status, html) = await browser.GetAsync("/search?q=quinceword&source=linked");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("Quinceword at B", html, StringComparison.Ordinal);
        Assert.Contains("On Bee Hub, by", html, StringComparison.Ordinal);
        Assert.Contains("value=\"linked\" checked", html, StringComparison.Ordinal);
        var (_, welsh) = await browser.GetAsync("/search?q=quinceword&source=linked&lang=cy");
        Assert.Contains("Ar Bee Hub, gan", welsh, StringComparison.Ordinal);
        await HtmlValidator.AssertValidAsync([new("/search?source=linked", html), new("/search?source=linked&lang=cy", welsh)]);
    }

    [Fact]
    public async Task Linked_TheMembersOwnDomainBlock_HidesThatHubsAuthors()
    {
        await LinkAsync(_a, "http://b.test/users/hub", "Bee Hub");
        await LinkAsync(_a, "http://c.test/users/hub", "Sea Hub");
        using var alice = await _a.ApiUserAsync("alice_m");
        using var bob = await _b.ApiUserAsync("bob_m");
        using var cara = await _c.ApiUserAsync("cara_m");
        await bob.StoryAsync(new { title = "Muteword at B", body = "b" });
        await cara.StoryAsync(new { title = "Muteword at C", body = "b" });
        Assert.True((await alice.Client.PostAsJsonAsync(ApiTestKit.Prefix + "/me/domain-blocks", new { domain = "c.test" }, Ct)).IsSuccessStatusCode);

        var found = await (await alice.Client.GetAsync($"{Search}?q=muteword&source=linked", Ct)).JsonAsync(HttpStatusCode.OK);

        Assert.Equal(["Muteword at B"], found.Titles());
    }

    [Fact]
    public async Task Linked_OnlyTheFirstPage_AsksLinkedHubs()
    {
        await LinkAsync(_a, "http://b.test/users/hub", "Bee Hub");
        using var alice = await _a.ApiUserAsync("alice_p");
        for (var i = 0; i < 3; i++)
        {
            await alice.StoryAsync(new { title = $"Pagelinkword {i}", body = "b" });
        }

        using var anonymous = _a.CreateClient();
        var first = await (await anonymous.GetAsync($"{Search}?q=pagelinkword&source=linked&limit=2", Ct)).JsonAsync(HttpStatusCode.OK);
        var next = first.GetProperty("next").GetString()!;
        var asked = _network.Log.Count;

        var second = await (await anonymous.GetAsync($"{Search}?q=pagelinkword&source=linked&limit=2&cursor={Uri.EscapeDataString(next)}", Ct))
            .JsonAsync(HttpStatusCode.OK);

        Assert.Single(second.Titles());
        Assert.Equal(asked, _network.Log.Count);
    }

    [Fact]
    public async Task LocalAndNetwork_SplitWhatIsHere()
    {
        using var alice = await _a.ApiUserAsync("alice_s");
        await alice.StoryAsync(new { title = "Splitword written here", body = "b" });
        await _a.ReceivedAsync("Splitword from afar");
        using var anonymous = _a.CreateClient();

        Assert.Equal(["Splitword written here"], (await (await anonymous.GetAsync($"{Search}?q=splitword&source=local", Ct)).JsonAsync(HttpStatusCode.OK)).Titles());
        Assert.Equal(["Splitword from afar"], (await (await anonymous.GetAsync($"{Search}?q=splitword&source=network", Ct)).JsonAsync(HttpStatusCode.OK)).Titles());
        Assert.Equal(2, (await (await anonymous.GetAsync($"{Search}?q=splitword&source=all", Ct)).JsonAsync(HttpStatusCode.OK)).Titles().Count());
        Assert.Equal(2, (await (await anonymous.GetAsync($"{Search}?q=splitword&source=ALL", Ct)).JsonAsync(HttpStatusCode.OK)).Titles().Count());

        using var browser = new Browserless(_a);
        var (status, html) = await browser.GetAsync("/search?q=splitword&source=network");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("Splitword from afar", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Splitword written here", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("everywhere")]
    [InlineData("linked,local")]
    [InlineData("1")]
    public async Task UnknownSource_Is400_NamingSource(string source)
    {
        using var anonymous = _a.CreateClient();

        await (await anonymous.GetAsync($"{Search}?q=anything&source={Uri.EscapeDataString(source)}", Ct)).ValidationProblemAsync("source");

        using var browser = new Browserless(_a);
        var (status, html) = await browser.GetAsync($"/search?q=anything&source={Uri.EscapeDataString(source)}");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("There is no place to search called", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SlowHtmlFailingAndJunkHubs_AreSkippedAndNamed_WithoutWaitingOnTheRealClock()
    {
        // Two hubs that never answer: both must have been asked before the clock moves, which only happens when the
        // hubs are asked at once. The 2 s cap runs on the node's clock, so moving the fake clock ends it at once.
        var slowAsked = new CountdownEvent(2);
        foreach (var host in new[] { "slow1.test", "slow2.test" })
        {
            _network.Serve(host, new Handler(async (_, ct) =>
            {
                slowAsked.Signal();
                await Task.Delay(Timeout.Infinite, ct);
                return new HttpResponseMessage(HttpStatusCode.OK);
            }));
        }

        _network.Serve("html.test", Answer(HttpStatusCode.OK, "<html><body>Search</body></html>", "text/html"));
        _network.Serve("error.test", Answer(HttpStatusCode.InternalServerError, "{\"items\":[]}", "application/json"));
        _network.Serve("junk.test", Answer(HttpStatusCode.OK, "[1, 2, {\"items\": 3}", "application/json"));
        _network.Serve("shape.test", Answer(HttpStatusCode.OK, "{\"items\": 7}", "application/json"));
        _network.Serve("huge.test", Answer(HttpStatusCode.OK, "{\"items\":[],\"pad\":\"" + new string('x', LinkedSearch.MaxBodyBytes) + "\"}", "application/json"));
        foreach (var (host, name) in new[]
                 {
                     ("slow1.test", "Slow One"), ("slow2.test", "Slow Two"), ("html.test", "Html Hub"), ("error.test", "Error Hub"),
                     ("junk.test", "Junk Hub"), ("shape.test", "Shape Hub"), ("huge.test", "Huge Hub"),
                 })
        {
            await LinkAsync(_a, $"http://{host}/users/hub", name);
        }

        using var anonymous = _a.CreateClient();

        var request = anonymous.GetAsync($"{Search}?q=fallword&source=linked", Ct);
        Assert.True(slowAsked.Wait(TimeSpan.FromSeconds(30), Ct), "both slow hubs were asked at once");
        _a.Time.Advance(LinkedSearch.Cap);
        var found = await (await request).JsonAsync(HttpStatusCode.OK);

        Assert.Empty(found.Titles());
        var unavailable = found.GetProperty("unavailable").EnumerateArray().Select(h => h.GetProperty("name").GetString()).Order().ToList();
        Assert.Equal(["Error Hub", "Html Hub", "Huge Hub", "Junk Hub", "Shape Hub", "Slow One", "Slow Two"], unavailable);
        Assert.Contains(found.GetProperty("unavailable").EnumerateArray(), h => h.GetProperty("actorId").GetString() == "http://html.test/users/hub");

        // A hub that answers is still heard among the failing ones, and the page names the others (no slow hubs this
        // time: a hub that answers must not race the clock).
        foreach (var host in new[] { "slow1.test", "slow2.test" })
        {
            _network.Serve(host, Answer(HttpStatusCode.ServiceUnavailable, "", "text/plain"));
        }

        await LinkAsync(_a, "http://b.test/users/hub", "Bee Hub");
        using var bob = await _b.ApiUserAsync("bob_f");
        await bob.StoryAsync(new { title = "Fallword at B", body = "b" });
        var again = await (await anonymous.GetAsync($"{Search}?q=fallword&source=linked", Ct)).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(["Fallword at B"], again.Titles());
        Assert.Equal(7, again.GetProperty("unavailable").GetArrayLength());

        using var browser = new Browserless(_a);
        var (status, html) = await browser.GetAsync("/search?q=fallword&source=linked&lang=ar");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("Html Hub", html, StringComparison.Ordinal);
        await HtmlValidator.AssertValidAsync("/search?source=linked (unavailable)", html);
    }

    [Fact]
    public async Task HubOnABlockedDomain_IsNotAsked_NorNamed()
    {
        await LinkAsync(_a, "http://blocked.test/users/hub", "Blocked Hub");
        await LinkAsync(_a, "http://b.test/users/hub", "Bee Hub");
        _network.Serve("blocked.test", Answer(HttpStatusCode.OK, "{\"items\":[]}", "application/json"));
        Assert.True(DomainName.TryParse("blocked.test", out var domain, out string _));
        var now = _a.Time.GetUtcNow();
        await _a.WriteAsync(tx => _a.Service<IDomainBlockStore>().SaveAsync(
            new DomainBlock(Guid.CreateVersion7(now), domain, DomainSeverity.Suspend, false, false, false, null, null, now, now), tx, Ct));
        using var anonymous = _a.CreateClient();

        var found = await (await anonymous.GetAsync($"{Search}?q=anything&source=linked", Ct)).JsonAsync(HttpStatusCode.OK);

        Assert.Empty(found.GetProperty("unavailable").EnumerateArray());
        Assert.DoesNotContain(_network.Log, r => r.Url.Host == "blocked.test");
        Assert.Contains(_network.Log, r => r.Url.Host == "b.test");
    }

    [Fact]
    public async Task MemberNotIndexable_IsLeftOutOfLocalAndLinkedSearch_AndOtherHubsHear()
    {
        await LinkAsync(_a, "http://b.test/users/hub", "Bee Hub");
        using var bob = await _b.ApiUserAsync("bob_i");
        await bob.StoryAsync(new { title = "Hiddenindexword by bob", body = "b" });
        // Alice on A follows bob, so his story (and later his actor's Update) reaches A.
        Assert.IsType<OurSociety.Core.Outcome<Follow>.Ok>(await _a.Service<FollowService>().FollowAsync("alice", "http://b.test/users/bob_i", Ct));
        await _network.DrainAsync();
        await bob.StoryAsync(new { title = "Hiddenindexword again", body = "b" });
        await _network.DrainAsync();
        using var onA = _a.CreateClient();
        using var onB = _b.CreateClient();
        Assert.Single((await (await onA.GetAsync($"{Search}?q=hiddenindexword again&source=network", Ct)).JsonAsync(HttpStatusCode.OK)).Titles());

        var me = await (await bob.Client.PatchJsonAsync(ApiTestKit.Prefix + "/me", new { indexable = false })).JsonAsync(HttpStatusCode.OK);
        Assert.False(me.GetProperty("indexable").GetBoolean());
        Assert.True(me.GetProperty("discoverable").GetBoolean());
        await _network.DrainAsync();

        Assert.Empty((await (await onB.GetAsync($"{Search}?q=hiddenindexword", Ct)).JsonAsync(HttpStatusCode.OK)).Titles());
        // A asks B (linked) and finds nothing there; its own copy is left out too, as bob's actor now says indexable: false.
        Assert.Empty((await (await onA.GetAsync($"{Search}?q=hiddenindexword&source=linked", Ct)).JsonAsync(HttpStatusCode.OK)).Titles());
        Assert.False((await _a.Service<IRemoteActorStore>().FindAsync("http://b.test/users/bob_i", Ct))!.Indexable);
    }

    [Fact]
    public async Task RemoteAccount_IndexableFalse_IsLeftOut_NotSayingKeepsItFindable()
    {
        await _a.ReceivedAsync("Remoteindexword quiet", user: "quiet", host: "quiet.example");
        await _a.ReceivedAsync("Remoteindexword silent", user: "silent", host: "silent.example");
        var actors = _a.Service<IRemoteActorStore>();
        var quiet = (await actors.FindAsync("https://quiet.example/users/quiet", Ct))!;
        await actors.UpsertAsync(quiet with { Indexable = false }, Ct);
        Assert.Null((await actors.FindAsync("https://silent.example/users/silent", Ct))!.Indexable);
        using var anonymous = _a.CreateClient();

        Assert.Equal(["Remoteindexword silent"], (await (await anonymous.GetAsync($"{Search}?q=remoteindexword", Ct)).JsonAsync(HttpStatusCode.OK)).Titles());

        await actors.UpsertAsync(quiet with { Indexable = true }, Ct);
        Assert.Equal(2, (await (await anonymous.GetAsync($"{Search}?q=remoteindexword", Ct)).JsonAsync(HttpStatusCode.OK)).Titles().Count());
    }

    private static async Task LinkAsync(NodeFactory node, string hubActorId, string name)
    {
        var host = new Uri(hubActorId).Authority;
        var now = node.Time.GetUtcNow();
        await node.Service<IRemoteActorStore>().UpsertAsync(new RemoteActor(
            hubActorId, "Group", "hub", host, name, hubActorId + "/inbox", null, $"http://{host}/", null, null, null, false, "{}", now)
        { ImplementsIntroductions = true }, Ct);
        await node.WriteAsync(tx => node.Service<IHubLinkStore>().PutAsync(
            new HubLink(Guid.CreateVersion7(now), hubActorId, HubLinkState.Linked, true, "", false, null, null, now, now), tx, Ct));
    }

    private static Handler Answer(HttpStatusCode status, string body, string type) =>
        new((_, _) => Task.FromResult(new HttpResponseMessage(status) { Content = new StringContent(body, Encoding.UTF8, type) }));

    private sealed class Handler(Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>> answer) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            answer(request, cancellationToken);
    }
}
