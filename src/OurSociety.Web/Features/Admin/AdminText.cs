namespace OurSociety.Web.Features.Admin;

/// <summary>Marker for the admin pages' text in <c>AdminText.resx</c>.</summary>
public sealed class AdminText;
