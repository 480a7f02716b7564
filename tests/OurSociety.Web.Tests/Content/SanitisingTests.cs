using OurSociety.Content;

namespace OurSociety.Web.Tests.Content;

/// <summary>
/// The hostile-input table the issue asks for: each input goes through both ways content reaches a page, a member's
/// Markdown (<see cref="MarkdownHtml.Render"/>) and another server's HTML (<see cref="SafeHtml.Clean"/>), and the
/// parsed result holds nothing outside the allowlist.
/// </summary>
public sealed class SanitisingTests
{
    public static TheoryData<string, string> Hostile => new()
    {
        { "script", "<script>alert(1)</script><p>after</p>" },
        { "img onerror", "<img src=x onerror=alert(1)>" },
        { "javascript link", "<a href=\"javascript:alert(1)\">x</a>" },
        { "mixed case scheme", "<a href=\"JaVaScRiPt:alert(1)\">x</a>" },
        { "tab entity in scheme", "<a href=\"java&#x09;script:alert(1)\">x</a>" },
        { "newline entity in scheme", "<p><a href=\"jav&#x0A;ascript:alert(1)\">x</a></p>" },
        { "literal newline in scheme", "<a href=\"java\nscript:alert(1)\">x</a>" },
        { "decimal entity scheme", "<a href=\"&#106;avascript:alert(1)\">x</a>" },
        { "all hex entities", "<a href=\"&#x6A;&#x61;&#x76;&#x61;&#x73;&#x63;&#x72;&#x69;&#x70;&#x74;&#x3A;alert(1)\">x</a>" },
        { "colon entity", "<a href=\"javascript&colon;alert(1)\">x</a>" },
        { "leading spaces", "<a href=\"   javascript:alert(1)\">x</a>" },
        { "data html link", "<a href=\"data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==\">x</a>" },
        { "data svg link", "<a href=\"data:image/svg+xml,<svg onload=alert(1)>\">x</a>" },
        { "vbscript link", "<a href=\"vbscript:msgbox(1)\">x</a>" },
        { "protocol-relative link", "<a href=\"//evil.example/\">x</a>" },
        { "broken url", "<a href=\"http://[evil\">x</a>" },
        { "style attribute", "<p style=\"background:url(javascript:alert(1))\">x</p>" },
        { "style element", "<style>body{background:red}</style><p>x</p>" },
        { "iframe", "<iframe src=\"https://evil.example/\"></iframe><p>x</p>" },
        { "iframe srcdoc", "<iframe srcdoc=\"<script>alert(1)</script>\"></iframe>" },
        { "svg onload", "<svg onload=alert(1)><circle r=10 /></svg>" },
        { "svg script", "<svg><script>alert(1)</script><a xlink:href=\"javascript:alert(1)\">x</a></svg>" },
        { "math", "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)></style></mglyph></table></mtext></math>" },
        { "form", "<form action=\"https://evil.example/\"><input name=x><button formaction=\"javascript:alert(1)\">go</button></form>" },
        { "object", "<object data=\"https://evil.example/x.swf\"><param name=x value=y></object>" },
        { "embed", "<embed src=\"https://evil.example/x.swf\">" },
        { "meta refresh", "<meta http-equiv=\"refresh\" content=\"0;url=https://evil.example/\">" },
        { "base href", "<base href=\"https://evil.example/\"><a href=\"https://ok.example/\">x</a>" },
        { "link stylesheet", "<link rel=stylesheet href=\"https://evil.example/x.css\">" },
        { "event handler", "<p onmouseover=\"alert(1)\">x</p>" },
        { "target and onclick", "<a href=\"https://ok.example/\" onclick=\"alert(1)\" target=\"_blank\">x</a>" },
        { "unclosed tags", "<div><p>unclosed <b>bold <i>italic <a href=\"https://ok.example/" },
        { "nested quotes", "<p title=\"a\" b='\"><script>alert(1)</script>'>x</p>" },
        { "cdata", "<![CDATA[<script>alert(1)</script>]]><p>x</p>" },
        { "comment --!>", "<!-- a --!><img src=x onerror=alert(1)> -->" },
        { "conditional comment", "<!--[if IE]><script>alert(1)</script><![endif]-->" },
        { "noscript mXSS", "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\"></noscript>" },
        { "template", "<template><img src=x onerror=alert(1)></template>" },
        { "video", "<video src=x onerror=alert(1)><source src=x onerror=alert(1)></video>" },
        { "textarea", "<textarea><script>alert(1)</script></textarea><select><option>x</option></select>" },
        { "xmp", "<xmp><script>alert(1)</script></xmp>" },
        { "td background", "<table><tr><td background=\"javascript:alert(1)\">x</td></tr></table>" },
        { "id and class", "<span class=\"invisible evil\" id=\"x\" style=\"display:none\">x</span><p class=\"mention\">y</p>" },
        { "list attributes", "<ol start=\"javascript:1\" type=\"a\"><li value=\"x\" onclick=alert(1)>x</li></ol>" },
        { "data attributes", "<p data-x=\"1\" aria-hidden=\"true\" hidden>x</p>" },
        { "markdown javascript link", "[x](javascript:alert(1))" },
        { "markdown mixed case", "[x](JaVaScRiPt:alert(1))" },
        { "markdown entity scheme", "[x](java&#x09;script:alert(1))" },
        { "markdown angle link", "[x](<javascript:alert(1)>)" },
        { "markdown autolink", "<javascript:alert(1)>" },
        { "markdown data link", "[x](data:text/html;base64,PHNjcmlwdD4=)" },
        { "markdown vbscript", "[x](vbscript:msgbox(1))" },
        { "markdown reference", "[x]\n\n[x]: javascript:alert(1)" },
        { "markdown image", "![x](javascript:alert(1))" },
        { "markdown title break-out", "[x](https://ok.example/ \"a\\\" onmouseover=alert(1) \\\"\")" },
        { "markdown html block", "<div onclick=\"alert(1)\">\n\n*x*\n\n</div>" },
    };

