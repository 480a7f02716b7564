using System.Text.Json.Nodes;
using Dapper;
using OurSociety.Core;
using OurSociety.Core.Hubs;
using OurSociety.Core.Members;
using OurSociety.Federation.Hubs;
using OurSociety.Storage.Sql;
using OurSociety.Testing;
using OurSociety.Web.Tests.Federation.Posts;

namespace OurSociety.Web.Tests.Specs;

/// <summary>
/// The hub-link examples of federation-specs/hub-links.md are what the nodes really send: two real Our Society nodes,
/// <c>https://hub.example</c> (the examples' hub) and <c>https://hills.example</c> (another hub, with its member tomos),
/// on one network; each example is the body of the activity as queued in the sender's outbox.
/// </summary>
public sealed class HubLinkExampleTests : IAsyncLifetime
{
    public const string Origin = "https://hub.example";
    public const string Hills = "https://hills.example";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Every hub-link example, for the coverage test (SpecDocumentTests).</summary>
    public static IReadOnlyList<string> Examples => ["hub-link-request.json", "hub-link-decline.json", "hub-link-reshare.json"];

    private readonly FederationNetwork _network = new();
    private NodeFactory _hub = null!;
    private NodeFactory _hills = null!;
    private Member _rosa = null!;
    private Member _huw = null!;

    public async ValueTask InitializeAsync()
    {
        _hub = _network.AddNode(Origin).With("OurSociety:Hub:Name", "Riverside Repair Café");
        _hills = _network.AddNode(Hills).With("OurSociety:Hub:Name", "Hillside Tool Library");
        _rosa = await _hub.CreateMemberAsync("rosa", roles: Role.Admin);
        _huw = await _hills.CreateMemberAsync("huw", roles: Role.Admin);
    }

    public ValueTask DisposeAsync() => _network.DisposeAsync();

    [Fact]
    public async Task LinkRequest_AndItsDecline_MatchTheExamples()
    {
        var asked = Ok(await _hub.Service<HubLinkService>().AskAsync(
            new HubLinkAsk(Hills + "/users/hub", "We repair bikes and radios by the river; shall our hubs link?", Reshare: false), _rosa.Id, Ct));
        await _network.DrainAsync();
        Golden.AssertMatches("hub-link-request.json", await SentAsync(_hub, "Follow"), "id");

        var waiting = Assert.Single(await _hills.Service<IHubLinkStore>().ListAsync(HubLinkState.AwaitingOurApproval, Ct));
        Ok(await _hills.Service<HubLinkService>().DeclineAsync(waiting.Id, _huw.Id, Ct));
        await _network.DrainAsync();
        var decline = await SentAsync(_hills, "Reject");
        Assert.Equal(asked.RequestActivityId, (string?)decline["object"]!["id"]);
        Golden.AssertMatches("hub-link-decline.json", decline, "id", "object.id");
    }

    [Fact]
    public async Task Reshare_MatchesTheExample()
    {
        Ok(await _hills.Service<HubLinkService>().AskAsync(new HubLinkAsk(Origin + "/users/hub", "", Reshare: false), _huw.Id, Ct));
        await _network.DrainAsync();
        var waiting = Assert.Single(await _hub.Service<IHubLinkStore>().ListAsync(HubLinkState.AwaitingOurApproval, Ct));
        Ok(await _hub.Service<HubLinkService>().ApproveAsync(waiting.Id, _rosa.Id, Ct));
        Ok(await _hub.Service<HubLinkService>().SetReshareAsync(waiting.Id, reshare: true, Ct));
        await _network.DrainAsync();
        Assert.Equal(HubLinkState.Linked, (await _hub.Service<IHubLinkStore>().FindAsync(waiting.Id, Ct))!.State);

        var tomos = await _hills.CreateMemberAsync("tomos");
        var story = await _hills.StoryAsync(tomos.Id, "Lending ladders: what we learned");
        await _network.DrainAsync();

        var reshare = await SentAsync(_hub, "Announce");
        Assert.Equal($"{Hills}/stories/{story.Id}", (string?)reshare["object"]);
        Golden.AssertMatches("hub-link-reshare.json", reshare, "id", "published", "object");
    }

    private static T Ok<T>(Outcome<T> outcome) => Assert.IsType<Outcome<T>.Ok>(outcome).Value;

    /// <summary>The one activity of this type the node's hub queued.</summary>
    private static async Task<JsonObject> SentAsync(NodeFactory node, string type)
    {
        await using var connection = await node.Service<IDbConnectionFactory>().OpenAsync(Ct);
        var body = Assert.Single(await connection.QueryAsync<string>(
            "SELECT body FROM outbox_activity WHERE type = @Type AND actor = 'hub'", new { Type = type }));
        return JsonNode.Parse(body)!.AsObject();
    }
}
