using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using OurSociety.Testing;
using OurSociety.Web.Tests.Cli;

namespace OurSociety.Web.Tests;

/// <summary>The built <c>oursociety.dll</c> run as a person runs it: <c>dotnet oursociety.dll …</c> in a folder of theirs.</summary>
internal static class ProgramProcess
{
    public static ProcessStartInfo StartInfo(string workingDirectory, IReadOnlyDictionary<string, string> environment, params string[] args) =>
        StartInfoOf(Path.Combine(AppContext.BaseDirectory, "oursociety.dll"), workingDirectory, environment, args);

    /// <summary>As <see cref="StartInfo"/>, for the <c>oursociety.dll</c> at <paramref name="app"/> (e.g. the published node).</summary>
    public static ProcessStartInfo StartInfoOf(string app, string workingDirectory, IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var start = new ProcessStartInfo(DotnetHost())
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(app);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment.Remove("ASPNETCORE_ENVIRONMENT");
        start.Environment.Remove("DOTNET_ENVIRONMENT");
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        return start;
    }

    /// <summary>Runs to the end (at most a minute) and returns what it printed.</summary>
    public static Task<CliResult> RunAsync(string workingDirectory, IReadOnlyDictionary<string, string> environment, params string[] args) =>
        RunAsync(StartInfo(workingDirectory, environment, args));

    /// <summary>Runs <paramref name="start"/> (from <see cref="StartInfoOf"/>) to the end, at most a minute, and returns what it printed.</summary>
    public static async Task<CliResult> RunAsync(ProcessStartInfo start)
    {
        var run = await ChildProcess.RunAsync(start, TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);
        return new CliResult(run.ExitCode, run.Output, run.Errors);
    }

    /// <summary>A loopback port free at this moment, for a node started as its own process to listen on.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>The dotnet host running these tests (set by the SDK), else the one beside the runtime.</summary>
    private static string DotnetHost()
    {
        if (Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host))
        {
            return host;
        }

        var root = Path.GetFullPath(Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), "..", "..", ".."));
        var beside = Path.Combine(root, OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet");
        return File.Exists(beside) ? beside : "dotnet";
    }
}
