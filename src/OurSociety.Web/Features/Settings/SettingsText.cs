namespace OurSociety.Web.Features.Settings;

/// <summary>Marker for the settings pages' text in <c>SettingsText.resx</c>.</summary>
public sealed class SettingsText;
