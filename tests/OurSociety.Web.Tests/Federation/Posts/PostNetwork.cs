using OurSociety.Core;
using OurSociety.Core.Posts;
using OurSociety.Testing;

namespace OurSociety.Web.Tests.Federation.Posts;

/// <summary>Writing posts straight through the domain on a node, for the federation tests.</summary>
internal static class PostNetwork
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static async Task<Post> StoryAsync(this NodeFactory node, Guid author, string title, string visibility = "public", params string[] topics) =>
        Ok(await node.Service<PostService>().CreateStoryAsync(
            author, new StoryInput(title, "A short teaser.", "We **met** on Tuesday.", topics, "Leeds", null, visibility, false, null), Ct));

    public static async Task<Post> LessonAsync(this NodeFactory node, Guid author, string title, IReadOnlyList<string>? sources = null, string? adaptedFrom = null) =>
        Ok(await node.Service<PostService>().CreateLessonAsync(
            author,
            new LessonInput(title, "A small town.", "A rota.", "It worked.", "Start early.", "Ask neighbours first.", ["lessons"], sources, adaptedFrom, null, "public", false),
            Ct));

    public static async Task<Post?> FindAsync(this NodeFactory node, string apIdOrUrl) =>
        await node.Service<IPostStore>().FindByApIdOrUrlAsync(apIdOrUrl, Ct);

    public static T Ok<T>(Outcome<T> outcome) =>
        outcome is Outcome<T>.Ok ok ? ok.Value : throw new InvalidOperationException($"Expected success, got {outcome}");
}
