using OurSociety.Core.Work;

namespace OurSociety.Core.Media;

/// <summary>A stored picture's file (and its versions beside it) by id and type.</summary>
public sealed record MediaFileRef(Guid Id, string MediaType);

/// <summary>The payload of a <see cref="MediaFileWork.Delete"/> item.</summary>
public sealed record MediaFilesToDelete(IReadOnlyList<MediaFileRef> Files);

/// <summary>
/// Deleting the files of pictures whose rows were deleted. Queued in the transaction that deletes the rows, so the
/// files go once it commits and stay when it rolls back (a crash between the two leaves no file behind).
/// </summary>
public static class MediaFileWork
{
    public const string Delete = "media.delete-files";

    public static NewWorkItem Item(IReadOnlyList<MediaFileRef> files) => new(Delete, WorkPayload.Write(new MediaFilesToDelete(files)), null);
}