    [Theory]
    [MemberData(nameof(Hostile))]
    public void RemoteHtml_HostileInput_KeepsOnlyTheAllowlist(string name, string input)
    {
        var output = SafeHtml.Clean(input);

        HtmlAssert.IsSafe(output);
        Assert.False(string.IsNullOrEmpty(name));
    }

    [Theory]
    [MemberData(nameof(Hostile))]
    public void Markdown_HostileInput_KeepsOnlyTheAllowlist(string name, string input)
    {
        var output = MarkdownHtml.Render(input);

        HtmlAssert.IsSafe(output);
        Assert.False(string.IsNullOrEmpty(name));
    }

    [Fact]
    public void RemoteHtml_Script_IsRemovedWithItsText()
    {
        var output = SafeHtml.Clean("<p>before</p><script>alert(1)</script><style>p{}</style><p>after</p>");

        Assert.Equal("<p>before</p><p>after</p>", output);
    }

    [Fact]
    public void RemoteHtml_UnknownWrapper_KeepsItsText()
    {
        Assert.Equal("<p>in a div</p>small", SafeHtml.Clean("<div><section><p>in a div</p></section><small>small</small></div>"));
    }

    [Fact]
    public void RemoteHtml_MastodonNote_KeepsMentionsHashtagsAndText()
    {
        const string note = "<p>Hi <span class=\"h-card\" translate=\"no\"><a href=\"https://mastodon.example/@bob\" class=\"u-url mention\">" +
                            "@<span>bob</span></a></span> <a href=\"https://mastodon.example/tags/x\" class=\"mention hashtag\" rel=\"tag\">" +
                            "#<span>x</span></a> see <a href=\"https://example.org/a/long/path\" target=\"_blank\" rel=\"nofollow noopener\">" +
                            "<span class=\"invisible\">https://</span><span class=\"ellipsis\">example.org/a/long</span>" +
                            "<span class=\"invisible\">/path</span></a></p>";

        var output = SafeHtml.Clean(note);

        HtmlAssert.IsSafe(output);
        using var document = HtmlAssert.Parse(output);
        var links = document.QuerySelectorAll("a").ToList();
        Assert.Equal(["https://mastodon.example/@bob", "https://mastodon.example/tags/x", "https://example.org/a/long/path"],
            links.Select(a => a.GetAttribute("href")));
        Assert.Equal("u-url mention", links[0].GetAttribute("class"));
        Assert.Equal("mention hashtag", links[1].GetAttribute("class"));
        Assert.All(links, a => Assert.Null(a.GetAttribute("target")));
        Assert.NotNull(document.QuerySelector("span.h-card > a.mention"));
        Assert.Equal(2, document.QuerySelectorAll("span.invisible").Length);
        Assert.NotNull(document.QuerySelector("span.ellipsis"));
        Assert.Equal("Hi @bob #x see https://example.org/a/long/path", document.Body!.TextContent);
    }

