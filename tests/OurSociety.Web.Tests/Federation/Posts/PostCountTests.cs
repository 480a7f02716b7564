using System.Net;
using System.Text.Json.Nodes;
using OurSociety.Core.Posts;
using OurSociety.Testing;

namespace OurSociety.Web.Tests.Federation.Posts;

/// <summary>
/// A post's object carries its <c>likes</c> ("this helped me") and <c>shares</c> as counted collections, as Mastodon's
/// do; their addresses answer the same counts, to whoever may fetch the post, and 404 for anything else.
/// </summary>
public sealed class PostCountTests(NodeFactory node) : IClassFixture<NodeFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task LikedAndSharedStory_ObjectAndCollections_ShowTheCounts()
    {
        var author = await node.CreateMemberAsync("counts_author");
        var story = await node.StoryAsync(author.Id, "Counted");
        var service = node.Service<PostService>();
        foreach (var name in new[] { "counts_one", "counts_two" })
        {
            var reader = await node.CreateMemberAsync(name);
            PostNetwork.Ok(await service.ReactAsync(reader.Id, story, ReactionKind.Like, add: true, Ct));
        }

        var sharer = await node.CreateMemberAsync("counts_sharer");
        PostNetwork.Ok(await service.ReactAsync(sharer.Id, story, ReactionKind.Share, add: true, Ct));
        await node.DrainAsync();

        var id = $"{node.PublicUrl}/stories/{story.Id}";
        var (status, document) = await GetAsync($"/stories/{story.Id}");
        Assert.Equal(HttpStatusCode.OK, status);
        AssertCounted(document!["likes"], id + "/likes", 2);
        AssertCounted(document["shares"], id + "/shares", 1);

        var (likesStatus, likes) = await GetAsync($"/stories/{story.Id}/likes");
        Assert.Equal(HttpStatusCode.OK, likesStatus);
        AssertCounted(likes, id + "/likes", 2);
        Assert.Equal("https://www.w3.org/ns/activitystreams", (string?)likes!["@context"]);
        Assert.Null(likes["items"]);   // counts only, as Mastodon
        var (sharesStatus, shares) = await GetAsync($"/stories/{story.Id}/shares");
        Assert.Equal(HttpStatusCode.OK, sharesStatus);
        AssertCounted(shares, id + "/shares", 1);

        // No story, the wrong kind and a deleted story: 404.
        Assert.Equal(HttpStatusCode.NotFound, (await GetAsync($"/stories/{Guid.NewGuid()}/likes")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await GetAsync($"/lessons/{story.Id}/shares")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await GetAsync($"/replies/{story.Id}/likes")).Status);
        var gone = await node.StoryAsync(author.Id, "Withdrawn");
        PostNetwork.Ok(await service.DeleteAsync(author.Id, gone.Id, Ct));
        Assert.Equal(HttpStatusCode.NotFound, (await GetAsync($"/stories/{gone.Id}/likes")).Status);
    }

    [Fact]
    public async Task FollowersOnlyStory_ItsCollections_AreNotShownToAnAnonymousFetch()
    {
        var author = await node.CreateMemberAsync("counts_private");
        var story = await node.StoryAsync(author.Id, "For followers", visibility: "followers");
        await node.DrainAsync();

        Assert.Equal(HttpStatusCode.NotFound, (await GetAsync($"/stories/{story.Id}")).Status);
        foreach (var path in new[] { "likes", "shares" })
        {
            var (status, document) = await GetAsync($"/stories/{story.Id}/{path}");
            Assert.Equal(HttpStatusCode.NotFound, status);
            Assert.Null(document?["totalItems"]);
        }
    }

    private static void AssertCounted(JsonNode? collection, string id, long total)
    {
        Assert.NotNull(collection);
        Assert.Equal(id, (string?)collection["id"]);
        Assert.Equal("Collection", (string?)collection["type"]);
        Assert.Equal(total, collection["totalItems"]!.GetValue<long>());
    }

    private async Task<(HttpStatusCode Status, JsonObject? Document)> GetAsync(string path)
    {
        using var client = node.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Accept.ParseAdd("application/activity+json");
        using var response = await client.SendAsync(request, Ct);
        var body = await response.Content.ReadAsStringAsync(Ct);
        return (response.StatusCode, response.IsSuccessStatusCode ? JsonNode.Parse(body)!.AsObject() : null);
    }
}
