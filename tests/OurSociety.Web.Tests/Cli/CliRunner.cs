using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OurSociety.Web.Cli;

namespace OurSociety.Web.Tests.Cli;

/// <summary>What one CLI run printed and returned.</summary>
internal sealed record CliResult(int ExitCode, string Out, string Err)
{
    public IReadOnlyList<string> Lines => Out.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToList();

    public string LastLine => Lines.Count > 0 ? Lines[^1] : "";

    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Out}--- stderr\n{Err}";
}

/// <summary>Runs the CLI in this process, as <c>oursociety &lt;args&gt;</c> would, on a given data directory.</summary>
internal static class CliRunner
{
    public static Task<CliResult> RunAsync(string? dataDirectory, params string[] args) => RunWithInputAsync(dataDirectory, "", args);

    public static async Task<CliResult> RunWithInputAsync(string? dataDirectory, string stdin, params string[] args)
    {
        string[] all = dataDirectory is null ? args : [.. args, $"--OurSociety:DataDirectory={dataDirectory}"];
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        using var input = new StringReader(stdin);
        var code = await CliApp.RunAsync(all, stdout, stderr, input, TestContext.Current.CancellationToken);
        return new CliResult(code, stdout.ToString(), stderr.ToString());
    }

    /// <summary>The CLI's own services on that data directory, to check what a command did.</summary>
    public static IHost Services(string dataDirectory) => CliHost.Build([$"--OurSociety:DataDirectory={dataDirectory}"]);

    public static T Get<T>(this IHost host) where T : notnull => host.Services.GetRequiredService<T>();
}
