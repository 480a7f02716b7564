namespace OurSociety.Web.Features.Moderation;

/// <summary>Marker for the domain moderation pages' text in <c>DomainText.resx</c>.</summary>
public sealed class DomainText;
