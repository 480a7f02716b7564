using OurSociety.Core.Notifications;
using OurSociety.Core.Paging;
using OurSociety.Core.Posts;
using OurSociety.Testing;
using OurSociety.Web.Tests.Federation.Posts;

namespace OurSociety.Web.Tests.Federation.Mentions;

/// <summary>
/// A handle whose host is a private address is refused by the outbound guard, as for a follow: no request leaves the
/// node, the handle stays plain text and its author is told it could not be found.
/// </summary>
public sealed class PrivateAddressMentionTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("ana@10.1.2.3")]
    [InlineData("ana@127.0.0.1:9")]
    [InlineData("ana@localhost:9")]
    public async Task HandleOnAPrivateAddress_IsRefused_AndStaysPlainText(string handle)
    {
        await using var node = new NodeFactory();
        var author = await node.CreateMemberAsync("writer");
        var story = PostNetwork.Ok(await node.Service<PostService>().CreateStoryAsync(author.Id,
            new StoryInput("A story", null, $"Thanks @{handle} for this.", [], null, null, "public", false, null), Ct));

        await node.DrainAsync();

        var kept = Assert.Single(await node.Service<IMentionStore>().ListAsync(MentionSubjects.Post(story.Id), Ct));
        Assert.False(kept.IsFound);
        var notice = Assert.Single((await node.Service<INotificationStore>().ListAsync(author.Id, Cursor.Start, 10, Ct)).Items);
        Assert.Equal((NotificationKind.MentionUnknown, "@" + handle), (notice.Kind, notice.Actor));
        using var client = node.CreateClient();
        var page = await client.GetStringAsync($"/stories/{story.Id}", Ct);
        Assert.Contains($"@{handle}", System.Net.WebUtility.HtmlDecode(page), StringComparison.Ordinal);
        Assert.DoesNotContain("u-url mention", page, StringComparison.Ordinal);
    }
}
