using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OurSociety.Testing;
using OurSociety.Web.Cli;

namespace OurSociety.Web.Tests.Cli;

public sealed class CliHealthCheckTests
{
    [Fact]
    public async Task HealthCheck_NodeOnARealPort_Exits0()
    {
        await using var node = new NodeFactory();
        node.UseKestrel(0);
        node.StartServer();
        var address = node.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();

        var byUrl = await CliRunner.RunAsync(null, "healthcheck", "--url", address);
        var byListenAddress = await CliRunner.RunAsync(null, "healthcheck", $"--urls=http://+:{new Uri(address).Port}");

        Assert.True(byUrl.ExitCode == CliApp.Ok, byUrl.ToString());
        Assert.Empty(byUrl.Err);
        Assert.True(byListenAddress.ExitCode == CliApp.Ok, byListenAddress.ToString());
        Assert.Contains($"127.0.0.1:{new Uri(address).Port}/readyz", byListenAddress.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HealthCheck_ClosedPort_Exits1WithTheReasonOnStderr()
    {
        var url = $"http://127.0.0.1:{ClosedPort()}";

        var result = await CliRunner.RunAsync(null, "healthcheck", "--url", url);

        Assert.Equal(CliApp.Failed, result.ExitCode);
        Assert.StartsWith($"Error: {url}/readyz could not be reached", result.Err, StringComparison.Ordinal);
        // A sentence that says what to do, not the socket exception's text (issue 10).
        Assert.Contains("nothing accepted the connection. Is the node running there? Give its address with --url.", result.Err, StringComparison.Ordinal);
        Assert.DoesNotContain("Connection refused", result.Err, StringComparison.Ordinal);
        Assert.Empty(result.Out);
    }

    [Theory]
    [InlineData("not a url")]
    [InlineData("ftp://127.0.0.1")]
    public async Task HealthCheck_BadUrl_Exits1(string url)
    {
        var result = await CliRunner.RunAsync(null, "healthcheck", "--url", url);
        Assert.Equal(CliApp.Failed, result.ExitCode);
        Assert.Contains("is not a web address", result.Err, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, null, "http://localhost:5000")]
    [InlineData("http://+:8080", null, "http://127.0.0.1:8080")]
    [InlineData("http://*:8080/", null, "http://127.0.0.1:8080/")]
    [InlineData("http://0.0.0.0:80", "9000", "http://127.0.0.1:80")]
    [InlineData("http://[::]:8080", null, "http://[::1]:8080")]
    [InlineData("https://hub.example.org:443;http://localhost:5050", null, "http://localhost:5050")]
    [InlineData("https://+:8443", null, "https://127.0.0.1:8443")]
    [InlineData(null, "8080;8081", "http://127.0.0.1:8080")]
    public void DefaultUrl_FromTheListenAddress(string? urls, string? httpPorts, string expected)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["urls"] = urls,
            ["http_ports"] = httpPorts,
        }).Build();

        Assert.Equal(expected, HealthCheckCommand.DefaultUrl(configuration));
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
