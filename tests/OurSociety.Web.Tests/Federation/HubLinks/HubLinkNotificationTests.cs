using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Dapper;
using OurSociety.ActivityPub.Vocabulary;
using OurSociety.Core.Hubs;
using OurSociety.Core.Members;
using OurSociety.Core.Notifications;
using OurSociety.Core.Paging;
using OurSociety.Federation.Delivery;
using OurSociety.Federation.Hubs;
using OurSociety.Storage.Sql;
using OurSociety.Testing;
using OurSociety.Web.Tests.Api;

namespace OurSociety.Web.Tests.Federation.HubLinks;

/// <summary>
/// Two real nodes whose admins are told what the other hub does about a link (issue 14): a request (once, however often
/// its Follow arrives), its approval, its decline, and the end of a link. Plain members are never told; the admin whose
/// own answer made the change is not told of it again. The sentences show on /notifications and the API names the kinds.
/// </summary>
public sealed class HubLinkNotificationTests : IAsyncLifetime
{
    private const string HubA = "http://a.test/users/hub";
    private const string HubB = "http://b.test/users/hub";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private readonly FederationNetwork _network = new();
    private NodeFactory _a = null!;
    private NodeFactory _b = null!;
    private ApiUser _adminA = null!;
    private ApiUser _otherAdminA = null!;
    private ApiUser _adminB = null!;
    private ApiUser _otherAdminB = null!;
    private Member _plainA = null!;
    private Member _plainB = null!;

    public async ValueTask InitializeAsync()
    {
        _a = _network.AddNode("http://a.test");
        _b = _network.AddNode("http://b.test");
        _adminA = await _a.ApiUserAsync("anna", Role.Admin);
        _otherAdminA = await _a.ApiUserAsync("ada", Role.Admin);
        _adminB = await _b.ApiUserAsync("bert", Role.Admin);
        _otherAdminB = await _b.ApiUserAsync("bea", Role.Admin);
        _plainA = await _a.CreateMemberAsync("amal");
        _plainB = await _b.CreateMemberAsync("bob");
    }

    public async ValueTask DisposeAsync()
    {
        _adminA.Dispose();
        _otherAdminA.Dispose();
        _adminB.Dispose();
        _otherAdminB.Dispose();
        await _network.DisposeAsync();
    }

