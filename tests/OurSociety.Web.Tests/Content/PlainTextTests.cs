using OurSociety.Content;

namespace OurSociety.Web.Tests.Content;

/// <summary>Names, handles and titles from other servers: no markup, nothing invisible, no smearing mark runs; real text unchanged.</summary>
public sealed class PlainTextTests
{
    [Theory]
    [InlineData("<b>Ad</b>min", "Admin")]
    [InlineData("<script>alert(1)</script>Eve", "Eve")]
    [InlineData("Tom &amp; Jerry", "Tom & Jerry")]
    [InlineData("I <3 bread", "I <3 bread")]
    public void Html_BecomesItsText(string input, string expected) =>
        Assert.Equal(expected, PlainText.Clean(input, 200));

    [Theory]
    [InlineData("\u202A")]
    [InlineData("\u202B")]
    [InlineData("\u202C")]
    [InlineData("\u202D")]
    [InlineData("\u202E")]
    [InlineData("\u2066")]
    [InlineData("\u2067")]
    [InlineData("\u2068")]
    [InlineData("\u2069")]
    [InlineData("\u200E")]
    [InlineData("\u200F")]
    [InlineData("\u061C")]
    public void BidirectionalControls_AreRemoved(string control) =>
        Assert.Equal("Admin", PlainText.Clean("Ad" + control + "min" + control));

    [Theory]
    [InlineData("\u200B")]
    [InlineData("\u200C")]
    [InlineData("\u200D")]
    [InlineData("\u2060")]
    [InlineData("\uFEFF")]
    [InlineData("\u00AD")]
    [InlineData("\u180E")]
    [InlineData("\u0007")]
    public void InvisibleAndControlCharacters_AreRemoved(string invisible) =>
        Assert.Equal("Admin", PlainText.Clean(invisible + "Ad" + invisible + "min"));

    [Fact]
    public void CombiningMarks_AreCappedPerBaseCharacter()
    {
        var zalgo = "Z" + new string('\u0301', 40) + "a" + new string('\u20DD', 10);
        Assert.Equal("Z" + new string('\u0301', PlainText.MaxCombiningMarks) + "a" + new string('\u20DD', PlainText.MaxCombiningMarks), PlainText.Clean(zalgo));
    }

    [Theory]
    [InlineData("Siân Llywelyn-Ŵyn ap Gruffudd")]
    [InlineData("Dafydd ap Rhys (Caerdydd) 🏴󠁧󠁢󠁷󠁬󠁳󠁿")]                  // the Welsh flag: black flag and tag characters
    [InlineData("محمد عبد الله")]
    [InlineData("مُحَمَّد")]                                // Arabic vowel marks, two on one letter
    [InlineData("می‌خواهم")]                              // Persian: a zero-width non-joiner between letters
    [InlineData("Ana 👩🏽‍💻 and 👨‍👩‍👧 🏳️‍🌈 ❤️‍🔥")]     // emoji joined by zero-width joiners
    [InlineData("Nguyễn Thị Ánh")]
    public void RealNames_AreUnchanged(string name)
    {
        Assert.Equal(name, PlainText.Clean(name));
        Assert.Equal(name, PlainText.Clean(name, 200));
    }

    [Fact]
    public void JoinerOutsideEmoji_IsRemoved() =>
        Assert.Equal("ab😀", PlainText.Clean("a\u200Db\u200D😀"));

    [Fact]
    public void TagCharacters_OutsideAFlag_AreRemoved() =>
        Assert.Equal("gbwls", PlainText.Clean("g\U000E0067b\U000E0062wls\U000E007F"));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("\u200B\u202E")]
    public void NothingVisible_IsEmpty(string? input) => Assert.Equal("", PlainText.Clean(input));
}

/// <summary>Sanitised HTML has a nesting-depth cap: deeper elements become their text.</summary>
public sealed class NestingDepthTests
{
    [Fact]
    public void DeeplyNestedHtml_IsFlattenedBelowTheCap_KeepingItsText()
    {
        const int depth = 200;
        var html = string.Concat(Enumerable.Repeat("<blockquote>", depth)) + "<b>deep</b> text" + string.Concat(Enumerable.Repeat("</blockquote>", depth));

        var clean = SafeHtml.Clean(html);

        Assert.Equal(SafeHtml.MaxDepth, CountOf(clean, "<blockquote>"));
        Assert.Contains("deep text", clean, StringComparison.Ordinal);
        Assert.DoesNotContain("<b>", clean, StringComparison.Ordinal);
    }

    [Fact]
    public void NestingWithinTheCap_IsKept()
    {
        var html = string.Concat(Enumerable.Repeat("<blockquote>", SafeHtml.MaxDepth - 1)) + "<b>x</b>" + string.Concat(Enumerable.Repeat("</blockquote>", SafeHtml.MaxDepth - 1));

        Assert.Equal(html, SafeHtml.Clean(html));
    }

    private static int CountOf(string text, string part) => (text.Length - text.Replace(part, "", StringComparison.Ordinal).Length) / part.Length;
}
