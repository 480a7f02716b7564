using System.Text;
using OurSociety.Core.Federation;

namespace OurSociety.Core.Moderation;

/// <summary>How hard a domain block bites. Wire names <c>suspend</c>, <c>limit</c>, <c>none</c>.</summary>
public enum DomainSeverity
{
    Suspend,
    Limit,
    None,
}

public static class DomainSeverities
{
    public static string Name(DomainSeverity severity) => severity switch
    {
        DomainSeverity.Suspend => "suspend",
        DomainSeverity.Limit => "limit",
        DomainSeverity.None => "none",
        _ => throw new ArgumentOutOfRangeException(nameof(severity)),
    };

    /// <summary>Mastodon's name for it in its CSV: <c>silence</c> is our limit, <c>noop</c> our none.</summary>
    public static string MastodonName(DomainSeverity severity) => severity switch
    {
        DomainSeverity.Suspend => "suspend",
        DomainSeverity.Limit => "silence",
        DomainSeverity.None => "noop",
        _ => throw new ArgumentOutOfRangeException(nameof(severity)),
    };

    /// <summary>Reads our wire names and Mastodon's, in any case.</summary>
    public static bool TryParse(string? text, out DomainSeverity severity)
    {
        switch ((text ?? "").Trim().ToLowerInvariant())
        {
            case "suspend":
                severity = DomainSeverity.Suspend;
                return true;
            case "limit" or "silence":
                severity = DomainSeverity.Limit;
                return true;
            case "none" or "noop":
                severity = DomainSeverity.None;
                return true;
            default:
                severity = default;
                return false;
        }
    }
}

/// <summary>One line of a domain-block list as Mastodon exports it.</summary>
public sealed record DomainBlockEntry(
    DomainName Domain,
    DomainSeverity Severity,
    bool RejectMedia = false,
    bool RejectReports = false,
    string PublicComment = "",
    bool Obfuscate = false);

/// <summary>A line that cannot be imported: its number in the file (the header is line 1) and why, for people.</summary>
public sealed record DomainBlockCsvProblem(int Line, string Reason);

/// <summary>Either every entry of a file or every bad line, never both: an import is all or nothing.</summary>
public sealed record DomainBlockCsvResult(IReadOnlyList<DomainBlockEntry> Entries, IReadOnlyList<DomainBlockCsvProblem> Problems)
{
    public bool Ok => Problems.Count == 0;
}

/// <summary>
/// Mastodon's domain-block CSV (admin export and import, <c>Admin::ExportDomainBlocksController</c>): a header
/// <c>#domain,#severity,#reject_media,#reject_reports,#public_comment,#obfuscate</c>, booleans <c>true</c>/<c>false</c>,
/// RFC 4180 quoting. We read the columns by header name in any order (missing ones take Mastodon's defaults:
/// <c>suspend</c>, <c>false</c>, empty), or, without a header, a plain list in the same column order.
/// </summary>
public static class DomainBlockCsv
{
    public const string ContentType = "text/csv; charset=utf-8; header=present";

    public static readonly string[] Header = ["#domain", "#severity", "#reject_media", "#reject_reports", "#public_comment", "#obfuscate"];

    /// <summary>The file Mastodon imports; cells a spreadsheet would run as a formula get a leading apostrophe.</summary>
    public static string Write(IEnumerable<DomainBlockEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var text = new StringBuilder();
        text.Append(Row(Header)).Append("\r\n");
        foreach (var entry in entries)
        {
            text.Append(Row(
            [
                entry.Domain.Value,
                DomainSeverities.MastodonName(entry.Severity),
                Bool(entry.RejectMedia),
                Bool(entry.RejectReports),
                entry.PublicComment,
                Bool(entry.Obfuscate),
            ])).Append("\r\n");
        }

        return text.ToString();
    }

