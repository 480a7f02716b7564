using Microsoft.Extensions.Time.Testing;
using OurSociety.Core.Work;

namespace OurSociety.Core.Tests.Work;

public sealed class WorkPayloadTests
{
    private sealed record Delivery(Guid PostId, string Inbox, string? Note = null);

    private static WorkItem Item(string payload) => new(
        Guid.CreateVersion7(), "deliver", payload, null, 1, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, null,
        WorkState.Pending, "me", null, null);

    [Fact]
    public void WriteThenRead_RoundTrips()
    {
        var value = new Delivery(Guid.CreateVersion7(), "https://a.example/inbox");

        Assert.Equal(value, WorkPayload.Read<Delivery>(Item(WorkPayload.Write(value))));
    }

    [Theory]
    [InlineData("{\"inbox\":\"https://a.example/inbox\"}", "postId")]   // an older shape, without a field this one needs
    [InlineData("{\"postId\":\"not a guid\",\"inbox\":\"x\"}", "$.postId")]
    [InlineData("{\"postId\":\"0190a000-0000-7000-8000-000000000000\",\"inbox\":null}", "inbox")]
    [InlineData("null", "null")]
    [InlineData("{", "")]
    public void Read_PayloadThatDoesNotFit_ThrowsWorkPayloadExceptionWithTheReason(string payload, string named)
    {
        var item = Item(payload);

        var error = Assert.Throws<WorkPayloadException>(() => WorkPayload.Read<Delivery>(item));

        Assert.Equal(item.Id, error.ItemId);
        Assert.StartsWith("The payload of this deliver item", error.Message, StringComparison.Ordinal);
        Assert.Contains(named, error.Message, StringComparison.Ordinal);
    }
}

public sealed class WorkRetryScheduleTests
{
    [Fact]
    public void BaseDelay_DoublesFrom15Seconds_CappedAtAnHour_DeadAfterTenAttempts()
    {
        TimeSpan?[] expected =
        [
            TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(2),
            TimeSpan.FromMinutes(4), TimeSpan.FromMinutes(8), TimeSpan.FromMinutes(16), TimeSpan.FromMinutes(32),
            TimeSpan.FromHours(1), null,
        ];

        Assert.Equal(expected, Enumerable.Range(1, 10).Select(WorkRetrySchedule.BaseDelay));
        Assert.Null(WorkRetrySchedule.BaseDelay(11));
    }

    [Fact]
    public void NextRun_IsWithinTenPercentOfTheDelay()
    {
        var now = new DateTimeOffset(2026, 11, 28, 12, 0, 0, TimeSpan.Zero);
        var random = new Random(42);

        for (var i = 0; i < 1000; i++)
        {
            var next = WorkRetrySchedule.NextRun(3, now, random)!.Value;
            Assert.InRange(next - now, TimeSpan.FromSeconds(54), TimeSpan.FromSeconds(66));
        }

        Assert.Null(WorkRetrySchedule.NextRun(WorkRetrySchedule.MaxAttempts, now, random));
    }
}

public sealed class WorkSignalTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Wait_NotifiedBefore_ReturnsAtOnce_AndOneNotificationWakesOnce()
    {
        var time = new FakeTimeProvider();
        var signal = new WorkSignal(time);
        signal.Notify();
        signal.Notify();

        await signal.WaitAsync(TimeSpan.FromHours(1), Ct).WaitAsync(TimeSpan.FromSeconds(30), Ct);

        var second = signal.WaitAsync(TimeSpan.FromHours(1), Ct);
        Assert.False(second.IsCompleted);
        signal.Notify();
        await second.WaitAsync(TimeSpan.FromSeconds(30), Ct);
    }

    [Fact]
    public async Task Wait_TimesOutOnTheInjectedClock()
    {
        var time = new FakeTimeProvider();
        var signal = new WorkSignal(time);

        var waiting = signal.WaitAsync(TimeSpan.FromMinutes(1), Ct);
        time.Advance(TimeSpan.FromSeconds(59));
        Assert.False(waiting.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(1));

        await waiting.WaitAsync(TimeSpan.FromSeconds(30), Ct);
    }

    [Fact]
    public async Task Wait_Cancelled_Throws()
    {
        var signal = new WorkSignal(new FakeTimeProvider());
        using var stop = new CancellationTokenSource();

        var waiting = signal.WaitAsync(TimeSpan.FromMinutes(1), stop.Token);
        await stop.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
    }
}

public sealed class WorkerOptionsTests
{
    [Fact]
    public void Defaults_AreValid()
    {
        var defaults = new WorkerOptions();

        Assert.True(new WorkerOptionsValidator().Validate(null, defaults).Succeeded);
        Assert.Equal((true, 8, TimeSpan.FromMinutes(5)), (defaults.RunInBackground, defaults.Concurrency, defaults.LeaseDuration));
    }

    [Fact]
    public void OutOfRange_FailsNamingEachKey()
    {
        var result = new WorkerOptionsValidator().Validate(null, new WorkerOptions
        {
            Concurrency = 65,
            BatchSize = 0,
            LeaseDuration = TimeSpan.FromSeconds(1),
            PollInterval = TimeSpan.Zero,
        });

        Assert.True(result.Failed);
        foreach (var key in new[] { "Concurrency", "BatchSize", "LeaseDuration", "PollInterval" })
        {
            Assert.Contains(result.Failures!, f => f.StartsWith($"OurSociety:Workers:{key} must", StringComparison.Ordinal));
        }
    }

    [Theory]
    [InlineData(null, 30_000)]      // nothing pending: the poll interval
    [InlineData(5_000, 5_000)]      // until the next item is due
    [InlineData(90_000, 30_000)]    // never longer than the poll interval
    [InlineData(-5_000, 50)]        // overdue but not claimable (a lease ending now): a moment, not a busy loop
    public void WorkerWait_IsBetweenAMomentAndThePollInterval(int? dueInMs, int expectedMs)
    {
        var now = new DateTimeOffset(2026, 11, 28, 12, 0, 0, TimeSpan.Zero);

        var wait = WorkWorker.WaitFor(dueInMs is { } ms ? now.AddMilliseconds(ms) : null, now, TimeSpan.FromSeconds(30));

        Assert.Equal(TimeSpan.FromMilliseconds(expectedMs), wait);
    }
}
