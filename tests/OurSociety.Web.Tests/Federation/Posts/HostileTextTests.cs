using System.Net;
using System.Text.Json.Nodes;
using OurSociety.Core.Federation;
using OurSociety.Testing;
using OurSociety.Web.Tests.Api;

namespace OurSociety.Web.Tests.Federation.Posts;

/// <summary>
/// A remote account whose name holds markup and a right-to-left override, and a story whose title holds markup and
/// zero-width characters: what is stored, and so what the API and the pages show, is the plain, visible text.
/// </summary>
public sealed class HostileTextTests : IAsyncLifetime
{
    private const string Remote = "http://evil.test";
    private const string Mallory = Remote + "/users/mallory";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private readonly FederationNetwork _network = new();
    private readonly FakeRemoteServer _remote = new(Remote);
    private NodeFactory _a = null!;

    public async ValueTask InitializeAsync()
    {
        _a = _network.AddNode("http://a.test");
        _network.Serve("evil.test", _remote);
        _remote.AddActor("mallory", d => d["name"] = "<b>Ad</b>min\u202E");
        await Task.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        await _network.DisposeAsync();
        _remote.Dispose();
    }

    [Fact]
    public async Task RemoteNameAndTitle_AreStoredAndServedAsPlainVisibleText()
    {
        using var alice = await _a.ApiUserAsync("alice");
        var follow = PostNetwork.Ok(await _a.Service<OurSociety.Federation.Follows.FollowService>().FollowAsync("alice", Mallory, Ct));
        await SendAsync(new JsonObject { ["id"] = Remote + "/accepts/1", ["type"] = "Accept", ["actor"] = Mallory, ["object"] = follow.ActivityId });
        await _network.DrainAsync();

        Assert.Equal("Admin", (await _a.Service<IRemoteActorStore>().FindAsync(Mallory, Ct))?.Name);
        var following = await (await alice.Client.GetAsync(ApiTestKit.Prefix + "/following", Ct)).JsonAsync(HttpStatusCode.OK);
        Assert.Equal("Admin", Assert.Single(following.GetProperty("items").EnumerateArray()).GetProperty("actor").GetProperty("name").GetString());

        var article = new JsonObject
        {
            ["id"] = Remote + "/articles/1",
            ["type"] = "Article",
            ["attributedTo"] = Mallory,
            ["name"] = "<i>Re\u200Bpair</i> caf\u00E9\u2066\uFEFF",
            ["content"] = "<p>body</p>",
            ["to"] = new JsonArray("https://www.w3.org/ns/activitystreams#Public"),
            ["published"] = "2026-11-28T11:00:00Z",
        };
        await SendAsync(new JsonObject
        {
            ["@context"] = "https://www.w3.org/ns/activitystreams",
            ["id"] = Remote + "/articles/1/activity",
            ["type"] = "Create",
            ["actor"] = Mallory,
            ["to"] = new JsonArray("https://www.w3.org/ns/activitystreams#Public"),
            ["object"] = article,
        });
        await _network.DrainAsync();

        var stored = await _a.FindAsync(Remote + "/articles/1");
        Assert.NotNull(stored);
        Assert.Equal("Repair caf\u00E9", stored.Title);
        var api = await (await alice.Client.GetAsync($"{ApiTestKit.Prefix}/stories/{stored.Id}", Ct)).JsonAsync(HttpStatusCode.OK);
        Assert.Equal("Repair caf\u00E9", api.GetProperty("title").GetString());
        Assert.Equal("Admin", api.GetProperty("author").GetProperty("displayName").GetString());

        using var client = _a.CreateClient();
        var page = await client.GetStringAsync($"/stories/{stored.Id}", Ct);
        Assert.Contains("Repair caf\u00E9", page, StringComparison.Ordinal);
        Assert.Contains("Admin", page, StringComparison.Ordinal);
        foreach (var hidden in new[] { "\u202E", "\u200B", "\u2066", "\uFEFF", "<b>Ad", "&lt;b&gt;", "<i>Re", "&lt;i&gt;" })
        {
            Assert.DoesNotContain(hidden, page, StringComparison.Ordinal);
        }
    }

    private async Task SendAsync(JsonObject activity)
    {
        using var client = _a.CreateClient();
        using var response = await _remote.PostAsync(client, "http://a.test/inbox", "mallory", activity.ToJsonString());
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }
}
