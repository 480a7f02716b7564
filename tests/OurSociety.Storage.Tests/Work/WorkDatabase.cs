using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using OurSociety.Core.Paging;
using OurSociety.Core.Work;
using OurSociety.Storage.Sql;
using OurSociety.Storage.Stores;
using OurSociety.Testing;

namespace OurSociety.Storage.Tests.Work;

/// <summary>
/// A fresh, migrated database per test (claims take whatever is due, so tests must not share a queue) and a clock
/// that moves only when told.
/// </summary>
public abstract class WorkDatabase : IAsyncLifetime
{
    private readonly TempDirectory _dir = new();

    protected WorkDatabase()
    {
        Db = new SqliteConnectionFactory(_dir.File("work.db"));
        Store = new WorkItemStore(Db, Time);
    }

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    protected FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 28, 12, 0, 0, TimeSpan.Zero));

    protected SqliteConnectionFactory Db { get; }

    protected WorkItemStore Store { get; }

    public async ValueTask InitializeAsync() => await new MigrationRunner(Db, Time).MigrateAsync(null, Ct);

    public ValueTask DisposeAsync()
    {
        _dir.Dispose();
        GC.SuppressFinalize(this);
        return ValueTask.CompletedTask;
    }

    /// <summary>Adds items in a transaction of their own, committed.</summary>
    protected async Task AddAsync(params NewWorkItem[] items)
    {
        await using var tx = await Db.BeginAsync(Ct);
        await Store.AddAsync(items, tx, Ct);
        await tx.CommitAsync(Ct);
    }

    protected async Task<IReadOnlyList<WorkItem>> AllAsync(WorkState state = WorkState.Pending) =>
        (await Store.ListAsync(state, Cursor.Start, 1000, Ct)).Items;

    protected async Task<WorkItem> OnlyAsync(WorkState state = WorkState.Pending) => Assert.Single(await AllAsync(state));

    protected WorkRunner Runner(IEnumerable<IWorkHandler> handlers, ILogger<WorkRunner>? logger = null, int concurrency = 4, int batchSize = 32) =>
        new(handlers, Store, Microsoft.Extensions.Options.Options.Create(new WorkerOptions
        {
            Concurrency = concurrency,
            BatchSize = batchSize,
            LeaseDuration = Lease,
        }), Time, logger ?? new CapturingLogger<WorkRunner>());

    protected static readonly TimeSpan Lease = TimeSpan.FromMinutes(5);
}

/// <summary>Keeps every log entry, to count them.</summary>
public sealed class CapturingLogger<T> : ILogger<T>
{
    private readonly System.Collections.Concurrent.ConcurrentQueue<LogEntry> _entries = new();

    public IReadOnlyList<LogEntry> Entries => [.. _entries];

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        _entries.Enqueue(new LogEntry(logLevel, eventId.Id, formatter(state, exception), exception,
            state is IReadOnlyList<KeyValuePair<string, object?>> values ? values.ToDictionary(v => v.Key, v => v.Value) : []));
}

public sealed record LogEntry(LogLevel Level, int EventId, string Message, Exception? Exception, IReadOnlyDictionary<string, object?> Values);
