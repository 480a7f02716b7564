using Dapper;
using OurSociety.Core.Federation;
using OurSociety.Storage.Stores;

namespace OurSociety.Storage.Tests;

/// <summary>
/// Claiming due deliveries with a lease. A fresh database per test: a claim takes whatever is due. Times are passed
/// explicitly, so no clock moves.
/// </summary>
public sealed class DeliveryClaimTests : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 28, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(5);
    private static readonly (string? Owner, string? Until) NoLease = (null, null);

    private readonly StoreFixture _db = new();
    private readonly DeliveryStore _store;

    public DeliveryClaimTests() => _store = new DeliveryStore(_db.Db);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync() => _db.InitializeAsync();

    public ValueTask DisposeAsync() => _db.DisposeAsync();

    /// <summary>Adds an activity with one delivery per inbox, due at <paramref name="at"/>; returns the activity id.</summary>
    private async Task<string> AddAsync(DateTimeOffset at, string body, params string[] inboxes)
    {
        var id = $"https://hub.test/activities/{Guid.CreateVersion7(at)}";
        await _db.CommitAsync(tx => _store.AddAsync(new OutboxActivity(id, "alice", "Create", null, true, body, at), inboxes, at, tx, Ct));
        return id;
    }

    private Task<IReadOnlyList<DueDelivery>> ClaimAsync(string owner, DateTimeOffset now, int limit = 100) =>
        _store.ClaimDueAsync(owner, now, now + Lease, limit, Ct);

    private async Task<(string? Owner, string? Until)> LeaseAsync(Guid id)
    {
        await using var connection = await _db.Db.OpenAsync(Ct);
        return await connection.QuerySingleAsync<(string?, string?)>(new CommandDefinition(
            "SELECT lease_owner, lease_until FROM delivery WHERE id = @Id", new { Id = id }, cancellationToken: Ct));
    }

    [Fact]
    public async Task ClaimDue_ReturnsDueOnesOldestFirst_WithSignerAndBody_UpToTheLimit()
    {
        await AddAsync(T0.AddSeconds(2), "{\"n\":2}", "https://b.test/inbox");
        await AddAsync(T0, "{\"n\":1}", "https://a.test/inbox");
        await AddAsync(T0.AddSeconds(3), "{\"n\":3}", "https://c.test/inbox");
        await AddAsync(T0.AddMinutes(1), "{\"later\":true}", "https://d.test/inbox");

        var claimed = await ClaimAsync("worker-a", T0.AddSeconds(10), limit: 2);

        Assert.Equal(["https://a.test/inbox", "https://b.test/inbox"], claimed.Select(c => c.Delivery.Inbox));
        Assert.Equal(["{\"n\":1}", "{\"n\":2}"], claimed.Select(c => c.Body));
        Assert.All(claimed, c => Assert.Equal("alice", c.Signer));
        Assert.Equal(("worker-a", Sql.DapperSetup.Format(T0.AddSeconds(10) + Lease)), await LeaseAsync(claimed[0].Delivery.Id));
        // The one not yet due stays; the third is left for the next claim.
        Assert.Equal(["https://c.test/inbox"], (await ClaimAsync("worker-a", T0.AddSeconds(10))).Select(c => c.Delivery.Inbox));
    }

    [Fact]
    public async Task ClaimDue_ManyActivitiesInOneBatch_EachGetsItsOwnBody()
    {
        // More activities than one IN list holds (500).
        for (var i = 0; i < 600; i++)
        {
            await AddAsync(T0.AddMilliseconds(i), $"{{\"n\":{i}}}", $"https://h{i}.test/inbox");
        }

        var claimed = await ClaimAsync("worker-a", T0.AddMinutes(1), limit: 1000);

        Assert.Equal(600, claimed.Count);
        Assert.All(claimed, c => Assert.Equal($"https://h{c.Body[5..^1]}.test/inbox", c.Delivery.Inbox));
    }

    [Fact]
    public async Task ClaimDue_TwoOwnersAtOnce_NeverClaimTheSameDelivery()
    {
        var inboxes = Enumerable.Range(0, 400).Select(i => $"https://h{i}.test/inbox").ToArray();
        await AddAsync(T0, "{}", inboxes);
        var now = T0.AddSeconds(1);
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var owners = new[] { "worker-a", "worker-b" }.Select(owner => Task.Run(async () =>
        {
            await start.Task;
            var mine = new List<Guid>();
            while (await ClaimAsync(owner, now, limit: 7) is { Count: > 0 } batch)
            {
                mine.AddRange(batch.Select(b => b.Delivery.Id));
            }

            return mine;
        }, Ct)).ToList();
        start.SetResult();
        var claims = await Task.WhenAll(owners);

        Assert.Empty(claims[0].Intersect(claims[1]));
        Assert.Equal(400, claims[0].Concat(claims[1]).Distinct().Count());
        foreach (var (owner, ids) in new[] { ("worker-a", claims[0]), ("worker-b", claims[1]) })
        {
            foreach (var id in ids)
            {
                Assert.Equal(owner, (await LeaseAsync(id)).Owner);
            }
        }
    }

    [Fact]
    public async Task ClaimDue_Leased_NotClaimedAgainUntilTheLeaseRunsOut()
    {
        await AddAsync(T0, "{}", "https://a.test/inbox");
        var first = Assert.Single(await ClaimAsync("crashed-worker", T0));

        Assert.Empty(await ClaimAsync("worker-b", T0.AddMinutes(1)));
        Assert.Empty(await ClaimAsync("worker-b", T0 + Lease));   // until the lease's last instant

        var again = Assert.Single(await ClaimAsync("worker-b", T0 + Lease + TimeSpan.FromMilliseconds(1)));
        Assert.Equal(first.Delivery.Id, again.Delivery.Id);
        Assert.Equal("worker-b", (await LeaseAsync(again.Delivery.Id)).Owner);
    }

    [Fact]
    public async Task MarkRetry_ClearsTheLease_DueAgainAtItsNextAttempt()
    {
        await AddAsync(T0, "{}", "https://a.test/inbox");
        var claimed = Assert.Single(await ClaimAsync("worker-a", T0)).Delivery;

        await _store.MarkRetryAsync(claimed.Id, 1, T0.AddSeconds(30), 503, "busy", Ct);

        Assert.Equal(NoLease, await LeaseAsync(claimed.Id));
        Assert.Empty(await ClaimAsync("worker-b", T0.AddSeconds(29)));
        // Well within the first lease: the retry freed it.
        var retried = Assert.Single(await ClaimAsync("worker-b", T0.AddSeconds(30))).Delivery;
        Assert.Equal((claimed.Id, 1, 503), (retried.Id, retried.Attempts, retried.LastStatus));
    }

    [Fact]
    public async Task MarkDeliveredAndFailed_ClearTheLease_AndAreNotClaimedAgain()
    {
        var id = await AddAsync(T0, "{}", "https://a.test/inbox", "https://b.test/inbox", "https://c.test/inbox", "https://d.test/inbox");
        var claimed = (await ClaimAsync("worker-a", T0)).ToDictionary(c => c.Delivery.Inbox, c => c.Delivery.Id);

        await _store.MarkDeliveredAsync(claimed["https://a.test/inbox"], 202, T0.AddSeconds(1), Ct);
        await _store.MarkDeliveredAsync([(claimed["https://b.test/inbox"], 200)], T0.AddSeconds(1), Ct);
        await _store.MarkFailedAsync(claimed["https://c.test/inbox"], 1, 410, "gone", T0.AddSeconds(1), Ct);

        Assert.Equal(NoLease, await LeaseAsync(claimed["https://a.test/inbox"]));
        Assert.Equal(NoLease, await LeaseAsync(claimed["https://b.test/inbox"]));
        Assert.Equal(NoLease, await LeaseAsync(claimed["https://c.test/inbox"]));
        Assert.Equal("worker-a", (await LeaseAsync(claimed["https://d.test/inbox"])).Owner);   // still in flight
        Assert.Equal(
            [DeliveryState.Delivered, DeliveryState.Delivered, DeliveryState.Failed, DeliveryState.Pending],
            (await _store.ListForActivityAsync(id, Ct)).Select(d => d.State));
        // After every lease ran out, only the one still pending comes back.
        Assert.Equal(["https://d.test/inbox"], (await ClaimAsync("worker-b", T0.AddHours(1))).Select(c => c.Delivery.Inbox));
    }

    [Fact]
    public async Task ClaimDue_FindsDueDeliveriesThroughTheDueIndex()
    {
        await using var connection = await _db.Db.OpenAsync(Ct);

        var plan = string.Join("\n", (await connection.QueryAsync<(long, long, long, string Detail)>(new CommandDefinition(
            "EXPLAIN QUERY PLAN " + DeliveryStore.ClaimSql(_db.Db.Dialect),
            new { Owner = "w", Until = T0, Now = T0, Limit = 10 }, cancellationToken: Ct))).Select(r => r.Detail));

        Assert.Contains("ix_delivery_due", plan, StringComparison.Ordinal);
        Assert.DoesNotContain("USE TEMP B-TREE FOR ORDER BY", plan, StringComparison.Ordinal);
    }
}
