namespace OurSociety.Core.Work;

/// <summary>
/// Runs the work items of one <see cref="Kind"/>. Registered in DI as one of many; <see cref="WorkRunner"/> dispatches by kind.
/// Returning completes the item; throwing retries it later (<see cref="WorkRetrySchedule"/>), except a
/// <see cref="WorkPayloadException"/>, which buries it at once. Items run at least once: handlers must be idempotent.
/// </summary>
public interface IWorkHandler
{
    string Kind { get; }

    Task RunAsync(WorkItem item, CancellationToken ct);
}

/// <summary>
/// A handler that is one method of a service (<c>PostFederation.PublishedAsync</c>, say): the composition root names
/// the kind and the method, instead of a class per kind that only forwards the call.
/// </summary>
public sealed class WorkHandler(string kind, Func<WorkItem, CancellationToken, Task> run) : IWorkHandler
{
    public string Kind { get; } = kind;

    public Task RunAsync(WorkItem item, CancellationToken ct) => run(item, ct);
}
