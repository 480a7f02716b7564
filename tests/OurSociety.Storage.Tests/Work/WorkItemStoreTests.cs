using System.Collections.Concurrent;
using OurSociety.Core.Paging;
using OurSociety.Core.Work;

namespace OurSociety.Storage.Tests.Work;

public sealed class WorkItemStoreTests : WorkDatabase
{
    private const string A = "owner-a";
    private const string B = "owner-b";

    private static NewWorkItem Item(string kind, string? partition = null, DateTimeOffset? runAt = null) =>
        new(kind, $"{{\"kind\":\"{kind}\"}}", partition, runAt);

    private Task<IReadOnlyList<WorkItem>> ClaimAsync(string owner, int max = 100) => Store.ClaimDueAsync(owner, max, Lease, Ct);

    [Fact]
    public async Task Add_StoresPendingItemsDueNowOrWhenAsked()
    {
        var later = Time.GetUtcNow().AddMinutes(10);
        await AddAsync(new NewWorkItem("deliver", "{\"to\":1}", "post:1"), Item("later", runAt: later));

        var items = await AllAsync();
        var first = items[0];
        Assert.Equal(("deliver", "{\"to\":1}", "post:1", 0, WorkState.Pending), (first.Kind, first.Payload, first.Partition, first.Attempts, first.State));
        Assert.Equal(Time.GetUtcNow(), first.RunAt);
        Assert.Equal(Time.GetUtcNow(), first.CreatedAt);
        Assert.Null(first.LeaseOwner);
        Assert.Equal(later, items[1].RunAt);
        Assert.Equal(7, first.Id.Version);
    }

    [Fact]
    public async Task Claim_TakesDueItems_LeasesThemAndCountsAnAttempt()
    {
        await AddAsync(Item("one"), Item("two"), Item("later", runAt: Time.GetUtcNow().AddMinutes(1)));

        var claimed = await ClaimAsync(A);

        Assert.Equal(["one", "two"], claimed.Select(i => i.Kind));
        Assert.All(claimed, i =>
        {
            Assert.Equal(1, i.Attempts);
            Assert.Equal(A, i.LeaseOwner);
            Assert.Equal(Time.GetUtcNow() + Lease, i.LeaseUntil);
        });
        Assert.Empty(await ClaimAsync(B));   // leased: nobody else gets them
    }

    [Fact]
    public async Task Claim_TakesAtMostMax_InDueOrder()
    {
        var now = Time.GetUtcNow();
        await AddAsync(Item("c", runAt: now.AddSeconds(-1)), Item("a", runAt: now.AddSeconds(-3)), Item("b", runAt: now.AddSeconds(-2)));

        Assert.Equal(["a", "b"], (await ClaimAsync(A, max: 2)).Select(i => i.Kind));
        Assert.Equal(["c"], (await ClaimAsync(A, max: 2)).Select(i => i.Kind));
    }

    [Fact]
    public async Task Complete_DeletesTheItem_OnlyForTheLeaseHolder()
    {
        await AddAsync(Item("one"));
        var item = Assert.Single(await ClaimAsync(A));

        Assert.False(await Store.CompleteAsync(item, B, Ct));
        Assert.Single(await AllAsync());
        Assert.True(await Store.CompleteAsync(item, A, Ct));
        Assert.Empty(await AllAsync());
        Assert.False(await Store.CompleteAsync(item, A, Ct));
    }

    [Fact]
    public async Task Complete_InTheHandlersTransaction_CommitsWithItsWrites_OrNotAtAll()
    {
        await AddAsync(Item("one"));
        var item = Assert.Single(await ClaimAsync(A));

        await using (var rolledBack = await Db.BeginAsync(Ct))
        {
            Assert.True(await Store.CompleteAsync(item, A, rolledBack, Ct));
            await Store.AddAsync([Item("follow-up")], rolledBack, Ct);
        }

        Assert.Equal(["one"], (await AllAsync()).Select(i => i.Kind));

        await using (var committed = await Db.BeginAsync(Ct))
        {
            Assert.True(await Store.CompleteAsync(item, A, committed, Ct));
            await Store.AddAsync([Item("follow-up")], committed, Ct);
            await committed.CommitAsync(Ct);
        }

        Assert.Equal(["follow-up"], (await AllAsync()).Select(i => i.Kind));
    }

