using OurSociety.Core.Posts;

namespace OurSociety.Core.Tests;

public sealed class MentionsTests
{
    [Theory]
    [InlineData("Thanks @Amira!", "amira")]
    [InlineData("(@amira) and @bob_2.", "amira,bob_2")]
    [InlineData("@amira @AMIRA", "amira")]
    [InlineData("mail amira@example.org", "")]
    [InlineData("https://example.org/@amira", "")]
    [InlineData("ask @amira@other.example", "")]
    [InlineData("", "")]
    public void LocalUsernames_FindsBareMentionsOnly(string text, string expected) =>
        Assert.Equal(expected.Split(',', StringSplitOptions.RemoveEmptyEntries), Mentions.LocalUsernames(text));

    [Fact]
    public void LocalUsernames_ManyNames_StopsAtTwenty() =>
        Assert.Equal(20, Mentions.LocalUsernames(string.Join(' ', Enumerable.Range(0, 50).Select(i => $"@user{i}"))).Count);
}

public sealed class RemoteMentionsTests
{
    [Theory]
    [InlineData("Thanks @bob@b.example!", "bob@b.example")]
    [InlineData("Thanks @bob@b.example.", "bob@b.example")]
    [InlineData("(@bob@B.Example), @ana_2@social.example.org and @bob@b.example", "bob@b.example,ana_2@social.example.org")]
    [InlineData("ask @alice@127.0.0.1:8080 about it", "alice@127.0.0.1:8080")]
    [InlineData("@Bob.Smith@b.example", "Bob.Smith@b.example")]
    [InlineData("@bob@bücher.example", "bob@bücher.example")]
    [InlineData("mail bob@b.example or me@x.example", "")]
    [InlineData("mail x@bob@b.example", "")]
    [InlineData("bare @amira is a member here", "")]
    [InlineData("see https://b.example/@bob@b.example and www.b.example/@bob@b.example", "")]
    [InlineData("see <https://b.example/@bob@b.example>", "")]
    [InlineData("a [link to @bob@b.example](https://b.example/@bob) and [@ana@c.example](https://c.example)", "")]
    [InlineData("not `@bob@b.example` in code, but @ana@c.example", "ana@c.example")]
    [InlineData("``a ` @bob@b.example``", "")]
    [InlineData("```\n@bob@b.example\n```\nthen @ana@c.example", "ana@c.example")]
    [InlineData("~~~ text\n@bob@b.example\n~~~", "")]
    [InlineData("Para\n\n    @bob@b.example in an indented code block\n\nand @ana@c.example", "ana@c.example")]
    [InlineData("Para\n    @bob@b.example continues the paragraph", "bob@b.example")]
    [InlineData("@bob@b.example/path is part of an address", "")]
    [InlineData("", "")]
    public void RemoteHandles_FindsHandlesInProseOnly(string text, string expected) =>
        Assert.Equal(expected.Split(',', StringSplitOptions.RemoveEmptyEntries), Mentions.RemoteHandles(text));

    [Fact]
    public void RemoteHandles_ManyHandles_StopsAtTwenty() =>
        Assert.Equal(Mentions.Max, Mentions.RemoteHandles(string.Join(' ', Enumerable.Range(0, 50).Select(i => $"@u{i}@h.example"))).Count);

    [Fact]
    public void LocalUsernames_IgnoresCodeToo() =>
        Assert.Equal(["ana"], Mentions.LocalUsernames("`@bob` and @ana"));

    [Fact]
    public void Current_KeepsFoundHandlesTheTextStillNames_InOrder()
    {
        var at = DateTimeOffset.UnixEpoch;
        Mention[] known =
        [
            new("bob@b.example", "https://b.example/users/bob", "https://b.example/@bob", at),
            new("ana@c.example", "https://c.example/users/ana", "https://c.example/@ana", at),
            new("gone@d.example", null, null, at),
        ];
        var current = Mentions.Current(known, "@ana@c.example and @gone@d.example", "and @bob@b.example");
        Assert.Equal(["ana@c.example", "bob@b.example"], current.Select(m => m.Handle));
        Assert.Equal("bob", current[1].User);
        Assert.Equal("@bob@b.example", current[1].Name);
    }
}
