using OurSociety.Core.Federation;

namespace OurSociety.Core.Tests.Moderation;

public sealed class DomainNameTests
{
    private static DomainName Parse(string text)
    {
        Assert.True(DomainName.TryParse(text, out var name, out string error), error);
        Assert.Equal("", error);
        return name;
    }

    [Theory]
    [InlineData("bad.example", "bad.example")]
    [InlineData("Bad.Example", "bad.example")]
    [InlineData("BAD.EXAMPLE", "bad.example")]
    [InlineData("  bad.example\t", "bad.example")]
    [InlineData("bad.example.", "bad.example")]
    [InlineData("Bad.Example.", "bad.example")]
    [InlineData("bad.example:443", "bad.example")]
    [InlineData("bad.example.:8080", "bad.example")]
    [InlineData("https://Bad.Example:443/users/x", "bad.example")]
    [InlineData("http://bad.example", "bad.example")]
    [InlineData("https://bad.example/", "bad.example")]
    [InlineData("https://bad.example?x=1", "bad.example")]
    [InlineData("https://bad.example#top", "bad.example")]
    [InlineData("https://user:secret@bad.example/path", "bad.example")]
    [InlineData("bad.example/users/x", "bad.example")]
    [InlineData("@alice@Bad.Example", "bad.example")]
    [InlineData("bücher.example", "xn--bcher-kva.example")]
    [InlineData("BÜCHER.example", "xn--bcher-kva.example")]
    [InlineData("xn--bcher-kva.example", "xn--bcher-kva.example")]
    [InlineData("XN--BCHER-KVA.EXAMPLE.", "xn--bcher-kva.example")]
    [InlineData("https://bücher.example:8443/@x", "xn--bcher-kva.example")]
    [InlineData("a-b.c-d.example", "a-b.c-d.example")]
    [InlineData("123.example", "123.example")]
    [InlineData("localhost", "localhost")]
    public void TryParse_Spellings_GiveOneCanonicalName(string input, string expected) => Assert.Equal(expected, Parse(input).Value);

    [Fact]
    public void Spellings_OfOneName_AreEqual()
    {
        Assert.Equal(Parse("bücher.example"), Parse("https://XN--BCHER-KVA.example.:443/x"));
        Assert.Equal(Parse("bücher.example").GetHashCode(), Parse("xn--bcher-kva.example").GetHashCode());
        Assert.NotEqual(Parse("bad.example"), Parse("notbad.example"));
    }

    [Fact]
    public void Unicode_ShowsIdnInItsScript() => Assert.Equal("bücher.example", Parse("xn--bcher-kva.example").Unicode);

    [Theory]
    [InlineData("", DomainNameProblem.Empty)]
    [InlineData("   ", DomainNameProblem.Empty)]
    [InlineData(null, DomainNameProblem.Empty)]
    [InlineData(".", DomainNameProblem.Empty)]
    [InlineData("https://", DomainNameProblem.Empty)]
    [InlineData("https:///path", DomainNameProblem.Empty)]
    [InlineData("bad..example", DomainNameProblem.BadCharacters)]
    [InlineData(".bad.example", DomainNameProblem.BadCharacters)]
    [InlineData("bad.example..", DomainNameProblem.BadCharacters)]
    [InlineData("bad_host.example", DomainNameProblem.BadCharacters)]
    [InlineData("bad host.example", DomainNameProblem.BadCharacters)]
    [InlineData("bad!.example", DomainNameProblem.BadCharacters)]
    [InlineData("-bad.example", DomainNameProblem.BadCharacters)]
    [InlineData("bad-.example", DomainNameProblem.BadCharacters)]
    [InlineData("bad.example:", DomainNameProblem.BadCharacters)]
    [InlineData("bad.example:http", DomainNameProblem.BadCharacters)]
    [InlineData("bad.example:1234567", DomainNameProblem.BadCharacters)]
    [InlineData("*.bad.example", DomainNameProblem.BadCharacters)]
    [InlineData("192.0.2.1", DomainNameProblem.IpLiteral)]
    [InlineData("https://192.0.2.1:443/x", DomainNameProblem.IpLiteral)]
    [InlineData("[2001:db8::1]", DomainNameProblem.IpLiteral)]
    [InlineData("https://[2001:db8::1]:443/", DomainNameProblem.IpLiteral)]
    [InlineData("2001:db8::1", DomainNameProblem.IpLiteral)]
    [InlineData("1.2.3.4.", DomainNameProblem.IpLiteral)]
    [InlineData("example.123", DomainNameProblem.IpLiteral)]
    public void TryParse_BadInput_IsRefusedWithItsReason(string? input, DomainNameProblem expected)
    {
        Assert.False(DomainName.TryParse(input, out var name, out DomainNameProblem problem));
        Assert.Equal(expected, problem);
        Assert.Equal(default, name);
        Assert.False(DomainName.TryParse(input, out _, out string error));
        Assert.NotEqual("", error);
    }

