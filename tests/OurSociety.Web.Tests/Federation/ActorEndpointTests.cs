using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using OurSociety.Testing;

namespace OurSociety.Web.Tests.Federation;

/// <summary>Actors at their ids: JSON for servers, the profile page for browsers, and their collections.</summary>
public sealed class ActorEndpointTests(NodeFactory node) : IClassFixture<NodeFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private HttpClient Client() => node.CreateClient(new() { AllowAutoRedirect = false });

    private async Task<(HttpResponseMessage Response, JsonObject? Json)> GetAsync(string path, string accept = "application/activity+json")
    {
        using var client = Client();
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Accept.ParseAdd(accept);
        var response = await client.SendAsync(request, Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);
        return (response, response.Content.Headers.ContentType?.MediaType == "application/activity+json" ? JsonNode.Parse(text)!.AsObject() : null);
    }

    [Fact]
    public async Task Member_AsActivityJson_IsAPersonWithEverythingServersNeed()
    {
        await node.CreateMemberAsync("amira");

        var (response, actor) = await GetAsync("/users/amira");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Accept", response.Headers.Vary);
        Assert.NotNull(actor);
        Assert.Equal("https://www.w3.org/ns/activitystreams", (string?)actor["@context"]![0]);
        Assert.Equal("http://localhost/users/amira", (string?)actor["id"]);
        Assert.Equal("Person", (string?)actor["type"]);
        Assert.Equal("amira", (string?)actor["preferredUsername"]);
        Assert.Equal("http://localhost/users/amira/inbox", (string?)actor["inbox"]);
        Assert.Equal("http://localhost/users/amira/outbox", (string?)actor["outbox"]);
        Assert.Equal("http://localhost/users/amira/followers", (string?)actor["followers"]);
        Assert.Equal("http://localhost/users/amira/following", (string?)actor["following"]);
        Assert.Equal("http://localhost/inbox", (string?)actor["endpoints"]!["sharedInbox"]);
        Assert.Equal("http://localhost/@amira", (string?)actor["url"]);
        Assert.False((bool)actor["manuallyApprovesFollowers"]!);
        Assert.True((bool)actor["discoverable"]!);
        Assert.NotNull((string?)actor["published"]);
        Assert.Equal("http://localhost/users/amira#main-key", (string?)actor["publicKey"]!["id"]);
        Assert.Equal("http://localhost/users/amira", (string?)actor["publicKey"]!["owner"]);
        Assert.StartsWith("-----BEGIN PUBLIC KEY-----", (string?)actor["publicKey"]!["publicKeyPem"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Member_KeyIsStable_AcrossRequests()
    {
        await node.CreateMemberAsync("stable");

        var (_, first) = await GetAsync("/users/stable");
        var (_, second) = await GetAsync("/users/stable", "application/ld+json; profile=\"https://www.w3.org/ns/activitystreams\"");

        Assert.Equal((string?)first!["publicKey"]!["publicKeyPem"], (string?)second!["publicKey"]!["publicKeyPem"]);
    }

    [Fact]
    public async Task Member_AsHtml_RedirectsToTheProfilePage()
    {
        await node.CreateMemberAsync("browsed");

        var (response, _) = await GetAsync("/users/browsed", "text/html");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/@browsed", response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task Hub_IsAGroup_ThatAutoAccepts()
    {
        var (response, actor) = await GetAsync("/users/hub");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Group", (string?)actor!["type"]);
        Assert.Equal("hub", (string?)actor["preferredUsername"]);
        Assert.False((bool)actor["manuallyApprovesFollowers"]!);
    }

    [Fact]
    public async Task InstanceActor_IsAnApplicationNamedAfterTheHost()
    {
        var (response, actor) = await GetAsync("/actor");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Application", (string?)actor!["type"]);
        Assert.Equal("http://localhost/actor", (string?)actor["id"]);
        Assert.Equal("localhost", (string?)actor["preferredUsername"]);
        Assert.Equal("http://localhost/actor#main-key", (string?)actor["publicKey"]!["id"]);
    }

    [Fact]
    public async Task UnknownActor_404()
    {
        var (response, _) = await GetAsync("/users/nobody_here");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Collections_AreOrderedCollectionsWithPages()
    {
        await node.CreateMemberAsync("collector");

        foreach (var name in new[] { "outbox", "followers", "following" })
        {
            var (response, collection) = await GetAsync($"/users/collector/{name}");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("OrderedCollection", (string?)collection!["type"]);
            Assert.Equal(0, (int)collection["totalItems"]!);
            var first = (string)collection["first"]!;

            var (pageResponse, page) = await GetAsync(new Uri(first).PathAndQuery);
            Assert.Equal(HttpStatusCode.OK, pageResponse.StatusCode);
            Assert.Equal("OrderedCollectionPage", (string?)page!["type"]);
            Assert.Equal($"http://localhost/users/collector/{name}", (string?)page["partOf"]);
            Assert.Empty(page["orderedItems"]!.AsArray());
        }
    }

    [Fact]
    public async Task CollectionPage_WithACursorWeDidNotMake_400()
    {
        await node.CreateMemberAsync("cursed");

        var (response, _) = await GetAsync("/users/cursed/followers?page=%%%");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }
}
