using System.Net;
using System.Text.Json.Nodes;
using OurSociety.Core.Federation;
using OurSociety.Core.Hubs;
using OurSociety.Core.Members;
using OurSociety.Testing;
using OurSociety.Web.Tests.Api;

namespace OurSociety.Web.Tests.Specs;

/// <summary>
/// hub-submissions.md: kim (on a server whose NodeInfo says Lemmy) follows the hub; lee sends it the Create of
/// hub-submission-create.json; a moderator approves it; what the hub sends kim's server is compared with
/// announce-hub-submission.json and announce-hub-submission-create.json (whose object is the Create as received), and
/// the moderators collection with hub-moderators.json. A node of its own, set up like <see cref="SpecNetwork"/>.
/// </summary>
public sealed class HubSubmissionExampleTests : IAsyncLifetime
{
    public static IReadOnlyList<string> Examples =>
        ["hub-submission-create.json", "announce-hub-submission.json", "announce-hub-submission-create.json", "hub-moderators.json"];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private readonly NodeFactory _node = new NodeFactory()
        .With("OurSociety:PublicUrl", SpecNetwork.Origin)
        .With("OurSociety:Hub:Name", "Riverside Repair Café")
        .With("OurSociety:Hub:Locality", "Riverside");

    private readonly FakeRemoteServer _remote = new("https://remote.example") { NodeInfoSoftware = "lemmy" };

    public async ValueTask InitializeAsync()
    {
        _node.FederationHandler = () => new Forwarder(_remote);
        _remote.AddActor("kim");
        _remote.AddActor("lee");
        await SendAsync("kim", new JsonObject
        {
            ["@context"] = "https://www.w3.org/ns/activitystreams",
            ["id"] = "https://remote.example/activities/kim-follows-the-hub",
            ["type"] = "Follow",
            ["actor"] = SpecNetwork.Kim,
            ["object"] = SpecNetwork.Origin + "/users/hub",
        });
        await _node.DrainAsync();
        Assert.NotNull(await _node.Service<IFollowStore>().FindAsync("hub", SpecNetwork.Kim, FollowDirection.In, Ct));
    }

    public async ValueTask DisposeAsync()
    {
        await _node.DisposeAsync();
        _remote.Dispose();
    }

    [Fact]
    public async Task SubmissionApproved_BothAnnouncesSent_MatchTheExamples()
    {
        var received = Golden.Example("hub-submission-create.json");
        await SendAsync("lee", received);
        await _node.DrainAsync();
        var submission = await _node.Service<IHubSubmissionStore>().FindByApIdAsync((string)received["object"]!["id"]!, Ct);
        Assert.Equal(HubSubmissionState.Waiting, submission?.State);

        var moderator = await _node.CreateMemberAsync("rosa", "correct horse battery", Role.Moderator, Role.Member);
        Assert.IsType<OurSociety.Core.Outcome<HubSubmission>.Ok>(await _node.Service<HubSubmissionService>().DecideAsync(submission!.Id, approve: true, moderator.Id, Ct));
        _remote.Received.Clear();
        await _node.DrainAsync();

        var announces = _remote.Received.Where(a => (string?)a["type"] == "Announce").ToList();
        Golden.AssertMatches("announce-hub-submission.json", Assert.Single(announces, a => a["object"] is JsonValue), "id", "published");
        var wrapped = Assert.Single(announces, a => a["object"] is JsonObject);
        Golden.AssertMatches("announce-hub-submission-create.json", wrapped, "id", "published");

        // The wrapped Create is the one received, unchanged but for its @context (the Announce's covers it).
        var asReceived = (JsonObject)received.DeepClone();
        asReceived.Remove("@context");
        Assert.True(JsonNode.DeepEquals(asReceived, wrapped["object"]), "the wrapped Create is the received one");
    }

    [Fact]
    public async Task ModeratorsCollection_MatchesTheExample()
    {
        await _node.CreateMemberAsync("rosa", "correct horse battery", Role.Moderator, Role.Member);
        await _node.CreateMemberAsync("amira", "correct horse battery", Role.Admin, Role.Member);
        await _node.CreateMemberAsync("sam", "correct horse battery", Role.Member);
        using var client = _node.CreateClient(new() { BaseAddress = new Uri(SpecNetwork.Origin), AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Accept.ParseAdd("application/activity+json");
        var collection = JsonNode.Parse(await client.GetStringAsync("/users/hub/moderators", Ct))!;
        var items = collection["orderedItems"]!.AsArray().Select(n => (string?)n).Order(StringComparer.Ordinal).ToList();
        collection["orderedItems"] = new JsonArray([.. items.Select(i => (JsonNode?)i)]);
        Golden.AssertMatches("hub-moderators.json", collection);
    }

    private async Task SendAsync(string from, JsonObject activity)
    {
        using var client = _node.CreateClient(new() { BaseAddress = new Uri(SpecNetwork.Origin), AllowAutoRedirect = false });
        using var response = await _remote.PostAsync(client, SpecNetwork.Origin + "/inbox", from, activity.ToJsonString());
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    private sealed class Forwarder(HttpMessageHandler remote) : HttpMessageHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            using var invoker = new HttpMessageInvoker(remote, disposeHandler: false);
            return await invoker.SendAsync(request, cancellationToken);
        }
    }
}
