namespace OurSociety.Web.Features.Needs;

/// <summary>Marker for the text of the needs and offers pages in <c>NeedsText.resx</c>.</summary>
public sealed class NeedsText;