    [Fact]
    public void RemoteHtml_Headings_StayBelowThePageTitle()
    {
        var output = SafeHtml.Clean("<h1>one</h1><h2>two</h2><h3>three</h3><h4>four</h4><h5>five</h5><h6>six</h6>");

        Assert.Equal("<h2>one</h2><h2>two</h2><h3>three</h3><h4>four</h4><h4>five</h4><h4>six</h4>", output);
    }

    [Fact]
    public void RemoteHtml_RelativeLink_LosesItsHrefButKeepsItsText()
    {
        Assert.Equal("<p><a>settings</a></p>", SafeHtml.Clean("<p><a href=\"/settings\">settings</a></p>"));
    }

    [Fact]
    public void RemoteHtml_MailtoLink_IsKept()
    {
        Assert.Equal($"<a href=\"mailto:hub@example.org\" rel=\"{SafeHtml.LinkRel}\">write</a>",
            SafeHtml.Clean("<a href=\"mailto:hub@example.org\">write</a>"));
    }

    [Fact]
    public void RemoteHtml_ListNumbers_AreKeptWhenTheyAreNumbers()
    {
        Assert.Equal("<ol start=\"3\" reversed=\"\"><li value=\"5\">x</li></ol>",
            SafeHtml.Clean("<ol start=\"3\" reversed><li value=\"5\">x</li></ol>"));
    }

    [Fact]
    public void RemoteHtml_Empty_IsEmpty()
    {
        Assert.Equal("", SafeHtml.Clean(null));
        Assert.Equal("", SafeHtml.Clean("   "));
    }

    [Fact]
    public void Markdown_Emphasis_Renders()
    {
        Assert.Equal("<p><em>soft</em> <strong>strong</strong> <del>gone</del></p>\n", MarkdownHtml.Render("*soft* **strong** ~~gone~~"));
    }

    [Fact]
    public void Markdown_SingleTilde_StaysAsTyped()
    {
        Assert.Equal("<p>~20 people came, ~30 next time</p>\n", MarkdownHtml.Render("~20 people came, ~30 next time"));
    }

    [Fact]
    public void Markdown_Lists_Render()
    {
        var output = MarkdownHtml.Render("- one\n- two\n\n1. first\n2. second");

        HtmlAssert.IsSafe(output);
        using var document = HtmlAssert.Parse(output);
        Assert.Equal(["one", "two"], document.QuerySelectorAll("ul > li").Select(li => li.TextContent));
        Assert.Equal(["first", "second"], document.QuerySelectorAll("ol > li").Select(li => li.TextContent));
    }

    [Fact]
    public void Markdown_Links_GetRelAndNoTarget()
    {
        var output = MarkdownHtml.Render("See [the plan](https://example.org/plan) and https://example.org/auto.");

        HtmlAssert.IsSafe(output);
        using var document = HtmlAssert.Parse(output);
        var links = document.QuerySelectorAll("a").ToList();
        Assert.Equal(["https://example.org/plan", "https://example.org/auto"], links.Select(a => a.GetAttribute("href")));
        Assert.All(links, a => Assert.Equal(SafeHtml.LinkRel, a.GetAttribute("rel")));
    }

    [Fact]
    public void Markdown_CodeBlock_IsEscapedAndLosesItsLanguageClass()
    {
        var output = MarkdownHtml.Render("```html\n<script>alert(1)</script>\n```");

        Assert.Equal("<pre><code>&lt;script&gt;alert(1)&lt;/script&gt;\n</code></pre>\n", output);
    }

