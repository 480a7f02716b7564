namespace OurSociety.ActivityPub.Tests;

public sealed class DependencyTests
{
    [Fact]
    public void ActivityPubLibrary_ReferencesNoAspNetOrSql()
    {
        var references = typeof(ActivityStreams).Assembly.GetReferencedAssemblies().Select(a => a.Name ?? "").ToList();
        Assert.DoesNotContain(references, n => n.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal)
            || n.Contains("Sqlite", StringComparison.Ordinal) || n.StartsWith("Dapper", StringComparison.Ordinal)
            || n.StartsWith("Microsoft.Extensions.DependencyInjection", StringComparison.Ordinal));
    }
}
