namespace OurSociety.Web.Features.Admin;

/// <summary>Marker for the hub links page's text in <c>HubLinkText.resx</c>.</summary>
public sealed class HubLinkText;
