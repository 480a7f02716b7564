using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using OurSociety.Core.Work;

namespace OurSociety.Storage.Tests.Work;

public sealed class WorkWorkerTests : WorkDatabase
{
    private WorkWorker Worker(WorkRunner runner, WorkSignal signal, bool inBackground, IHostApplicationLifetime lifetime) =>
        new(runner, Store, signal, Options.Create(new WorkerOptions { RunInBackground = inBackground }), Time, lifetime,
            new CapturingLogger<WorkWorker>());

    [Fact]
    public async Task InBackground_AfterTheHostStarted_RunsWorkWhenSignalled()
    {
        var ran = new TaskCompletionSource<WorkItem>(TaskCreationOptions.RunContinuationsAsynchronously);
        var runner = Runner([new Handler("ping", ran)]);
        var signal = new WorkSignal(Time);
        using var lifetime = new Lifetime();
        using var worker = Worker(runner, signal, inBackground: true, lifetime);
        await worker.StartAsync(Ct);

        await AddAsync(new NewWorkItem("ping", "{}"));
        signal.Notify();
        Assert.False(ran.Task.IsCompleted);   // the host has not started yet (migrations may still be running)
        lifetime.Start();

        var item = await ran.Task.WaitAsync(TimeSpan.FromSeconds(30), Ct);
        Assert.Equal("ping", item.Kind);
        await worker.StopAsync(Ct);
    }

    [Fact]
    public async Task InBackground_WorkDueLater_RunsWhenTheClockGetsThere()
    {
        var ran = new TaskCompletionSource<WorkItem>(TaskCreationOptions.RunContinuationsAsynchronously);
        var runner = Runner([new Handler("ping", ran)]);
        using var lifetime = new Lifetime();
        lifetime.Start();
        await AddAsync(new NewWorkItem("ping", "{}", RunAt: Time.GetUtcNow().AddSeconds(10)));
        using var worker = Worker(runner, new WorkSignal(Time), inBackground: true, lifetime);
        await worker.StartAsync(Ct);

        // The worker sleeps until the item is due (on the fake clock); nudge the clock until it has gone to sleep.
        while (!ran.Task.IsCompleted)
        {
            Time.Advance(TimeSpan.FromSeconds(1));
            await Task.WhenAny(ran.Task, Task.Delay(10, Ct));
        }

        Assert.True(Time.GetUtcNow() >= (await ran.Task).RunAt);
        await worker.StopAsync(Ct);
    }

    /// <summary>
    /// A slow item (a picture from a server that never answers) holds one slot, not the queue: work added after it runs
    /// and is completed while it still waits. (The test waits on tasks the handlers complete, with a long cap only
    /// against a hang.)
    /// </summary>
    [Fact]
    public async Task InBackground_ASlowItem_DoesNotHoldUpTheRest()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var slowStarted = new TaskCompletionSource<WorkItem>(TaskCreationOptions.RunContinuationsAsynchronously);
        var quick = new TaskCompletionSource<WorkItem>(TaskCreationOptions.RunContinuationsAsynchronously);
        var signal = new WorkSignal(Time);
        var runner = new WorkRunner([new Slow(slowStarted, release.Task), new Handler("quick", quick)], Store,
            Options.Create(new WorkerOptions { Concurrency = 2, BatchSize = 32 }), Time, new CapturingLogger<WorkRunner>());
        using var lifetime = new Lifetime();
        lifetime.Start();
        using var worker = Worker(runner, signal, inBackground: true, lifetime);
        await worker.StartAsync(Ct);
        await AddAsync(new NewWorkItem("slow", "{}"));
        signal.Notify();
        await slowStarted.Task.WaitAsync(TimeSpan.FromSeconds(30), Ct);

        await AddAsync(new NewWorkItem("quick", "{}"));
        signal.Notify();
        await quick.Task.WaitAsync(TimeSpan.FromSeconds(30), Ct);
        while ((await AllAsync()).Count > 1)
        {
            await Task.Delay(10, Ct);   // the quick item's completion is committed by the worker's loop, just after
        }

        Assert.Equal("slow", Assert.Single(await AllAsync()).Kind);
        release.SetResult();
        await worker.StopAsync(Ct);
    }

    [Fact]
    public async Task NotInBackground_ReturnsAtOnce_AndRunsNothing()
    {
        var ran = new TaskCompletionSource<WorkItem>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var lifetime = new Lifetime();
        lifetime.Start();
        await AddAsync(new NewWorkItem("ping", "{}"));
        using var worker = Worker(Runner([new Handler("ping", ran)]), new WorkSignal(Time), inBackground: false, lifetime);

        await worker.StartAsync(Ct);
        await worker.ExecuteTask!.WaitAsync(TimeSpan.FromSeconds(30), Ct);

        Assert.False(ran.Task.IsCompleted);
        Assert.Single(await AllAsync());
    }

    private sealed class Handler(string kind, TaskCompletionSource<WorkItem> ran) : IWorkHandler
    {
        public string Kind => kind;

        public Task RunAsync(WorkItem item, CancellationToken ct)
        {
            ran.TrySetResult(item);
            return Task.CompletedTask;
        }
    }

    private sealed class Slow(TaskCompletionSource<WorkItem> started, Task release) : IWorkHandler
    {
        public string Kind => "slow";

        public async Task RunAsync(WorkItem item, CancellationToken ct)
        {
            started.TrySetResult(item);
            await release.WaitAsync(ct);
        }
    }

    private sealed class Lifetime : IHostApplicationLifetime, IDisposable
    {
        private readonly CancellationTokenSource _started = new();

        public CancellationToken ApplicationStarted => _started.Token;

        public CancellationToken ApplicationStopping => CancellationToken.None;

        public CancellationToken ApplicationStopped => CancellationToken.None;

        public void Start() => _started.Cancel();

        public void StopApplication()
        {
        }

        public void Dispose() => _started.Dispose();
    }
}
