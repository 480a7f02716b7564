using OurSociety.Web.Pages.Shared;

namespace OurSociety.Web.Tests.Look;

/// <summary>The circle beside a name when a person has no picture here, and whose pictures may be shown at all.</summary>
public sealed class AvatarTests
{
    [Theory]
    [InlineData("Amina Yusuf", "AY")]
    [InlineData("rosa", "R")]
    [InlineData("  Rosa   Parks  Jr ", "RP")]
    [InlineData("élodie durand", "ÉD")]
    [InlineData("👩🏽‍🌾 Garden Club", "👩🏽‍🌾G")]   // a whole emoji, not half of one
    [InlineData("(Bob) Smith", "S")]               // punctuation is not an initial
    [InlineData("", "")]
    public void Initials_AreTheFirstLettersOfTheFirstTwoWords(string name, string initials) =>
        Assert.Equal(initials, Avatar.Initials(name));

    [Theory]
    [InlineData("https://hub.example/media/avatars/ab/cd.webp", true, "/media/avatars/ab/cd.webp")]
    [InlineData("https://mastodon.example/avatars/1.png", false, null)]   // readers' browsers never fetch from elsewhere
    [InlineData(null, true, null)]
    public void LocalPath_OnlyForMembersHere(string? icon, bool isLocal, string? path) =>
        Assert.Equal(path, Avatar.LocalPath(icon, isLocal));
}
