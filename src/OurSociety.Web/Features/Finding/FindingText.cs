namespace OurSociety.Web.Features.Finding;

/// <summary>Marker for the texts of lists, timelines, topics, search, notifications and feeds in <c>FindingText.resx</c>.</summary>
public sealed class FindingText;
