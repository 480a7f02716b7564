namespace OurSociety.Web.Features.Posts;

/// <summary>Marker for the text of the story, lesson and reply pages and forms in <c>PostsText.resx</c>.</summary>
public sealed class PostsText;