    [Fact]
    public void Markdown_RawHtml_IsShownAsText()
    {
        Assert.Equal("<p>&lt;b&gt;not bold&lt;/b&gt;</p>\n", MarkdownHtml.Render("<b>not bold</b>"));
    }

    [Fact]
    public void Markdown_Headings_AreShiftedBelowThePageTitle()
    {
        var output = MarkdownHtml.Render("# One\n\n## Two\n\n### Three\n\n#### Four\n\n###### Six\n\nSetext\n======");

        Assert.Equal("<h2>One</h2>\n<h3>Two</h3>\n<h4>Three</h4>\n<h4>Four</h4>\n<h4>Six</h4>\n<h2>Setext</h2>\n", output);
    }

    [Fact]
    public void Markdown_Image_BecomesALinkWithItsAltText()
    {
        var output = MarkdownHtml.Render("![our stall at the market](https://example.org/stall.jpg) ![](https://example.org/x.jpg)");

        HtmlAssert.IsSafe(output);
        using var document = HtmlAssert.Parse(output);
        Assert.Empty(document.QuerySelectorAll("img"));
        var links = document.QuerySelectorAll("a").ToList();
        Assert.Equal("our stall at the market", links[0].TextContent);
        Assert.Equal("https://example.org/stall.jpg", links[0].GetAttribute("href"));
        Assert.Equal("https://example.org/x.jpg", links[1].TextContent);
    }

    [Fact]
    public void Markdown_Table_KeepsItsStructureButNoStyle()
    {
        var output = MarkdownHtml.Render("| a | b |\n|--:|---|\n| 1 | 2 |");

        HtmlAssert.IsSafe(output);
        using var document = HtmlAssert.Parse(output);
        Assert.Equal(["a", "b"], document.QuerySelectorAll("thead th").Select(th => th.TextContent));
        Assert.Equal(["1", "2"], document.QuerySelectorAll("tbody td").Select(td => td.TextContent));
    }

    [Fact]
    public void Markdown_LineBreak_IsKept()
    {
        Assert.Equal("<p>first line<br>\nsecond line</p>\n", MarkdownHtml.Render("first line\nsecond line"));
    }

    [Fact]
    public void Markdown_Empty_IsEmpty()
    {
        Assert.Equal("", MarkdownHtml.Render(null));
        Assert.Equal("", MarkdownHtml.Render("  \n "));
    }

    [Fact]
    public void PlainText_Html_IsTextWithBlocksSpacedAndWhitespaceCollapsed()
    {
        var text = SafeHtml.PlainText("<p>Hello   <b>there</b></p><p>second\n\tparagraph</p><ul><li>a</li><li>b</li></ul><script>x()</script>", 200);

        Assert.Equal("Hello there second paragraph a b", text);
    }

    [Fact]
    public void PlainText_Entities_AreDecoded()
    {
        Assert.Equal("Fish & chips <3", SafeHtml.PlainText("<p>Fish &amp; chips &lt;3</p>", 100));
    }

    [Fact]
    public void PlainText_Long_IsCutOnAWordWithAnEllipsis()
    {
        var text = SafeHtml.PlainText("<p>We planted forty trees along the river path on Saturday.</p>", 30);

        Assert.Equal("We planted forty trees along…", text);
        Assert.True(text.Length <= 30);
    }

    [Fact]
    public void PlainText_OneLongWord_IsCutWhereItMust()
    {
        var text = SafeHtml.PlainText("Supercalifragilisticexpialidocious", 10);

        Assert.Equal("Supercali…", text);
    }

    [Fact]
    public void PlainText_Short_IsUnchanged()
    {
        Assert.Equal("Short.", SafeHtml.PlainText("Short.", 6));
    }

    [Fact]
    public void PlainText_DoesNotSplitASurrogatePair()
    {
        var text = SafeHtml.PlainText("abcdefgh🌳🌳🌳", 10);

        Assert.Equal("abcdefgh…", text);
    }
}
