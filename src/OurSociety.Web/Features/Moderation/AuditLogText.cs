namespace OurSociety.Web.Features.Moderation;

/// <summary>Marker for the audit log pages' text in <c>AuditLogText.resx</c>.</summary>
public sealed class AuditLogText;
