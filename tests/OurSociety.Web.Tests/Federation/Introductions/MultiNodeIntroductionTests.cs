using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Dapper;
using OurSociety.Core.Federation;
using OurSociety.Core.Introductions;
using OurSociety.Core.Members;
using OurSociety.Core.Notifications;
using OurSociety.Federation.Follows;
using OurSociety.Storage.Sql;
using OurSociety.Testing;
using OurSociety.Web.Tests.Api;

namespace OurSociety.Web.Tests.Federation.Introductions;

/// <summary>
/// Three nodes: a glue-er on A introduces bob (B) to cara (C). Each is asked by an Offer on their own node and answers
/// there through the API; the glue-er's node decides and tells both nodes how it ended.
/// </summary>
public sealed class MultiNodeIntroductionTests : IAsyncLifetime
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private readonly FederationNetwork _network = new();
    private NodeFactory _a = null!;
    private NodeFactory _b = null!;
    private NodeFactory _c = null!;
    private ApiUser _glue = null!;
    private ApiUser _bob = null!;
    private ApiUser _cara = null!;

    public async ValueTask InitializeAsync()
    {
        _a = _network.AddNode("http://a.test");
        _b = _network.AddNode("http://b.test");
        _c = _network.AddNode("http://c.test");
        _glue = await _a.ApiUserAsync("glue", Role.GlueEr);
        _bob = await _b.ApiUserAsync("bob");
        _cara = await _c.ApiUserAsync("cara");
    }

    public async ValueTask DisposeAsync()
    {
        _glue.Dispose();
        _bob.Dispose();
        _cara.Dispose();
        await _network.DisposeAsync();
    }

    [Fact]
    public async Task BothAcceptOnTheirOwnNodes_MadeEverywhere_BothTold_AndTheyCanFollowEachOther()
    {
        var id = await ProposeAsync();
        var onB = await AskedAsync(_bob);
        var onC = await AskedAsync(_cara);
        Assert.Contains("They both fix bikes", (string)onB["reason"]!, StringComparison.Ordinal);
        Assert.Equal("http://c.test/users/cara", (string?)onB["parties"]!.AsArray().Single(p => (string?)p!["handle"] != "bob@b.test")!["actorId"]);
        Assert.Equal("http://a.test/users/glue", (string?)onB["introducer"]!["actorId"]);

        await AnswerAsync(_bob, onB, "accept");
        Assert.Equal("accepted-by-one", await StateAsync(_glue, id));
        Assert.Equal("proposed", await StateAsync(_bob, (Guid)onB["id"]!));   // a party never learns the other's answer
        Assert.Equal("proposed", await StateAsync(_cara, (Guid)onC["id"]!));

        await AnswerAsync(_cara, onC, "accept");
        Assert.Equal("made", await StateAsync(_glue, id));
        Assert.Equal("made", await StateAsync(_bob, (Guid)onB["id"]!));
        Assert.Equal("made", await StateAsync(_cara, (Guid)onC["id"]!));

        // Both told, on their own nodes: a notification, and the glue-er's direct note naming both.
        Assert.Contains(await NotificationsAsync(_b, _bob), n => n.Kind == NotificationKind.IntroductionMade);
        Assert.Contains(await NotificationsAsync(_c, _cara), n => n.Kind == NotificationKind.IntroductionMade);
        Assert.Contains(await NotificationsAsync(_a, _glue), n => n.Kind == NotificationKind.IntroductionMade);
        var note = Assert.Single(await ReceivedAsync(_b, "Create"));
        Assert.Contains("http://b.test/users/bob", note, StringComparison.Ordinal);
        Assert.Contains("http://c.test/users/cara", note, StringComparison.Ordinal);
        Assert.DoesNotContain("#Public", note, StringComparison.Ordinal);

        // And they can follow each other.
        var follow = await _b.Service<FollowService>().FollowAsync("bob", "http://c.test/users/cara", Ct);
        Assert.IsType<OurSociety.Core.Outcome<Follow>.Ok>(follow);
        await _network.DrainAsync();
        Assert.Equal(FollowState.Accepted, (await _c.Service<IFollowStore>().FindAsync("cara", "http://b.test/users/bob", FollowDirection.In, Ct))?.State);
    }

    [Fact]
    public async Task DeclineOnC_LeavesBobAndTheGlueErWithNotGoingAhead_AndNothingThatSaysWho()
    {
        var id = await ProposeAsync();
        var onB = await AskedAsync(_bob);
        var onC = await AskedAsync(_cara);
        await AnswerAsync(_bob, onB, "accept");
        await AnswerAsync(_cara, onC, "decline");

        Assert.Equal("not-going-ahead", await StateAsync(_glue, id));
        Assert.Equal("not-going-ahead", await StateAsync(_bob, (Guid)onB["id"]!));
        var glueView = await GetAsync(_glue, id);
        Assert.DoesNotContain("declin", glueView.ToJsonString(), StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("myAnswer", glueView.ToJsonString(), StringComparison.Ordinal);
        var bobView = await GetAsync(_bob, (Guid)onB["id"]!);
        Assert.Equal("accepted", (string?)bobView["myAnswer"]);   // his own answer, nothing about hers

        // What reached B says only "not going ahead": no name, no reason.
        var update = Assert.Single(await ReceivedAsync(_b, "Update"));
        Assert.Contains("not-going-ahead", update, StringComparison.Ordinal);
        Assert.DoesNotContain("cara", update, StringComparison.Ordinal);
        Assert.DoesNotContain("bikes", update, StringComparison.Ordinal);
        Assert.DoesNotContain(await NotificationsAsync(_b, _bob), n => n.Actor.Contains("cara", StringComparison.Ordinal));
    }

    [Fact]
    public async Task NobodyAnswers_ExpiresAfterThirtyDays_Everywhere()
    {
        var id = await ProposeAsync();
        var onB = await AskedAsync(_bob);
        await AnswerAsync(_bob, onB, "accept");

        foreach (var node in new[] { _a, _b, _c })
        {
            node.Time.Advance(TimeSpan.FromDays(31));
        }

        await _network.DrainAsync();
        Assert.Equal("not-going-ahead", await StateAsync(_glue, id));
        Assert.Equal("not-going-ahead", await StateAsync(_bob, (Guid)onB["id"]!));
        Assert.Equal("not-going-ahead", await StateAsync(_cara, (Guid)(await AskedAsync(_cara))["id"]!));
    }

    [Fact]
    public async Task UndoAccept_BeforeTheOtherAnswers_EndsIt_AndALaterYesChangesNothing()
    {
        var id = await ProposeAsync();
        var onB = await AskedAsync(_bob);
        var onC = await AskedAsync(_cara);
        await AnswerAsync(_bob, onB, "accept");
        await AnswerAsync(_bob, onB, "decline");   // sent as Undo{Accept}

        var undo = Assert.Single(await ReceivedAsync(_a, "Undo"));
        Assert.Contains("\"Accept\"", undo, StringComparison.Ordinal);
        Assert.Equal("not-going-ahead", await StateAsync(_glue, id));
        Assert.Equal("not-going-ahead", await StateAsync(_cara, (Guid)onC["id"]!));

        using var late = await _cara.Client.PostAsync($"{ApiTestKit.Prefix}/introductions/{onC["id"]}/accept", null, Ct);
        Assert.Equal(HttpStatusCode.Conflict, late.StatusCode);
        await _network.DrainAsync();
        Assert.Equal("not-going-ahead", await StateAsync(_glue, id));
    }

    [Fact]
    public async Task AnAnswerSignedBySomeoneElse_ChangesNothing()
    {
        var id = await ProposeAsync();
        _ = await AskedAsync(_bob);
        var introduction = (await _a.Service<IIntroductionStore>().FindAsync(id, Ct))!;
        var offerToBob = introduction.Parties.Single(p => p.Actor == "http://b.test/users/bob").OfferId!;

        // cara (asked too, but not by this Offer) accepts bob's Offer.
        await _c.WriteAsync(tx => _c.Service<OurSociety.Federation.Delivery.Outbox>().AddAsync(
            [new("cara", ActivityPub.Vocabulary.Activities.Accept("http://c.test/activities/forged", "http://c.test/users/cara", offerToBob, ["http://a.test/users/glue"]),
                ["http://a.test/inbox"])], tx, Ct));
        await _network.DrainAsync();

        Assert.Equal("proposed", await StateAsync(_glue, id));
        var stored = await _a.Service<IInboxStore>().FindAsync("http://c.test/activities/forged", Ct);
        Assert.StartsWith("refused", stored!.Outcome, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BothPeopleOnOneOtherNode_EachIsAskedAndAnswers_MadeEverywhere()
    {
        using var bea = await _b.ApiUserAsync("bea");
        var id = await ProposeAsync("@bob@b.test", "@bea@b.test");
        var forBob = await AskedAsync(_bob);
        var forBea = await AskedAsync(bea);
        Assert.Equal((Guid)forBob["id"]!, (Guid)forBea["id"]!);   // one introduction on B, both asked

        await AnswerAsync(_bob, forBob, "accept");
        await AnswerAsync(bea, forBea, "accept");

        Assert.Equal("made", await StateAsync(_glue, id));
        Assert.Equal("made", await StateAsync(_bob, (Guid)forBob["id"]!));
    }

    private async Task<Guid> ProposeAsync(string a = "@bob@b.test", string b = "@cara@c.test")
    {
        using var response = await _glue.Client.PostAsJsonAsync(
            $"{ApiTestKit.Prefix}/introductions",
            new { parties = new[] { a, b }, reason = "They both fix bikes and want to start a repair café." },
            Ct);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var id = (Guid)JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!["id"]!;
        await _network.DrainAsync();
        return id;
    }

    /// <summary>The one introduction the member was asked about on their own node.</summary>
    private static async Task<JsonObject> AskedAsync(ApiUser user)
    {
        var list = await user.Client.GetFromJsonAsync<JsonObject>($"{ApiTestKit.Prefix}/introductions?role=asked", Ct);
        return Assert.Single(list!["items"]!.AsArray())!.AsObject();
    }

    private async Task AnswerAsync(ApiUser user, JsonObject introduction, string answer)
    {
        using var response = await user.Client.PostAsync($"{ApiTestKit.Prefix}/introductions/{introduction["id"]}/{answer}", null, Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await _network.DrainAsync();
    }

    private static async Task<JsonObject> GetAsync(ApiUser user, Guid id) =>
        (await user.Client.GetFromJsonAsync<JsonObject>($"{ApiTestKit.Prefix}/introductions/{id}", Ct))!;

    private static async Task<string?> StateAsync(ApiUser user, Guid id) => (string?)(await GetAsync(user, id))["state"];

    private static async Task<IReadOnlyList<Notification>> NotificationsAsync(NodeFactory node, ApiUser user) =>
        (await node.Service<INotificationStore>().ListAsync(user.Member.Id, OurSociety.Core.Paging.Cursor.Start, 50, Ct)).Items;

    /// <summary>The bodies of the activities of this type the node received.</summary>
    private static async Task<IReadOnlyList<string>> ReceivedAsync(NodeFactory node, string type)
    {
        await using var connection = await node.Service<IDbConnectionFactory>().OpenAsync(Ct);
        return [.. await connection.QueryAsync<string>("SELECT body FROM inbox_activity WHERE type = @Type ORDER BY received_at", new { Type = type })];
    }
}
