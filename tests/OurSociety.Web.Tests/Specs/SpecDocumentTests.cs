using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using OurSociety.Federation.Delivery;

namespace OurSociety.Web.Tests.Specs;

/// <summary>The pages themselves: every example is valid, linked and checked; links resolve; numbers come from the code.</summary>
public sealed partial class SpecDocumentTests
{
    /// <summary>Our pages (the third-party folders' SOURCES.md files are theirs).</summary>
    private static IEnumerable<string> Pages() =>
        Directory.EnumerateFiles(Golden.Specs, "*.md", SearchOption.TopDirectoryOnly)
            .Append(Path.Combine(Golden.Specs, "examples", "README.md"))
            .Append(Path.Combine(Golden.Root, "FEDERATION.md"));

    [Fact]
    public void EveryExample_IsValidJson()
    {
        var files = Directory.EnumerateFiles(Path.Combine(Golden.Specs, "examples"), "*.json", SearchOption.AllDirectories).ToList();

        Assert.NotEmpty(files);
        foreach (var file in files)
        {
            var exception = Record.Exception(() => JsonNode.Parse(File.ReadAllText(file)));
            Assert.True(exception is null, $"{Path.GetRelativePath(Golden.Root, file)} is not valid JSON: {exception?.Message}");
            Assert.True(exception is null && JsonNode.Parse(File.ReadAllText(file)) is JsonObject, $"{file} is not a JSON object");
        }
    }

    [Fact]
    public void EveryOwnExample_IsLinkedFromAPage_AndComparedByAGoldenTest()
    {
        var checkedNames = ExampleTests.BuilderExamples.Select(row => row.Data)
            .Concat(ExampleTests.EndpointExamples.Select(row => row.Data.Item1))
            .Concat(ExampleTests.WireOnlyExamples)
            .Concat(PostExampleTests.Examples.Select(row => row.Data))
            .Concat(ProposalExampleTests.Examples.Select(row => row.Data))
            .Concat(IntroductionExampleTests.Examples)
            .Concat(HubLinkExampleTests.Examples)
            .Concat(ReportExampleTests.Examples)
            .Concat(SuspendedActorExampleTests.Examples)
            .Concat(ReplyExampleTests.Examples)
            .Concat(HubSubmissionExampleTests.Examples)
            .ToHashSet(StringComparer.Ordinal);
        var pages = string.Join("\n", Pages().Select(File.ReadAllText));
        var files = Directory.EnumerateFiles(Golden.Ours, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(Golden.Ours, f).Replace('\\', '/'))
            .ToList();

        Assert.All(files, name =>
        {
            Assert.True(name.EndsWith(".json", StringComparison.Ordinal), $"{name}: our examples are JSON documents");
            Assert.True(checkedNames.Contains(name), $"examples/oursociety/{name} is compared by no golden test (ExampleTests)");
            Assert.True(pages.Contains("examples/oursociety/" + name, StringComparison.Ordinal), $"examples/oursociety/{name} is linked from no page");
        });
        Assert.All(checkedNames, name => Assert.True(files.Contains(name), $"ExampleTests checks {name}, which does not exist"));
    }

    [Fact]
    public void EveryRelativeLink_PointsAtAFile()
    {
        foreach (var page in Pages())
        {
            foreach (Match link in MarkdownLink().Matches(File.ReadAllText(page)))
            {
                var target = link.Groups["target"].Value;
                if (target.Contains("://", StringComparison.Ordinal) || target.StartsWith('#') || target.StartsWith("mailto:", StringComparison.Ordinal))
                {
                    continue;
                }

                var path = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(page)!, target.Split('#')[0]));
                Assert.True(File.Exists(path) || Directory.Exists(path), $"{Path.GetRelativePath(Golden.Root, page)} links to {target}, which does not exist");
            }
        }
    }

    /// <summary>The retry table in delivery.md is <see cref="RetrySchedule"/>, row by row.</summary>
    [Fact]
    public void DeliveryPage_RetryTable_IsTheRetrySchedule()
    {
        var page = File.ReadAllText(Path.Combine(Golden.Specs, "delivery.md"));

        foreach (var row in RetryRows())
        {
            Assert.Contains(row, page, StringComparison.Ordinal);
        }

        Assert.Contains($"about {RetrySchedule.Total().TotalDays.ToString("0.00", CultureInfo.InvariantCulture)} days", page, StringComparison.Ordinal);
    }

    [Fact]
    public void FederationMd_ListsTheProtocolsAndFeps()
    {
        var text = File.ReadAllText(Path.Combine(Golden.Root, "FEDERATION.md"));

        foreach (var fep in new[] { "67ff", "2677", "2c59", "f1d5", "1b12", "844e" })
        {
            Assert.Contains($"FEP-{fep}", text, StringComparison.Ordinal);
        }

        Assert.Contains("federation-specs/README.md", text, StringComparison.Ordinal);
    }

    /// <summary>One Markdown row per attempt: number, wait before it, the most jitter adds, time since the first.</summary>
    internal static IEnumerable<string> RetryRows()
    {
        var since = TimeSpan.Zero;
        yield return "| 1 | – | – | 0 s |";
        for (var attempt = 2; attempt <= RetrySchedule.MaxAttempts; attempt++)
        {
            var wait = RetrySchedule.After(attempt - 1, 0)!.Value;
            var jitter = RetrySchedule.After(attempt - 1, 1)!.Value - wait;
            since += wait;
            yield return $"| {attempt} | {Format(wait)} | {Format(jitter)} | {Format(since)} |";
        }
    }

    internal static string Format(TimeSpan span)
    {
        var parts = new StringBuilder();
        void Part(int value, string unit)
        {
            if (value > 0)
            {
                parts.Append(parts.Length > 0 ? " " : "").Append(value.ToString(CultureInfo.InvariantCulture)).Append(' ').Append(unit);
            }
        }

        Part(span.Days, "d");
        Part(span.Hours, "h");
        Part(span.Minutes, "min");
        Part(span.Seconds, "s");
        return parts.Length == 0 ? "0 s" : parts.ToString();
    }

    [GeneratedRegex(@"\]\((?<target>[^)\s]+)\)")]
    private static partial Regex MarkdownLink();
}
