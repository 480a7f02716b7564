using OurSociety.ActivityPub.Vocabulary;
using OurSociety.Core;
using OurSociety.Core.Federation;
using OurSociety.Federation.Actors;
using OurSociety.Federation.Introductions;

namespace OurSociety.Federation.Inbox;

/// <summary>A remote actor blocks one of ours: the block is recorded and follows both ways end, together.</summary>
public sealed class OnBlock(LocalActors locals, IBlockStore blocks, IFollowStore follows, IntroductionInbox introductions, TimeProvider time) : IInboxHandler
{
    public string Type => ActivityTypes.Block;

    public async Task<InboxOutcome> HandleAsync(ReceivedActivity received, CancellationToken ct)
    {
        if (received.Activity.ObjectId is not { } target || await locals.FindByIdAsync(target, ct) is not { } local)
        {
            return new InboxOutcome.Ignored("not one of our actors");
        }

        var block = new Block(local.Username, received.ActorId, FollowDirection.In, received.Id, time.GetUtcNow());
        // A party who blocks the glue-er says no to what the glue-er asked them.
        var declines = introductions.Blocked(received, local);
        return new InboxOutcome.Done("blocked")
        {
            Writes = async (tx, ct) =>
            {
                await blocks.AddAsync(block, tx, ct);
                await follows.DeleteBetweenAsync(local.Username, received.ActorId, tx, ct);
                if (declines is not null)
                {
                    await declines(tx, ct);
                }
            },
        };
    }
}
