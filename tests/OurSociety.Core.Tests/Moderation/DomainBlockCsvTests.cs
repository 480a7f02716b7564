using System.Globalization;
using OurSociety.Core.Federation;
using OurSociety.Core.Moderation;

namespace OurSociety.Core.Tests.Moderation;

public sealed class DomainBlockCsvTests
{
    // As Mastodon 4.x's admin export writes it (Admin::ExportDomainBlocksController, Ruby CSV: quotes only when needed).
    private const string MastodonExport =
        "#domain,#severity,#reject_media,#reject_reports,#public_comment,#obfuscate\n" +
        "spam.example,suspend,true,true,Spam,false\n" +
        "loud.example,silence,false,false,,true\n" +
        "media.example,noop,true,false,\"Big files, often\",false\n" +
        "quotes.example,suspend,false,false,\"Said \"\"hello\"\"\nthen spam\",false\n" +
        "xn--bcher-kva.example,silence,false,true,,false\n";

    private static DomainName D(string name)
    {
        Assert.True(DomainName.TryParse(name, out var domain, out string error), error);
        return domain;
    }

    private static DomainBlockCsvResult Read(string text, string? own = null)
    {
        var culture = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = CultureInfo.InvariantCulture;
        try
        {
            return DomainBlockCsv.Read(text, own is null ? null : D(own));
        }
        finally
        {
            CultureInfo.CurrentUICulture = culture;
        }
    }

    [Fact]
    public void Read_MastodonExport_GivesEveryEntry()
    {
        var result = Read(MastodonExport);
        Assert.True(result.Ok);
        Assert.Equal(
        [
            new(D("spam.example"), DomainSeverity.Suspend, true, true, "Spam", false),
            new(D("loud.example"), DomainSeverity.Limit, false, false, "", true),
            new(D("media.example"), DomainSeverity.None, true, false, "Big files, often", false),
            new(D("quotes.example"), DomainSeverity.Suspend, false, false, "Said \"hello\"\nthen spam", false),
            new DomainBlockEntry(D("bücher.example"), DomainSeverity.Limit, false, true, "", false),
        ], result.Entries);
    }

    [Fact]
    public void RoundTrip_MastodonExport_IsExact()
    {
        var first = Read(MastodonExport);
        var written = DomainBlockCsv.Write(first.Entries);
        Assert.StartsWith("\"#domain\",\"#severity\",\"#reject_media\",\"#reject_reports\",\"#public_comment\",\"#obfuscate\"\r\n", written, StringComparison.Ordinal);
        Assert.Contains("\"loud.example\",\"silence\",\"false\",\"false\",\"\",\"true\"\r\n", written, StringComparison.Ordinal);
        Assert.Contains("\"media.example\",\"noop\",\"true\",\"false\",\"Big files, often\",\"false\"\r\n", written, StringComparison.Ordinal);
        Assert.Equal(first.Entries, Read(written).Entries);
    }

