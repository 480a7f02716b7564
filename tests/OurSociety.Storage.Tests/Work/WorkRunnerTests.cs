using Microsoft.Extensions.Logging;
using OurSociety.Core.Work;

namespace OurSociety.Storage.Tests.Work;

/// <summary>The runner with a real store on a real database, and handlers made for each test.</summary>
public sealed class WorkRunnerTests : WorkDatabase
{
    private readonly CapturingLogger<WorkRunner> _log = new();

    [Fact]
    public void Construct_TwoHandlersForOneKind_Fails()
    {
        var error = Assert.Throws<InvalidOperationException>(() => Runner([new Handler("deliver"), new Handler("deliver")]));

        Assert.Contains("\"deliver\"", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ProcessDue_RunsEachDueItemWithItsHandler_AndCompletesIt()
    {
        var deliver = new Handler("deliver");
        var fetch = new Handler("fetch");
        var runner = Runner([deliver, fetch], _log);
        await AddAsync(new("deliver", "{\"n\":1}"), new("fetch", "{\"n\":2}"), new("deliver", "{\"n\":3}"),
            new("deliver", "{\"n\":4}", RunAt: Time.GetUtcNow().AddMinutes(1)));

        Assert.Equal(3, await runner.ProcessDueAsync(Ct));

        Assert.Equal(["{\"n\":1}", "{\"n\":3}"], deliver.Ran.Select(i => i.Payload).Order(StringComparer.Ordinal));
        Assert.Equal(["{\"n\":2}"], fetch.Ran.Select(i => i.Payload));
        Assert.Equal("{\"n\":4}", (await OnlyAsync()).Payload);   // not yet due
        Assert.Equal(0, await runner.ProcessDueAsync(Ct));
        Assert.Empty(_log.Entries);
    }

    [Fact]
    public async Task Failure_IsRetriedOnTheSchedule_ThenDead_LoggedOncePerAttempt()
    {
        var runner = Runner([new Handler("flaky", _ => throw new InvalidOperationException("the other server said no"))], _log);
        await AddAsync(new NewWorkItem("flaky", "{}"));
        var id = (await OnlyAsync()).Id;

        for (var attempt = 1; attempt < WorkRetrySchedule.MaxAttempts; attempt++)
        {
            var failedAt = Time.GetUtcNow();
            Assert.Equal(1, await runner.ProcessDueAsync(Ct));

            var item = await OnlyAsync();
            var delay = WorkRetrySchedule.BaseDelay(attempt)!.Value;
            Assert.Equal((attempt, "InvalidOperationException: the other server said no"), (item.Attempts, item.LastError));
            Assert.InRange(item.RunAt - failedAt, delay * 0.9, delay * 1.1);
            Assert.Null(item.LeaseOwner);

            Time.Advance(delay * 0.89);
            Assert.Equal(0, await runner.ProcessDueAsync(Ct));   // not before its time
            Time.Advance(delay * 0.22);
        }

        Assert.Equal(1, await runner.ProcessDueAsync(Ct));

        Assert.Empty(await AllAsync());
        var dead = await OnlyAsync(WorkState.Dead);
        Assert.Equal((id, WorkRetrySchedule.MaxAttempts, "InvalidOperationException: the other server said no"), (dead.Id, dead.Attempts, dead.LastError));
        // One entry per attempt, each naming the item, its kind and the attempt, with the exception.
        Assert.Equal(WorkRetrySchedule.MaxAttempts, _log.Entries.Count);
        Assert.Equal(Enumerable.Range(1, WorkRetrySchedule.MaxAttempts), _log.Entries.Select(e => (int)e.Values["Attempt"]!));
        Assert.All(_log.Entries, e =>
        {
            Assert.Equal(id, e.Values["WorkItemId"]);
            Assert.Equal("flaky", e.Values["Kind"]);
            Assert.IsType<InvalidOperationException>(e.Exception);
        });
        Assert.All(_log.Entries.SkipLast(1), e => Assert.Equal(LogLevel.Warning, e.Level));
        Assert.Equal(LogLevel.Error, _log.Entries[^1].Level);
        Assert.Equal(0, await runner.ProcessDueAsync(Ct));
    }

    [Fact]
    public async Task UnreadablePayload_IsDeadAtOnceWithTheJsonError_AndOthersRun()
    {
        var sample = new Handler("sample", item => _ = WorkPayload.Read<Sample>(item));
        var runner = Runner([sample], _log);
        await AddAsync(
            new("sample", "{\"title\":\"an older shape\"}"),
            new("sample", WorkPayload.Write(new Sample("ok", 2))),
            new("sample", "not json"));

        Assert.Equal(3, await runner.ProcessDueAsync(Ct));

        Assert.Empty(await AllAsync());
        var dead = await AllAsync(WorkState.Dead);
        Assert.Equal(2, dead.Count);
        Assert.All(dead, d =>
        {
            Assert.Equal(1, d.Attempts);
            Assert.StartsWith("The payload of this sample item cannot be read as Sample: ", d.LastError, StringComparison.Ordinal);
        });
        Assert.Contains(dead, d => d.LastError!.Contains("name", StringComparison.Ordinal));   // the missing property is named
        Assert.Equal(2, _log.Entries.Count(e => e.Level == LogLevel.Error && e.EventId == 4903));
    }

    [Fact]
    public async Task UnknownKind_IsDeadAtOnce()
    {
        var runner = Runner([new Handler("known")], _log);
        await AddAsync(new NewWorkItem("from-a-newer-version", "{}"), new NewWorkItem("known", "{}"));

        Assert.Equal(2, await runner.ProcessDueAsync(Ct));

        var dead = await OnlyAsync(WorkState.Dead);
        Assert.Equal("from-a-newer-version", dead.Kind);
        Assert.Contains("No handler for work of kind \"from-a-newer-version\"", dead.LastError, StringComparison.Ordinal);
        Assert.Empty(await AllAsync());
        Assert.Equal(LogLevel.Error, Assert.Single(_log.Entries).Level);
    }

    [Fact]
    public async Task FailingItem_DoesNotBlockOthers_OnlyTheLaterItemsOfItsPartition()
    {
        var order = new List<string>();
        var failures = 1;
        var handler = new Handler("step", item =>
        {
            lock (order)
            {
                order.Add(item.Payload);
            }

            if (item.Payload == "first" && failures-- > 0)
            {
                throw new HttpRequestException("timed out");
            }
        });
        var runner = Runner([handler], _log, concurrency: 1);
        await AddAsync(new("step", "first", "post:1"), new("step", "second", "post:1"), new("step", "other"));

        Assert.Equal(2, await runner.ProcessDueAsync(Ct));
        Assert.Equal(0, await runner.ProcessDueAsync(Ct));   // "second" waits for "first", which waits for its retry
        Time.Advance(TimeSpan.FromSeconds(20));
        Assert.Equal(1, await runner.ProcessDueAsync(Ct));
        Assert.Equal(1, await runner.ProcessDueAsync(Ct));

        Assert.Equal(["first", "other", "first", "second"], order);
        Assert.Empty(await AllAsync());
        Assert.Single(_log.Entries);
    }

    [Fact]
    public async Task DeadItem_NoLongerHoldsBackItsPartition()
    {
        var later = new Handler("later");
        var runner = Runner([later], _log);
        await AddAsync(new("unknown-kind", "{}", "actor:x"), new("later", "{}", "actor:x"));

        Assert.Equal(1, await runner.ProcessDueAsync(Ct));   // the first is buried…
        Assert.Equal(1, await runner.ProcessDueAsync(Ct));   // …and the next of its partition runs

        Assert.Single(later.Ran);
        Assert.Equal("unknown-kind", (await OnlyAsync(WorkState.Dead)).Kind);
    }

    [Fact]
    public async Task Cancellation_LeavesTheItemLeased_NeverFailed_AndItRunsAgainAfterTheLease()
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var stuck = new Handler("slow", async (_, ct) =>
        {
            started.SetResult();
            await Task.Delay(Timeout.Infinite, ct);
        });
        var runner = Runner([stuck], _log);
        await AddAsync(new NewWorkItem("slow", "{}"));
        using var shutdown = new CancellationTokenSource();

        var running = runner.ProcessDueAsync(shutdown.Token);
        await started.Task.WaitAsync(Ct);
        await shutdown.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running);

        var item = await OnlyAsync();
        Assert.Equal((WorkState.Pending, 1, runner.Owner, (string?)null), (item.State, item.Attempts, item.LeaseOwner, item.LastError));
        Assert.Empty(_log.Entries);

        var next = new Handler("slow");
        var restarted = Runner([next], _log);
        Assert.Equal(0, await restarted.ProcessDueAsync(Ct));
        Time.Advance(Lease + TimeSpan.FromSeconds(1));
        Assert.Equal(1, await restarted.ProcessDueAsync(Ct));
        Assert.Equal(2, Assert.Single(next.Ran).Attempts);
        Assert.Empty(await AllAsync());
    }

