using System.Diagnostics;
using OurSociety.Core.Media;
using OurSociety.Core.Work;

namespace OurSociety.Content;

/// <summary>The payload of a <see cref="MediaVersions.WorkKind"/> item.</summary>
public sealed record MediaVersionsRequest(Guid MediaId);

/// <summary>
/// Makes and keeps the versions (<see cref="PictureVersions"/>) of a stored picture: the files beside it, then their
/// rows and the picture's mark. Called where a picture is stored (an upload, within its request: about as long again as
/// checking and re-encoding it, bench/page-weight.sh; a copy of a received picture, in its work item), and as the work item
/// <see cref="WorkKind"/> for pictures stored before versions existed (migration 0011 adds one per picture).
/// </summary>
public sealed partial class MediaVersions(IMediaStore store, MediaFiles files, TimeProvider time, ILogger<MediaVersions> log) : IWorkHandler
{
    public const string WorkKind = "media.versions";

    public string Kind => WorkKind;

    public static NewWorkItem Item(Guid mediaId) => new(WorkKind, WorkPayload.Write(new MediaVersionsRequest(mediaId)), null);

    /// <summary>
    /// Makes the versions of a picture just stored from its bytes. A failure is logged, not thrown: the picture is kept
    /// and pages show it whole (as before versions existed) until a <see cref="WorkKind"/> item makes them.
    /// </summary>
    public async Task<bool> TryMakeAsync(Guid id, string mediaType, byte[] stored, CancellationToken ct)
    {
        try
        {
            await MakeAsync(id, mediaType, stored, ct);
            return true;
        }
        catch (Exception ex) when (ex is InvalidDataException or InvalidOperationException or IOException)
        {
            LogFailed(id, ex.Message);
            return false;
        }
    }

    /// <summary>Makes, writes and records the versions; running it again replaces them with the same.</summary>
    public async Task<IReadOnlyList<MediaVersion>> MakeAsync(Guid id, string mediaType, byte[] stored, CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        var versions = PictureVersions.Make(stored, mediaType);
        await files.SaveVersionsAsync(id, versions, ct);
        IReadOnlyList<MediaVersion> recorded = [.. versions.Select(v => new MediaVersion(v.Width, v.Height, v.MediaType, v.Bytes.LongLength))];
        await store.RecordVersionsAsync(id, recorded, time.GetUtcNow(), ct);
        var milliseconds = (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        var bytes = versions.Sum(v => v.Bytes.LongLength);
        LogMade(id, versions.Count, bytes, milliseconds);
        return recorded;
    }

    /// <summary>The work item: versions for a picture stored without them. One gone, or already done, needs nothing.</summary>
    public async Task RunAsync(WorkItem item, CancellationToken ct)
    {
        var id = WorkPayload.Read<MediaVersionsRequest>(item).MediaId;
        if (await store.FindAsync(id, ct) is not { VersionsMadeAt: null } picture || !PictureVersions.Versionable(picture.MediaType))
        {
            return;
        }

        if (files.Find(id, picture.MediaType) is not { } file)
        {
            LogMissing(id);
            return;
        }

        await MakeAsync(id, picture.MediaType, await File.ReadAllBytesAsync(file.FullName, ct), ct);
    }

    [LoggerMessage(EventId = 3604, Level = LogLevel.Debug, Message = "Made {Count} versions of picture {Id} ({Bytes} bytes) in {Milliseconds} ms")]
    private partial void LogMade(Guid id, int count, long bytes, long milliseconds);

    [LoggerMessage(EventId = 3605, Level = LogLevel.Warning, Message = "Could not make the versions of picture {Id}; it is shown whole: {Reason}")]
    private partial void LogFailed(Guid id, string reason);

    [LoggerMessage(EventId = 3606, Level = LogLevel.Warning, Message = "Picture {Id} has no file; no versions made")]
    private partial void LogMissing(Guid id);
}
