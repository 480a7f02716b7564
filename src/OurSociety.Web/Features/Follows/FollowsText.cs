namespace OurSociety.Web.Features.Follows;

/// <summary>Marker for the text of the follow pages and forms in <c>FollowsText.resx</c>.</summary>
public sealed class FollowsText;
