using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using OurSociety.Testing;

namespace OurSociety.Web.Tests;

/// <summary>The node started as the README starts it: a real process, a real port, a data directory that persists.</summary>
public sealed class NodeProcessTests : IDisposable
{
    private static readonly IReadOnlyDictionary<string, string> NoEnvironment = new Dictionary<string, string>();
    private readonly TempDirectory _temp = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData("OurSociety__PublicUrl", "ftp://hub.example.org", "OurSociety:PublicUrl")]
    [InlineData("OurSociety__PublicUrl", "https://hub.example.org/some/path", "OurSociety:PublicUrl")]
    [InlineData("OurSociety__Registrations", "sometimes", "OurSociety:Registrations")]
    [InlineData("OurSociety__LogFormat", "xml", "OurSociety:LogFormat")]
    [InlineData("OurSociety__Hub__Username", "the hub", "OurSociety:Hub:Username")]
    [InlineData("OurSociety__RateLimits__SignInPerMinute", "lots", "OurSociety:RateLimits:SignInPerMinute")]
    [InlineData("OurSociety__ReverseProxy__KnownProxies__0", "my-proxy", "OurSociety:ReverseProxy:KnownProxies")]
    public async Task Start_BadSetting_FailsFastNamingTheKey(string variable, string value, string key)
    {
        var result = await ProgramProcess.RunAsync(_temp.Path, new Dictionary<string, string>
        {
            [variable] = value,
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{FreePort()}",
        });

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains(key, result.Err, StringComparison.Ordinal);
        Assert.Contains("Our Society could not start", result.Err, StringComparison.Ordinal);
        Assert.DoesNotContain("running at", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_Fresh_PrintsDataDirectorySetupLinkAndUrl_ThenRestartKeepsData()
    {
        var port = FreePort();
        var url = $"http://127.0.0.1:{port}";
        var environment = new Dictionary<string, string> { ["OurSociety__PublicUrl"] = url, ["ASPNETCORE_URLS"] = url };

        string setupLink;
        using (var node = await StartAsync(environment))
        {
            Assert.Equal($"Data directory: {Path.Combine(_temp.Path, "data")}", node.Lines[0]);
            if (!OperatingSystem.IsWindows())
            {
                // Password hashes, the setup token and sign-in keys live there: for the node's user only.
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute,
                    File.GetUnixFileMode(Path.Combine(_temp.Path, "data")));
            }

            setupLink = Assert.Single(node.Lines, l => l.Contains("/setup/", StringComparison.Ordinal));
            Assert.Equal($"Our Society is running at {url}", node.Lines[^1]);
            using var http = new HttpClient();
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync($"{url}/readyz", Ct)).StatusCode);
        }

        // Data made while the node is stopped, by the CLI, must be there after the restart.
        var created = await ProgramProcess.RunAsync(_temp.Path, environment, "admin", "create-user", "restart_rosa", "--role", "member");
        Assert.True(created.ExitCode == 0, created.ToString());

        using (var again = await StartAsync(environment))
        {
            Assert.Contains(again.Lines, l => l == setupLink);   // still no admin: the same link, still valid
            using var http = new HttpClient();
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync($"{url}/@restart_rosa", Ct)).StatusCode);
            Assert.True(File.Exists(Path.Combine(_temp.Path, "data", "keys", Directory.GetFiles(Path.Combine(_temp.Path, "data", "keys")).Select(Path.GetFileName).First()!)));
        }
    }

    private async Task<RunningNode> StartAsync(IReadOnlyDictionary<string, string> environment)
    {
        var process = Process.Start(ProgramProcess.StartInfo(_temp.Path, environment))!;   // starts or throws
        var node = new RunningNode(process);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(60));
        while (await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
        {
            node.Lines.Add(line);
            if (line.StartsWith("Our Society is running at", StringComparison.Ordinal))
            {
                return node;
            }
        }

        node.Dispose();
        throw new InvalidOperationException("The node ended before it was running:\n" + string.Join("\n", node.Lines));
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private sealed class RunningNode(Process process) : IDisposable
    {
        public List<string> Lines { get; } = [];

        public void Dispose()
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit(10_000);
            }

            process.Dispose();
        }
    }
}