    /// <summary>Reads a whole file; <paramref name="ownDomain"/> (ours) may not be blocked.</summary>
    public static DomainBlockCsvResult Read(string text, DomainName? ownDomain = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        var entries = new List<DomainBlockEntry>();
        var problems = new List<DomainBlockCsvProblem>();
        var seen = new Dictionary<DomainName, int>();
        var records = Records(text).ToList();
        string[] columns = Header;
        var start = 0;
        if (records.Count > 0 && records[0].Cells is { } first
            && (first.Any(c => c.Trim().Equals("#domain", StringComparison.OrdinalIgnoreCase))
                || first[0].Trim().Equals("domain", StringComparison.OrdinalIgnoreCase)))
        {
            columns = [.. first.Select(c => "#" + c.Trim().TrimStart('#').ToLowerInvariant())];
            start = 1;
        }

        foreach (var (line, cells) in records.Skip(start))
        {
            if (cells is null)
            {
                problems.Add(new(line, CoreText.Get("DomainCsv.UnclosedQuote")));
                continue;
            }

            if (cells.Length == 1 && cells[0].Trim().Length == 0)
            {
                continue; // a blank line
            }

            var wrongCount = start == 1 ? cells.Length != columns.Length : cells.Length > Header.Length;
            if (wrongCount)
            {
                problems.Add(new(line, CoreText.Format("DomainCsv.Columns", ("found", cells.Length), ("expected", start == 1 ? columns.Length : Header.Length))));
                continue;
            }

            string Cell(string name)
            {
                var i = Array.IndexOf(columns, name);
                return i >= 0 && i < cells.Length ? Unguard(cells[i].Trim()) : "";
            }

            var reasons = new List<string>();
            if (!DomainName.TryParse(Cell("#domain"), out var domain, out DomainNameProblem problem))
            {
                reasons.Add(CoreText.Format("DomainCsv.BadDomain", ("domain", Cell("#domain")), ("why", DomainNameText.Explain(problem))));
            }
            else if (ownDomain is { } own && (domain.Covers(own) || own.Covers(domain)))
            {
                reasons.Add(CoreText.Format("DomainCsv.OwnDomain", ("domain", domain.Value)));
            }
            else if (seen.TryGetValue(domain, out var earlier))
            {
                reasons.Add(CoreText.Format("DomainCsv.Duplicate", ("domain", domain.Value), ("line", earlier)));
            }

            var severityText = Cell("#severity");
            var severity = DomainSeverity.Suspend;
            if (severityText.Length > 0 && !DomainSeverities.TryParse(severityText, out severity))
            {
                reasons.Add(CoreText.Format("DomainCsv.Severity", ("severity", severityText)));
            }

            bool Flag(string name)
            {
                var value = Cell(name);
                if (TryBool(value, out var flag))
                {
                    return flag;
                }

                reasons.Add(CoreText.Format("DomainCsv.Boolean", ("column", name), ("value", value)));
                return false;
            }

            var rejectMedia = Flag("#reject_media");
            var rejectReports = Flag("#reject_reports");
            var obfuscate = Flag("#obfuscate");
            if (reasons.Count > 0)
            {
                problems.AddRange(reasons.Select(r => new DomainBlockCsvProblem(line, r)));
                continue;
            }

            seen[domain] = line;
            entries.Add(new(domain, severity, rejectMedia, rejectReports, Cell("#public_comment"), obfuscate));
        }

        return problems.Count > 0 ? new([], problems) : new(entries, []);
    }

    private static string Bool(bool value) => value ? "true" : "false";

    private static bool TryBool(string value, out bool flag)
    {
        switch (value.ToLowerInvariant())
        {
            case "" or "false" or "0":
                flag = false;
                return true;
            case "true" or "1":
                flag = true;
                return true;
            default:
                flag = false;
                return false;
        }
    }

    private static string Row(IEnumerable<string> cells) => string.Join(',', cells.Select(Cell));

    /// <summary>One quoted cell; a leading = + - @ tab or CR would start a formula in a spreadsheet, so it is defused.</summary>
    private static string Cell(string value)
    {
        if (value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
        {
            value = "'" + value;
        }

        return "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
    }

    /// <summary>Takes back the apostrophe <see cref="Cell"/> put before a formula character, so a round trip is exact.</summary>
    private static string Unguard(string value) =>
        value.Length > 1 && value[0] == '\'' && value[1] is '=' or '+' or '-' or '@' or '\t' or '\r' ? value[1..] : value;

    /// <summary>
    /// RFC 4180 records with the line each starts on; a record whose quote never closes has no cells. Quoted cells may
    /// hold commas, doubled quotes and line breaks.
    /// </summary>
    private static IEnumerable<(int Line, string[]? Cells)> Records(string text)
    {
        if (text.Length > 0 && text[0] == '\uFEFF')
        {
            text = text[1..];
        }

        var line = 1;
        var i = 0;
        while (i < text.Length)
        {
            var startLine = line;
            var cells = new List<string>();
            var cell = new StringBuilder();
            var quoted = false;
            while (i < text.Length)
            {
                var c = text[i];
                if (quoted)
                {
                    if (c == '"')
                    {
                        if (i + 1 < text.Length && text[i + 1] == '"')
                        {
                            cell.Append('"');
                            i += 2;
                            continue;
                        }

                        quoted = false;
                        i++;
                        continue;
                    }

                    if (c == '\n')
                    {
                        line++;
                    }

                    cell.Append(c);
                    i++;
                    continue;
                }

                if (c == '"' && cell.ToString().Trim().Length == 0)
                {
                    cell.Clear();
                    quoted = true;
                    i++;
                    continue;
                }

                if (c == ',')
                {
                    cells.Add(cell.ToString());
                    cell.Clear();
                    i++;
                    continue;
                }

                if (c is '\r' or '\n')
                {
                    i += c == '\r' && i + 1 < text.Length && text[i + 1] == '\n' ? 2 : 1;
                    line++;
                    break;
                }

                cell.Append(c);
                i++;
            }

            if (quoted)
            {
                yield return (startLine, null);
                yield break;
            }

            cells.Add(cell.ToString());
            yield return (startLine, [.. cells]);
        }
    }
}

/// <summary>The reader's-language sentence for why a text is not a domain name.</summary>
public static class DomainNameText
{
    public static string Explain(DomainNameProblem problem) => problem switch
    {
        DomainNameProblem.None => "",
        DomainNameProblem.Empty => CoreText.Get("DomainName.Empty"),
        DomainNameProblem.TooLong => CoreText.Format("DomainName.TooLong", ("max", DomainName.MaxLength)),
        DomainNameProblem.LabelTooLong => CoreText.Format("DomainName.LabelTooLong", ("max", DomainName.MaxLabelLength)),
        DomainNameProblem.BadCharacters => CoreText.Get("DomainName.BadCharacters"),
        DomainNameProblem.IpLiteral => CoreText.Get("DomainName.IpLiteral"),
        _ => throw new ArgumentOutOfRangeException(nameof(problem)),
    };
}
