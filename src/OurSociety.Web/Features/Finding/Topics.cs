using OurSociety.Core.Posts;

namespace OurSociety.Web.Features.Finding;

internal static class Topics
{
    /// <summary>A topic as posts store it (lower case, no '#'), or false when it could never be one.</summary>
    public static bool TryNormalise(string? raw, out string topic)
    {
        topic = raw is null ? "" : PostService.NormaliseTopic(raw);
        return topic.Length is > 0 and <= PostLimits.TopicMax && topic.All(c => char.IsLetterOrDigit(c) || c == '_');
    }
}
