using OurSociety.ActivityPub.Vocabulary;
using OurSociety.Core;
using OurSociety.Core.Federation;
using OurSociety.Federation.Introductions;

namespace OurSociety.Federation.Inbox;

/// <summary>Their server accepted one of our Follows: it becomes an accepted follow. Or a party said yes to an introduction.</summary>
public sealed class OnAccept(FollowAnswers answers, IntroductionInbox introductions) : IInboxHandler
{
    public string Type => ActivityTypes.Accept;

    public async Task<InboxOutcome> HandleAsync(ReceivedActivity received, CancellationToken ct) =>
        await introductions.AnswerAsync(received, accept: true, ct) ?? await answers.HandleAsync(received, accepted: true, ct);
}

/// <summary>Their server turned down (or ended) one of our Follows: it is removed. Or a party said no to an introduction.</summary>
public sealed class OnReject(FollowAnswers answers, IntroductionInbox introductions, Hubs.HubLinkInbox hubLinks) : IInboxHandler
{
    public string Type => ActivityTypes.Reject;

    public async Task<InboxOutcome> HandleAsync(ReceivedActivity received, CancellationToken ct) =>
        await introductions.AnswerAsync(received, accept: false, ct)
        ?? await hubLinks.DeclinedAsync(received, ct)   // a declined link request: our follow stays, so before the follow answers
        ?? await answers.HandleAsync(received, accepted: false, ct);
}

/// <summary>Matches an Accept or Reject to the Follow of ours it answers.</summary>
public sealed partial class FollowAnswers(IFollowStore follows, NodeIdentity node, Hubs.HubLinkInbox hubLinks, TimeProvider time, ILogger<FollowAnswers> logger)
{
    public async Task<InboxOutcome> HandleAsync(ReceivedActivity received, bool accepted, CancellationToken ct)
    {
        var activity = received.Activity;
        var actorId = received.ActorId;
        // Matched by the Follow's id (ours); Mastodon-style embedded Follows without a usable id match by the pair.
        Follow? follow = null;
        if (activity.ObjectId is { } followId)
        {
            follow = await follows.FindByActivityAsync(followId, ct);
        }

        if (follow is null && activity.EmbeddedObject is { Type: ActivityTypes.Follow } embedded
            && embedded.ActorId is { } ourActor && embedded.ObjectId == actorId
            && ApUrls.LocalUsername(node.Origin, ourActor) is { } username)
        {
            follow = await follows.FindAsync(username, actorId, FollowDirection.Out, ct);
        }

        if (follow is null || follow.Direction != FollowDirection.Out || follow.RemoteActorId != actorId)
        {
            LogUnmatchedAnswer(actorId, activity.ObjectId ?? "");
            return new InboxOutcome.Ignored("no such follow of ours");
        }

        var now = time.GetUtcNow();
        // Our hub's follow of a hub we link with: the answer may make the link, or end it.
        var link = await hubLinks.OurFollowAnsweredAsync(follow, accepted, ct);
        return accepted
            ? new InboxOutcome.Done("follow accepted")
            {
                Writes = async (tx, ct) =>
                {
                    await follows.AcceptAsync(follow.Id, now, tx, ct);
                    if (link is not null)
                    {
                        await link(tx, ct);
                    }
                },
            }
            : new InboxOutcome.Done("follow rejected")
            {
                Writes = async (tx, ct) =>
                {
                    await follows.DeleteAsync(follow.Id, tx, ct);
                    if (link is not null)
                    {
                        await link(tx, ct);
                    }
                },
            };
    }

    [LoggerMessage(5503, LogLevel.Information, "Ignored an Accept/Reject from {ActorId} for {FollowId}: not a follow we sent to them")]
    private partial void LogUnmatchedAnswer(string actorId, string followId);
}
