using System.Reflection;

namespace OurSociety.Web.Tests.Architecture;

/// <summary>
/// What each project may reference (ARCHITECTURE.md draws the same picture). An allow-list, not a deny-list: a new
/// dependency fails here until someone decides it belongs and adds it, with the reason, to this list.
/// </summary>
public sealed class ArchitectureTests
{
    /// <summary>Every project's assembly, with the assemblies it may reference besides the BCL (System.*).</summary>
    public static TheoryData<string, string[]> AllowLists() => new()
    {
        // The protocol, as the specs write it: JSON, signatures, discovery. Nothing of ours, no hosting, no SQL.
        { "OurSociety.ActivityPub", [] },

        // The domain and its ports: logging and options abstractions; hosting abstractions for the work worker.
        { "OurSociety.Core", ["Microsoft.Extensions.Logging.Abstractions", "Microsoft.Extensions.Options", "Microsoft.Extensions.Hosting.Abstractions"] },

        // Markdown, the HTML allowlist and pictures: the libraries that do them well, over Core's posts.
        { "OurSociety.Content", ["OurSociety.Core", "Markdig", "HtmlSanitizer", "AngleSharp", "SkiaSharp", "Microsoft.Extensions.Logging.Abstractions"] },

        // Core's ports in SQL: Dapper over Microsoft.Data.Sqlite.
        { "OurSociety.Storage", ["OurSociety.Core", "Dapper", "Microsoft.Data.Sqlite", "SQLitePCLRaw.core", "Microsoft.Extensions.Logging.Abstractions"] },

        // The node's ActivityPub behaviour: Core + the protocol library + content, over Microsoft.Extensions. No ASP.NET, no SQL.
        {
            "OurSociety.Federation",
            [
                "OurSociety.Core", "OurSociety.ActivityPub", "OurSociety.Content", "Microsoft.Extensions.Logging.Abstractions",
                "Microsoft.Extensions.Options", "Microsoft.Extensions.Hosting.Abstractions", "Microsoft.Extensions.Http",
                "Microsoft.Extensions.DependencyInjection.Abstractions",
            ]
        },
    };

    [Theory]
    [MemberData(nameof(AllowLists))]
    public void Project_ReferencesOnlyWhatItsAllowListNames(string assembly, string[] allowed)
    {
        var references = Assembly.Load(assembly).GetReferencedAssemblies().Select(a => a.Name ?? "").Where(n => !IsBcl(n));
        var unexpected = references.Where(r => !allowed.Contains(r, StringComparer.Ordinal)).ToList();
        Assert.True(unexpected.Count == 0, $"{assembly} references {string.Join(", ", unexpected)}: add it to its allow-list here (and ARCHITECTURE.md) if it belongs.");
    }

    /// <summary>The web project is the composition root: it may use every project of ours, and ASP.NET and Serilog.</summary>
    private static readonly string[] Projects = ["OurSociety.ActivityPub", "OurSociety.Core", "OurSociety.Content", "OurSociety.Storage", "OurSociety.Federation"];

    [Fact]
    public void Web_IsTheOnlyProjectThatSeesEveryOther()
    {
        var web = typeof(Program).Assembly.GetReferencedAssemblies().Select(a => a.Name).ToHashSet(StringComparer.Ordinal);
        Assert.Superset(new HashSet<string?>(["OurSociety.Core", "OurSociety.Storage", "OurSociety.Federation", "OurSociety.Content", "OurSociety.ActivityPub"]), web);
        foreach (var assembly in Projects)
        {
            Assert.DoesNotContain(Assembly.Load(assembly).GetReferencedAssemblies(), a => a.Name == "oursociety");
        }
    }

    /// <summary>
    /// No service locator: outside the composition root nothing asks a container for its dependencies; they come in
    /// through the constructor, where a reader (and the container's validation at start) can see them.
    /// </summary>
    [Theory]
    [InlineData("OurSociety.Core")]
    [InlineData("OurSociety.Content")]
    [InlineData("OurSociety.Storage")]
    [InlineData("OurSociety.Federation")]
    public void Project_TakesNoServiceProvider(string assembly)
    {
        var locators = Assembly.Load(assembly).GetTypes()
            .SelectMany(t => t.GetConstructors(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance)
                .SelectMany(c => c.GetParameters())
                .Where(p => p.ParameterType.FullName is "System.IServiceProvider" or "Microsoft.Extensions.DependencyInjection.IServiceScopeFactory")
                .Select(_ => t.FullName))
            .ToList();
        Assert.Empty(locators);
    }

    private static bool IsBcl(string name) =>
        name is "netstandard" or "mscorlib" || name.StartsWith("System", StringComparison.Ordinal) || name == "Microsoft.Win32.Primitives";
}
