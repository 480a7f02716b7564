using System.Net;
using System.Text.Json.Nodes;
using OurSociety.Core.Federation;
using OurSociety.Core.Needs;
using OurSociety.Testing;
using OurSociety.Web.Tests.Api;
using OurSociety.Web.Tests.Federation.Posts;

namespace OurSociety.Web.Tests.Federation.Hostile;

/// <summary>
/// One rule of "plain text everywhere" per case, each across federation: an account on another server whose name and
/// handle carry markup, a right-to-left override, a zero-width space or a smear of combining marks (Zalgo) follows a
/// member here and posts a story and a need titled with the same text. The member's notifications (page and API), the
/// story (page and API), the topic's Atom feed and the need (page and API) show only the plain, visible text.
/// </summary>
public sealed class HostileNameTests : IAsyncLifetime
{
    private const string Remote = "http://evil.test";
    private const string Public = "https://www.w3.org/ns/activitystreams#Public";

    private static readonly string Smear = string.Concat(Enumerable.Repeat("\u0336", 40));

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private readonly FederationNetwork _network = new();
    private readonly FakeRemoteServer _remote = new(Remote);
    private NodeFactory _a = null!;
    private int _sent;

    public async ValueTask InitializeAsync()
    {
        _a = _network.AddNode("http://a.test");
        _network.Serve("evil.test", _remote);
        await Task.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        await _network.DisposeAsync();
        _remote.Dispose();
    }

