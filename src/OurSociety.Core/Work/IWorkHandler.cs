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