    [Fact]
    public async Task ARequest_TellsEachAdminOfBOnce_AgainAfterTheSameFollow_ThenApproval_ThenTheEnd_TellAsAdmins()
    {
        await AskAsync();
        var onB = Assert.Single(await _b.Service<IHubLinkStore>().ListAsync(null, Ct));
        foreach (var admin in new[] { _adminB, _otherAdminB })
        {
            var told = Assert.Single(await NotificationsAsync(_b, admin.Member.Id));
            Assert.Equal((NotificationKind.HubLinkRequested, HubA, false), (told.Kind, told.Actor, told.IsLocal));
            Assert.Equal(HubNotices.LinkSubject(onB.Id), told.Subject);
        }

        Assert.Empty(await NotificationsAsync(_b, _plainB.Id));
        Assert.Empty(await NotificationsAsync(_a, _adminA.Member.Id));   // our own request tells us nothing

        // The same Follow delivered again, and a new Follow carrying the request (a retry with a new id): no one is told twice.
        await RedeliverAsync(_a, "Follow");
        var retry = HubLinkTerms.Mark(Activities.Follow("http://a.test/activities/link-retry", HubA, HubB));
        await _a.WriteAsync(tx => _a.Service<Outbox>().AddAsync([new("hub", retry, ["http://b.test/inbox"])], tx, Ct));
        await _network.DrainAsync();
        Assert.Equal(2, await ReceivedCountAsync(_b, "Follow"));   // the request and the retry; the repeat was dropped
        Assert.Single(await NotificationsAsync(_b, _adminB.Member.Id));
        Assert.Single(await NotificationsAsync(_b, _otherAdminB.Member.Id));

        // On /notifications and in the API.
        using (var browser = await _b.SignedInBrowserAsync("bert"))
        {
            var (status, page) = await browser.GetAsync("/notifications");
            Assert.Equal(HttpStatusCode.OK, status);
            Assert.Contains($"asks to link with your hub. <a href=\"/admin/hub-links#link-{onB.Id:D}\">Answer it</a>.", page, StringComparison.Ordinal);
            var (_, links) = await browser.GetAsync("/admin/hub-links");
            Assert.Contains($"id=\"link-{onB.Id:D}\"", links, StringComparison.Ordinal);
        }

        var item = Assert.Single(await ApiItemsAsync(_adminB));
        Assert.Equal(("hub-link-requested", HubNotices.LinkSubject(onB.Id), HubA), ((string?)item["kind"], (string?)item["subject"], (string?)item["actor"]!["actorId"]));

        // B approves: A's admins hear that B linked; B's admins are told nothing more (their own answer).
        await PostAsync(_adminB, $"/admin/hub-links/{onB.Id}/approve");
        var onA = Assert.Single(await _a.Service<IHubLinkStore>().ListAsync(null, Ct));
        Assert.Equal(HubLinkState.Linked, onA.State);
        foreach (var admin in new[] { _adminA, _otherAdminA })
        {
            var told = Assert.Single(await NotificationsAsync(_a, admin.Member.Id));
            Assert.Equal((NotificationKind.HubLinkMade, HubB, HubNotices.LinkSubject(onA.Id)), (told.Kind, told.Actor, told.Subject));
        }

        Assert.Empty(await NotificationsAsync(_a, _plainA.Id));
        Assert.Single(await NotificationsAsync(_b, _adminB.Member.Id));

        // B ends the link: its Undo and its Reject both reach A, which tells its admins once.
        using (var unlinked = await _adminB.Client.DeleteAsync($"{ApiTestKit.Prefix}/admin/hub-links/{onB.Id}", Ct))
        {
            Assert.Equal(HttpStatusCode.NoContent, unlinked.StatusCode);
        }

        await _network.DrainAsync();
        Assert.Empty(await _a.Service<IHubLinkStore>().ListAsync(null, Ct));
        foreach (var admin in new[] { _adminA, _otherAdminA })
        {
            var ended = (await NotificationsAsync(_a, admin.Member.Id)).Where(n => n.Kind == NotificationKind.HubLinkEnded).ToList();
            Assert.Equal(HubNotices.LinkSubject(onA.Id), Assert.Single(ended).Subject);
        }

        Assert.Empty(await NotificationsAsync(_a, _plainA.Id));
        Assert.Single(await NotificationsAsync(_b, _adminB.Member.Id));   // B did it: B is not told

        using var browserA = await _a.SignedInBrowserAsync("anna");
        var (_, pageA) = await browserA.GetAsync("/notifications");
        Assert.Contains("linked with your hub.", pageA, StringComparison.Ordinal);
        Assert.Contains("ended its link with your hub.", pageA, StringComparison.Ordinal);
        Assert.Equal(["hub-link-ended", "hub-link-made"], (await ApiItemsAsync(_adminA)).Select(i => (string?)i["kind"]).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task BDeclines_AsAdminsAreTold_AndWhenAUnlinks_BsAdminsAreTold()
    {
        await AskAsync();
        var onB = Assert.Single(await _b.Service<IHubLinkStore>().ListAsync(null, Ct));
        await PostAsync(_adminB, $"/admin/hub-links/{onB.Id}/decline");

        var onA = Assert.Single(await _a.Service<IHubLinkStore>().ListAsync(null, Ct));
        Assert.Equal(HubLinkState.OneWay, onA.State);
        foreach (var admin in new[] { _adminA, _otherAdminA })
        {
            var told = Assert.Single(await NotificationsAsync(_a, admin.Member.Id));
            Assert.Equal((NotificationKind.HubLinkDeclined, HubB, HubNotices.LinkSubject(onA.Id)), (told.Kind, told.Actor, told.Subject));
        }

        Assert.Empty(await NotificationsAsync(_a, _plainA.Id));
        using (var browser = await _a.SignedInBrowserAsync("ada"))
        {
            var (_, page) = await browser.GetAsync("/notifications");
            Assert.Contains("declined to link with your hub; your hub still follows it.", page, StringComparison.Ordinal);
        }

        Assert.Equal("hub-link-declined", (string?)Assert.Single(await ApiItemsAsync(_otherAdminA))["kind"]);

        // A new request after the decline is a new request: B's admins are told again.
        var again = await LinkBothWaysAsync();

        // A ends it now: B's admins hear of it, A's do not.
        using (var unlinked = await _adminA.Client.DeleteAsync($"{ApiTestKit.Prefix}/admin/hub-links/{again}", Ct))
        {
            Assert.Equal(HttpStatusCode.NoContent, unlinked.StatusCode);
        }

        await _network.DrainAsync();
        foreach (var admin in new[] { _adminB, _otherAdminB })
        {
            Assert.Single(await NotificationsAsync(_b, admin.Member.Id), n => n.Kind == NotificationKind.HubLinkEnded && n.Actor == HubA);
        }

        Assert.DoesNotContain(await NotificationsAsync(_a, _adminA.Member.Id), n => n.Kind == NotificationKind.HubLinkEnded);
        Assert.Empty(await NotificationsAsync(_b, _plainB.Id));
    }

    /// <summary>After the decline: A forgets its one-way link and asks again; B approves. Returns A's link id.</summary>
    private async Task<Guid> LinkBothWaysAsync()
    {
        var onA = Assert.Single(await _a.Service<IHubLinkStore>().ListAsync(null, Ct));
        using (var forgotten = await _adminA.Client.DeleteAsync($"{ApiTestKit.Prefix}/admin/hub-links/{onA.Id}", Ct))
        {
            Assert.Equal(HttpStatusCode.NoContent, forgotten.StatusCode);
        }

        await _network.DrainAsync();
        await AskAsync();
        var waiting = Assert.Single(await _b.Service<IHubLinkStore>().ListAsync(HubLinkState.AwaitingOurApproval, Ct));
        Assert.Equal(2, (await NotificationsAsync(_b, _adminB.Member.Id)).Count(n => n.Kind == NotificationKind.HubLinkRequested));
        await PostAsync(_adminB, $"/admin/hub-links/{waiting.Id}/approve");
        var linked = Assert.Single(await _a.Service<IHubLinkStore>().ListAsync(null, Ct));
        Assert.Equal(HubLinkState.Linked, linked.State);
        return linked.Id;
    }

    private async Task AskAsync()
    {
        using var response = await _adminA.Client.PostAsJsonAsync($"{ApiTestKit.Prefix}/admin/hub-links", new { hub = "@hub@b.test", note = "Shall we link?" }, Ct);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        await _network.DrainAsync();
    }

    private async Task PostAsync(ApiUser admin, string path)
    {
        using var response = await admin.Client.PostAsync(ApiTestKit.Prefix + path, null, Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await _network.DrainAsync();
    }

    private static async Task<IReadOnlyList<Notification>> NotificationsAsync(NodeFactory node, Guid memberId) =>
        (await node.Service<INotificationStore>().ListAsync(memberId, Cursor.Start, 50, Ct)).Items;

    private static async Task<List<JsonObject>> ApiItemsAsync(ApiUser user)
    {
        var list = await user.Client.GetFromJsonAsync<JsonObject>($"{ApiTestKit.Prefix}/notifications", Ct);
        return [.. list!["items"]!.AsArray().Select(i => i!.AsObject())];
    }

    /// <summary>Sends every delivery of the node's activities of this type again, as a retrying server would.</summary>
    private static async Task RedeliverAsync(NodeFactory node, string type)
    {
        await using var connection = await node.Service<IDbConnectionFactory>().OpenAsync(Ct);
        var again = await connection.ExecuteAsync("""
            UPDATE delivery SET state = 'pending', next_attempt_at = created_at, finished_at = NULL
            WHERE activity_id IN (SELECT id FROM outbox_activity WHERE type = @Type)
            """, new { Type = type });
        Assert.True(again > 0);
    }

    private static async Task<int> ReceivedCountAsync(NodeFactory node, string type)
    {
        await using var connection = await node.Service<IDbConnectionFactory>().OpenAsync(Ct);
        return await connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM inbox_activity WHERE type = @Type", new { Type = type });
    }
}
