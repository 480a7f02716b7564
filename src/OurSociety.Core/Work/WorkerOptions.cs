using Microsoft.Extensions.Options;

namespace OurSociety.Core.Work;

/// <summary>The background work queue's settings (<c>OurSociety:Workers</c>).</summary>
public sealed class WorkerOptions
{
    public const string Section = "OurSociety:Workers";

    /// <summary>False: nothing runs by itself; tests call <see cref="WorkRunner.ProcessDueAsync"/> or <see cref="WorkRunner.DrainAsync"/>.</summary>
    public bool RunInBackground { get; set; } = true;

    /// <summary>Items run at once (1–64). Most work waits on the network or the disk, not the processor.</summary>
    public int Concurrency { get; set; } = 8;

    /// <summary>Items claimed per look at the queue (1–1000).</summary>
    public int BatchSize { get; set; } = 32;

    /// <summary>
    /// How long a claimed item is ours (10 s – 1 day). If the process dies, the item runs again this long after it was
    /// taken; a handler that takes longer than this may run twice.
    /// </summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The longest the worker sleeps without being woken (1 s – 1 h): a safety net for missed wake-ups.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(30);
}

/// <summary>Checked at start: a bad value stops the node with a message naming the key.</summary>
public sealed class WorkerOptionsValidator : IValidateOptions<WorkerOptions>
{
    public ValidateOptionsResult Validate(string? name, WorkerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        if (options.Concurrency is < 1 or > 64)
        {
            errors.Add($"{WorkerOptions.Section}:Concurrency must be 1 to 64; got {options.Concurrency}.");
        }

        if (options.BatchSize is < 1 or > 1000)
        {
            errors.Add($"{WorkerOptions.Section}:BatchSize must be 1 to 1000; got {options.BatchSize}.");
        }

        if (options.LeaseDuration < TimeSpan.FromSeconds(10) || options.LeaseDuration > TimeSpan.FromDays(1))
        {
            errors.Add($"{WorkerOptions.Section}:LeaseDuration must be between 00:00:10 and 1.00:00:00; got {options.LeaseDuration}.");
        }

        if (options.PollInterval < TimeSpan.FromSeconds(1) || options.PollInterval > TimeSpan.FromHours(1))
        {
            errors.Add($"{WorkerOptions.Section}:PollInterval must be between 00:00:01 and 01:00:00; got {options.PollInterval}.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
