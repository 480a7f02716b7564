namespace OurSociety.Web.Features.Posts;

/// <summary>Marker for the text of reply policies and held replies (issue 13) in <c>ReplyPolicyText.resx</c>.</summary>
public sealed class ReplyPolicyText;
