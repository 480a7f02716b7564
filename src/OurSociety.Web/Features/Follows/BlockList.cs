using OurSociety.Core.Federation;
using OurSociety.Core.Paging;

namespace OurSociety.Web.Features.Follows;

/// <summary>A block with what we know of the account, for lists.</summary>
public sealed record BlockEntry(Block Block, RemoteActor? Actor);

internal static class BlockList
{
    /// <summary>
    /// A member's blocks, newest first, each with its account. The block table keeps only the actor id (a block
    /// outlives what we stored about the account), so the accounts are looked up one by one; a page is small.
    /// </summary>
    public static async Task<Page<BlockEntry>> ListAsync(
        IBlockStore blocks, IRemoteActorStore actors, string username, Cursor after, int limit, CancellationToken ct)
    {
        var page = await blocks.ListAsync(username, FollowDirection.Out, after, limit, ct);
        var entries = new List<BlockEntry>(page.Items.Count);
        foreach (var block in page.Items)
        {
            entries.Add(new BlockEntry(block, await actors.FindAsync(block.RemoteActorId, ct)));
        }

        return new Page<BlockEntry>(entries, page.Next);
    }
}
