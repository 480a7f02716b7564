using OurSociety.Testing;
using OurSociety.Web.Cli;

namespace OurSociety.Web.Tests.Cli;

public sealed class CliUsageTests
{
    [Theory]
    [InlineData("help")]
    [InlineData("--help")]
    [InlineData("-h")]
    public async Task Help_AnySpelling_PrintsUsageOnStdoutAndExits0(string word)
    {
        var result = await CliRunner.RunAsync(null, word);
        Assert.Equal(CliApp.Ok, result.ExitCode);
        Assert.Contains("Usage: oursociety", result.Out, StringComparison.Ordinal);
        Assert.Contains("admin create-user", result.Out, StringComparison.Ordinal);
        Assert.Empty(result.Err);
    }

    [Fact]
    public async Task Help_AfterACommand_PrintsUsageAndExits0()
    {
        var result = await CliRunner.RunAsync(null, "admin", "create-user", "--help");
        Assert.Equal(CliApp.Ok, result.ExitCode);
        Assert.Contains("Usage: oursociety", result.Out, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("there is no command \"frobnicate\"", "frobnicate")]
    [InlineData("there is no command \"admin delete-everything\"", "admin", "delete-everything")]
    [InlineData("\"admin\" needs one of: create-user, reset-password, create-token, domain-block, suspend, unsuspend, unlock.", "admin")]
    [InlineData("\"db\" needs one of: migrate.", "db", "--OurSociety:DataDirectory=x")]
    public async Task UnknownCommand_Exits2WithUsageOnStderr(string problem, params string[] args)
    {
        var result = await CliRunner.RunAsync(null, args);
        Assert.Equal(CliApp.Usage, result.ExitCode);
        Assert.StartsWith($"Error: {problem}", result.Err, StringComparison.Ordinal);
        Assert.Contains("Usage: oursociety", result.Err, StringComparison.Ordinal);
        Assert.Empty(result.Out);
    }

    [Theory]
    [InlineData("needs NAME", "admin", "create-user", "--role", "admin")]
    [InlineData("needs --role", "admin", "create-user", "alice")]
    [InlineData("--role needs a value", "admin", "create-user", "alice", "--role")]
    [InlineData("unknown option --force", "admin", "reset-password", "alice", "--force")]
    [InlineData("unknown option -f", "admin", "reset-password", "alice", "-f")]
    [InlineData("does not take \"bob\"", "admin", "reset-password", "alice", "bob")]
    [InlineData("--password-stdin takes no value", "admin", "create-user", "alice", "--role", "member", "--password-stdin=yes")]
    [InlineData("needs PATH", "backup")]
    [InlineData("needs PATH", "restore")]
    [InlineData("does not take \"now\"", "db", "migrate", "now")]
    public async Task BadUsage_Exits2NamingTheProblem(string problem, params string[] args)
    {
        using var data = new TempDirectory();
        var result = await CliRunner.RunAsync(data.Path, args);
        Assert.Equal(CliApp.Usage, result.ExitCode);
        Assert.Contains(problem, result.Err, StringComparison.Ordinal);
        Assert.Contains("Usage: oursociety", result.Err, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFileSystemEntries(data.Path));   // nothing was touched
    }

    [Theory]
    [InlineData("OurSociety:Registrations", "sometimes")]
    [InlineData("OurSociety:PublicUrl", "hub.example.org/path")]
    [InlineData("OurSociety:RateLimits:SignInPerMinute", "many")]
    public async Task BadSetting_Exits1NamingTheKey(string key, string value)
    {
        using var data = new TempDirectory();
        var result = await CliRunner.RunAsync(data.Path, "db", "migrate", $"--{key}={value}");
        Assert.Equal(CliApp.Failed, result.ExitCode);
        Assert.StartsWith("Error: ", result.Err, StringComparison.Ordinal);
        Assert.Contains(key, result.Err, StringComparison.Ordinal);
        Assert.Empty(result.Out);
        Assert.False(File.Exists(Path.Combine(data.Path, "oursociety.db")));
    }

    [Fact]
    public async Task BadSettings_InTwoSections_BothKeysNamed()
    {
        using var data = new TempDirectory();
        var result = await CliRunner.RunAsync(data.Path, "db", "migrate", "--OurSociety:Registrations=sometimes", "--OurSociety:Hub:Name=");
        Assert.Equal(CliApp.Failed, result.ExitCode);
        Assert.Contains("OurSociety:Registrations", result.Err, StringComparison.Ordinal);
        Assert.Contains("OurSociety:Hub:Name", result.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Setting_WithSpaceSeparatedValue_IsRead()
    {
        using var data = new TempDirectory();
        var result = await CliRunner.RunAsync(null, "db", "migrate", "--OurSociety:DataDirectory", data.Path);
        Assert.Equal(CliApp.Ok, result.ExitCode);
        Assert.True(File.Exists(Path.Combine(data.Path, "oursociety.db")));
    }

    [Theory]
    [InlineData(true, "admin")]
    [InlineData(true, "healthcheck")]
    [InlineData(true, "frobnicate")]
    [InlineData(true, "--help")]
    [InlineData(false)]
    [InlineData(false, "--urls", "http://+:8080")]
    [InlineData(false, "--OurSociety:DataDirectory=/srv/data")]
    [InlineData(false, "OurSociety:DataDirectory=/srv/data")]
    [InlineData(false, "/OurSociety:DataDirectory=/srv/data")]
    public void IsCommand_TellsCliFromNodeStart(bool expected, params string[] args) =>
        Assert.Equal(expected, CliApp.IsCommand(args));
}
