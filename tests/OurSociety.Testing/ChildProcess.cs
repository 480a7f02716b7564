using System.Diagnostics;

namespace OurSociety.Testing;

/// <summary>What a program run to its end printed, and how it ended.</summary>
public sealed record ProcessOutput(int ExitCode, string Output, string Errors);

/// <summary>Runs a helper program (html-validate, the node's CLI, dotnet-stack) to its end, reading all it prints.</summary>
public static class ChildProcess
{
    /// <summary>
    /// Starts <paramref name="start"/> (standard output and error redirected) and waits for it to end. A program still
    /// running after <paramref name="timeout"/>, or when <paramref name="ct"/> is cancelled, is killed with its own
    /// children and the wait throws <see cref="OperationCanceledException"/>: a stuck helper never outlives its test.
    /// </summary>
    public static async Task<ProcessOutput> RunAsync(ProcessStartInfo start, TimeSpan timeout, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(start);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {start.FileName}");
        if (start.RedirectStandardInput)
        {
            process.StandardInput.Close();   // run to the end: nothing will be typed
        }

        var output = process.StandardOutput.ReadToEndAsync(ct);
        var errors = process.StandardError.ReadToEndAsync(ct);
        using (var waiting = CancellationTokenSource.CreateLinkedTokenSource(ct))
        {
            waiting.CancelAfter(timeout);
            try
            {
                await process.WaitForExitAsync(waiting.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw;
            }
        }

        return new ProcessOutput(process.ExitCode, await output, await errors);
    }
}
