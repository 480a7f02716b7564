using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace OurSociety.Web.Tests.Specs;

/// <summary>
/// The documentation under <c>federation-specs/</c> and its example documents, read from the source tree (not copied to
/// the output), so <c>OURSOCIETY_UPDATE_GOLDEN=1</c> can rewrite our own examples in place.
/// </summary>
internal static class Golden
{
    /// <summary>What a volatile value (a key, a time, a generated id) is replaced with on both sides before comparing.</summary>
    public const string Placeholder = "<volatile>";

    private static readonly JsonSerializerOptions Pretty = new()
    {
        WriteIndented = true,
        IndentSize = 2,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,   // é and <p> stay readable in the docs
    };

    /// <summary>The repository root: the first folder above the test binaries that holds FEDERATION.md.</summary>
    public static string Root { get; } = FindRoot();

    public static string Specs => Path.Combine(Root, "federation-specs");

    /// <summary>Our own examples, the ones compared with what the code emits.</summary>
    public static string Ours => Path.Combine(Specs, "examples", "oursociety");

    private static bool Updating => Environment.GetEnvironmentVariable("OURSOCIETY_UPDATE_GOLDEN") == "1";

    public static JsonObject Example(string name) =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(Ours, name)))!.AsObject();

    /// <summary>
    /// Asserts that <paramref name="emitted"/> equals the example <paramref name="name"/> structurally (property order
    /// aside), after the values at <paramref name="volatilePaths"/> (dotted paths, e.g. <c>publicKey.publicKeyPem</c>)
    /// are replaced on both sides. With <c>OURSOCIETY_UPDATE_GOLDEN=1</c> a differing example is rewritten instead,
    /// keeping its own volatile values so that a new key or clock does not churn the file.
    /// </summary>
    public static void AssertMatches(string name, JsonNode emitted, params string[] volatilePaths)
    {
        var path = Path.Combine(Ours, name);
        var example = File.Exists(path) ? JsonNode.Parse(File.ReadAllText(path)) : null;
        var left = Normalise(example, volatilePaths);
        var right = Normalise(emitted, volatilePaths);
        if (JsonNode.DeepEquals(left, right))
        {
            return;
        }

        if (Updating)
        {
            var rewritten = emitted.DeepClone();
            foreach (var volatilePath in volatilePaths)
            {
                if (Find(example, volatilePath) is { } kept && Find(rewritten, volatilePath) is not null)
                {
                    Set(rewritten, volatilePath, kept.DeepClone());
                }
            }

            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, rewritten.ToJsonString(Pretty) + "\n");
            return;
        }

        Assert.Fail(
            $"federation-specs/examples/oursociety/{name} no longer matches what the code emits " +
            $"(set OURSOCIETY_UPDATE_GOLDEN=1 to rewrite it, then update its page).\n" +
            $"Example:\n{left?.ToJsonString(Pretty)}\nEmitted:\n{right?.ToJsonString(Pretty)}");
    }

    private static JsonNode? Normalise(JsonNode? node, string[] volatilePaths)
    {
        var copy = node?.DeepClone();
        foreach (var volatilePath in volatilePaths)
        {
            if (Find(copy, volatilePath) is not null)
            {
                Set(copy!, volatilePath, Placeholder);
            }
        }

        return copy;
    }

    private static JsonNode? Find(JsonNode? node, string dottedPath)
    {
        foreach (var part in dottedPath.Split('.'))
        {
            node = node is JsonObject o ? o[part] : null;
        }

        return node;
    }

    private static void Set(JsonNode node, string dottedPath, JsonNode? value)
    {
        var parts = dottedPath.Split('.');
        var parent = parts.Length == 1 ? node : Find(node, string.Join('.', parts[..^1]));
        parent!.AsObject()[parts[^1]] = value;
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "FEDERATION.md")) && Directory.Exists(Path.Combine(dir.FullName, "federation-specs")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("No FEDERATION.md above " + AppContext.BaseDirectory);
    }
}
