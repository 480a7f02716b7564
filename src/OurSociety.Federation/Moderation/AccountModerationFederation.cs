using OurSociety.Core.Federation;
using OurSociety.Core.Moderation;
using OurSociety.Core.Work;
using OurSociety.Federation.Delivery;
using OurSociety.Federation.Follows;

namespace OurSociety.Federation.Moderation;

/// <summary>
/// What account moderation tells other servers: a <c>Reject</c> of each follow a suspended remote account had of our
/// members (Mastodon's way of saying "no longer"). Our follows of it were dropped without a word. A suspended member's
/// actor goes out through <c>member.updated</c> (the Update) and, at the end of the grace period, <c>member.deleted</c>.
/// </summary>
public sealed partial class AccountModerationFederation(
    Outbox outbox, FollowService followService, Core.Hubs.IHubLinkStore hubLinks, ILogger<AccountModerationFederation> logger)
{
    public async Task RemoteSuspendedAsync(WorkItem item, CancellationToken ct)
    {
        var suspended = WorkPayload.Read<RemoteSuspended>(item);
        var sent = new List<Outgoing>();
        foreach (var ended in suspended.Follows)
        {
            // The follow itself is gone; the Reject only needs who followed whom and their Follow's id.
            var follow = new Follow(Guid.Empty, ended.LocalActor, ended.RemoteActorId, FollowDirection.In, FollowState.Accepted,
                ended.FollowActivityId, item.CreatedAt, null);
            sent.AddRange(await followService.AnswerAsync(accept: false, follow, outbox.ActivityIdFor(item, "reject|" + ended.LocalActor), ct));
        }

        // A suspended hub's link ends with its follows.
        var link = await hubLinks.FindByHubAsync(suspended.ActorId, ct);
        await outbox.CompleteAsync(item, sent, async (tx, ct) =>
        {
            if (link is not null)
            {
                await hubLinks.DeleteAsync(link.Id, tx, ct);
            }
        }, ct);
        LogRejected(suspended.ActorId, sent.Count);
    }

    [LoggerMessage(13451, LogLevel.Information, "Told suspended account {ActorId} its follows ended: {Count} Rejects")]
    private partial void LogRejected(string actorId, int count);
}
