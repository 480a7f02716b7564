namespace OurSociety.Web.Features.Profiles;

/// <summary>Marker for the profile page texts in <c>ProfilesText.resx</c>.</summary>
public sealed class ProfilesText;