    [Fact]
    public async Task Claim_AfterTheLeaseExpired_TakesItAgain_AndTheOldClaimCountsForNothing()
    {
        await AddAsync(Item("one"));
        var first = Assert.Single(await ClaimAsync(A));   // …and then process A crashes

        Time.Advance(Lease);
        Assert.Empty(await ClaimAsync(B));   // the lease lasts up to its end
        Time.Advance(TimeSpan.FromSeconds(1));
        var second = Assert.Single(await ClaimAsync(B));

        Assert.Equal(first.Id, second.Id);
        Assert.Equal((2, B), (second.Attempts, second.LeaseOwner));
        Assert.False(await Store.CompleteAsync(first, A, Ct));
        Assert.False(await Store.RetryAsync(first, A, Time.GetUtcNow(), "late", Ct));
        Assert.False(await Store.BuryAsync(first, A, "late", Ct));
        Assert.True(await Store.CompleteAsync(second, B, Ct));
    }

    [Fact]
    public async Task Claim_SameOwnerClaimingAgainAfterItsLease_OldClaimCountsForNothing()
    {
        await AddAsync(Item("one"));
        var first = Assert.Single(await ClaimAsync(A));
        Time.Advance(Lease + TimeSpan.FromSeconds(1));
        var second = Assert.Single(await ClaimAsync(A));

        Assert.False(await Store.CompleteAsync(first, A, Ct));
        Assert.True(await Store.CompleteAsync(second, A, Ct));
    }

    [Fact]
    public async Task Claim_TwoOwnersRacing_NeverGetTheSameItem()
    {
        var taken = new ConcurrentDictionary<Guid, string>();
        var twice = new ConcurrentBag<Guid>();
        for (var round = 0; round < 20; round++)
        {
            await AddAsync([.. Enumerable.Range(0, 60).Select(i => Item($"r{round}-{i}", partition: i % 3 == 0 ? $"p{i % 9}" : null))]);
            var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var claimers = new[] { A, B }.Select(owner => Task.Run(async () =>
            {
                await start.Task;
                while (true)
                {
                    var batch = await ClaimAsync(owner, max: 7);
                    if (batch.Count == 0 && (await Store.SummaryAsync(Ct)).Pending == 0)
                    {
                        return;
                    }

                    foreach (var item in batch)
                    {
                        if (!taken.TryAdd(item.Id, owner))
                        {
                            twice.Add(item.Id);
                        }

                        Assert.True(await Store.CompleteAsync(item, owner, Ct));
                    }
                }
            }, Ct)).ToList();
            start.SetResult();
            await Task.WhenAll(claimers);
        }

        Assert.Empty(twice);
        Assert.Equal(20 * 60, taken.Count);
        Assert.Contains(A, taken.Values);
        Assert.Contains(B, taken.Values);
    }

    [Fact]
    public async Task Partition_SecondItemWaitsUntilTheFirstIsDone()
    {
        await AddAsync(Item("create", "post:1"), Item("delete", "post:1"), Item("other"));

        var first = await ClaimAsync(A);
        Assert.Equal(["create", "other"], first.Select(i => i.Kind));
        Assert.Empty(await ClaimAsync(B));

        Assert.True(await Store.CompleteAsync(first[0], A, Ct));
        Assert.Equal(["delete"], (await ClaimAsync(B)).Select(i => i.Kind));
    }

    [Fact]
    public async Task Partition_KeepsTheOrderItemsWereAdded_EvenWithinOneMillisecond()
    {
        // The clock does not move: every id has the same timestamp, and must still sort in the order added.
        for (var i = 0; i < 50; i++)
        {
            await AddAsync(Item($"step{i:D2}", "actor:x"));
        }

        var ran = new List<string>();
        while (await ClaimAsync(A) is [var item])
        {
            ran.Add(item.Kind);
            await Store.CompleteAsync(item, A, Ct);
        }

        Assert.Equal(Enumerable.Range(0, 50).Select(i => $"step{i:D2}"), ran);
    }

