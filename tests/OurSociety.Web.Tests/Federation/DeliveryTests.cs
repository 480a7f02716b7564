using System.Net;
using System.Text.Json.Nodes;
using OurSociety.Core.Federation;
using OurSociety.Federation;
using OurSociety.Federation.Delivery;
using OurSociety.Testing;

namespace OurSociety.Web.Tests.Federation;

/// <summary>The delivery queue: shared inboxes, retries, permanent failures and gone inboxes.</summary>
public sealed class DeliveryTests : IAsyncLifetime
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private readonly FederationNetwork _network = new();
    private NodeFactory _node = null!;

    public ValueTask InitializeAsync()
    {
        _node = _network.AddNode("http://hub.test");
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync() => _network.DisposeAsync();

    private async Task<RemoteActor> AddFollowerAsync(string host, string name, string? sharedInbox)
    {
        var id = $"http://{host}/users/{name}";
        var actor = new RemoteActor(id, "Person", name, host, null, id + "/inbox", sharedInbox, null, null, null, null, false, "{}", _node.Time.GetUtcNow());
        await _node.Service<IRemoteActorStore>().UpsertAsync(actor, Ct);
        await _node.WriteAsync(tx => _node.Service<IFollowStore>().PutAsync(
            new Follow(Guid.CreateVersion7(), "hub", id, FollowDirection.In, FollowState.Accepted, id + "#follow", _node.Time.GetUtcNow(), _node.Time.GetUtcNow()), tx, Ct));
        return actor;
    }

    private async Task<string> SendFromHubAsync()
    {
        var outbox = _node.Service<Outbox>();
        var id = outbox.NewActivityId();
        var activity = new JsonObject
        {
            ["id"] = id,
            ["type"] = "Update",
            ["actor"] = "http://hub.test/users/hub",
            ["to"] = new JsonArray("https://www.w3.org/ns/activitystreams#Public"),
            ["object"] = "http://hub.test/users/hub",
        };
        var followers = await outbox.FollowerInboxesAsync("hub", Ct);
        await _node.WriteAsync(tx => outbox.AddAsync([new("hub", activity, followers)], tx, Ct));
        outbox.Wake();
        return id;
    }

    [Fact]
    public async Task ThousandFollowersOnHundredHosts_HundredRequests()
    {
        for (var h = 0; h < 100; h++)
        {
            var host = $"h{h}.test";
            _network.Serve(host, new FakeRemoteServer($"http://{host}"));
            for (var f = 0; f < 10; f++)
            {
                await AddFollowerAsync(host, $"f{f}", $"http://{host}/inbox");
            }
        }

        var id = await SendFromHubAsync();

        var deliveries = await _node.Service<IDeliveryStore>().ListForActivityAsync(id, Ct);
        Assert.Equal(100, deliveries.Count);
        await _node.DrainAsync();
        Assert.All(await _node.Service<IDeliveryStore>().ListForActivityAsync(id, Ct), d => Assert.Equal(DeliveryState.Delivered, d.State));
        Assert.Equal(100, _network.Log.Count(r => r.Method == "POST"));
    }

    [Fact]
    public async Task FollowersWithoutSharedInbox_EachGetsTheirOwn()
    {
        _network.Serve("solo.test", new FakeRemoteServer("http://solo.test"));
        await AddFollowerAsync("solo.test", "a", null);
        await AddFollowerAsync("solo.test", "b", null);

        var id = await SendFromHubAsync();

        var inboxes = (await _node.Service<IDeliveryStore>().ListForActivityAsync(id, Ct)).Select(d => d.Inbox).ToList();
        Assert.Equal(["http://solo.test/users/a/inbox", "http://solo.test/users/b/inbox"], inboxes);
    }

    [Fact]
    public async Task ServerError_IsRetriedLater_ThenDelivered()
    {
        var remote = new FakeRemoteServer("http://flaky.test") { InboxStatus = HttpStatusCode.ServiceUnavailable };
        _network.Serve("flaky.test", remote);
        await AddFollowerAsync("flaky.test", "a", "http://flaky.test/inbox");

        var id = await SendFromHubAsync();
        await _node.DrainAsync();
        var failed = await _node.Service<IDeliveryStore>().ListForActivityAsync(id, Ct);
        Assert.Equal(1, failed.Single().Attempts);
        Assert.Equal(DeliveryState.Pending, failed.Single().State);
        Assert.Equal(503, failed.Single().LastStatus);
        Assert.True(failed.Single().NextAttemptAt > _node.Time.GetUtcNow(), "the next attempt waits");

        remote.InboxStatus = HttpStatusCode.Accepted;
        await _node.DrainAsync();
        Assert.Equal(1, (await _node.Service<IDeliveryStore>().ListForActivityAsync(id, Ct)).Single().Attempts);   // not due yet
        _node.Time.Advance(TimeSpan.FromMinutes(1));
        await _node.DrainAsync();

        var delivered = await _node.Service<IDeliveryStore>().ListForActivityAsync(id, Ct);
        Assert.Equal(DeliveryState.Delivered, delivered.Single().State);
        Assert.Equal(2, delivered.Single().Attempts);
    }

    [Fact]
    public async Task ServerRefusingCavage_GetsRfc9421_AndIsRememberedForNextTime()
    {
        _network.Serve("modern.test", new FakeRemoteServer("http://modern.test") { RequireRfc9421 = true });
        await AddFollowerAsync("modern.test", "a", "http://modern.test/inbox");

        var first = await SendFromHubAsync();
        await _node.DrainAsync();
        Assert.Equal(DeliveryState.Delivered, (await _node.Service<IDeliveryStore>().ListForActivityAsync(first, Ct)).Single().State);
        var second = await SendFromHubAsync();
        await _node.DrainAsync();
        Assert.Equal(DeliveryState.Delivered, (await _node.Service<IDeliveryStore>().ListForActivityAsync(second, Ct)).Single().State);

        // The first knock (cavage, 401) and its RFC 9421 retry, then straight to RFC 9421.
        Assert.Equal([401, 202, 202], _network.Log.Where(r => r.Url.Host == "modern.test").Select(r => r.Status));
    }

    [Fact]
    public async Task ClientError_IsNotRetried()
    {
        _network.Serve("strict.test", new FakeRemoteServer("http://strict.test") { InboxStatus = HttpStatusCode.BadRequest });
        await AddFollowerAsync("strict.test", "a", "http://strict.test/inbox");

        var id = await SendFromHubAsync();

        await _node.DrainAsync();
        var done = await _node.Service<IDeliveryStore>().ListForActivityAsync(id, Ct);
        Assert.Equal(DeliveryState.Failed, done.Single().State);
        Assert.Equal(1, done.Single().Attempts);
    }

    [Fact]
    public async Task GoneInbox_DropsTheFollowersWhoReceivedThere()
    {
        _network.Serve("gone.test", new FakeRemoteServer("http://gone.test") { InboxStatus = HttpStatusCode.Gone });
        var actor = await AddFollowerAsync("gone.test", "a", "http://gone.test/inbox");

        var id = await SendFromHubAsync();

        await _node.DrainAsync();
        Assert.Equal(DeliveryState.Failed, (await _node.Service<IDeliveryStore>().ListForActivityAsync(id, Ct)).Single().State);
        Assert.Null(await _node.Service<IFollowStore>().FindAsync("hub", actor.Id, FollowDirection.In, Ct));
    }

    [Fact]
    public async Task UnreachableHost_IsRetried_AndDoesNotBlockOthers()
    {
        _network.Serve("up.test", new FakeRemoteServer("http://up.test"));
        await AddFollowerAsync("down.test", "a", "http://down.test/inbox");   // nothing serves down.test
        await AddFollowerAsync("up.test", "b", "http://up.test/inbox");

        var id = await SendFromHubAsync();

        await _node.DrainAsync();
        var deliveries = await _node.Service<IDeliveryStore>().ListForActivityAsync(id, Ct);
        Assert.All(deliveries, d => Assert.Equal(1, d.Attempts));
        Assert.Equal(DeliveryState.Pending, deliveries.Single(d => d.Host == "down.test").State);
        Assert.Equal(DeliveryState.Delivered, deliveries.Single(d => d.Host == "up.test").State);
    }

    [Fact]
    public void RetrySchedule_SpreadsSixteenAttemptsOverAboutTwoDays()
    {
        Assert.InRange(RetrySchedule.Total().TotalDays, 1.9, 2.2);
        Assert.Null(RetrySchedule.After(RetrySchedule.MaxAttempts, 0));
        Assert.Equal(TimeSpan.FromSeconds(16), RetrySchedule.After(1, 0));
    }

    [Fact]
    public async Task HostFailingOnSevenDays_BecomesUnavailable_UntilItAnswers()
    {
        var store = _node.Service<IDeliveryStore>();
        var day = new DateOnly(2026, 11, 1);
        for (var i = 0; i < DeliveryWorker.DaysUntilUnavailable - 1; i++)
        {
            Assert.False(await store.RecordHostFailureAsync("dead.test", day.AddDays(i), DeliveryWorker.DaysUntilUnavailable, _node.Time.GetUtcNow(), Ct));
            await store.RecordHostFailureAsync("dead.test", day.AddDays(i), DeliveryWorker.DaysUntilUnavailable, _node.Time.GetUtcNow(), Ct);   // same day: not counted twice
        }

        Assert.False(await store.IsHostUnavailableAsync("dead.test", Ct));
        Assert.True(await store.RecordHostFailureAsync("dead.test", day.AddDays(6), DeliveryWorker.DaysUntilUnavailable, _node.Time.GetUtcNow(), Ct));
        Assert.True(await store.IsHostUnavailableAsync("dead.test", Ct));

        await AddFollowerAsync("dead.test", "a", "http://dead.test/inbox");
        var id = await SendFromHubAsync();
        Assert.Equal(DeliveryState.Skipped, (await store.ListForActivityAsync(id, Ct)).Single().State);

        await store.RecordHostSuccessAsync("dead.test", Ct);
        Assert.False(await store.IsHostUnavailableAsync("dead.test", Ct));
    }
}
