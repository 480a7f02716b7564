using System.Net;
using System.Text.Json.Nodes;
using OurSociety.Core.Federation;
using OurSociety.Core.Members;
using OurSociety.Testing;

namespace OurSociety.Web.Tests.Specs;

/// <summary>
/// The cast of the examples in federation-specs/: the node <c>https://hub.example</c> (hub "Riverside Repair Café",
/// member <c>amira</c>) and a fake remote server <c>https://remote.example</c> whose <c>kim</c> follows amira through
/// the real inbox, and whose <c>lee</c> amira follows and blocks in the wire tests.
/// </summary>
public sealed class SpecNetwork : IAsyncLifetime
{
    public const string Origin = "https://hub.example";
    public const string Amira = Origin + "/users/amira";
    public const string Kim = "https://remote.example/users/kim";
    public const string Lee = "https://remote.example/users/lee";

    /// <summary>The id of kim's Follow of amira, as accept.json shows it.</summary>
    public const string KimsFollow = "https://remote.example/activities/3f6b2c1e-kim-follows-amira";

    public NodeFactory Node { get; } = new();

    public FakeRemoteServer Remote { get; } = new("https://remote.example");

    /// <summary>The Accept amira's node sent to kim, as received on the wire.</summary>
    public JsonObject AcceptSent { get; private set; } = null!;

    public HttpClient Client() => Node.CreateClient(new() { BaseAddress = new Uri(Origin), AllowAutoRedirect = false });

    public async ValueTask InitializeAsync()
    {
        var ct = TestContext.Current.CancellationToken;
        Node.With("OurSociety:PublicUrl", Origin)
            .With("OurSociety:Registrations", "approval")
            .With("OurSociety:Hub:Name", "Riverside Repair Café")
            .With("OurSociety:Hub:Description", "We fix things together on Tuesdays.")
            .With("OurSociety:Hub:Locality", "Riverside");
        Node.FederationHandler = () => new Forwarder(Remote);
        Remote.AddActor("kim");
        Remote.AddActor("lee");

        var amira = await Node.CreateMemberAsync("amira");
        await Node.Service<MemberService>().UpdateProfileAsync(
            amira.Id, "Amira Haddad", "I fix bikes on Saturdays.\nBring your own tea.", "Riverside", ct);
        // Her skills and interests: the two profile fields of person.json.
        await Node.Service<SkillService>().SetAsync(amira.Id, ["bikes", "repairs"], ["gardening"], ct);

        // kim follows amira over the wire, so the followers collection and the Accept are the real thing.
        using var client = Client();
        var follow = new JsonObject
        {
            ["@context"] = "https://www.w3.org/ns/activitystreams",
            ["id"] = KimsFollow,
            ["type"] = "Follow",
            ["actor"] = Kim,
            ["object"] = Amira,
        };
        using var response = await Remote.PostAsync(client, Amira + "/inbox", "kim", follow.ToJsonString());
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        await Node.DrainAsync();
        Assert.Equal(FollowState.Accepted, (await Node.Service<IFollowStore>().FindAsync("amira", Kim, FollowDirection.In, ct))?.State);
        AcceptSent = Assert.Single(Remote.Received, a => (string?)a["type"] == "Accept");
    }

    public async ValueTask DisposeAsync()
    {
        await Node.DisposeAsync();
        Remote.Dispose();
    }

    /// <summary>Hands the node's federation requests to the fake remote server, which outlives the client's handlers.</summary>
    private sealed class Forwarder(HttpMessageHandler remote) : HttpMessageHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            using var invoker = new HttpMessageInvoker(remote, disposeHandler: false);
            return await invoker.SendAsync(request, cancellationToken);
        }
    }
}
