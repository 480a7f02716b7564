namespace OurSociety.Web.Features.Help;

/// <summary>Marker for the texts of asking for help and the newcomers' page, in <c>HelpText.resx</c>.</summary>
public sealed class HelpText;
