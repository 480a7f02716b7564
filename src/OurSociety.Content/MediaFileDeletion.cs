using OurSociety.Core.Media;
using OurSociety.Core.Work;

namespace OurSociety.Content;

/// <summary>
/// Runs <see cref="MediaFileWork.Delete"/>: removes the files of pictures whose rows are gone (a remote account's
/// suspension, a domain's purge). Deleting a file already gone does nothing, so running an item twice is harmless.
/// </summary>
public sealed class MediaFileDeletion(MediaFiles files) : IWorkHandler
{
    public string Kind => MediaFileWork.Delete;

    public Task RunAsync(WorkItem item, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(item);
        foreach (var file in WorkPayload.Read<MediaFilesToDelete>(item).Files)
        {
            files.Delete(file.Id, file.MediaType);
        }

        return Task.CompletedTask;
    }
}
