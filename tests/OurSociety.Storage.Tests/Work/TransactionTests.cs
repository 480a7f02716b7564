using Dapper;
using OurSociety.Core;
using OurSociety.Core.Work;
using OurSociety.Storage.Sql;

namespace OurSociety.Storage.Tests.Work;

public sealed class TransactionTests : WorkDatabase
{
    private static NewWorkItem Item(string kind = "test") => new(kind, "{}");

    [Fact]
    public async Task Commit_KeepsEveryWriteMadeInIt()
    {
        await using (var tx = await Db.BeginAsync(Ct))
        {
            await Store.AddAsync([Item("a"), Item("b")], tx, Ct);
            var (connection, transaction) = tx.Sql();
            await connection.ExecuteAsync(new CommandDefinition(
                "INSERT INTO node_setting (name, value) VALUES ('tx-test', 'kept')", transaction: transaction, cancellationToken: Ct));
            await tx.CommitAsync(Ct);
        }

        Assert.Equal(["a", "b"], (await AllAsync()).Select(i => i.Kind));
        await using var check = await Db.OpenAsync(Ct);
        Assert.Equal("kept", await check.ExecuteScalarAsync<string>("SELECT value FROM node_setting WHERE name = 'tx-test'"));
    }

    [Fact]
    public async Task DisposeWithoutCommit_KeepsNoWrite()
    {
        await using (var tx = await Db.BeginAsync(Ct))
        {
            await Store.AddAsync([Item("a"), Item("b")], tx, Ct);
            var (connection, transaction) = tx.Sql();
            await connection.ExecuteAsync(new CommandDefinition(
                "INSERT INTO node_setting (name, value) VALUES ('tx-test', 'lost')", transaction: transaction, cancellationToken: Ct));
        }

        Assert.Empty(await AllAsync());
        await using var check = await Db.OpenAsync(Ct);
        Assert.Equal(0, await check.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM node_setting WHERE name = 'tx-test'"));
    }

    [Fact]
    public async Task OpenAsync_WhileATransactionIsOpenInTheFlow_Throws_AndWorksAgainAfterCommit()
    {
        await using var tx = await Db.BeginAsync(Ct);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(async () => await Db.OpenAsync(Ct));
        Assert.Contains("use the open transaction", error.Message, StringComparison.Ordinal);
        // A store that would open its own connection is refused the same way, instead of hanging on the write lock.
        await Assert.ThrowsAsync<InvalidOperationException>(() => Store.SummaryAsync(Ct));
        await Assert.ThrowsAsync<InvalidOperationException>(() => Db.BeginAsync(Ct));

        await tx.CommitAsync(Ct);
        await using var connection = await Db.OpenAsync(Ct);
        Assert.Equal(0, (await Store.SummaryAsync(Ct)).Pending);
    }

    [Fact]
    public async Task OpenAsync_AfterRollback_Works()
    {
        await using (var tx = await Db.BeginAsync(Ct))
        {
            await Store.AddAsync([Item()], tx, Ct);
        }

        await using var connection = await Db.OpenAsync(Ct);
        Assert.NotNull(connection);
    }

    [Fact]
    public async Task OpenAsync_InAnotherFlow_IsNotRefused()
    {
        var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        // Started before the transaction: its flow never had one open.
        var other = Task.Run(async () =>
        {
            await go.Task;
            await using var connection = await Db.OpenAsync(Ct);
            return await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM work_item");
        }, Ct);

        await using var tx = await Db.BeginAsync(Ct);
        await Store.AddAsync([Item()], tx, Ct);
        go.SetResult();

        Assert.Equal(0, await other);   // a reader elsewhere sees the last commit, not the open transaction
        await tx.CommitAsync(Ct);
    }

    [Fact]
    public async Task Sql_OfATransactionFromElsewhere_ThrowsClearly()
    {
        var error = Assert.Throws<InvalidOperationException>(() => new ForeignTransaction().Sql());

        Assert.Contains("not a transaction of OurSociety.Storage", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sql_AfterCommit_Throws()
    {
        var tx = await Db.BeginAsync(Ct);
        await tx.CommitAsync(Ct);

        Assert.Throws<InvalidOperationException>(() => tx.Sql());
        await tx.DisposeAsync();
    }

    [Fact]
    public async Task ConcurrentWriters_ThatReadFirst_AllCommit()
    {
        // IMMEDIATE transactions take the write lock at BEGIN: with deferred ones, a writer that read first fails
        // with SQLITE_BUSY when it tries to write after another committed.
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var writers = Enumerable.Range(0, 4).Select(w => Task.Run(async () =>
        {
            await start.Task;
            for (var i = 0; i < 25; i++)
            {
                await using var tx = await Db.BeginAsync(Ct);
                var (connection, transaction) = tx.Sql();
                var count = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
                    "SELECT COUNT(*) FROM work_item", transaction: transaction, cancellationToken: Ct));
                await Store.AddAsync([new NewWorkItem("count", $"{{\"seen\":{count}}}")], tx, Ct);
                await tx.CommitAsync(Ct);
            }
        }, Ct)).ToList();

        start.SetResult();
        await Task.WhenAll(writers);

        var payloads = (await AllAsync()).Select(i => i.Payload).ToList();
        Assert.Equal(100, payloads.Count);
        // Each saw all the writes committed before it: the counts are 0..99, each once.
        Assert.Equal(Enumerable.Range(0, 100).Select(n => $"{{\"seen\":{n}}}").Order(StringComparer.Ordinal), payloads.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task SecondWriter_BeginsWhenTheFirstCommits_AndACancelledWaitTakesNoTurn()
    {
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        // Flows started before the first transaction, so they are not its flow (which refuses a second one).
        var cancelled = Task.Run(async () => { await go.Task; return await Db.BeginAsync(cancel.Token); }, Ct);
        var second = Task.Run(async () => { await go.Task; return await Db.BeginAsync(Ct); }, Ct);
        var first = await Db.BeginAsync(Ct);
        go.SetResult();
        await Task.Delay(50, Ct);   // a moment for both to start waiting; neither may begin
        Assert.False(second.IsCompleted);
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);

        await Store.AddAsync([Item("first")], first, Ct);
        await first.CommitAsync(Ct);
        await using (var tx = await second.WaitAsync(TimeSpan.FromSeconds(30), Ct))
        {
            await Store.AddAsync([Item("second")], tx, Ct);
            await tx.CommitAsync(Ct);
        }

        // The turn is free again, once: a third writer begins at once.
        await using var third = await Db.BeginAsync(Ct).WaitAsync(TimeSpan.FromSeconds(30), Ct);
        await third.CommitAsync(Ct);
        Assert.Equal(["first", "second"], (await AllAsync()).Select(i => i.Kind));
    }

    private sealed class ForeignTransaction : ITransaction
    {
        public Task CommitAsync(CancellationToken ct) => Task.CompletedTask;

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
