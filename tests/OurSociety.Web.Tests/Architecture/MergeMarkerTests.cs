namespace OurSociety.Web.Tests.Architecture;

/// <summary>
/// A conflict marker left by a merge once reached <c>FEDERATION.md</c> unnoticed: code would not build with one, but
/// documents, resources and specs would. Any line that starts like a marker fails here.
/// </summary>
public sealed class MergeMarkerTests
{
    private static readonly string[] Markers = ["<<<<<<< ", ">>>>>>> ", "======="];
    private static readonly string[] Extensions = [".md", ".cs", ".razor", ".resx", ".sql", ".json", ".css", ".ts", ".js", ".sh", ".props", ".csproj"];
    private static readonly string[] Skipped = ["bin", "obj", "node_modules", ".git", "TestResults"];

    [Fact]
    public void NoFileInTheRepositoryHasAMergeConflictMarker()
    {
        var root = Root();
        var found = Files(root)
            .SelectMany(path => File.ReadLines(path).Select((line, i) => (path, line, number: i + 1)))
            .Where(x => Markers.Any(m => m.EndsWith(' ') ? x.line.StartsWith(m, StringComparison.Ordinal) : x.line == m))
            .Select(x => $"{Path.GetRelativePath(root, x.path)}:{x.number}: {x.line}")
            .ToList();

        Assert.True(found.Count == 0, string.Join('\n', found));
    }

    private static IEnumerable<string> Files(string dir)
    {
        foreach (var file in Directory.EnumerateFiles(dir).Where(f => Extensions.Contains(Path.GetExtension(f), StringComparer.OrdinalIgnoreCase)))
        {
            yield return file;
        }

        foreach (var sub in Directory.EnumerateDirectories(dir).Where(d => !Skipped.Contains(Path.GetFileName(d), StringComparer.Ordinal)))
        {
            foreach (var file in Files(sub))
            {
                yield return file;
            }
        }
    }

    private static string Root()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "OurSociety.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No OurSociety.sln above {AppContext.BaseDirectory}");
    }
}