    [Fact]
    public async Task ProcessDue_RunsAtMostConcurrencyAtOnce()
    {
        var current = 0;
        var most = 0;
        var handler = new Handler("busy", async (_, ct) =>
        {
            var now = Interlocked.Increment(ref current);
            InterlockedMax(ref most, now);
            await Task.Delay(5, ct);
            Interlocked.Decrement(ref current);
        });
        var runner = Runner([handler], _log, concurrency: 2);
        await AddAsync([.. Enumerable.Range(0, 12).Select(_ => new NewWorkItem("busy", "{}"))]);

        Assert.Equal(12, await runner.ProcessDueAsync(Ct));

        Assert.InRange(most, 1, 2);
        Assert.Equal(12, handler.Ran.Count);
    }

    [Fact]
    public async Task Handler_CompletingInItsOwnTransaction_CommitsItsFollowUpWorkWithIt()
    {
        var handler = new Handler("first", async (item, ct) =>
        {
            await using var tx = await Db.BeginAsync(ct);
            await Store.AddAsync([new NewWorkItem("second", "{}")], tx, ct);
            Assert.True(await Store.CompleteAsync(item, item.LeaseOwner!, tx, ct));
            await tx.CommitAsync(ct);
        });
        var second = new Handler("second");
        var runner = Runner([handler, second], _log);
        await AddAsync(new NewWorkItem("first", "{}"));

        Assert.Equal(2, await runner.DrainAsync(Ct));

        Assert.Single(handler.Ran);
        Assert.Single(second.Ran);
        Assert.Empty(await AllAsync());
    }

