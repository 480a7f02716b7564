using System.Net;
using System.Net.Http.Json;
using OurSociety.Core;
using OurSociety.Core.Notifications;
using OurSociety.Testing;
using OurSociety.Web.Tests.Api;

namespace OurSociety.Web.Tests.Finding;

public sealed class NotificationTests(NodeFactory node) : IClassFixture<NodeFactory>
{
    private const string Notifications = ApiTestKit.Prefix + "/notifications";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Api_ListsWhoDidWhatToWhich_ThenMarksRead()
    {
        using var author = await node.ApiUserAsync("notify_author");
        using var reader = await node.ApiUserAsync("notify_reader");
        var story = await author.StoryAsync(new { title = "Notified <story>", body = "b" });
        var reply = (await (await reader.Client.PostAsJsonAsync($"{FindingKit.Stories}/{story}/replies", new { body = "Nice" }, Ct)).JsonAsync(HttpStatusCode.Created))
            .GetProperty("id").GetGuid();
        await (await reader.Client.PostAsync($"{FindingKit.Stories}/{story}/like", null, Ct)).JsonAsync(HttpStatusCode.OK);
        await using (var tx = await node.Service<ITransactions>().BeginAsync(Ct))
        {
            await node.Service<INotificationStore>().AddAsync([node.Service<Notifier>().Make(author.Member.Id, NotificationKind.Follow, "https://remote.example/users/fan", false, null)!], tx, Ct);
            await tx.CommitAsync(Ct);
        }

        var list = await (await author.Client.GetAsync(Notifications, Ct)).JsonAsync(HttpStatusCode.OK);

        var items = list.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(["follow", "like", "reply"], items.Select(i => i.GetProperty("kind").GetString()));
        Assert.All(items, i => Assert.False(i.GetProperty("read").GetBoolean()));
        var replied = items[2];
        Assert.Equal("notify_reader", replied.GetProperty("actor").GetProperty("username").GetString());
        Assert.Equal(story, replied.GetProperty("post").GetProperty("id").GetGuid());
        Assert.Equal("Notified <story>", replied.GetProperty("post").GetProperty("title").GetString());
        Assert.Equal($"{node.PublicUrl}/stories/{story}", replied.GetProperty("post").GetProperty("url").GetString());
        Assert.Equal($"{node.PublicUrl}/replies/{reply}", replied.GetProperty("replyUrl").GetString());
        Assert.Equal("https://remote.example/users/fan", items[0].GetProperty("actor").GetProperty("actorId").GetString());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, items[0].GetProperty("post").ValueKind);

        Assert.Equal(HttpStatusCode.NoContent, (await author.Client.PostAsync($"{Notifications}/read", null, Ct)).StatusCode);
        var read = await (await author.Client.GetAsync(Notifications, Ct)).JsonAsync(HttpStatusCode.OK);
        Assert.All(read.GetProperty("items").EnumerateArray(), i => Assert.True(i.GetProperty("read").GetBoolean()));
        var theirs = await (await reader.Client.GetAsync(Notifications, Ct)).JsonAsync(HttpStatusCode.OK);
        Assert.Empty(theirs.GetProperty("items").EnumerateArray());
        using var anonymous = node.CreateClient();
        await (await anonymous.GetAsync(Notifications, Ct)).ProblemAsync(HttpStatusCode.Unauthorized);
        await (await author.Client.GetAsync($"{Notifications}?limit=0", Ct)).ValidationProblemAsync("limit");
    }

    [Fact]
    public async Task Page_ShowsSentencesAndHeaderCount_MarkAllRead()
    {
        using var author = await node.ApiUserAsync("notify_page");
        using var reader = await node.ApiUserAsync("notify_liker");
        var story = await author.StoryAsync(new { title = "Count me", body = "b" });
        await (await reader.Client.PostAsync($"{FindingKit.Stories}/{story}/like", null, Ct)).JsonAsync(HttpStatusCode.OK);
        await (await reader.Client.PostAsync($"{FindingKit.Stories}/{story}/share", null, Ct)).JsonAsync(HttpStatusCode.OK);
        using var browser = await node.SignedInBrowserAsync("notify_page");

        var (_, home) = await browser.GetAsync("/local");
        var (status, page) = await browser.GetAsync("/notifications");

        Assert.Contains("(2 new)", home, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("found your story “<a href=\"/stories/" + story + "\">Count me</a>” helpful.", page, StringComparison.Ordinal);
        Assert.Contains("shared your story", page, StringComparison.Ordinal);
        Assert.Contains("href=\"/@notify_liker\"", page, StringComparison.Ordinal);

        var marked = await browser.SubmitAsync("/notifications", "/notifications/read", new Dictionary<string, string>());
        Assert.Equal(HttpStatusCode.Redirect, marked.StatusCode);
        var (_, after) = await browser.GetAsync(marked.Headers.Location!.OriginalString);
        Assert.Contains("All your notifications are marked as read.", after, StringComparison.Ordinal);
        Assert.DoesNotContain(" new)", after, StringComparison.Ordinal);
        Assert.Equal(0, await node.Service<INotificationStore>().CountUnreadAsync(author.Member.Id, Ct));

        using var anonymous = new Browserless(node);
        var (signedOut, _) = await anonymous.GetAsync("/notifications");
        Assert.Equal(HttpStatusCode.Redirect, signedOut);
        var (_, anonymousPage) = await anonymous.GetAsync("/local");
        Assert.DoesNotContain("/notifications", anonymousPage, StringComparison.Ordinal);
    }
}
