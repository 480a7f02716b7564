using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OurSociety.Core.Federation;
using OurSociety.Core.Posts;
using OurSociety.Testing;
using OurSociety.Web.Tests.Api;

namespace OurSociety.Web.Tests.Finding;

/// <summary>Posts for list tests: local ones through the API, received ones straight into the store as the inbox would.</summary>
internal static class FindingKit
{
    public const string Stories = ApiTestKit.Prefix + "/stories";
    public const string Lessons = ApiTestKit.Prefix + "/lessons";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static async Task<Guid> StoryAsync(this ApiUser user, object body)
    {
        var story = await (await user.Client.PostAsJsonAsync(Stories, body, Ct)).JsonAsync(HttpStatusCode.Created);
        return story.GetProperty("id").GetGuid();
    }

    /// <summary>A story received from another server, with its author known (as after a fetch).</summary>
    public static async Task<Post> ReceivedAsync(
        this NodeFactory node, string title, string body = "<p>From far away.</p>", string[]? topics = null,
        Visibility visibility = Visibility.Public, string host = "remote.example", string user = "bob", IReadOnlyList<PostImage>? images = null)
    {
        var actorId = $"https://{host}/users/{user}";
        await node.Service<IRemoteActorStore>().UpsertAsync(new RemoteActor(
            actorId, "Person", user, host, $"Remote {user}", actorId + "/inbox", null, $"https://{host}/@{user}", null, null, null, false, "{}",
            node.Time.GetUtcNow()), Ct);
        var now = node.Time.GetUtcNow();
        var id = Guid.CreateVersion7(now);
        var post = new Post
        {
            Id = id,
            Kind = PostKind.Story,
            RemoteAuthor = actorId,
            ApId = $"https://{host}/objects/{id:N}",
            Url = $"https://{host}/@{user}/{id:N}",
            Format = TextFormat.Html,
            Title = title,
            Body = body,
            Topics = topics ?? [],
            Images = images ?? [],
            Visibility = visibility,
            CreatedAt = now,
            PublishedAt = now,
        };
        Assert.True(await node.WriteAsync(tx => node.Service<IPostStore>().AddAsync(post, tx, Ct)));
        return post;
    }

    public static IEnumerable<string?> Titles(this JsonElement page) =>
        page.GetProperty("items").EnumerateArray().Select(p => p.GetProperty("title").GetString());
}
