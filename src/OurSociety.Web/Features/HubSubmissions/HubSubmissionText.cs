namespace OurSociety.Web.Features.HubSubmissions;

/// <summary>Marker for the hub submission pages' text in <c>HubSubmissionText.resx</c>.</summary>
public sealed class HubSubmissionText;
