using System.Text.Json.Nodes;

namespace OurSociety.ActivityPub.Vocabulary;

/// <summary>
/// GoToSocial's interaction controls (docs.gotosocial.org, "Interaction Controls"; "Interaction Policy" before v0.20):
/// the <c>interactionPolicy</c> a post carries, the <c>ReplyRequest</c> a replier may send, and the <c>Accept</c> /
/// <c>Reject</c> with a fetchable <c>ReplyAuthorization</c> the post's server answers with. Only the reply
/// sub-policy is built here. Both spellings of the approval lists are written: <c>automaticApproval</c> /
/// <c>manualApproval</c> (GoToSocial v0.19 and later) and <c>always</c> / <c>approvalRequired</c> (v0.17 and v0.18,
/// which v0.19 still sends beside the new ones during its transition).
/// </summary>
public static class InteractionControls
{
    /// <summary>GoToSocial's context document; its terms are in the <c>gts:</c> namespace below.</summary>
    public const string ContextUrl = "https://gotosocial.org/ns";

    /// <summary>The IRI the <c>gts:</c> prefix stands for.</summary>
    public const string Namespace = "https://gotosocial.org/ns#";

    /// <summary>The property of a post that holds its sub-policies.</summary>
    public const string InteractionPolicy = "interactionPolicy";
    /// <summary>The sub-policy for replies (<c>inReplyTo</c> the post).</summary>
    public const string CanReply = "canReply";
    /// <summary>The sub-policy for announces (boosts) of the post: who may share it.</summary>
    public const string CanAnnounce = "canAnnounce";
    /// <summary>Actors or collections whose replies are allowed at once.</summary>
    public const string AutomaticApproval = "automaticApproval";
    /// <summary>Actors or collections whose replies wait for the author's approval.</summary>
    public const string ManualApproval = "manualApproval";

    /// <summary>The v0.17–v0.18 name of <see cref="AutomaticApproval"/>.</summary>
    public const string Always = "always";

    /// <summary>The v0.17–v0.18 name of <see cref="ManualApproval"/>.</summary>
    public const string ApprovalRequired = "approvalRequired";

    /// <summary>An activity asking for permission to reply (v0.20): <c>object</c> the post, <c>instrument</c> the reply.</summary>
    public const string ReplyRequest = "ReplyRequest";

    /// <summary>The proof that a reply was allowed, the <c>result</c> of the Accept (v0.20; v0.19 spelt its type <c>ReplyApproval</c>).</summary>
    public const string ReplyAuthorization = "ReplyAuthorization";

    /// <summary>The v0.19 type of <see cref="ReplyAuthorization"/>.</summary>
    public const string ReplyApproval = "ReplyApproval";

    /// <summary>On an authorization: the reply that was allowed.</summary>
    public const string InteractingObject = "interactingObject";
    /// <summary>On an authorization: the post it answers.</summary>
    public const string InteractionTarget = "interactionTarget";

    /// <summary>On an approved reply (v0.20): the authorization's id.</summary>
    public const string ReplyAuthorizationProperty = "replyAuthorization";
    /// <summary>On an approved reply (v0.17–v0.19): the id of the Accept.</summary>
    public const string ApprovedBy = "approvedBy";

    /// <summary>
    /// The term definitions, inline, with the IRIs of GoToSocial's context document: a reader that expands JSON-LD
    /// needs no fetch of <see cref="ContextUrl"/> (a peer behind an SSRF guard could not make one).
    /// </summary>
    public static JsonObject Terms()
    {
        static JsonObject Id(string term) => new() { ["@id"] = "gts:" + term, ["@type"] = "@id" };
        return new JsonObject
        {
            ["gts"] = Namespace,
            [InteractionPolicy] = Id(InteractionPolicy),
            [CanReply] = Id(CanReply),
            [AutomaticApproval] = Id(AutomaticApproval),
            [ManualApproval] = Id(ManualApproval),
            [Always] = Id(Always),
            [ApprovalRequired] = Id(ApprovalRequired),
            [ReplyRequest] = "gts:" + ReplyRequest,
            [ReplyAuthorization] = "gts:" + ReplyAuthorization,
            [InteractingObject] = Id(InteractingObject),
            [InteractionTarget] = Id(InteractionTarget),
            [ReplyAuthorizationProperty] = Id(ReplyAuthorizationProperty),
            [ApprovedBy] = Id(ApprovedBy),
        };
    }

    /// <summary>
    /// An <c>interactionPolicy</c> with only <c>canReply</c> set: we enforce replies and nothing else, so (as the
    /// documentation asks) the other sub-policies are left out and keep their defaults.
    /// </summary>
    public static JsonObject ReplyPolicy(IReadOnlyList<string> automatic, IReadOnlyList<string> manual) => new()
    {
        [CanReply] = new JsonObject
        {
            [AutomaticApproval] = Array(automatic),
            [ManualApproval] = Array(manual),
            [Always] = Array(automatic),
            [ApprovalRequired] = Array(manual),
        },
    };

    /// <summary>
    /// The <c>ReplyAuthorization</c> served at <paramref name="id"/>: <paramref name="authorId"/> allowed
    /// <paramref name="replyId"/> to answer <paramref name="postId"/>.
    /// </summary>
    public static JsonObject Authorization(string id, string authorId, string replyId, string postId) => new()
    {
        [AsProperties.AtContext] = Context(),
        [AsProperties.Id] = id,
        [AsProperties.Type] = ReplyAuthorization,
        [AsProperties.AttributedTo] = authorId,
        [InteractingObject] = replyId,
        [InteractionTarget] = postId,
    };

    /// <summary>
    /// <c>Accept</c> of a reply (or of the <c>ReplyRequest</c> that carried it): <c>object</c> what is accepted,
    /// <c>target</c> the post it answers, <c>result</c> the authorization, addressed to the replier.
    /// Order: <c>@context, id, type, actor, to, object, target, result</c>.
    /// </summary>
    public static JsonObject Accept(string id, string actorId, string replierId, string objectId, string postId, string authorizationId)
    {
        var accept = Answer(ActivityTypes.Accept, id, actorId, replierId, objectId, postId);
        accept[AsProperties.Result] = authorizationId;
        return accept;
    }

    /// <summary><c>Reject</c> of a reply (or its <c>ReplyRequest</c>), shaped like <see cref="Accept"/> without a result.</summary>
    public static JsonObject Reject(string id, string actorId, string replierId, string objectId, string postId) =>
        Answer(ActivityTypes.Reject, id, actorId, replierId, objectId, postId);

    /// <summary>The ActivityStreams context with these terms after it.</summary>
    public static JsonArray Context() => [ActivityStreams.Context, Terms()];

    private static JsonObject Answer(string type, string id, string actorId, string replierId, string objectId, string postId)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        ArgumentException.ThrowIfNullOrEmpty(actorId);
        return new JsonObject
        {
            [AsProperties.AtContext] = Context(),
            [AsProperties.Id] = id,
            [AsProperties.Type] = type,
            [AsProperties.Actor] = actorId,
            [AsProperties.To] = new JsonArray(replierId),
            [AsProperties.Object] = objectId,
            [AsProperties.Target] = postId,
        };
    }

    private static JsonArray Array(IReadOnlyList<string> values) => [.. values.Select(v => (JsonNode?)v)];
}
