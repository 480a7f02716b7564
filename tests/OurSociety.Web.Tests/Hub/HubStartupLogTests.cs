using System.Collections.Concurrent;
using System.Diagnostics;
using OurSociety.Core.Hubs;
using OurSociety.Testing;
using OurSociety.Web.Tests.Cli;

namespace OurSociety.Web.Tests.Hub;

/// <summary>
/// A value changed on the web wins over configuration, and the start-up log says so for each such key: the node is
/// started as a real process, as the README starts it, on a data directory where the hub's name was changed.
/// </summary>
public sealed class HubStartupLogTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private string Data => Path.Combine(_temp.Path, "data");

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Start_NameChangedOnTheWebAndSetInConfiguration_LogsThatTheConfigurationValueIsIgnored()
    {
        var migrated = await CliRunner.RunAsync(Data, "db", "migrate");
        Assert.True(migrated.ExitCode == 0, migrated.ToString());
        using (var host = CliRunner.Services(Data))
        {
            var hub = host.Get<HubIdentity>();
            await hub.SaveAsync(new HubChange("Set On The Web", "", "", "", ""), Guid.CreateVersion7(), Ct);
        }

        var url = $"http://127.0.0.1:{ProgramProcess.FreePort()}";
        using var process = Process.Start(ProgramProcess.StartInfo(_temp.Path, new Dictionary<string, string>
        {
            ["ASPNETCORE_URLS"] = url,
            ["OurSociety__PublicUrl"] = url,
            ["OurSociety__Hub__Name"] = "Set In Configuration",
            ["OurSociety__Hub__Locality"] = "Configured Town",   // not changed on the web: used, and not mentioned
        }))!;
        var errors = new ConcurrentQueue<string>();
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                errors.Enqueue(e.Data);
            }
        };
        process.BeginErrorReadLine();
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
            timeout.CancelAfter(TimeSpan.FromSeconds(60));
            while (await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line && !line.StartsWith("Our Society is running at", StringComparison.Ordinal))
            {
            }

            using var http = new HttpClient();
            var home = await http.GetStringAsync(new Uri(url + "/"), Ct);
            Assert.Contains("<h1 id=\"hub-name\">Set On The Web</h1>", home, StringComparison.Ordinal);
            Assert.Contains("Configured Town", home, StringComparison.Ordinal);
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(Ct);
        }

        var log = string.Join("\n", errors);
        Assert.Contains("OurSociety:Hub:Name is set in configuration, but an admin has changed it on the web (/admin/hub): the configuration value is ignored", log, StringComparison.Ordinal);
        Assert.DoesNotContain("OurSociety:Hub:Locality is set", log, StringComparison.Ordinal);
    }
}
