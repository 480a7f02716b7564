using System.Net;
using System.Text.Json.Nodes;
using OurSociety.Content;
using OurSociety.Core.Federation;
using OurSociety.Core.Hubs;
using OurSociety.Core.Media;
using OurSociety.Testing;
using OurSociety.Web.Tests.Content;

namespace OurSociety.Web.Tests.Specs;

/// <summary>
/// update-group.json: the Update of the hub's Group an admin's change sends to the hub's followers. A node of its own
/// (set up like <see cref="SpecNetwork"/>), as the change would show in group.json's endpoint test.
/// </summary>
public sealed class HubUpdateExampleTests : IAsyncLifetime
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private readonly NodeFactory _node = new NodeFactory()
        .With("OurSociety:PublicUrl", SpecNetwork.Origin)
        .With("OurSociety:Hub:Name", "Riverside Repair Café")
        .With("OurSociety:Hub:Description", "We fix things together on Tuesdays.")
        .With("OurSociety:Hub:Locality", "Riverside");

    private readonly FakeRemoteServer _remote = new("https://remote.example");

    public async ValueTask InitializeAsync()
    {
        _node.FederationHandler = () => new Forwarder(_remote);
        _remote.AddActor("kim");
        using var client = _node.CreateClient(new() { BaseAddress = new Uri(SpecNetwork.Origin), AllowAutoRedirect = false });
        var follow = new JsonObject
        {
            ["@context"] = "https://www.w3.org/ns/activitystreams",
            ["id"] = "https://remote.example/activities/kim-follows-the-hub",
            ["type"] = "Follow",
            ["actor"] = SpecNetwork.Kim,
            ["object"] = SpecNetwork.Origin + "/users/hub",
        };
        using var response = await _remote.PostAsync(client, SpecNetwork.Origin + "/inbox", "kim", follow.ToJsonString());
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        await _node.DrainAsync();
        Assert.NotNull(await _node.Service<IFollowStore>().FindAsync("hub", SpecNetwork.Kim, FollowDirection.In, Ct));
    }

    public async ValueTask DisposeAsync()
    {
        await _node.DisposeAsync();
        _remote.Dispose();
    }

    [Fact]
    public async Task HubChangedOnTheWeb_UpdateOfTheGroupSentToItsFollowers_MatchesTheExample()
    {
        var admin = await _node.CreateMemberAsync("rosa", "correct horse battery", OurSociety.Core.Members.Role.Admin);
        var hub = _node.Service<HubIdentity>();
        await hub.SaveAsync(new HubChange("Riverside Repair Café", "Riverside", "We fix things together on Tuesdays, and now on Saturdays too.", "", ""), admin.Id, Ct);
        await hub.SetLogoAsync(await LogoAsync(admin.Id), admin.Id, Ct);
        await _node.DrainAsync();

        var updates = _remote.Received.Where(a => (string?)a["type"] == "Update" && (string?)a["actor"] == SpecNetwork.Origin + "/users/hub").ToList();
        Assert.Equal(2, updates.Count);   // one per change, each with the hub as it is when sent
        var update = updates[^1];
        Assert.Equal($"{SpecNetwork.Origin}/media/{hub.Current.Logo!.Id:D}", (string?)update["object"]!["icon"]!["url"]);
        Golden.AssertMatches("update-group.json", update, "id", "object.publicKey.publicKeyPem", "object.published", "object.icon.url");
    }

    /// <summary>A logo as the upload form keeps it (the form itself needs a browser session, which an https node keeps for https only).</summary>
    private async Task<HubLogo> LogoAsync(Guid adminId)
    {
        var processed = Assert.IsType<ImageResult.Ok>(ImageProcessor.Process(TestImages.Png(600, 600), ImageProcessor.DefaultMaxBytes)).Image;
        var (large, small) = LogoPictures.Make(processed);
        var items = new List<MediaItem>();
        foreach (var image in new[] { large, small })
        {
            var item = new MediaItem(Guid.CreateVersion7(), adminId, image.MediaType, image.Width, image.Height, image.Bytes.Length, null, _node.Time.GetUtcNow());
            await _node.Service<MediaFiles>().SaveAsync(item.Id, image, Ct);
            await _node.Service<IMediaStore>().AddAsync(item, Ct);
            items.Add(item);
        }

        return new HubLogo(items[0].Id, items[0].MediaType, items[0].Width, items[0].Height, items[1].Id, items[1].MediaType, items[1].Width, items[1].Height);
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
