using System.Net;
using OurSociety.Core;
using OurSociety.Core.Federation;
using OurSociety.Core.Members;
using OurSociety.Core.Moderation;
using OurSociety.Core.Notifications;
using OurSociety.Core.Paging;
using OurSociety.Core.Posts;
using OurSociety.Federation.Follows;
using OurSociety.Testing;
using OurSociety.Web.Tests.Federation.Posts;

namespace OurSociety.Web.Tests.Mutes;

/// <summary>
/// Notification requests (Mastodon 4.3's filtering): a flood of mentions from many new accounts of one hub does not
/// bury a member's notifications. The first <see cref="NotificationRequests.Burst"/> strangers' mentions in the window
/// come through; the rest are held per account, off the list and the unread count, until accepted or dismissed.
/// Accounts the member follows, or that follow them, are never held.
/// </summary>
public sealed class NotificationRequestTests : IAsyncLifetime
{
    private const int Flood = NotificationRequests.Burst + 4;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private readonly FederationNetwork _network = new();
    private NodeFactory _a = null!;
    private NodeFactory _b = null!;
    private Member _alice = null!;
    private readonly List<Member> _spammers = [];

    public async ValueTask InitializeAsync()
    {
        _a = _network.AddNode("http://a.test");
        _b = _network.AddNode("http://b.test");
        _alice = await _a.CreateMemberAsync("alice");
        for (var i = 0; i < Flood; i++)
        {
            _spammers.Add(await _b.CreateMemberAsync($"new{i}"));
        }
    }

    public ValueTask DisposeAsync() => _network.DisposeAsync();

    [Fact]
    public async Task FloodFromManyNewAccounts_IsHeldAsRequests_AcceptedOrDismissedPerAccount()
    {
        // A friend on the same hub, whom alice follows: never a stranger, never counted.
        var friend = await _b.CreateMemberAsync("friend");
        Assert.IsType<Outcome<Follow>.Ok>(await _a.Service<FollowService>().FollowAsync("alice", "http://b.test/users/friend", Ct));
        await _network.DrainAsync();

        foreach (var spammer in _spammers)
        {
            await MentionAliceAsync(spammer);
        }

        await MentionAliceAsync(friend);
        await _network.DrainAsync();

        var shown = await ListAsync();
        Assert.Equal(NotificationRequests.Burst + 1, shown.Count);
        Assert.Contains(shown, n => n.Actor == "http://b.test/users/friend");
        Assert.Equal(NotificationRequests.Burst + 1, await _a.Service<INotificationStore>().CountUnreadAsync(_alice.Id, Ct));
        var requests = await _a.Service<INotificationRequestStore>().ListAsync(_alice.Id, 50, Ct);
        Assert.Equal(Flood - NotificationRequests.Burst, requests.Count);
        Assert.All(requests, r => Assert.StartsWith("http://b.test/users/new", r.Actor, StringComparison.Ordinal));

        // The page says how many wait and links them; the requests page lists each account with its buttons.
        using var browser = await _a.SignedInBrowserAsync("alice");
        var notifications = (await browser.GetAsync("/notifications")).Html;
        Assert.Contains("href=\"/notifications/requests\"", notifications, StringComparison.Ordinal);
        Assert.Contains($"{Flood - NotificationRequests.Burst} notification requests are waiting.", notifications, StringComparison.Ordinal);
        var page = (await browser.GetAsync("/notifications/requests")).Html;
        Assert.All(requests, r => Assert.Contains(r.Actor, page, StringComparison.Ordinal));

        // Accept one: its notification moves into the list and counts as unread; its next mention is not held.
        var accepted = requests[0].Actor;
        var accept = await browser.SubmitAsync("/notifications/requests", "/notifications/requests/accept", new Dictionary<string, string>());
        Assert.Equal("/notifications/requests?notice=request-accepted", accept.Headers.Location?.OriginalString);
        Assert.Contains(await ListAsync(), n => n.Actor == accepted);
        Assert.Equal(NotificationRequests.Burst + 2, await _a.Service<INotificationStore>().CountUnreadAsync(_alice.Id, Ct));
        await MentionAliceAsync(_spammers.Single(s => accepted.EndsWith("/" + s.Username, StringComparison.Ordinal)));
        await _network.DrainAsync();
        Assert.Equal(2, (await ListAsync()).Count(n => n.Actor == accepted));

        // Dismiss another: gone for good.
        var dismissed = (await _a.Service<INotificationRequestStore>().ListAsync(_alice.Id, 50, Ct))[0].Actor;
        var dismiss = await browser.SubmitAsync("/notifications/requests", "/notifications/requests/dismiss", new Dictionary<string, string>());
        Assert.Equal("/notifications/requests?notice=request-dismissed", dismiss.Headers.Location?.OriginalString);
        Assert.DoesNotContain(await ListAsync(), n => n.Actor == dismissed);
        Assert.DoesNotContain(await _a.Service<INotificationRequestStore>().ListAsync(_alice.Id, 50, Ct), r => r.Actor == dismissed);
        Assert.Equal(Flood - NotificationRequests.Burst - 2, await _a.Service<INotificationRequestStore>().CountAsync(_alice.Id, Ct));

        // Someone else's request cannot be touched: nothing held for them is a 404.
        Assert.Equal(HttpStatusCode.NotFound, (await browser.PostWithTokenAsync(
            "/notifications/requests/accept", new Dictionary<string, string> { ["account"] = "http://b.test/users/nobody" }, "/notifications/requests")).StatusCode);
    }

    [Fact]
    public async Task AfterTheWindow_StrangersComeThroughAgain()
    {
        foreach (var spammer in _spammers.Take(NotificationRequests.Burst))
        {
            await MentionAliceAsync(spammer);
        }

        await _network.DrainAsync();
        _a.Time.Advance(NotificationRequests.Window + TimeSpan.FromMinutes(1));
        _b.Time.Advance(NotificationRequests.Window + TimeSpan.FromMinutes(1));
        await MentionAliceAsync(_spammers[^1]);
        await _network.DrainAsync();

        Assert.Equal(NotificationRequests.Burst + 1, (await ListAsync()).Count);
        Assert.Equal(0, await _a.Service<INotificationRequestStore>().CountAsync(_alice.Id, Ct));
    }

    private async Task MentionAliceAsync(Member author) =>
        PostNetwork.Ok(await _b.Service<PostService>().CreateStoryAsync(
            author.Id, new StoryInput("Buy now", null, "Hey @alice@a.test look at this", [], null, null, "public", false, null), Ct));

    private async Task<IReadOnlyList<Notification>> ListAsync() =>
        (await _a.Service<INotificationStore>().ListAsync(_alice.Id, Cursor.Start, 100, Ct)).Items;
}
