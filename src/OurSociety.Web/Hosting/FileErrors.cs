namespace OurSociety.Web.Hosting;

/// <summary>
/// Why a file or folder could not be used, in a few plain words that fit into a sentence ("Cannot write the backup
/// to X: permission denied."). The exception's own text is for developers: it names .NET's view of things ("Could not
/// find file" for a folder that cannot be made in /proc) rather than what the person can do about it.
/// </summary>
internal static class FileErrors
{
    public static bool IsFileError(Exception e) => e is IOException or UnauthorizedAccessException;

    public static string Reason(Exception e) => e switch
    {
        UnauthorizedAccessException => "permission denied",
        PathTooLongException => "the path is too long",
        DirectoryNotFoundException => "a folder on the way there does not exist",
        FileNotFoundException => "that place does not exist and nothing can be made there",
        // Unix errno (the runtime puts it in HResult) and the Windows equivalents.
        IOException { HResult: 28 or unchecked((int)0x80070070) or unchecked((int)0x80070027) } => "the disk is full",
        IOException { HResult: 122 } => "the disk quota is used up",
        IOException { HResult: 30 or unchecked((int)0x80070013) } => "the file system is read-only",
        IOException { HResult: 20 } => "part of the path is a file, not a folder",
        IOException { HResult: 17 or unchecked((int)0x800700B7) } => "something with that name is already there",
        IOException { HResult: 11 or 35 or unchecked((int)0x80070020) } => "another program is using it",
        _ => "the system refused (" + e.GetType().Name + ")",
    };
}
