namespace OurSociety.Web.Features.Introductions;

/// <summary>Marker for the text of the introductions pages, forms and notifications in <c>IntroductionsText.resx</c>.</summary>
public sealed class IntroductionsText;
