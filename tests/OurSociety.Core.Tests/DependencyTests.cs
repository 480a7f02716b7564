namespace OurSociety.Core.Tests;

public sealed class DependencyTests
{
    [Fact]
    public void Core_ReferencesNoHostingSqlOrLogging()
    {
        var references = typeof(Members.Member).Assembly.GetReferencedAssemblies().Select(a => a.Name ?? "").ToList();
        string[] banned = ["Microsoft.AspNetCore", "Dapper", "Microsoft.Data.Sqlite", "Npgsql", "Serilog", "SQLitePCL"];
        Assert.DoesNotContain(references, name => banned.Any(b => name.StartsWith(b, StringComparison.Ordinal)));
    }
}