    [Fact]
    public async Task Drain_SmallBatches_RunsEverythingDue()
    {
        var handler = new Handler("x");
        var runner = Runner([handler], _log, batchSize: 3);
        await AddAsync([.. Enumerable.Range(0, 10).Select(_ => new NewWorkItem("x", "{}"))]);

        Assert.Equal(10, await runner.DrainAsync(Ct));
        Assert.Equal(10, handler.Ran.Count);
    }

    [Fact]
    public void Owner_NamesTheMachineAndProcess_AndDiffersPerRunner()
    {
        var one = Runner([]);
        var two = Runner([]);

        Assert.StartsWith($"{Environment.MachineName}:{Environment.ProcessId}:", one.Owner, StringComparison.Ordinal);
        Assert.NotEqual(one.Owner, two.Owner);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while ((seen = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, seen) != seen)
        {
        }
    }

    private sealed record Sample(string Name, int Count);

    /// <summary>Records what it ran; does what it is told.</summary>
    private sealed class Handler(string kind, Func<WorkItem, CancellationToken, Task>? run = null) : IWorkHandler
    {
        private readonly System.Collections.Concurrent.ConcurrentQueue<WorkItem> _ran = new();

        public Handler(string kind, Action<WorkItem> run)
            : this(kind, (item, _) =>
            {
                run(item);
                return Task.CompletedTask;
            })
        {
        }

        public string Kind => kind;

        public IReadOnlyList<WorkItem> Ran => [.. _ran];

        public async Task RunAsync(WorkItem item, CancellationToken ct)
        {
            _ran.Enqueue(item);
            if (run is not null)
            {
                await run(item, ct);
            }
        }
    }
}
