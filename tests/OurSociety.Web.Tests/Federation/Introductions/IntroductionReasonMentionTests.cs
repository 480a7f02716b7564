using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Dapper;
using OurSociety.Core.Members;
using OurSociety.Core.Notifications;
using OurSociety.Storage.Sql;
using OurSociety.Testing;
using OurSociety.Web.Tests.Api;

namespace OurSociety.Web.Tests.Federation.Introductions;

/// <summary>
/// A glue-er on A names a third person (dee, on D) in the reason for introducing bob (B) to cara (C): the reason links
/// dee, in the Offers and on the page, but dee is never addressed, tagged or sent anything (an introduction stays
/// between its three people); a handle that cannot be found stays plain text and the glue-er is told.
/// </summary>
public sealed class IntroductionReasonMentionTests : IAsyncLifetime
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private readonly FederationNetwork _network = new();
    private NodeFactory _a = null!;
    private NodeFactory _b = null!;
    private NodeFactory _c = null!;
    private NodeFactory _d = null!;
    private ApiUser _glue = null!;

    public async ValueTask InitializeAsync()
    {
        _a = _network.AddNode("http://a.test");
        _b = _network.AddNode("http://b.test");
        _c = _network.AddNode("http://c.test");
        _d = _network.AddNode("http://d.test");
        _network.Serve("nowhere.test", new FakeRemoteServer("http://nowhere.test"));   // answers 404 to WebFinger
        _glue = await _a.ApiUserAsync("glue", Role.GlueEr);
        await _b.CreateMemberAsync("bob");
        await _c.CreateMemberAsync("cara");
        await _d.CreateMemberAsync("dee");
    }

    public async ValueTask DisposeAsync()
    {
        _glue.Dispose();
        await _network.DisposeAsync();
    }

    [Fact]
    public async Task ThirdPersonInTheReason_IsLinked_NeverAddressed_AndTheirNodeReceivesNothing()
    {
        using var response = await _glue.Client.PostAsJsonAsync(
            $"{ApiTestKit.Prefix}/introductions",
            new { parties = new[] { "@bob@b.test", "@cara@c.test" }, reason = "Like @dee@d.test, you both fix bikes. Ask @ghost@nowhere.test too." },
            Ct);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var id = (Guid)JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!["id"]!;
        await _network.DrainAsync();

        // Each party's Offer links dee in its content, and names nobody but that party in its addressing and tags.
        foreach (var (node, party) in new[] { (_b, "http://b.test/users/bob"), (_c, "http://c.test/users/cara") })
        {
            var offer = JsonNode.Parse(Assert.Single(await ReceivedAsync(node, "Offer")))!.AsObject();
            Assert.Contains("<a href=\"http://d.test/@dee\" class=\"u-url mention\"", (string)offer["content"]!, StringComparison.Ordinal);
            Assert.Contains("@ghost@nowhere.test", (string)offer["content"]!, StringComparison.Ordinal);
            Assert.Equal([party], Strings(offer["to"]));
            Assert.False(offer["cc"] is JsonArray { Count: > 0 });
            Assert.Null(offer["tag"]);
            Assert.DoesNotContain("http://d.test/users/dee", offer.ToJsonString(), StringComparison.Ordinal);
        }

        // Dee's node was asked who dee is (WebFinger, her actor), and was sent nothing.
        Assert.Empty(await ReceivedAsync(_d, null));
        Assert.DoesNotContain(_network.Log, l => l.Url.Host == "d.test" && l.Method == "POST");

        // The glue-er's page links dee; the unknown handle stays text, and the glue-er was told, in words.
        using var browser = await _a.SignedInBrowserAsync("glue");
        var (_, page) = await browser.GetAsync($"/introductions/{id}");
        Assert.Contains("<a href=\"http://d.test/@dee\" class=\"u-url mention\"", page, StringComparison.Ordinal);
        Assert.Contains("@ghost@nowhere.test", page, StringComparison.Ordinal);
        var notice = Assert.Single(
            (await _a.Service<INotificationStore>().ListAsync(_glue.Member.Id, OurSociety.Core.Paging.Cursor.Start, 50, Ct)).Items,
            n => n.Kind == NotificationKind.MentionUnknown);
        Assert.Equal("@ghost@nowhere.test", notice.Actor);
        Assert.Equal($"introduction:{id:D}", notice.Subject);
        var (_, notifications) = await browser.GetAsync("/notifications");
        Assert.Contains("whom you named in the reason for an introduction", WebUtility.HtmlDecode(notifications), StringComparison.Ordinal);
        Assert.Contains($"href=\"/introductions/{id:D}\"", notifications, StringComparison.Ordinal);
    }

    private static IEnumerable<string?> Strings(JsonNode? array) => array!.AsArray().Select(n => (string?)n);

    /// <summary>The bodies of the activities (of this type, or any) the node received.</summary>
    private static async Task<IReadOnlyList<string>> ReceivedAsync(NodeFactory node, string? type)
    {
        await using var connection = await node.Service<IDbConnectionFactory>().OpenAsync(Ct);
        return [.. await connection.QueryAsync<string>(
            "SELECT body FROM inbox_activity WHERE @Type IS NULL OR type = @Type ORDER BY received_at", new { Type = type })];
    }
}