    [Fact]
    public void Write_UsesMastodonSeverityNames()
    {
        var text = DomainBlockCsv.Write(
        [
            new(D("a.example"), DomainSeverity.Suspend),
            new(D("b.example"), DomainSeverity.Limit),
            new(D("c.example"), DomainSeverity.None),
        ]);
        Assert.Contains("\"a.example\",\"suspend\"", text, StringComparison.Ordinal);
        Assert.Contains("\"b.example\",\"silence\"", text, StringComparison.Ordinal);
        Assert.Contains("\"c.example\",\"noop\"", text, StringComparison.Ordinal);
        Assert.DoesNotContain("limit", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("=HYPERLINK(\"http://x\")")]
    [InlineData("+1")]
    [InlineData("-1")]
    [InlineData("@SUM(A1)")]
    [InlineData("\tstart")]
    public void Write_GuardsFormulaCells_AndReadTakesTheGuardBack(string comment)
    {
        var entry = new DomainBlockEntry(D("f.example"), DomainSeverity.Suspend, PublicComment: comment);
        var text = DomainBlockCsv.Write([entry]);
        Assert.Contains("\"'" + comment.Replace("\"", "\"\"", StringComparison.Ordinal), text, StringComparison.Ordinal);
        Assert.Equal([entry], Read(text).Entries);
    }

    [Fact]
    public void Read_NormalisesDomains()
    {
        var result = Read("#domain,#severity\nBad.Example.,suspend\nhttps://Other.Example:443/users/x,SILENCE\nbücher.example,Limit\n");
        Assert.Equal(["bad.example", "other.example", "xn--bcher-kva.example"], result.Entries.Select(e => e.Domain.Value));
        Assert.Equal([DomainSeverity.Suspend, DomainSeverity.Limit, DomainSeverity.Limit], result.Entries.Select(e => e.Severity));
    }

    [Fact]
    public void Read_HeaderInAnyOrder_MissingColumnsTakeMastodonDefaults()
    {
        var result = Read("#public_comment,#domain\nRude,rude.example\n");
        Assert.Equal([new DomainBlockEntry(D("rude.example"), DomainSeverity.Suspend, false, false, "Rude", false)], result.Entries);
    }

    [Fact]
    public void Read_HeaderWithoutHashes_IsAHeader() =>
        Assert.Equal(DomainSeverity.Limit, Read("domain,severity\nq.example,silence\n").Entries.Single().Severity);

    [Fact]
    public void Read_PlainListWithoutHeader_IsSuspensions()
    {
        var result = Read("\uFEFFone.example\r\ntwo.example,silence\r\n\r\nthree.example,noop,true\r\n");
        Assert.True(result.Ok);
        Assert.Equal(["one.example", "two.example", "three.example"], result.Entries.Select(e => e.Domain.Value));
        Assert.Equal([DomainSeverity.Suspend, DomainSeverity.Limit, DomainSeverity.None], result.Entries.Select(e => e.Severity));
        Assert.True(result.Entries[2].RejectMedia);
    }

    [Theory]
    [InlineData("true", true)]
    [InlineData("TRUE", true)]
    [InlineData("1", true)]
    [InlineData("false", false)]
    [InlineData("False", false)]
    [InlineData("0", false)]
    [InlineData("", false)]
    public void Read_Booleans(string value, bool expected) =>
        Assert.Equal(expected, Read($"#domain,#reject_media\nb.example,{value}\n").Entries.Single().RejectMedia);

    [Fact]
    public void Read_Empty_GivesNothing()
    {
        Assert.Empty(Read("").Entries);
        Assert.True(Read("#domain,#severity\n").Ok);
    }

    [Theory]
    [InlineData("#domain,#severity\nok.example,suspend\nbad..example,suspend\n", 3, "not a domain name")]
    [InlineData("#domain,#severity\n192.0.2.1,suspend\n", 2, "IP address")]
    [InlineData("#domain,#severity\n,suspend\n", 2, "not a domain name")]
    [InlineData("#domain,#severity\nok.example,ban\n", 2, "\"ban\" is not a severity")]
    [InlineData("#domain,#reject_media\nok.example,yes\n", 2, "#reject_media should say true or false, not \"yes\"")]
    [InlineData("#domain,#reject_reports\nok.example,maybe\n", 2, "#reject_reports")]
    [InlineData("#domain,#obfuscate\nok.example,2\n", 2, "#obfuscate")]
    [InlineData("#domain,#severity\nok.example,suspend,true\n", 2, "3 columns, but it should have 2")]
    [InlineData("#domain,#severity\nok.example\n", 2, "1 columns, but it should have 2")]
    [InlineData("a.example,suspend,false,false,x,false,extra\n", 1, "7 columns, but it should have 6")]
    [InlineData("#domain\nok.example\n\"open.example\n", 3, "quotation mark")]
    [InlineData("#domain\nhub.example\n", 2, "this hub's own domain")]
    [InlineData("#domain\nsub.hub.example\n", 2, "this hub's own domain")]
    [InlineData("#domain\nexample\n", 2, "this hub's own domain")]
    [InlineData("#domain\nx.example\nX.Example.\n", 3, "already listed on line 2")]
    public void Read_BadLine_IsReportedByNumber_AndNothingIsRead(string text, int line, string reason)
    {
        var result = Read(text, own: "hub.example");
        Assert.False(result.Ok);
        Assert.Empty(result.Entries);
        var problem = Assert.Single(result.Problems);
        Assert.Equal(line, problem.Line);
        Assert.Contains(reason, problem.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_EveryBadLine_IsReported_WithLineNumbersCountingQuotedLineBreaks()
    {
        var text = "#domain,#severity,#reject_media,#reject_reports,#public_comment,#obfuscate\n" +
            "good.example,suspend,false,false,\"two\nlines\",false\n" +
            "bad..example,suspend,false,false,,false\n" +
            "fine.example,silence,false,false,,false\n" +
            "worse.example,ban,maybe,false,,false\n";
        var result = Read(text);
        Assert.Empty(result.Entries);
        Assert.Equal([4, 6, 6], result.Problems.Select(p => p.Line));
    }

    [Fact]
    public void Messages_ExistInEveryLanguage()
    {
        var culture = CultureInfo.CurrentUICulture;
        try
        {
            foreach (var language in new[] { "en", "cy", "ar" })
            {
                CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(language);
                var problems = DomainBlockCsv.Read("#domain,#severity,#reject_media\n192.0.2.1,ban,maybe\n").Problems;
                Assert.Equal(3, problems.Count);
                Assert.All(problems, p => Assert.DoesNotContain("{", p.Reason, StringComparison.Ordinal));
                foreach (var problem in Enum.GetValues<DomainNameProblem>().Where(p => p != DomainNameProblem.None))
                {
                    Assert.NotEmpty(DomainNameText.Explain(problem));
                }
            }
        }
        finally
        {
            CultureInfo.CurrentUICulture = culture;
        }
    }
}
