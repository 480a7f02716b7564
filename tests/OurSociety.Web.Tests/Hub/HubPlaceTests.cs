using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using OurSociety.Core.Hubs;
using OurSociety.Testing;
using OurSociety.Web.Tests.Settings;

namespace OurSociety.Web.Tests.Hub;

/// <summary>
/// The hub's topics and coordinates (issue 14): set on <c>/admin/hub</c>, checked beside their fields, and carried on
/// the wire: the Group's <c>location</c> Place and <c>os:locality</c>, and NodeInfo's <c>metadata</c>.
/// </summary>
public sealed class HubPlaceTests : IAsyncLifetime
{
    private readonly NodeFactory _node = new NodeFactory()
        .With("OurSociety:Hub:Name", "Configured Hub")
        .With("OurSociety:Hub:Locality", "Riverside")
        .With("OurSociety:Hub:Description", "We fix things.");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync() => await _node.DisposeAsync();

    [Fact]
    public async Task TopicsAndCoordinates_AreNormalisedStoredAndFederated()
    {
        using var admin = await HubTestKit.AdminAsync(_node);
        using var saved = await admin.SaveHubAsync(_node, new Dictionary<string, string>
        {
            ["topics"] = "#Repair, gardening repair",
            ["latitude"] = " 51.48 ",
            ["longitude"] = "-3,18",
        });
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);

        var hub = _node.Service<HubIdentity>().Current;
        Assert.Equal("repair gardening", hub.Topics);
        Assert.Equal(51.48, hub.Latitude);
        Assert.Equal(-3.18, hub.Longitude);
        var (_, form) = await admin.GetAsync("/admin/hub");
        Assert.Contains("value=\"repair gardening\"", form, StringComparison.Ordinal);

        var group = await ActorAsync();
        Assert.Equal("Riverside", group["locality"]?.GetValue<string>());
        Assert.Equal("os:locality", group["@context"]![2]!["locality"]?.GetValue<string>());
        var place = group["location"]!.AsObject();
        Assert.Equal("Place", place["type"]?.GetValue<string>());
        Assert.Equal("Riverside", place["name"]?.GetValue<string>());
        Assert.Equal(51.48, place["latitude"]?.GetValue<double>());
        Assert.Equal(-3.18, place["longitude"]?.GetValue<double>());

        using var client = _node.CreateClient();
        var info = JsonNode.Parse(await client.GetStringAsync("/nodeinfo/2.1", Ct))!;
        Assert.Equal(["repair", "gardening"], info["metadata"]!["topics"]!.AsArray().Select(t => t!.GetValue<string>()));
        Assert.Equal("We fix things.", info["metadata"]!["description"]?.GetValue<string>());
        Assert.Equal("Riverside", info["metadata"]!["locality"]?.GetValue<string>());

        // Coordinates taken off again: the Place keeps only its name.
        using var cleared = await admin.SaveHubAsync(_node, new Dictionary<string, string> { ["latitude"] = "", ["longitude"] = "" });
        Assert.Equal(HttpStatusCode.Redirect, cleared.StatusCode);
        var after = (await ActorAsync())["location"]!.AsObject();
        Assert.False(after.ContainsKey("latitude"));
        Assert.False(after.ContainsKey("longitude"));
    }

    [Fact]
    public async Task NoLocality_NoPlaceOnTheGroup()
    {
        using var admin = await HubTestKit.AdminAsync(_node);
        using var saved = await admin.SaveHubAsync(_node, new Dictionary<string, string> { ["locality"] = "" });
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);

        var group = await ActorAsync();
        Assert.False(group.ContainsKey("location"));
        Assert.False(group.ContainsKey("locality"));
    }

    [Theory]
    [InlineData("latitude", "91", "-3.18", "The latitude must be a number from -90 to 90, like 51.48; &#x27;91&#x27; is not.")]
    [InlineData("longitude", "51.48", "east", "The longitude must be a number from -180 to 180, like -3.18; &#x27;east&#x27; is not.")]
    [InlineData("longitude", "51.48", "", "Fill in both the latitude and the longitude, or leave both empty.")]
    [InlineData("latitude", "", "-3.18", "Fill in both the latitude and the longitude, or leave both empty.")]
    public async Task BadCoordinates_RefusedBesideTheField_NothingChanges(string field, string latitude, string longitude, string message)
    {
        using var admin = await HubTestKit.AdminAsync(_node);

        using var response = await admin.SaveHubAsync(_node, new Dictionary<string, string> { ["latitude"] = latitude, ["longitude"] = longitude });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains($"<p class=\"field-error\" id=\"{field}-error\">{message}</p>", await response.BodyAsync(), StringComparison.Ordinal);
        Assert.Equal(StoredHubProfile.None, _node.Service<HubIdentity>().Stored);
    }

    [Theory]
    [InlineData("not-a-word", "&#x27;not-a-word&#x27; cannot be a topic")]
    [InlineData("a b c d e f", "Choose at most 5 topics.")]
    public async Task BadTopics_RefusedBesideTheField_NothingChanges(string topics, string message)
    {
        using var admin = await HubTestKit.AdminAsync(_node);

        using var response = await admin.SaveHubAsync(_node, new Dictionary<string, string> { ["topics"] = topics });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(message, await response.BodyAsync(), StringComparison.Ordinal);
        Assert.Equal(StoredHubProfile.None, _node.Service<HubIdentity>().Stored);
    }

    private async Task<JsonObject> ActorAsync()
    {
        using var client = _node.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/users/hub");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/activity+json"));
        using var response = await client.SendAsync(request, Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!.AsObject();
    }
}
