using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using OurSociety.Web.Tests.Cli;

namespace OurSociety.Web.Tests.Crash;

/// <summary>
/// The node as it ships: <c>dotnet oursociety.dll</c> from the folder <c>scripts/test.sh</c> published it to
/// (<c>OURSOCIETY_TEST_APP</c>), else the copy built beside these tests. Under <c>CI=true</c> the published one must
/// be there: crash safety is a property of what we ship.
/// </summary>
internal static class CrashApp
{
    public const string Variable = "OURSOCIETY_TEST_APP";

    public static string Dll
    {
        get
        {
            if (Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } folder)
            {
                var published = Path.Combine(Path.GetFullPath(folder), "oursociety.dll");
                Assert.True(File.Exists(published), $"{Variable} is {folder}, but there is no oursociety.dll in it: publish the node there (scripts/test.sh does).");
                return published;
            }

            Assert.False(
                string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase),
                $"{Variable} is not set: under CI the crash tests run the published node (scripts/test.sh publishes it and sets {Variable}).");
            return Path.Combine(AppContext.BaseDirectory, "oursociety.dll");
        }
    }

    /// <summary>Runs a CLI command of the node (<c>admin create-user …</c>) in <paramref name="directory"/>.</summary>
    public static Task<CliResult> RunAsync(string directory, params string[] args) =>
        ProgramProcess.RunAsync(ProgramProcess.StartInfoOf(Dll, directory, new Dictionary<string, string>(), args));
}

/// <summary>
/// One run of the node as its own process, killed with SIGKILL (<c>kill -9</c>: no shutdown code runs). Its output
/// is read all along (a full pipe would stall its logging) and kept, per run, for the failure message.
/// </summary>
internal sealed class CrashNode : IDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _lines;

    private CrashNode(Process process, ConcurrentQueue<string> lines)
    {
        _process = process;
        _lines = lines;
    }

    public bool HasExited => _process.HasExited;

    /// <summary>
    /// Starts the node in <paramref name="directory"/> and returns once it prints "Our Society is running at" (at most
    /// a minute: a start on a loaded 2-core machine takes a few seconds). Its lines go to <paramref name="log"/>.
    /// </summary>
    public static async Task<CrashNode> StartAsync(
        string directory, IReadOnlyDictionary<string, string> environment, ConcurrentQueue<string> log, int run, CancellationToken ct)
    {
        log.Enqueue($"===== run {run}: dotnet {CrashApp.Dll}");
        var process = Process.Start(ProgramProcess.StartInfoOf(CrashApp.Dll, directory, environment))!;   // starts or throws
        var node = new CrashNode(process, log);
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                ready.TrySetException(new InvalidOperationException($"The node (run {run}) ended before it was running:\n{Tail(log, 80)}"));
                return;
            }

            log.Enqueue($"[{run}] {e.Data}");
            if (e.Data.StartsWith("Our Society is running at", StringComparison.Ordinal))
            {
                ready.TrySetResult();
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                log.Enqueue($"[{run}] {e.Data}");
            }
        };
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await ready.Task.WaitAsync(TimeSpan.FromSeconds(60), ct);
        }
        catch
        {
            node.Dispose();
            throw;
        }

        return node;
    }

    /// <summary>SIGKILL (<see cref="Process.Kill()"/> on Linux), then waits until the process is gone (its lock with it).</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await _process.WaitForExitAsync(timeout.Token);
        _lines.Enqueue("===== SIGKILL");
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
        }

        _process.Dispose();
    }

    /// <summary>The last <paramref name="count"/> lines of <paramref name="log"/>.</summary>
    public static string Tail(ConcurrentQueue<string> log, int count)
    {
        var lines = log.ToArray();
        var text = new StringBuilder();
        if (lines.Length > count)
        {
            text.Append(System.Globalization.CultureInfo.InvariantCulture, $"(… {lines.Length - count} earlier lines)\n");
        }

        foreach (var line in lines.Skip(Math.Max(0, lines.Length - count)))
        {
            text.Append(line).Append('\n');
        }

        return text.ToString();
    }
}