    [Fact]
    public void TryParse_LabelOver63_IsRefused()
    {
        Assert.Equal(new string('a', 63) + ".example", Parse(new string('a', 63) + ".example").Value);
        Assert.False(DomainName.TryParse(new string('a', 64) + ".example", out _, out DomainNameProblem problem));
        Assert.Equal(DomainNameProblem.LabelTooLong, problem);
    }

    [Fact]
    public void TryParse_NameOver253_IsRefused()
    {
        var label = new string('a', 61);
        var fits = string.Join('.', label, label, label, label[..57], "ex"); // 61*3 + 57 + 2 + 4 dots = 246
        Assert.Equal(fits, Parse(fits).Value);
        var exact = string.Join('.', label, label, label, new string('b', 63), "e"); // 61*3 + 63 + 1 + 4 = 251
        Assert.Equal(exact, Parse(exact).Value);
        var over = string.Join('.', label, label, label, new string('b', 63), "exam"); // 254
        Assert.False(DomainName.TryParse(over, out _, out DomainNameProblem problem));
        Assert.Equal(DomainNameProblem.TooLong, problem);
        Assert.False(DomainName.TryParse(new string('a', 5000), out _, out problem));
    }

    [Theory]
    [InlineData("bad.example", "bad.example", true)]
    [InlineData("bad.example", "a.bad.example", true)]
    [InlineData("bad.example", "x.y.bad.example", true)]
    [InlineData("bad.example", "A.Bad.Example.", true)]
    [InlineData("example", "bad.example", true)]
    [InlineData("bad.example", "notbad.example", false)]
    [InlineData("bad.example", "bad.example.org", false)]
    [InlineData("a.bad.example", "bad.example", false)]
    [InlineData("bad.example", "example", false)]
    [InlineData("bücher.example", "shop.xn--bcher-kva.example", true)]
    public void Covers_SameNameAndSubdomains(string block, string other, bool covered) =>
        Assert.Equal(covered, Parse(block).Covers(Parse(other)));

    [Fact]
    public void Covers_DefaultNeverMatches()
    {
        Assert.False(default(DomainName).Covers(Parse("bad.example")));
        Assert.False(Parse("bad.example").Covers(default));
        Assert.Equal("", default(DomainName).Value);
    }

    // Mastodon's DomainBlock#public_domain: the first and last quarter stay, dots stay, the rest become stars.
    [Theory]
    [InlineData("bad.example", "bad.*****le")]
    [InlineData("mastodon.social", "mast****.***ial")]
    [InlineData("a.b", "a.*")]
    [InlineData("abcd", "ab*d")]
    [InlineData("xn--bcher-kva.example", "xn--bc*******.**ample")]
    public void Obfuscated_HidesTheMiddle(string name, string expected) => Assert.Equal(expected, Parse(name).Obfuscated);
}
