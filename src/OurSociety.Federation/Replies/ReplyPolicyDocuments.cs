using System.Text.Json.Nodes;
using OurSociety.ActivityPub;
using OurSociety.ActivityPub.Vocabulary;
using OurSociety.Core.Posts;

namespace OurSociety.Federation.Replies;

/// <summary>
/// A story's or lesson's reply policy as GoToSocial's <c>interactionPolicy.canReply</c> (federation-specs/replies.md),
/// and where the authorization of an allowed reply is served.
/// </summary>
public static class ReplyPolicyDocuments
{
    /// <summary>
    /// The lists of <c>canReply</c>. The author is always in the automatic list, and so are the people the post names
    /// (GoToSocial adds both whatever the policy says); everyone else is in the manual list unless the policy is
    /// <see cref="ReplyPolicy.Anyone"/>, so a reply from outside the automatic list is held, never refused.
    /// </summary>
    public static JsonObject For(ReplyPolicy policy, string authorId, IEnumerable<string> mentionedActors)
    {
        if (policy == ReplyPolicy.Anyone)
        {
            return InteractionControls.ReplyPolicy([ActivityStreams.Public], []);
        }

        var automatic = new List<string> { authorId };
        if (policy == ReplyPolicy.Following)
        {
            automatic.Add(ApUrls.Following(authorId));
        }

        automatic.AddRange(mentionedActors.Where(a => a != authorId).Distinct(StringComparer.Ordinal));
        return InteractionControls.ReplyPolicy(automatic, [ActivityStreams.Public]);
    }

    /// <summary>The stable address of the <c>ReplyAuthorization</c> for an allowed reply (stored here under <paramref name="replyId"/>).</summary>
    public static string AuthorizationId(string origin, Guid replyId) => $"{origin}/authorizations/replies/{replyId:D}";

    /// <summary>The reply an authorization address names, when it is one of ours.</summary>
    public static bool TryParseAuthorization(string origin, string url, out Guid replyId)
    {
        replyId = Guid.Empty;
        var prefix = $"{origin}/authorizations/replies/";
        return url.StartsWith(prefix, StringComparison.Ordinal) && Guid.TryParse(url[prefix.Length..], out replyId);
    }
}
