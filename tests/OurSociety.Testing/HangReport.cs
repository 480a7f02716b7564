using System.Diagnostics;

namespace OurSociety.Testing;

/// <summary>
/// Every managed thread's stack in this test process, for a failure that is a hang: a node whose program never got as
/// far as building its host (the test framework's "Timed out waiting for the entry point to build the IHost") says
/// nothing of where it stopped, and a hang seen once in CI cannot be watched again. <c>scripts/test.sh</c> installs
/// the SDK's <c>dotnet-stack</c> tool and names it in <c>OURSOCIETY_DOTNET_STACK</c>; without it the report says so.
/// </summary>
public static class HangReport
{
    public const string ToolVariable = "OURSOCIETY_DOTNET_STACK";

    private static readonly TimeSpan ToolTimeout = TimeSpan.FromSeconds(90);

    public static string ThreadStacks()
    {
        var tool = Environment.GetEnvironmentVariable(ToolVariable);
        if (string.IsNullOrEmpty(tool) || !File.Exists(tool))
        {
            return $"(No thread stacks: set {ToolVariable} to a dotnet-stack executable to have them here.)";
        }

        var start = new ProcessStartInfo(tool, ["report", "--process-id", Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture)])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        try
        {
            // Blocking is fine here: the caller is a node start that has already waited its time out.
            var run = ChildProcess.RunAsync(start, ToolTimeout, CancellationToken.None).GetAwaiter().GetResult();
            return "Every managed thread of the test process when the wait ran out:" + Environment.NewLine + run.Output + run.Errors;
        }
        catch (OperationCanceledException)
        {
            return $"(dotnet-stack gave no answer within {ToolTimeout.TotalSeconds} s.)";
        }
        catch (Exception ex) when (ex is InvalidOperationException or System.ComponentModel.Win32Exception or IOException)
        {
            return $"(dotnet-stack could not run: {ex.Message})";
        }
    }
}