    /// <summary>The case's name as sent, what must show, and what must never reach a page, feed or API answer.</summary>
    public static TheoryData<string, string, string, string[]> Cases => new()
    {
        { "markup", "<b>x</b>", "x", ["<b>", "&lt;b&gt;", "</b>"] },
        { "override", "\u202Eevil", "evil", ["\u202E", "&#x202E;", "&#8238;"] },
        { "zerowidth", "a\u200Bdmin", "admin", ["\u200B", "&#x200B;", "&#8203;"] },
        { "isolate", "\u2067adm\u2069in\u2060", "admin", ["\u2067", "\u2069", "\u2060"] },
        { "zalgo", "Z" + Smear + "algo", "Z\u0336\u0336\u0336\u0336algo", ["\u0336\u0336\u0336\u0336\u0336"] },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task RemoteName_IsPlainInNotificationsPostsAtomAndNeeds(string account, string hostile, string shown, string[] never)
    {
        var actorId = _remote.AddActor(account, d =>
        {
            d["name"] = hostile;
            d["preferredUsername"] = account + hostile;
        });
        var member = await _a.CreateMemberAsync("alice_" + account);
        using var alice = await _a.ApiUserAsync("api_" + account);

        // Both members follow the account (so its posts are kept here); it follows alice (a notification for her).
        foreach (var username in new[] { member.Username, "api_" + account })
        {
            var follow = PostNetwork.Ok(await _a.Service<OurSociety.Federation.Follows.FollowService>().FollowAsync(username, actorId, Ct));
            await SendAsync(account, new JsonObject { ["id"] = $"{Remote}/accepts/{++_sent}", ["type"] = "Accept", ["actor"] = actorId, ["object"] = follow.ActivityId });
        }

        await SendAsync(account, new JsonObject
        {
            ["id"] = $"{Remote}/follows/{++_sent}",
            ["type"] = "Follow",
            ["actor"] = actorId,
            ["object"] = "http://a.test/users/api_" + account,
        });
        var articleId = $"{Remote}/articles/{account}";
        await SendAsync(account, Create(actorId, new JsonObject
        {
            ["id"] = articleId,
            ["type"] = "Article",
            ["attributedTo"] = actorId,
            ["name"] = hostile + " story",
            ["content"] = "<p>body</p>",
            ["to"] = new JsonArray(Public),
            ["published"] = "2026-11-28T11:00:00Z",
            ["tag"] = new JsonArray(new JsonObject { ["type"] = "Hashtag", ["name"] = "#hostile" + account }),
        }));
        var needId = $"{Remote}/needs/{account}";
        await SendAsync(account, Create(actorId, new JsonObject
        {
            ["id"] = needId,
            ["type"] = "Proposal",
            ["purpose"] = "request",
            ["publishes"] = new JsonObject { ["type"] = "Intent", ["action"] = "work" },
            ["attributedTo"] = actorId,
            ["name"] = hostile + " need",
            ["locality"] = hostile + " town",
            ["content"] = "<p>Help wanted</p>",
            ["to"] = new JsonArray(Public),
            ["published"] = "2026-11-28T11:00:00Z",
        }));
        await _network.DrainAsync();

        // Stored plain, so every reader gets the same text.
        var stored = await _a.Service<IRemoteActorStore>().FindAsync(actorId, Ct);
        Assert.Equal(shown, stored?.Name);
        Assert.Equal(account + shown, stored?.Username);

        // Notifications: the API names the follower in plain text, as does the page.
        var notifications = await (await alice.Client.GetAsync(ApiTestKit.Prefix + "/notifications", Ct)).JsonAsync(HttpStatusCode.OK);
        var followed = Assert.Single(notifications.GetProperty("items").EnumerateArray(), n => n.GetProperty("kind").GetString() == "follow");
        Assert.Equal(shown, followed.GetProperty("actor").GetProperty("displayName").GetString());
        Assert.Equal(account + shown, followed.GetProperty("actor").GetProperty("username").GetString());
        using var browser = await _a.SignedInBrowserAsync("api_" + account);
        var (_, notificationsPage) = await browser.GetAsync("/notifications");
        AssertPlain(notificationsPage, shown, never);

        // The story: API and page.
        var story = await _a.FindAsync(articleId);
        Assert.NotNull(story);
        var api = await (await alice.Client.GetAsync($"{ApiTestKit.Prefix}/stories/{story.Id}", Ct)).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(shown + " story", api.GetProperty("title").GetString());
        Assert.Equal(shown, api.GetProperty("author").GetProperty("displayName").GetString());
        using var anonymous = _a.CreateClient();
        AssertPlain(await anonymous.GetStringAsync($"/stories/{story.Id}", Ct), shown + " story", never);

        // The topic's Atom feed carries the story with its author.
        var atom = await anonymous.GetStringAsync($"/tags/hostile{account}/feed.atom", Ct);
        AssertPlain(atom, shown + " story", never);
        Assert.Contains($"<name>{shown}</name>", atom, StringComparison.Ordinal);

        // The need: API and page, title and locality.
        var need = await _a.Service<IProposalStore>().FindByApIdAsync(needId, Ct);
        Assert.NotNull(need);
        Assert.Equal(shown + " need", need.Title);
        Assert.Equal(shown + " town", need.Locality);
        var needApi = await (await alice.Client.GetAsync($"{ApiTestKit.Prefix}/needs/{need.Id}", Ct)).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(shown + " need", needApi.GetProperty("title").GetString());
        AssertNever(needApi.GetRawText(), never);
        AssertPlain(await anonymous.GetStringAsync($"/needs/{need.Id}", Ct), shown + " need", never);
    }

    private static void AssertPlain(string text, string shown, string[] never)
    {
        Assert.Contains(shown, text, StringComparison.Ordinal);
        AssertNever(text, never);
    }

    private static void AssertNever(string text, string[] never)
    {
        foreach (var bad in never)
        {
            Assert.DoesNotContain(bad, text, StringComparison.OrdinalIgnoreCase);
        }
    }

    private static JsonObject Create(string actorId, JsonObject obj) => new()
    {
        ["@context"] = "https://www.w3.org/ns/activitystreams",
        ["id"] = $"{obj["id"]}/activity",
        ["type"] = "Create",
        ["actor"] = actorId,
        ["to"] = new JsonArray(Public),
        ["object"] = obj,
    };

    private async Task SendAsync(string signer, JsonObject activity)
    {
        using var client = _a.CreateClient();
        using var response = await _remote.PostAsync(client, "http://a.test/inbox", signer, activity.ToJsonString());
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }
}
