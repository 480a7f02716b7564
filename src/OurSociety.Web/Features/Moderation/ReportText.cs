namespace OurSociety.Web.Features.Moderation;

/// <summary>Marker for the text of the report form, the moderators' report queue, the desk's links and the appeal page in <c>ReportText.resx</c>.</summary>
public sealed class ReportText;
