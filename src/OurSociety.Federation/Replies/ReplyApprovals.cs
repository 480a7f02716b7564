using OurSociety.ActivityPub.Vocabulary;
using OurSociety.Core.Posts;
using OurSociety.Core.Work;
using OurSociety.Federation.Actors;
using OurSociety.Federation.Delivery;
using OurSociety.Federation.Inbox;
using OurSociety.Federation.Posts;

namespace OurSociety.Federation.Replies;

/// <summary>
/// Tells the server of a received reply what became of it under the policy of the thread it joined
/// (federation-specs/replies.md): an <c>Accept</c> with the post as <c>target</c> and the fetchable
/// <c>ReplyAuthorization</c> as <c>result</c>, or a <c>Reject</c>. Sent by the root's author to the replier's inbox
/// only; the activity id comes from the work item, so running it twice sends the same activity.
/// </summary>
public sealed partial class ReplyApprovals(
    Outbox outbox, LocalPostDocuments documents, IPostStore posts, RemoteActors remoteActors, ILogger<ReplyApprovals> logger)
{
    public Task ApprovedAsync(WorkItem item, CancellationToken ct) => AnswerAsync(item, approved: true, ct);

    public Task DeclinedAsync(WorkItem item, CancellationToken ct) => AnswerAsync(item, approved: false, ct);

    /// <summary>What <see cref="ReplyPolicyDocuments.AuthorizationId"/> answers: the authorization of an allowed reply in a thread rooted here; else null.</summary>
    public async Task<System.Text.Json.Nodes.JsonObject?> AuthorizationAsync(Guid replyId, CancellationToken ct)
    {
        if (await posts.FindAsync(replyId, ct) is not { Kind: PostKind.Reply, ReplyState: ReplyState.Shown, IsDeleted: false, RootId: { } rootId } reply
            || await posts.FindAsync(rootId, ct) is not { IsLocal: true, IsDeleted: false } root
            || await documents.AuthorAsync(root, ct) is not { } author)
        {
            return null;
        }

        var answered = reply.ParentId is { } parentId && await posts.FindAsync(parentId, ct) is { } parent ? parent : root;
        return InteractionControls.Authorization(
            ReplyPolicyDocuments.AuthorizationId(documents.Origin, reply.Id), author.ActorId, PostUrls.ApId(documents.Origin, reply), PostUrls.ApId(documents.Origin, answered));
    }

    private async Task AnswerAsync(WorkItem item, bool approved, CancellationToken ct)
    {
        var replyId = WorkPayload.Read<PostEvent>(item).PostId;
        if (await posts.FindAsync(replyId, ct) is not { RemoteAuthor: { } replier, ApId: { } replyApId, RootId: { } rootId } reply
            || reply.ReplyState != (approved ? ReplyState.Shown : ReplyState.Declined)
            || await posts.FindAsync(rootId, ct) is not { IsLocal: true } root
            || await documents.AuthorAsync(root, ct) is not { } author)
        {
            return;   // decided otherwise since, or its thread is gone: nothing to tell
        }

        if (await remoteActors.GetAsync(replier, refresh: false, ct) is not ({ } actor, _))
        {
            LogNoInbox(replier);
            return;
        }

        var answered = reply.ParentId is { } parentId && await posts.FindAsync(parentId, ct) is { } parent ? parent : root;
        var objectId = reply.ReplyRequestId ?? replyApId;
        var postId = PostUrls.ApId(documents.Origin, answered);
        var activity = approved
            ? InteractionControls.Accept(outbox.ActivityIdFor(item), author.ActorId, replier, objectId, postId, ReplyPolicyDocuments.AuthorizationId(documents.Origin, reply.Id))
            : InteractionControls.Reject(outbox.ActivityIdFor(item), author.ActorId, replier, objectId, postId);
        await outbox.CompleteAsync(item, [new(author.Username, activity, [actor.DeliveryInbox])], ct);
        LogSent(approved ? ActivityTypes.Accept : ActivityTypes.Reject, reply.Id);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Sent {Type} of the received reply {PostId}")]
    private partial void LogSent(string type, Guid postId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "No inbox known for {Actor}: the answer to their reply is not sent")]
    private partial void LogNoInbox(string actor);
}

/// <summary>A GoToSocial <c>ReplyRequest</c> (v0.20): received as the reply it carries (<see cref="PostInbox.ReplyRequestAsync"/>).</summary>
public sealed class OnReplyRequest(PostInbox posts) : IInboxHandler
{
    public string Type => InteractionControls.ReplyRequest;

    public Task<InboxOutcome> HandleAsync(ReceivedActivity received, CancellationToken ct) => posts.ReplyRequestAsync(received.Activity, received.ActorId, ct);
}
