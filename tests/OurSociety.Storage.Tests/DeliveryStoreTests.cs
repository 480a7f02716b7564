using OurSociety.Core.Federation;
using OurSociety.Storage.Stores;

namespace OurSociety.Storage.Tests;

/// <summary>The delivery queue's bulk paths: thousands of rows per activity, outcomes recorded in batches; adding is idempotent.</summary>
public sealed class DeliveryStoreTests(StoreFixture fixture) : IClassFixture<StoreFixture>
{
    private readonly DeliveryStore _store = new(fixture.Db);
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<string> AddAsync(IReadOnlyCollection<string> inboxes)
    {
        var now = fixture.Time.GetUtcNow();
        var id = $"https://hub.test/activities/{Guid.CreateVersion7(now)}";
        await fixture.CommitAsync(tx => _store.AddAsync(new OutboxActivity(id, "alice", "Create", null, true, "{}", now), inboxes, now, tx, Ct));
        return id;
    }

    [Fact]
    public async Task Add_TenThousandInboxes_OneRowEach_DuplicatesCollapsed()
    {
        var inboxes = Enumerable.Range(0, 10_000).Select(i => $"https://h{i % 500}.test/users/u{i}/inbox").ToList();

        var id = await AddAsync([.. inboxes, inboxes[0], inboxes[^1]]);

        var rows = await _store.ListForActivityAsync(id, Ct);
        Assert.Equal(10_000, rows.Count);
        Assert.All(rows, r => Assert.Equal(DeliveryState.Pending, r.State));
        Assert.Equal(inboxes.Order(StringComparer.Ordinal), rows.Select(r => r.Inbox));
        Assert.Equal("h7.test", rows.Single(r => r.Inbox == "https://h7.test/users/u7/inbox").Host);
    }

    [Fact]
    public async Task Add_OneHostUnavailable_OnlyItsRowsSkipped()
    {
        var day = new DateOnly(2026, 11, 1);
        for (var i = 0; i < 7; i++)
        {
            await _store.RecordHostFailureAsync("down.test", day.AddDays(i), 7, fixture.Time.GetUtcNow(), Ct);
        }

        var id = await AddAsync(["https://down.test/inbox", "https://up.test/inbox", "https://down.test/users/b/inbox"]);

        var rows = await _store.ListForActivityAsync(id, Ct);
        Assert.Equal([DeliveryState.Skipped, DeliveryState.Skipped, DeliveryState.Pending], rows.Select(r => r.State));
    }

    [Fact]
    public async Task MarkDelivered_Batch_MarksOnlyThoseWithTheirStatus()
    {
        var id = await AddAsync(["https://a.test/inbox", "https://b.test/inbox", "https://c.test/inbox"]);
        var rows = await _store.ListForActivityAsync(id, Ct);

        await _store.MarkDeliveredAsync([(rows[0].Id, 202), (rows[1].Id, 200)], fixture.Time.GetUtcNow(), Ct);

        rows = await _store.ListForActivityAsync(id, Ct);
        Assert.Equal([DeliveryState.Delivered, DeliveryState.Delivered, DeliveryState.Pending], rows.Select(r => r.State));
        Assert.Equal([202, 200, (int?)null], rows.Select(r => r.LastStatus));
        Assert.Equal([1, 1, 0], rows.Select(r => r.Attempts));
    }

    [Fact]
    public async Task MarkDelivered_MoreThanOneStatementOfIds_AllMarked()
    {
        var id = await AddAsync(Enumerable.Range(0, 1_200).Select(i => $"https://h{i}.test/inbox").ToList());
        var rows = await _store.ListForActivityAsync(id, Ct);

        await _store.MarkDeliveredAsync(rows.Select(r => (r.Id, 202)).ToList(), fixture.Time.GetUtcNow(), Ct);

        Assert.All(await _store.ListForActivityAsync(id, Ct), r => Assert.Equal(DeliveryState.Delivered, r.State));
    }

    [Fact]
    public async Task Add_SameActivityAndInboxesTwice_SecondAddsNothing()
    {
        var now = fixture.Time.GetUtcNow();
        var id = $"https://hub.test/activities/{Guid.CreateVersion7(now)}";
        string[] inboxes = ["https://a.test/inbox", "https://b.test/inbox"];
        await fixture.CommitAsync(tx => _store.AddAsync(new OutboxActivity(id, "alice", "Create", null, true, "{\"first\":1}", now), inboxes, now, tx, Ct));
        var first = await _store.ListForActivityAsync(id, Ct);

        // A work item that ran again after a crash: same activity, same inboxes, later.
        var later = now.AddMinutes(5);
        await fixture.CommitAsync(tx => _store.AddAsync(new OutboxActivity(id, "alice", "Create", null, true, "{\"second\":2}", later), inboxes, later, tx, Ct));

        Assert.Equal(first, await _store.ListForActivityAsync(id, Ct));   // same rows: same ids, same due times

        // With one more inbox, only that one is added.
        await fixture.CommitAsync(tx => _store.AddAsync(new OutboxActivity(id, "alice", "Create", null, true, "{}", later), [.. inboxes, "https://c.test/inbox"], later, tx, Ct));
        var rows = await _store.ListForActivityAsync(id, Ct);
        Assert.Equal(first, rows.Take(2));
        Assert.Equal(["https://c.test/inbox"], rows.Skip(2).Select(r => r.Inbox));
        Assert.Equal("{\"first\":1}", (await _store.FindActivityAsync(id, Ct))?.Body);
    }
}
