using System.Globalization;
using Microsoft.Extensions.Options;
using OurSociety.Core.Paging;
using OurSociety.Core.Work;

namespace OurSociety.Web.Cli;

/// <summary><c>work …</c>: what the node has left to do in the background, and trying failed work again.</summary>
internal sealed class WorkCommands(CliDatabase database, IWorkItemStore work, IOptions<WorkerOptions> options, TimeProvider time)
{
    /// <summary>Items listed at most; the rest are counted.</summary>
    public const int Shown = 50;

    public async Task<int> ListAsync(CommandArgs args, CliConsole console, CancellationToken ct)
    {
        var dead = args.Has("--dead");
        await database.PrepareAsync(console, ct);
        var summary = await work.SummaryAsync(ct);
        console.WriteLine(Describe(summary));
        var page = await work.ListAsync(dead ? WorkState.Dead : WorkState.Pending, Cursor.Start, Shown, ct);
        if (page.Items.Count == 0)
        {
            console.WriteLine(dead ? "No work has failed." : "No work is waiting.");
            return CliApp.Ok;
        }

        console.WriteLine(dead ? "Failed work, newest first:" : "Waiting work, in the order it runs:");
        var now = time.GetUtcNow();
        foreach (var item in page.Items)
        {
            console.WriteLine($"  {item.Id:D}  {item.Kind}");
            console.WriteLine($"      {When(item, now)}");
            if (item.LastError is { } error)
            {
                console.WriteLine($"      last error: {OneLine(error)}");
            }
        }

        var total = dead ? summary.Dead : summary.Pending;
        if (total > page.Items.Count)
        {
            console.WriteLine($"… and {total - page.Items.Count} more.");
        }

        if (dead)
        {
            console.WriteLine("Try one again with: oursociety work retry ID");
        }

        return CliApp.Ok;
    }

    public async Task<int> RetryAsync(CommandArgs args, CliConsole console, CancellationToken ct)
    {
        var given = args.Arguments[0];
        if (!Guid.TryParse(given, out var id))
        {
            return console.Fail($"\"{given}\" is not a work item id. \"oursociety work list --dead\" lists the failed ones with their ids.");
        }

        await database.PrepareAsync(console, ct);
        if (await work.RetryDeadAsync(id, ct))
        {
            var kind = (await work.FindAsync(id, ct))?.Kind ?? "work";
            console.WriteLine($"Work item {id:D} ({kind}) will be tried again: the node takes it up within {Duration(options.Value.PollInterval)}.");
            return CliApp.Ok;
        }

        return await work.FindAsync(id, ct) is { } pending
            ? console.Fail($"Work item {id:D} ({pending.Kind}) has not failed: it is waiting to run ({When(pending, time.GetUtcNow())}). Only failed work can be retried.")
            : console.Fail($"There is no work item {id:D}. \"oursociety work list --dead\" lists the failed ones.");
    }

    internal static string Describe(WorkSummary summary)
    {
        var line = $"Background work: {summary.Pending} waiting ({summary.DueNow} due now, {summary.Leased} running), {summary.Dead} failed.";
        return summary.OldestPendingAge is { } age && age >= TimeSpan.FromMinutes(1)
            ? $"{line} The oldest has waited {Duration(age)}."
            : line;
    }

    private static string When(WorkItem item, DateTimeOffset now) => item switch
    {
        { State: WorkState.Dead } => $"failed {Time(item.DeadAt ?? item.CreatedAt)} after {Attempts(item.Attempts)}",
        { LeaseUntil: { } until } when until >= now => $"running, attempt {item.Attempts} (if the node stopped meanwhile, it runs again after {Time(until)})",
        _ when item.RunAt <= now => $"due now, {Attempts(item.Attempts)} so far",
        _ => $"next try {Time(item.RunAt)} (in {Duration(item.RunAt - now)}), {Attempts(item.Attempts)} so far",
    };

    private static string Attempts(int attempts) => attempts == 1 ? "1 attempt" : $"{attempts} attempts";

    private static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);

    internal static string Duration(TimeSpan span) => span switch
    {
        _ when span < TimeSpan.FromMinutes(2) => Plural((int)Math.Ceiling(span.TotalSeconds), "second"),
        _ when span < TimeSpan.FromHours(2) => Plural((int)Math.Round(span.TotalMinutes), "minute"),
        _ when span < TimeSpan.FromDays(2) => Plural((int)Math.Round(span.TotalHours), "hour"),
        _ => Plural((int)Math.Round(span.TotalDays), "day"),
    };

    private static string Plural(int n, string unit) => n == 1 ? $"1 {unit}" : $"{n} {unit}s";

    private static string OneLine(string text) => string.Join(' ', text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
