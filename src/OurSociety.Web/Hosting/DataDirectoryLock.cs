namespace OurSociety.Web.Hosting;

/// <summary>
/// <c>DATA/.lock</c>, held open exclusively by a running node for its whole life (an advisory <c>flock</c> on Unix, a
/// sharing lock on Windows). A second node on the same data directory, <c>restore</c> and <c>db migrate</c> find it
/// taken and refuse. The operating system lets go when the process ends in any way, <c>kill -9</c> included, so a
/// crash never leaves a stale lock behind (a lock file that merely exists would).
/// </summary>
internal sealed class DataDirectoryLock : IDisposable
{
    public const string FileName = ".lock";

    private readonly FileStream _file;

    private DataDirectoryLock(FileStream file) => _file = file;

    /// <summary>Takes the lock of an existing data directory, or returns null when a process (this one too) holds it.</summary>
    public static DataDirectoryLock? TryTake(string dataPath)
    {
        var options = new FileStreamOptions { Mode = FileMode.OpenOrCreate, Access = FileAccess.ReadWrite, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = PrivateFiles.FileMode;
        }

        try
        {
            return new DataDirectoryLock(new FileStream(Path.Combine(dataPath, FileName), options));
        }
        catch (IOException e) when (IsHeldElsewhere(e))
        {
            return null;
        }
    }

    public void Dispose() => _file.Dispose();

    // flock's EWOULDBLOCK (11 on Linux, 35 on macOS); ERROR_SHARING_VIOLATION and ERROR_LOCK_VIOLATION on Windows. Other
    // I/O errors (a read-only disk) are not a running node and surface as themselves.
    private static bool IsHeldElsewhere(IOException e) =>
        e.HResult is 11 or 35 or unchecked((int)0x80070020) or unchecked((int)0x80070021);
}

/// <summary>A node already runs on the data directory: the message says which and what to do.</summary>
internal sealed class DataDirectoryInUseException(string message) : Exception(message);
