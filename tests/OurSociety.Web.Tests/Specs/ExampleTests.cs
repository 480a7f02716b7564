using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using OurSociety.ActivityPub.Vocabulary;
using OurSociety.Core.Federation;
using OurSociety.Core.Members;
using OurSociety.Federation;
using OurSociety.Federation.Actors;
using OurSociety.Federation.Follows;
using OurSociety.Web.Tests.Federation;

namespace OurSociety.Web.Tests.Specs;

/// <summary>
/// Every example under federation-specs/examples/oursociety/ is what the code emits: builder shapes are built from the
/// example's own ids, endpoint shapes are fetched from a node set up like the examples, and the activities the node
/// really sends are caught on the wire by a fake remote server.
/// </summary>
public sealed class ExampleTests(SpecNetwork spec) : IClassFixture<SpecNetwork>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly string[] ActorVolatile = ["publicKey.publicKeyPem", "published"];

    /// <summary>Examples made by a builder (actor documents, follow and block activities) from the example's own values.</summary>
    public static TheoryData<string> BuilderExamples =>
    [
        "person.json", "group.json", "application.json",
        "follow.json", "accept.json", "reject.json", "undo-follow.json", "block.json", "undo-block.json",
    ];

    /// <summary>Examples only seen on the wire (no builder of their own): the actor Update and Delete.</summary>
    public static IReadOnlyList<string> WireOnlyExamples => ["update-person.json", "delete-person.json", "update-group.json"];

    /// <summary>Examples served by an endpoint: name, path, and the values that change from run to run.</summary>
    public static TheoryData<string, string, string[]> EndpointExamples => new()
    {
        { "person.json", "/users/amira", ActorVolatile },
        { "group.json", "/users/hub", ActorVolatile },
        { "application.json", "/actor", ActorVolatile },
        { "outbox.json", "/users/amira/outbox", [] },
        { "outbox-page.json", "/users/amira/outbox?page=true", [] },
        { "followers.json", "/users/amira/followers", [] },
        { "followers-page.json", "/users/amira/followers?page=true", [] },
        { "webfinger.json", "/.well-known/webfinger?resource=acct:amira@hub.example", [] },
        { "webfinger-instance.json", "/.well-known/webfinger?resource=acct:hub.example@hub.example", [] },
        { "nodeinfo.json", "/.well-known/nodeinfo", [] },
        { "nodeinfo-2.0.json", "/nodeinfo/2.0", ["software.version"] },
        { "nodeinfo-2.1.json", "/nodeinfo/2.1", ["software.version"] },
    };

    [Theory]
    [MemberData(nameof(BuilderExamples))]
    public void BuilderExample_MatchesWhatTheCodeBuilds(string name)
    {
        var example = Golden.Example(name);
        Golden.AssertMatches(name, Build(name, example));
    }

    [Theory]
    [MemberData(nameof(EndpointExamples))]
    public async Task EndpointExample_MatchesWhatTheNodeServes(string name, string path, string[] volatilePaths)
    {
        using var client = spec.Client();
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Accept.ParseAdd("application/activity+json");
        using var response = await client.SendAsync(request, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var emitted = JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!;
        if (volatilePaths.Contains("publicKey.publicKeyPem"))
        {
            Assert.Equal("application/activity+json", response.Content.Headers.ContentType!.MediaType);
            Assert.StartsWith("-----BEGIN PUBLIC KEY-----\n", (string)emitted["publicKey"]!["publicKeyPem"]!, StringComparison.Ordinal);
            Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$", (string)emitted["published"]!);
        }

        Golden.AssertMatches(name, emitted, volatilePaths);
    }

    [Fact]
    public void AcceptSentOnTheWire_MatchesAcceptJson()
    {
        AssertActivityId(spec.AcceptSent);
        Golden.AssertMatches("accept.json", spec.AcceptSent, "id");
    }

    [Fact]
    public async Task ProfileUpdateAndAccountDelete_SentToFollowers_MatchTheExamples()
    {
        var members = spec.Node.Service<MemberService>();
        var amira = (await spec.Node.Service<IMemberStore>().FindByUsernameAsync("amira", Ct))!;
        await members.UpdateProfileAsync(amira.Id, amira.DisplayName, amira.Bio, amira.Locality, Ct);
        await spec.Node.DrainAsync();
        var update = spec.Remote.Received.LastOrDefault(a => (string?)a["type"] == "Update" && (string?)a["actor"] == SpecNetwork.Amira);
        Assert.NotNull(update);
        AssertActivityId(update);
        Golden.AssertMatches("update-person.json", update, "id", "object.publicKey.publicKeyPem", "object.published");

        // A second member, followed by kim, deletes their account: kim's server is told.
        var sam = await spec.Node.CreateMemberAsync("sam", "correct horse battery");
        using (var client = spec.Client())
        {
            var follow = new JsonObject
            {
                ["id"] = "https://remote.example/activities/kim-follows-sam",
                ["type"] = "Follow",
                ["actor"] = SpecNetwork.Kim,
                ["object"] = SpecNetwork.Origin + "/users/sam",
            };
            using var response = await spec.Remote.PostAsync(client, SpecNetwork.Origin + "/inbox", "kim", follow.ToJsonString());
            Assert.Equal(System.Net.HttpStatusCode.Accepted, response.StatusCode);
        }

        await spec.Node.DrainAsync();
        Assert.NotNull(await spec.Node.Service<IFollowStore>().FindAsync("sam", SpecNetwork.Kim, FollowDirection.In, Ct));
        await members.DeleteAccountAsync(sam.Id, "correct horse battery", Ct);
        await spec.Node.DrainAsync();
        var delete = spec.Remote.Received.LastOrDefault(a => (string?)a["type"] == "Delete");
        Assert.NotNull(delete);
        Golden.AssertMatches("delete-person.json", delete);
    }

    [Fact]
    public async Task FollowUndoBlockUndo_SentOnTheWire_MatchTheExamples()
    {
        var service = spec.Node.Service<FollowService>();

        var follow = Assert.IsType<Core.Outcome<Follow>.Ok>(await service.FollowAsync("amira", SpecNetwork.Lee, Ct)).Value;
        var sentFollow = await ReceivedAsync("Follow");
        AssertActivityId(sentFollow);
        Golden.AssertMatches("follow.json", sentFollow, "id");

        await service.UnfollowAsync("amira", follow.Id, Ct);
        var undoFollow = await ReceivedAsync("Undo", "Follow");
        Assert.Equal(sentFollow["id"]!.GetValue<string>(), (string?)undoFollow["object"]!["id"]);
        Golden.AssertMatches("undo-follow.json", undoFollow, "id", "object.id");

        Assert.IsType<Core.Outcome<Block>.Ok>(await service.BlockAsync("amira", SpecNetwork.Lee, Ct));
        var block = await ReceivedAsync("Block");
        Golden.AssertMatches("block.json", block, "id");

        Assert.IsType<Core.Outcome<Block>.Ok>(await service.UnblockAsync("amira", SpecNetwork.Lee, Ct));
        var undoBlock = await ReceivedAsync("Undo", "Block");
        Assert.Equal(block["id"]!.GetValue<string>(), (string?)undoBlock["object"]!["id"]);
        Golden.AssertMatches("undo-block.json", undoBlock, "id", "object.id");
    }

    [Fact]
    public async Task Actor_AsksForHtml_RedirectedToProfile_AndOtherCaseToTheCanonicalId()
    {
        using var client = spec.Client();
        using var html = new HttpRequestMessage(HttpMethod.Get, "/users/amira");
        html.Headers.Accept.ParseAdd("text/html");
        using var toProfile = await client.SendAsync(html, Ct);
        Assert.Equal(HttpStatusCode.Redirect, toProfile.StatusCode);
        Assert.Equal("/@amira", toProfile.Headers.Location!.OriginalString);

        using var upper = new HttpRequestMessage(HttpMethod.Get, "/users/AMIRA");
        upper.Headers.Accept.Add(MediaTypeWithQualityHeaderValue.Parse("application/ld+json; profile=\"https://www.w3.org/ns/activitystreams\""));
        using var toId = await client.SendAsync(upper, Ct);
        Assert.Equal(HttpStatusCode.MovedPermanently, toId.StatusCode);
        Assert.Equal(SpecNetwork.Amira, toId.Headers.Location!.OriginalString);
    }

    /// <summary>The builder call each builder example documents, fed with the example's own ids and volatile values.</summary>
    private static JsonObject Build(string name, JsonObject example)
    {
        string S(string dottedPath)
        {
            JsonNode? node = example;
            foreach (var part in dottedPath.Split('.'))
            {
                node = node![part];
            }

            return node is JsonArray array ? array[0]!.GetValue<string>() : node!.GetValue<string>();
        }

        const string Origin = SpecNetwork.Origin;
        switch (name)
        {
            case "person.json":
                return ActorDocuments.Build(
                    new LocalActor(LocalActorKind.Member, "amira", SpecNetwork.Amira, "Amira Haddad",
                        "I fix bikes on Saturdays.\nBring your own tea.", Origin + "/@amira", null, false, Amira()),
                    KeyOf(example), "hub.example");
            case "group.json":
                return ActorDocuments.Build(
                    new LocalActor(LocalActorKind.Hub, "hub", Origin + "/users/hub", "Riverside Repair Café",
                        "We fix things together on Tuesdays. (Riverside)", Origin + "/@hub", null, false, null,
                        HubProfile: new OurSociety.Core.Hubs.HubProfile("Riverside Repair Café", "Riverside", "We fix things together on Tuesdays.", "", "", null)),
                    KeyOf(example), "hub.example");
            case "application.json":
                return ActorDocuments.Build(
                    new LocalActor(LocalActorKind.Instance, ApUrls.InstanceActorName, Origin + "/actor", "hub.example", "", Origin + "/", null, true, null),
                    KeyOf(example), "hub.example");
            case "follow.json":
                return Activities.Follow(S("id"), S("actor"), S("object"));
            case "accept.json":
                return Activities.AcceptFollow(S("id"), S("actor"), S("object.actor"), S("object.id"));
            case "reject.json":
                return Activities.RejectFollow(S("id"), S("actor"), S("object.actor"), S("object.id"));
            case "undo-follow.json":
                return Activities.Undo(S("id"), S("actor"), Activities.Follow(S("object.id"), S("object.actor"), S("object.object")), [S("to")]);
            case "block.json":
                return Activities.Block(S("id"), S("actor"), S("object"));
            case "undo-block.json":
                return Activities.Undo(S("id"), S("actor"), Activities.Block(S("object.id"), S("object.actor"), S("object.object")), [S("to")]);
            default:
                throw new ArgumentOutOfRangeException(nameof(name), name, "no builder for this example");
        }

        // The member behind the Person: her skills and interests (the attachment), the default introduction policy, no glue-er role.
        static Member Amira() => new(Guid.Empty, "amira", "Amira Haddad", "", "", null, new HashSet<Role> { Role.Member }, MemberState.Active, null,
            DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch)
        {
            CanHelpWith = ["bikes", "repairs"],
            InterestedIn = ["gardening"],
        };

        static ActorKeyPair KeyOf(JsonObject example) => new(
            "unused",
            example["publicKey"]!["publicKeyPem"]!.GetValue<string>(),
            DateTimeOffset.Parse(example["published"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture));
    }

    private static void AssertActivityId(JsonObject activity) =>
        Assert.Matches(@"^https://hub\.example/activities/[0-9a-f]{8}-[0-9a-f]{4}-[78][0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}$", (string)activity["id"]!);

    /// <summary>Sends what the node has to send, then the last activity of that type amira sent to lee.</summary>
    private async Task<JsonObject> ReceivedAsync(string type, string? innerType = null)
    {
        await spec.Node.DrainAsync();
        var received = spec.Remote.Received.LastOrDefault(a => (string?)a["type"] == type
            && (innerType is null || (a["object"] is JsonObject inner && (string?)inner["type"] == innerType))
            && (string?)a["actor"] == SpecNetwork.Amira && a.ToJsonString().Contains(SpecNetwork.Lee, StringComparison.Ordinal));
        Assert.NotNull(received);
        return received;
    }
}
