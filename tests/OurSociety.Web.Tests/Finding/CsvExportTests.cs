using System.Net;
using System.Net.Http.Json;
using System.Text;
using OurSociety.Testing;
using OurSociety.Web.Features.Finding;
using OurSociety.Web.Tests.Api;

namespace OurSociety.Web.Tests.Finding;

public sealed class CsvExportTests(NodeFactory node) : IClassFixture<NodeFactory>
{
    private const string Export = ApiTestKit.Prefix + "/export.csv";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Export_PublicLocalPosts_ParseBack_WithLicenceAndProvenance()
    {
        using var user = await node.ApiUserAsync("csv_writer");
        var story = await user.StoryAsync(new
        {
            title = "=HYPERLINK(\"https://evil.example\",\"click\")",
            summary = "Commas, \"quotes\" and more",
            body = "b",
            topics = new[] { "csvtopic", "repair" },
            locality = "+44 Leeds",
            licence = "CC0-1.0",
        });
        var lesson = (await (await user.Client.PostAsJsonAsync(FindingKit.Lessons, new
        {
            title = "@SUM(1+1)",
            learned = "Learned.",
            sources = new[] { "https://other.example/stories/1", "https://other.example/stories/2" },
            adaptedFrom = "https://third.example/lessons/9",
        }, Ct)).JsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();
        await user.StoryAsync(new { title = "Unlisted csv", body = "b", visibility = "unlisted" });
        await node.ReceivedAsync("Received csv");
        using var anonymous = node.CreateClient();

        var response = await anonymous.GetAsync(Export, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
        var rows = Parse(await response.Content.ReadAsStringAsync(Ct));
        Assert.Equal(CsvExport.Header, rows[0]);
        var byId = rows.Skip(1).ToDictionary(r => r[1], r => CsvExport.Header.Zip(r).ToDictionary(p => p.First, p => p.Second));
        Assert.All(rows, r => Assert.Equal(CsvExport.Header.Length, r.Count));
        Assert.DoesNotContain(byId.Values, r => r["title"] is "Unlisted csv" or "Received csv");

        var s = byId[story.ToString("D")];
        Assert.Equal("story", s["kind"]);
        Assert.Equal("'=HYPERLINK(\"https://evil.example\",\"click\")", s["title"]);
        Assert.Equal("Commas, \"quotes\" and more", s["teaser"]);
        Assert.Equal("'+44 Leeds", s["locality"]);
        Assert.Equal("csvtopic repair", s["topics"]);
        Assert.Equal("CC0-1.0", s["licence"]);
        Assert.Equal("https://creativecommons.org/publicdomain/zero/1.0/", s["licenceUrl"]);
        Assert.Equal($"{node.PublicUrl}/stories/{story}", s["url"]);
        Assert.Equal($"{node.PublicUrl}/@csv_writer", s["authorUrl"]);
        Assert.Matches(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$", s["published"]);

        var l = byId[lesson.ToString("D")];
        Assert.Equal("lesson", l["kind"]);
        Assert.Equal("'@SUM(1+1)", l["title"]);
        Assert.Equal("https://other.example/stories/1 https://other.example/stories/2", l["sources"]);
        Assert.Equal("https://third.example/lessons/9", l["adaptedFrom"]);
        Assert.Equal("CC-BY-SA-4.0", l["licence"]);
    }

    [Theory]
    [InlineData("plain", "\"plain\"")]
    [InlineData("say \"hi\"", "\"say \"\"hi\"\"\"")]
    [InlineData("line\r\nbreak, comma", "\"line\r\nbreak, comma\"")]
    [InlineData("=1+1", "\"'=1+1\"")]
    [InlineData("+1", "\"'+1\"")]
    [InlineData("-1", "\"'-1\"")]
    [InlineData("@x", "\"'@x\"")]
    [InlineData("\tx", "\"'\tx\"")]
    [InlineData("\rx", "\"'\rx\"")]
    [InlineData("", "\"\"")]
    public void Cell_QuotesAndDefusesFormulas(string value, string expected)
    {
        Assert.Equal(expected, CsvExport.Cell(value));
        Assert.Equal([value.Length > 0 && "=+-@\t\r".Contains(value[0], StringComparison.Ordinal) ? "'" + value : value], Parse(CsvExport.Row([value]) + "\r\n")[0]);
    }

    [Fact]
    public async Task Export_SpansManyPages()
    {
        using var user = await node.ApiUserAsync("csv_many");
        for (var i = 0; i < 105; i++)
        {
            await OurSociety.Web.Tests.Finding.FindingKit.StoryAsync(user, new { title = $"Many {i}", body = "b" });
        }

        using var anonymous = node.CreateClient();
        var rows = Parse(await (await anonymous.GetAsync(Export, Ct)).Content.ReadAsStringAsync(Ct));

        Assert.Equal(105, rows.Count(r => r[4].StartsWith("Many ", StringComparison.Ordinal)));
        Assert.Equal(rows.Count - 1, rows.Skip(1).Select(r => r[1]).Distinct().Count());
    }

    /// <summary>An RFC 4180 reader: quoted fields may hold commas, doubled quotes and line breaks.</summary>
    private static List<List<string>> Parse(string csv)
    {
        var rows = new List<List<string>>();
        var row = new List<string>();
        var cell = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < csv.Length; i++)
        {
            var c = csv[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < csv.Length && csv[i + 1] == '"')
                {
                    cell.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    cell.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                row.Add(cell.ToString());
                cell.Clear();
            }
            else if (c == '\r' && i + 1 < csv.Length && csv[i + 1] == '\n')
            {
                row.Add(cell.ToString());
                cell.Clear();
                rows.Add(row);
                row = [];
                i++;
            }
            else
            {
                Assert.Fail($"Unquoted character {c} at {i}");
            }
        }

        Assert.False(quoted, "unterminated quote");
        Assert.Empty(row);
        return rows;
    }
}