    [Fact]
    public async Task Partition_FirstWaitingForARetry_HoldsTheRestBack_UntilItSucceeds()
    {
        await AddAsync(Item("first", "p"), Item("second", "p"));
        var first = Assert.Single(await ClaimAsync(A));

        Assert.True(await Store.RetryAsync(first, A, Time.GetUtcNow().AddMinutes(1), "boom", Ct));

        Assert.Empty(await ClaimAsync(A));
        Time.Advance(TimeSpan.FromMinutes(1));
        var again = Assert.Single(await ClaimAsync(A));
        Assert.Equal(("first", 2), (again.Kind, again.Attempts));
        await Store.CompleteAsync(again, A, Ct);
        Assert.Equal(["second"], (await ClaimAsync(A)).Select(i => i.Kind));
    }

    [Fact]
    public async Task Partition_DeadFirstItem_NoLongerHoldsTheRestBack()
    {
        await AddAsync(Item("first", "p"), Item("second", "p"));
        var first = Assert.Single(await ClaimAsync(A));

        Assert.True(await Store.BuryAsync(first, A, "cannot", Ct));

        Assert.Equal(["second"], (await ClaimAsync(A)).Select(i => i.Kind));
    }

    [Fact]
    public async Task Retry_ReleasesTheLease_KeepsTheError_AndWaitsUntilRunAt()
    {
        await AddAsync(Item("one"));
        var item = Assert.Single(await ClaimAsync(A));
        var runAt = Time.GetUtcNow().AddSeconds(30);

        Assert.True(await Store.RetryAsync(item, A, runAt, "HttpRequestException: refused", Ct));

        var stored = await OnlyAsync();
        Assert.Equal((WorkState.Pending, 1, runAt, "HttpRequestException: refused"), (stored.State, stored.Attempts, stored.RunAt, stored.LastError));
        Assert.Null(stored.LeaseOwner);
        Assert.Null(stored.LeaseUntil);
        Assert.Empty(await ClaimAsync(B));
        Time.Advance(TimeSpan.FromSeconds(30));
        Assert.Single(await ClaimAsync(B));
    }

    [Fact]
    public async Task Bury_MarksDeadWithTheError_AndRetryDeadMakesItDueAgain()
    {
        await AddAsync(Item("one"));
        var item = Assert.Single(await ClaimAsync(A));

        Assert.True(await Store.BuryAsync(item, A, "payload unreadable", Ct));

        Assert.Empty(await AllAsync());
        var dead = await OnlyAsync(WorkState.Dead);
        Assert.Equal((WorkState.Dead, Time.GetUtcNow(), "payload unreadable"), (dead.State, dead.DeadAt, dead.LastError));
        Assert.Null(dead.LeaseOwner);
        Assert.Empty(await ClaimAsync(A));

        Time.Advance(TimeSpan.FromHours(1));
        Assert.True(await Store.RetryDeadAsync(item.Id, Ct));

        var revived = await OnlyAsync();
        Assert.Equal((WorkState.Pending, 0, Time.GetUtcNow()), (revived.State, revived.Attempts, revived.RunAt));
        Assert.Null(revived.DeadAt);
        Assert.Equal("payload unreadable", revived.LastError);
        Assert.Equal(1, Assert.Single(await ClaimAsync(A)).Attempts);
    }

    [Fact]
    public async Task RetryDead_PendingOrUnknownItem_IsFalse()
    {
        await AddAsync(Item("one"));
        var item = await OnlyAsync();

        Assert.False(await Store.RetryDeadAsync(item.Id, Ct));
        Assert.False(await Store.RetryDeadAsync(Guid.CreateVersion7(Time.GetUtcNow()), Ct));
        Assert.Equal(item, await OnlyAsync());
    }

