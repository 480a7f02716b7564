using OurSociety.Core.Work;

namespace OurSociety.Core.Posts;

/// <summary>
/// The work a decision on a received reply causes: telling its author's server, as GoToSocial expects, with an
/// <c>Accept</c> (and a fetchable authorization) or a <c>Reject</c>. In the reply's own partition, so a decision goes out
/// after anything before it; the activity ids derive from the item, so running it twice sends the same activity.
/// </summary>
public static class ReplyWork
{
    /// <summary>A received reply is allowed (approved by the author, or by the policy at once). Payload: <see cref="PostEvent"/>.</summary>
    public const string Approved = "reply.approved";

    /// <summary>A received reply was declined by the author. Payload: <see cref="PostEvent"/>.</summary>
    public const string Declined = "reply.declined";

    public static NewWorkItem Item(string kind, Guid replyId) => new(kind, WorkPayload.Write(new PostEvent(replyId)), PostWork.Partition(replyId));
}
