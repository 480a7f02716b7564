using System.Diagnostics;
using System.Net;
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
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{ProgramProcess.FreePort()}",
        });

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains(key, result.Err, StringComparison.Ordinal);
        Assert.Contains("Our Society could not start", result.Err, StringComparison.Ordinal);
        Assert.DoesNotContain("running at", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_Fresh_PrintsDataDirectorySetupLinkAndUrl_ThenRestartKeepsData()
    {
        var port = ProgramProcess.FreePort();
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

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Issue10_ListenAddressWithoutPublicUrl_ConsoleSetupLinkAndIdsUseIt(bool onCommandLine)
    {
        var port = ProgramProcess.FreePort();
        var url = $"http://127.0.0.1:{port}";

        using var node = onCommandLine
            ? await StartAsync(NoEnvironment, "--urls", url)
            : await StartAsync(new Dictionary<string, string> { ["ASPNETCORE_URLS"] = url });

        Assert.Equal($"Our Society is running at {url}", node.Lines[^1]);
        Assert.StartsWith($"{url}/setup/", SetupLink(node), StringComparison.Ordinal);
        using var http = new HttpClient();
        // Actor ids and discovery documents are built on the same address.
        var hostMeta = await http.GetStringAsync($"{url}/.well-known/host-meta", Ct);
        Assert.Contains($"template=\"{url}/.well-known/webfinger?resource={{uri}}\"", hostMeta, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Issue10_WildcardListenAddress_PublicUrlIsLocalhostWithItsPort_AndTheWarningStays()
    {
        var port = ProgramProcess.FreePort();

        using var node = await StartAsync(new Dictionary<string, string> { ["ASPNETCORE_URLS"] = $"http://0.0.0.0:{port}" });

        Assert.Equal($"Our Society is running at http://localhost:{port}", node.Lines[^1]);
        Assert.StartsWith($"http://localhost:{port}/setup/", SetupLink(node), StringComparison.Ordinal);
        Assert.Contains($"PublicUrl is http://localhost:{port}: fine for trying things out", node.StopAndReadErrors(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Issue10_PublicUrlAndAnotherListenAddress_BothPrinted()
    {
        var url = $"http://127.0.0.1:{ProgramProcess.FreePort()}";

        using var node = await StartAsync(new Dictionary<string, string>
        {
            ["OurSociety__PublicUrl"] = "https://hub.example.org",
            ["ASPNETCORE_URLS"] = url,
        });

        Assert.Equal($"Our Society is running at https://hub.example.org (public address), listening on {url}", node.Lines[^1]);
        Assert.StartsWith("https://hub.example.org/setup/", SetupLink(node), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Issue10_SecondNodeOnTheSameDataDirectory_RefusesToStart_AndTheLockDiesWithTheFirst()
    {
        var url = $"http://127.0.0.1:{ProgramProcess.FreePort()}";
        var first = await StartAsync(new Dictionary<string, string> { ["ASPNETCORE_URLS"] = url });
        try
        {
            var second = await ProgramProcess.RunAsync(_temp.Path, new Dictionary<string, string> { ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{ProgramProcess.FreePort()}" });
            var backup = await ProgramProcess.RunAsync(_temp.Path, NoEnvironment, "backup", Path.Combine(_temp.Path, "backup"));
            var migrate = await ProgramProcess.RunAsync(_temp.Path, NoEnvironment, "db", "migrate");
            var restore = await ProgramProcess.RunAsync(_temp.Path, NoEnvironment, "restore", Path.Combine(_temp.Path, "backup"));

            Assert.True(second.ExitCode == 1, second.ToString());
            Assert.Contains($"Our Society could not start: another Our Society node is running on the data directory {Path.Combine(_temp.Path, "data")}",
                second.Err, StringComparison.Ordinal);
            Assert.DoesNotContain("running at", second.Out, StringComparison.Ordinal);
            Assert.True(backup.ExitCode == 0, backup.ToString());   // safe beside a running node
            Assert.True(migrate.ExitCode == 1, migrate.ToString());
            Assert.Contains("A node is running on this data directory", migrate.Err, StringComparison.Ordinal);
            Assert.True(restore.ExitCode == 1, restore.ToString());
            Assert.Contains("stop it first", restore.Err, StringComparison.Ordinal);
            using var http = new HttpClient();
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync($"{url}/readyz", Ct)).StatusCode);   // the first runs on
        }
        finally
        {
            first.Dispose();   // kill -9: no chance to clean up, and the operating system lets go of the lock
        }

        var afterKill = await ProgramProcess.RunAsync(_temp.Path, NoEnvironment, "db", "migrate");
        Assert.True(afterKill.ExitCode == 0, afterKill.ToString());
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]   // Unix file modes
    public async Task Issue10_LooseDataDirectory_NodeAndCliWarnNamingThePathAndFixIt()
    {
        var data = Path.Combine(_temp.Path, "data");
        var database = Path.Combine(data, "oursociety.db");
        Assert.Equal(0, (await ProgramProcess.RunAsync(_temp.Path, NoEnvironment, "db", "migrate")).ExitCode);
        const UnixFileMode loose = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
        const UnixFileMode looseFolder = loose | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;

        File.SetUnixFileMode(data, looseFolder);
        File.SetUnixFileMode(database, loose);
        var cli = await ProgramProcess.RunAsync(_temp.Path, NoEnvironment, "admin", "create-user", "loose_cli", "--role", "member");
        var cliData = File.GetUnixFileMode(data);
        var cliDatabase = File.GetUnixFileMode(database);

        File.SetUnixFileMode(data, looseFolder);
        File.SetUnixFileMode(database, loose);
        string nodeErrors;
        using (var node = await StartAsync(new Dictionary<string, string> { ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{ProgramProcess.FreePort()}" }))
        {
            nodeErrors = node.StopAndReadErrors();
        }

        Assert.True(cli.ExitCode == 0, cli.ToString());
        foreach (var errors in new[] { cli.Err, nodeErrors })
        {
            Assert.Contains($"{data} could be read by other users of this machine (mode 755); made it private", errors, StringComparison.Ordinal);
            Assert.Contains($"{database} could be read by other users of this machine (mode 644); made it private", errors, StringComparison.Ordinal);
        }

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, cliData);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, cliDatabase);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(data));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(database));
    }

    private static string SetupLink(RunningNode node)
    {
        var line = Assert.Single(node.Lines, l => l.Contains("/setup/", StringComparison.Ordinal));
        return line[line.IndexOf("http", StringComparison.Ordinal)..];
    }

    private async Task<RunningNode> StartAsync(IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var process = Process.Start(ProgramProcess.StartInfo(_temp.Path, environment, args))!;   // starts or throws
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
        throw new InvalidOperationException("The node ended before it was running:\n" + string.Join("\n", node.Lines) + "\n" + node.Errors());
    }

    private sealed class RunningNode : IDisposable
    {
        private readonly Process _process;
        private readonly System.Collections.Concurrent.ConcurrentQueue<string> _errors = new();

        public RunningNode(Process process)
        {
            _process = process;
            // Read as it comes, so the logs can never fill the pipe and stall the node.
            process.ErrorDataReceived += (_, e) =>
            {
                if (e.Data is not null)
                {
                    _errors.Enqueue(e.Data);
                }
            };
            process.BeginErrorReadLine();
        }

        public List<string> Lines { get; } = [];

        /// <summary>What the node wrote to stderr (its logs) so far.</summary>
        public string Errors() => string.Join("\n", _errors);

        /// <summary>Kills the node (as <c>kill -9</c>) and returns all it wrote to stderr.</summary>
        public string StopAndReadErrors()
        {
            Stop();
            return Errors();
        }

        public void Dispose()
        {
            Stop();
            _process.Dispose();
        }

        private void Stop()
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(10_000);
            }

            _process.WaitForExit();   // after the exit: waits for the end of stderr, read as it came
        }
    }
}
