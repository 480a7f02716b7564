using OurSociety.Core;
using OurSociety.Core.Media;
using OurSociety.Core.Posts;
using OurSociety.Core.Work;
using OurSociety.Federation.Media;

namespace OurSociety.Federation.Posts;

/// <summary>
/// Copies the pictures of a received post to this node (fetched once, checked and re-encoded like an upload), so
/// readers' browsers never load them from elsewhere. Runs as a work item after the post is stored: a slow or
/// unreachable picture server never holds up the inbox. A picture that cannot be had stays its description and a link.
/// </summary>
public sealed class PictureCopies(IPostStore posts, RemoteMedia remoteMedia, IMediaStore media, IWorkItemStore work, ITransactions transactions)
    : IWorkHandler
{
    /// <summary>Payload: <see cref="PostEvent"/>; in the post's partition, so it follows the Create that stored the post.</summary>
    public const string WorkKind = "post.copy-pictures";

    public string Kind => WorkKind;

    public static NewWorkItem Item(Guid postId) => new(WorkKind, WorkPayload.Write(new PostEvent(postId)), PostWork.Partition(postId));

    public async Task RunAsync(WorkItem item, CancellationToken ct)
    {
        if (await posts.FindAsync(WorkPayload.Read<PostEvent>(item).PostId, ct) is not { IsDeleted: false } post || !ReceivedPosts.NeedsCopies(post))
        {
            return;
        }

        var images = new List<PostImage>();
        foreach (var image in post.Images)
        {
            // Fetched outside any transaction; a failure leaves the link (it is not worth retrying for hours).
            if (image is { MediaId: null, RemoteUrl: { } url } && await remoteMedia.GetLocalUrlAsync(url, ct) is not null
                && await media.FindByRemoteUrlAsync(url, ct) is { } copy)
            {
                images.Add(image with { MediaId = copy.Id, MediaType = copy.MediaType, Width = copy.Width, Height = copy.Height });
            }
            else
            {
                images.Add(image);
            }
        }

        // Read again just before writing: an edit that arrived meanwhile keeps its text; only the pictures change.
        if (await posts.FindAsync(post.Id, ct) is not { IsDeleted: false } current)
        {
            return;
        }

        var copied = images.Where(i => i.MediaId is not null).DistinctBy(i => i.RemoteUrl).ToDictionary(i => i.RemoteUrl!, StringComparer.Ordinal);
        await using var tx = await transactions.BeginAsync(ct);
        await posts.UpdateAsync(current with
        {
            Images = [.. current.Images.Select(i => i.MediaId is null && i.RemoteUrl is { } u && copied.TryGetValue(u, out var c) ? c with { Alt = i.Alt } : i)],
        }, tx, ct);
        await work.CompleteAsync(item, item.LeaseOwner ?? "", tx, ct);
        await tx.CommitAsync(ct);
    }
}
