using OurSociety.Core.Moderation;
using OurSociety.Core.Paging;
using OurSociety.Testing;
using OurSociety.Web.Cli;

namespace OurSociety.Web.Tests.Cli;

/// <summary><c>oursociety admin domain-block</c>: the same rules as the API, the audit log naming the node.</summary>
public sealed class CliDomainBlockTests : IDisposable
{
    private const string Hub = "--OurSociety:PublicUrl=https://hub.example";
    private readonly TempDirectory _temp = new();

    private string Data => Path.Combine(_temp.Path, "data");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task DomainBlock_AnySpelling_Stored_AndLoggedAsTheNode()
    {
        var result = await CliRunner.RunAsync(Data, "admin", "domain-block", "Bad.Example.", "--severity", "suspend", "--reject-media", "--reason", "Spam", Hub);

        Assert.True(result.ExitCode == CliApp.Ok, result.ToString());
        Assert.Contains("Blocked bad.example and its subdomains (suspend).", result.Lines);
        using var host = CliRunner.Services(Data);
        var block = Assert.Single(await host.Get<IDomainBlockStore>().AllAsync(Ct));
        Assert.Equal("bad.example", block.Domain.Value);
        Assert.True(block.RejectMedia);
        Assert.Equal("Spam", block.PublicReason);
        var entry = Assert.Single((await host.Get<IModerationLogStore>().ListAsync(Cursor.Start, 10, Ct)).Items);
        Assert.Equal("node", entry.ModeratorName);
        Assert.Equal(ModerationActions.DomainBlock, entry.Action);
    }

    [Fact]
    public async Task DomainBlock_Again_Updates()
    {
        await CliRunner.RunAsync(Data, "admin", "domain-block", "bad.example", "--severity", "limit", Hub);
        var result = await CliRunner.RunAsync(Data, "admin", "domain-block", "BAD.example", "--severity", "suspend", Hub);

        Assert.True(result.ExitCode == CliApp.Ok, result.ToString());
        Assert.Contains("bad.example was blocked already; its block now says suspend.", result.Lines);
    }

    [Theory]
    [InlineData("192.0.2.1", "suspend", "not an IP address")]
    [InlineData("hub.example", "suspend", "own domain")]
    [InlineData("bad.example", "none", "--severity must be suspend or limit")]
    public async Task DomainBlock_BadInput_Fails_NothingStored(string domain, string severity, string message)
    {
        var result = await CliRunner.RunAsync(Data, "admin", "domain-block", domain, "--severity", severity, Hub);

        Assert.Equal(CliApp.Failed, result.ExitCode);
        Assert.Contains(message, result.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DomainBlock_NoSeverity_IsAUsageError()
    {
        var result = await CliRunner.RunAsync(Data, "admin", "domain-block", "bad.example");

        Assert.Equal(CliApp.Usage, result.ExitCode);
    }
}