    [Fact]
    public async Task NextDue_IsTheEarliestClaimableTime()
    {
        Assert.Null(await Store.NextDueAsync(Ct));
        var now = Time.GetUtcNow();
        await AddAsync(Item("later", runAt: now.AddMinutes(10)), Item("soon", "p", now.AddMinutes(2)), Item("blocked", "p", now.AddMinutes(-1)));

        // "blocked" is overdue but waits for "soon", the first of its partition.
        Assert.Equal(now.AddMinutes(2), await Store.NextDueAsync(Ct));

        await AddAsync(Item("now"));
        Assert.Equal(now, await Store.NextDueAsync(Ct));
        Assert.True(await Store.CompleteAsync(Assert.Single(await ClaimAsync(A)), A, Ct));
        Assert.Equal(now.AddMinutes(2), await Store.NextDueAsync(Ct));

        Time.Advance(TimeSpan.FromMinutes(3));
        var soon = Assert.Single(await ClaimAsync(A));
        Assert.Equal("soon", soon.Kind);
        // Leased: claimable again when the lease ends (if it is not completed first).
        Assert.Equal(soon.LeaseUntil, await Store.NextDueAsync(Ct));
    }

    [Fact]
    public async Task Summary_CountsPendingDueLeasedDead_AndTheOldestWait()
    {
        Assert.Equal(new WorkSummary(0, 0, 0, 0, null), await Store.SummaryAsync(Ct));
        await AddAsync(Item("leased"), Item("dead"));
        Time.Advance(TimeSpan.FromMinutes(1));
        await AddAsync(Item("due"), Item("later", runAt: Time.GetUtcNow().AddHours(1)));
        var claimed = await ClaimAsync(A, max: 2);
        await Store.BuryAsync(claimed.Single(i => i.Kind == "dead"), A, "x", Ct);
        Time.Advance(TimeSpan.FromMinutes(1));

        Assert.Equal(new WorkSummary(Pending: 3, DueNow: 1, Leased: 1, Dead: 1, OldestPendingAge: TimeSpan.FromMinutes(2)),
            await Store.SummaryAsync(Ct));
    }

    [Fact]
    public async Task List_PagesPendingInRunOrder_AndDeadNewestFirst()
    {
        var now = Time.GetUtcNow();
        await AddAsync([.. Enumerable.Range(0, 5).Select(i => Item($"p{i}", runAt: now.AddSeconds(i - 10)))]);

        var page1 = await Store.ListAsync(WorkState.Pending, Cursor.Start, 2, Ct);
        Assert.True(Cursor.TryDecode(page1.Next, out var next));
        var page2 = await Store.ListAsync(WorkState.Pending, next, 2, Ct);
        Assert.True(Cursor.TryDecode(page2.Next, out next));
        var page3 = await Store.ListAsync(WorkState.Pending, next, 2, Ct);
        Assert.Equal(["p0", "p1", "p2", "p3", "p4"], page1.Items.Concat(page2.Items).Concat(page3.Items).Select(i => i.Kind));
        Assert.Null(page3.Next);

        foreach (var item in await ClaimAsync(A, max: 3))
        {
            Time.Advance(TimeSpan.FromSeconds(1));
            await Store.BuryAsync(item, A, "x", Ct);
        }

        var dead1 = await Store.ListAsync(WorkState.Dead, Cursor.Start, 2, Ct);
        Assert.True(Cursor.TryDecode(dead1.Next, out next));
        var dead2 = await Store.ListAsync(WorkState.Dead, next, 2, Ct);
        Assert.Equal(["p2", "p1", "p0"], dead1.Items.Concat(dead2.Items).Select(i => i.Kind));
        Assert.Null(dead2.Next);
    }

    [Fact]
    public async Task Find_KnownAndUnknown()
    {
        await AddAsync(Item("one"));
        var item = await OnlyAsync();

        Assert.Equal(item, await Store.FindAsync(item.Id, Ct));
        Assert.Null(await Store.FindAsync(Guid.CreateVersion7(Time.GetUtcNow()), Ct));
    }
}
