using OurSociety.ActivityPub.Vocabulary;
using OurSociety.Core;
using OurSociety.Core.Federation;
using OurSociety.Federation.Actors;
using OurSociety.Federation.Introductions;
using OurSociety.Federation.Posts;

namespace OurSociety.Federation.Inbox;

/// <summary>An actor takes back something of its own: a Follow, a Block, a Like or an Announce.</summary>
public sealed partial class OnUndo(
    IFollowStore follows, IBlockStore blocks, LocalActors locals, PostInbox postInbox, IntroductionInbox introductions, Hubs.HubLinkInbox hubLinks, ILogger<OnUndo> logger) : IInboxHandler
{
    public string Type => ActivityTypes.Undo;

    public async Task<InboxOutcome> HandleAsync(ReceivedActivity received, CancellationToken ct)
    {
        var activity = received.Activity;
        var actorId = received.ActorId;
        var inner = activity.EmbeddedObject;
        if (inner is not null && inner.ActorId is { } innerActor && innerActor != actorId)
        {
            return new InboxOutcome.Ignored("undoing someone else's activity");
        }

        switch (inner?.Type)
        {
            // A party takes back their yes to an introduction (the Accept embedded, as we send it).
            case ActivityTypes.Accept when await introductions.UndoAcceptAsync(received, inner, ct) is { } undone:
                return undone;
            case ActivityTypes.Block when inner.ObjectId is { } target && await locals.FindByIdAsync(target, ct) is { } blocked:
                return new InboxOutcome.Done("block undone") { Writes = (tx, ct) => blocks.DeleteAsync(blocked.Username, actorId, FollowDirection.In, tx, ct) };
            case ActivityTypes.Like or ActivityTypes.Announce:
                return await postInbox.UndoReactionAsync(inner.Id ?? "", actorId, ct);
            case null when activity.ObjectId is { } undoneId && await follows.FindByActivityAsync(undoneId, ct) is null:
                return await postInbox.UndoReactionAsync(undoneId, actorId, ct);
            case ActivityTypes.Follow or null:
                var follow = activity.ObjectId is { } id ? await follows.FindByActivityAsync(id, ct) : null;
                if (follow is null && inner?.ObjectId is { } followed && await locals.FindByIdAsync(followed, ct) is { } local)
                {
                    follow = await follows.FindAsync(local.Username, actorId, FollowDirection.In, ct);
                }

                if (follow is not { Direction: FollowDirection.In } || follow.RemoteActorId != actorId)
                {
                    return new InboxOutcome.Ignored("no such follow");
                }

                LogUnfollowed(actorId, follow.LocalActor);
                var link = await hubLinks.TheirFollowEndedAsync(follow, ct);   // a linked hub ending its side
                return new InboxOutcome.Done("follow undone")
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
            default:
                return new InboxOutcome.Kept();
        }
    }

    [LoggerMessage(5502, LogLevel.Information, "{ActorId} stopped following {Username}")]
    private partial void LogUnfollowed(string actorId, string username);
}
