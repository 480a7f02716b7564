using System.Text.Json.Nodes;
using OurSociety.Core.Posts;
using OurSociety.Testing;

namespace OurSociety.Web.Tests.Federation.Posts;

/// <summary>
/// An outbox hands out what its author still stands by: not the Create of a deleted story, from the moment it is
/// deleted (before the work that sends its Delete has run; that it was left to a background race once hid this).
/// </summary>
public sealed class OutboxPostTests(NodeFactory node) : IClassFixture<NodeFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Outbox_DeletedStory_ItsCreateIsNoLongerListed()
    {
        var member = await node.CreateMemberAsync("outbox_writer");
        var kept = await node.StoryAsync(member.Id, "Kept");
        var deleted = await node.StoryAsync(member.Id, "Withdrawn");
        await node.DrainAsync();   // a story's Create is written by the work that publishes it

        Assert.Equal(2, (await OutboxAsync("/users/outbox_writer/outbox"))["totalItems"]!.GetValue<long>());
        await node.Service<PostService>().DeleteAsync(member.Id, deleted.Id, Ct);

        Assert.Equal(1, (await OutboxAsync("/users/outbox_writer/outbox"))["totalItems"]!.GetValue<long>());
        var item = Assert.Single((await OutboxAsync("/users/outbox_writer/outbox?page=true"))["orderedItems"]!.AsArray());
        Assert.Equal($"{node.PublicUrl}/stories/{kept.Id}", (string?)item!["object"]!["id"] ?? (string?)item["object"]);
    }

    private async Task<JsonObject> OutboxAsync(string path)
    {
        using var client = node.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Accept.ParseAdd("application/activity+json");
        using var response = await client.SendAsync(request, Ct);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!.AsObject();
    }
}
