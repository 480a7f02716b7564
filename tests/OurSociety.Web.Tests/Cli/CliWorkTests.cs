using OurSociety.Core;
using OurSociety.Core.Work;
using OurSociety.Testing;
using OurSociety.Web.Cli;

namespace OurSociety.Web.Tests.Cli;

/// <summary><c>work list</c> and <c>work retry</c> on a real data directory.</summary>
public sealed class CliWorkTests : IAsyncLifetime
{
    private readonly TempDirectory _temp = new();

    private string Data => Path.Combine(_temp.Path, "data");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => Assert.Equal(CliApp.Ok, (await CliRunner.RunAsync(Data, "db", "migrate")).ExitCode);

    public ValueTask DisposeAsync()
    {
        _temp.Dispose();
        return ValueTask.CompletedTask;
    }

    /// <summary>Adds items as the node would, and buries those of kind "broken" as a worker would after failing.</summary>
    private async Task<IReadOnlyList<WorkItem>> AddAsync(params NewWorkItem[] items)
    {
        using var host = CliRunner.Services(Data);
        var store = host.Get<IWorkItemStore>();
        await using (var tx = await host.Get<ITransactions>().BeginAsync(Ct))
        {
            await store.AddAsync(items, tx, Ct);
            await tx.CommitAsync(Ct);
        }

        foreach (var claimed in await store.ClaimDueAsync("test-worker", 100, TimeSpan.FromMinutes(5), Ct))
        {
            _ = claimed.Kind == "broken"
                ? await store.BuryAsync(claimed, "test-worker", "HttpRequestException: Connection refused\n(hub.example:443)", Ct)
                : await store.RetryAsync(claimed, "test-worker", claimed.RunAt, "TimeoutException: slow", Ct);
        }

        return [.. (await store.ListAsync(WorkState.Pending, Core.Paging.Cursor.Start, 100, Ct)).Items,
            .. (await store.ListAsync(WorkState.Dead, Core.Paging.Cursor.Start, 100, Ct)).Items];
    }

    [Fact]
    public async Task List_NothingQueued_SaysSo()
    {
        var result = await CliRunner.RunAsync(Data, "work", "list");

        Assert.True(result.ExitCode == CliApp.Ok, result.ToString());
        Assert.Contains("Background work: 0 waiting (0 due now, 0 running), 0 failed.", result.Lines);
        Assert.Equal("No work is waiting.", result.LastLine);
    }

    [Fact]
    public async Task List_ShowsWaitingItems_WithIdKindAttemptsAndLastError()
    {
        var items = await AddAsync(new NewWorkItem("deliver", "{}"), new NewWorkItem("broken", "{}"));
        var waiting = items.Single(i => i.Kind == "deliver");

        var result = await CliRunner.RunAsync(Data, "work", "list");

        Assert.True(result.ExitCode == CliApp.Ok, result.ToString());
        Assert.Contains("Background work: 1 waiting (1 due now, 0 running), 1 failed.", result.Lines);
        Assert.Contains($"  {waiting.Id:D}  deliver", result.Lines);
        Assert.Contains("      due now, 1 attempt so far", result.Lines);
        Assert.Contains("      last error: TimeoutException: slow", result.Lines);
        Assert.DoesNotContain(result.Lines, l => l.Contains("broken", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ListDead_ShowsFailedItems_WithTheirErrorOnOneLine_AndHowToRetry()
    {
        var items = await AddAsync(new NewWorkItem("deliver", "{}"), new NewWorkItem("broken", "{}"));
        var dead = items.Single(i => i.Kind == "broken");

        var result = await CliRunner.RunAsync(Data, "work", "list", "--dead");

        Assert.True(result.ExitCode == CliApp.Ok, result.ToString());
        Assert.Contains("Failed work, newest first:", result.Lines);
        Assert.Contains($"  {dead.Id:D}  broken", result.Lines);
        Assert.Contains(result.Lines, l => l.StartsWith("      failed 20", StringComparison.Ordinal) && l.EndsWith(" UTC after 1 attempt", StringComparison.Ordinal));
        Assert.Contains("      last error: HttpRequestException: Connection refused (hub.example:443)", result.Lines);
        Assert.Equal("Try one again with: oursociety work retry ID", result.LastLine);
        Assert.DoesNotContain(result.Lines, l => l.Contains("deliver", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Retry_FailedItem_RunsAgainNow_WithItsAttemptsReset()
    {
        var dead = (await AddAsync(new NewWorkItem("broken", "{}"))).Single();

        var result = await CliRunner.RunAsync(Data, "work", "retry", dead.Id.ToString());

        Assert.True(result.ExitCode == CliApp.Ok, result.ToString());
        Assert.Equal($"Work item {dead.Id:D} (broken) will be tried again: the node takes it up within 30 seconds.", result.LastLine);
        using var host = CliRunner.Services(Data);
        var now = await host.Get<IWorkItemStore>().FindAsync(dead.Id, Ct);
        Assert.Equal((WorkState.Pending, 0), (now!.State, now.Attempts));
        Assert.Equal(1, (await host.Get<IWorkItemStore>().SummaryAsync(Ct)).DueNow);
    }

    [Fact]
    public async Task Retry_ItemThatHasNotFailed_Exits1AndSaysWhy()
    {
        var waiting = (await AddAsync(new NewWorkItem("deliver", "{}"))).Single();

        var result = await CliRunner.RunAsync(Data, "work", "retry", waiting.Id.ToString());

        Assert.Equal(CliApp.Failed, result.ExitCode);
        Assert.Contains($"Work item {waiting.Id:D} (deliver) has not failed", result.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Retry_UnknownOrMalformedId_Exits1()
    {
        var unknown = await CliRunner.RunAsync(Data, "work", "retry", "0190a000-0000-7000-8000-000000000000");
        var malformed = await CliRunner.RunAsync(Data, "work", "retry", "twelve");

        Assert.Equal(CliApp.Failed, unknown.ExitCode);
        Assert.Contains("There is no work item 0190a000-0000-7000-8000-000000000000.", unknown.Err, StringComparison.Ordinal);
        Assert.Equal(CliApp.Failed, malformed.ExitCode);
        Assert.Contains("\"twelve\" is not a work item id.", malformed.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Retry_WithoutId_IsAUsageError()
    {
        var result = await CliRunner.RunAsync(Data, "work", "retry");

        Assert.Equal(CliApp.Usage, result.ExitCode);
        Assert.Contains("\"work retry\" needs ID.", result.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BadWorkerSetting_StopsWithAMessageNamingTheKey()
    {
        var result = await CliRunner.RunAsync(Data, "work", "list", "--OurSociety:Workers:Concurrency=0");

        Assert.Equal(CliApp.Failed, result.ExitCode);
        Assert.Contains("OurSociety:Workers:Concurrency must be 1 to 64; got 0.", result.Err, StringComparison.Ordinal);
    }
}
