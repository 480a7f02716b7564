namespace OurSociety.Web.Features.About;

/// <summary>Marker for the about page's text in <c>AboutText.resx</c>.</summary>
public sealed class AboutText;
