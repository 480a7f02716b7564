using System.Net;
using System.Net.Sockets;
using OurSociety.Federation;
using OurSociety.Federation.Http;
using OurSociety.Testing;

namespace OurSociety.Web.Tests.Federation.Http;

public sealed class FederationOptionsTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData("http://127.0.0.1:4100")]
    [InlineData("http://127.0.0.1:4100/")]
    [InlineData("https://b.test")]
    [InlineData("http://[::1]:4100")]
    public void Validate_Origin_Passes(string origin) =>
        Assert.True(new FederationOptionsValidator().Validate(null, new FederationOptions { AllowedPrivateOrigins = [origin] }).Succeeded);

    [Theory]
    [InlineData("127.0.0.1:4100")]
    [InlineData("ftp://127.0.0.1")]
    [InlineData("http://127.0.0.1:4100/inbox")]
    [InlineData("http://127.0.0.1:4100/?a=b")]
    [InlineData("http://user@127.0.0.1:4100")]
    [InlineData("")]
    public void Validate_NotAnOrigin_FailsNamingTheKey(string origin)
    {
        var result = new FederationOptionsValidator().Validate(null, new FederationOptions { AllowedPrivateOrigins = [origin] });

        Assert.True(result.Failed);
        Assert.Contains("OurSociety:Federation:AllowedPrivateOrigins", result.FailureMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(128, 8)]
    [InlineData(1, 1)]
    [InlineData(1024, 64)]
    public void Validate_DeliveryLimits_Pass(int total, int perHost) =>
        Assert.True(new FederationOptionsValidator().Validate(null, new FederationOptions { DeliveryConcurrency = total, DeliveryConcurrencyPerHost = perHost }).Succeeded);

    [Theory]
    [InlineData(0, 1, "DeliveryConcurrency")]
    [InlineData(1025, 8, "DeliveryConcurrency")]
    [InlineData(128, 0, "DeliveryConcurrencyPerHost")]
    [InlineData(128, 65, "DeliveryConcurrencyPerHost")]
    [InlineData(4, 8, "DeliveryConcurrencyPerHost")]
    public void Validate_DeliveryLimitsOutOfRange_FailNamingTheKey(int total, int perHost, string key)
    {
        var result = new FederationOptionsValidator().Validate(null, new FederationOptions { DeliveryConcurrency = total, DeliveryConcurrencyPerHost = perHost });

        Assert.True(result.Failed);
        Assert.Contains($"OurSociety:Federation:{key} is", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_BadAllowedPrivateOrigin_FailsFastNamingTheKey()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();

        var result = await ProgramProcess.RunAsync(_temp.Path, new Dictionary<string, string>
        {
            ["OurSociety__Federation__AllowedPrivateOrigins__0"] = "http://127.0.0.1:4100/inbox",
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}",
        });

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains("OurSociety:Federation:AllowedPrivateOrigins", result.Err, StringComparison.Ordinal);
    }
}
