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
