using OurSociety.Core.Hubs;

namespace OurSociety.Core.Tests;

/// <summary>WCAG 2 contrast for the hub's accent colour: white text on it, and it as a link colour on the page.</summary>
public sealed class AccentColourTests
{
    [Theory]
    [InlineData("#000000", "#ffffff", 21.0)]
    [InlineData("#ffffff", "#ffffff", 1.0)]
    [InlineData("#767676", "#ffffff", 4.54)]   // the lightest grey that passes on white, as WCAG's examples give it
    [InlineData("#ffcc00", "#ffffff", 1.51)]
    public void Contrast_MatchesWcag(string a, string b, double expected) =>
        Assert.Equal(expected, AccentColour.Contrast(a, b), 2);

    [Theory]
    [InlineData("#0b5c4a", true)]    // site.css's own green
    [InlineData("#7a1f5c", true)]
    [InlineData("#ffcc00", false)]
    [InlineData("#767676", false)]   // 4.54:1 on white, but 4.4:1 on the page's warmer background: links would fail
    [InlineData("#3a7bd5", false)]
    public void IsReadable_BothContrastsMustReachFourAndAHalf(string colour, bool readable) =>
        Assert.Equal(readable, AccentColour.IsReadable(colour));

    [Theory]
    [InlineData("#7A1F5C", "#7a1f5c")]
    [InlineData(" #0b5c4a ", "#0b5c4a")]
    [InlineData("0b5c4a", null)]
    [InlineData("#0b5c4", null)]
    [InlineData("#0b5c4g", null)]
    [InlineData("red", null)]
    [InlineData("", null)]
    public void Normalize_OnlySixDigitHex(string value, string? expected) => Assert.Equal(expected, AccentColour.Normalize(value));

    [Fact]
    public void ForDisplay_CutsDownSoARefusedRatioNeverReadsAsEnough() => Assert.Equal(4.4, AccentColour.ForDisplay(4.4999));
}
