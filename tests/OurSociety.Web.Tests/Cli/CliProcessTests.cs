using System.Net;
using System.Net.Sockets;
using OurSociety.Testing;
using OurSociety.Web.Cli;

namespace OurSociety.Web.Tests.Cli;

/// <summary>
/// The built program run as a person runs it (<c>dotnet oursociety.dll …</c>): exit codes, and results on stdout
/// kept apart from logs and errors on stderr.
/// </summary>
public sealed class CliProcessTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task CreateUser_DataDirectoryFromEnvironment_PasswordAloneOnLastStdoutLine()
    {
        var data = Path.Combine(_temp.Path, "from-env");

        var result = await RunAsync(new() { ["OurSociety__DataDirectory"] = data }, "admin", "create-user", "alice", "--role", "admin");

        Assert.True(result.ExitCode == CliApp.Ok, result.ToString());
        Assert.Equal($"Data directory: {data}", result.Lines[0]);
        Assert.Matches("^[A-Za-z0-9]{16}$", result.LastLine);
        Assert.DoesNotContain("Error", result.Err, StringComparison.Ordinal);
        Assert.DoesNotContain("running at", result.Out, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(data, "oursociety.db")));
    }

    [Fact]
    public async Task DefaultDataDirectory_IsRelativeToTheCurrentDirectory()
    {
        var result = await RunAsync([], "db", "migrate");

        Assert.True(result.ExitCode == CliApp.Ok, result.ToString());
        Assert.Equal($"Data directory: {Path.Combine(_temp.Path, "data")}", result.Lines[0]);
        Assert.True(File.Exists(Path.Combine(_temp.Path, "data", "oursociety.db")));
    }

    [Fact]
    public async Task Failure_LogsAndErrorOnStderr_NothingOnStdout()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();

        // With the HTTP client's logs turned up, log lines appear: they must all go to stderr.
        var result = await RunAsync([], "healthcheck", "--url", $"http://127.0.0.1:{port}",
            "--Serilog:MinimumLevel:Override:System.Net.Http.HttpClient=Information");

        Assert.Equal(CliApp.Failed, result.ExitCode);
        Assert.Empty(result.Out);
        Assert.Contains("INF]", result.Err, StringComparison.Ordinal);
        Assert.Contains("Error: ", result.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownCommand_Exits2WithUsageOnStderr()
    {
        var result = await RunAsync([], "frobnicate");

        Assert.Equal(CliApp.Usage, result.ExitCode);
        Assert.Empty(result.Out);
        Assert.Contains("Usage: oursociety", result.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BadSettingFromEnvironment_Exits1NamingTheKey()
    {
        var result = await RunAsync(new() { ["OurSociety__Registrations"] = "sometimes" }, "db", "migrate");

        Assert.Equal(CliApp.Failed, result.ExitCode);
        Assert.Contains("OurSociety:Registrations", result.Err, StringComparison.Ordinal);
        Assert.Empty(result.Out);
    }

    private Task<CliResult> RunAsync(Dictionary<string, string> environment, params string[] args) =>
        ProgramProcess.RunAsync(_temp.Path, environment, args);
}
