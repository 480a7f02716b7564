namespace OurSociety.Web.Features.HubDirectory;

/// <summary>Marker for the texts of the network directory (<c>/network/hubs</c>) in <c>DirectoryText.resx</c>.</summary>
public sealed class DirectoryText;
