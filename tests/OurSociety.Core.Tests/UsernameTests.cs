using OurSociety.Core.Members;

namespace OurSociety.Core.Tests;

public sealed class UsernameTests
{
    [Theory]
    [InlineData("alice")]
    [InlineData("Alice_2")]
    [InlineData("a")]
    [InlineData("abcdefghijklmnopqrstuvwxyz1234")]
    public void Validate_WebFingerSafeName_IsAccepted(string name) => Assert.Null(Username.Validate(name, "hub"));

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("abcdefghijklmnopqrstuvwxyz12345")]
    [InlineData("al ice")]
    [InlineData("alice@host")]
    [InlineData("élodie")]
    [InlineData("al-ice")]
    [InlineData("alice.b")]
    public void Validate_UnsafeName_IsRefused(string name) => Assert.NotNull(Username.Validate(name, "hub"));

    [Theory]
    [InlineData("hub")]
    [InlineData("HUB")]
    [InlineData("actor")]
    [InlineData("inbox")]
    [InlineData("outbox")]
    [InlineData("users")]
    [InlineData("tags")]
    [InlineData("ns")]
    [InlineData("api")]
    [InlineData("admin")]
    [InlineData("settings")]
    [InlineData("community")]
    public void Validate_ReservedName_IsRefused(string name)
    {
        var problem = Username.Validate(name, hubUsername: "community");
        Assert.NotNull(problem);
        Assert.Contains("reserved", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_WellKnown_IsRefusedEvenThoughItHasAHyphen() => Assert.NotNull(Username.Validate("well-known", "hub"));
}
