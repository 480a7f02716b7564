using System.Runtime.InteropServices;

namespace OurSociety.Web.Hosting;

/// <summary>
/// The data directory holds password hashes, actor keys and the sign-in key ring: on Unix, its folders are 700 and its
/// files 600, readable by the node's own user only. New files get that from the process's umask; files made by
/// something else (an older version, a copy by hand) are found and fixed when the node or the CLI starts.
/// </summary>
internal static partial class PrivateFiles
{
    public const UnixFileMode FolderMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    public const UnixFileMode FileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    // One line per path is readable; thousands (every upload of an old backup) are not.
    private const int PathsLogged = 10;

    /// <summary>
    /// umask 077 for this process: whatever it creates from now on (the database and its -wal/-shm, uploads, the key
    /// ring, backups) is private from the first byte, with no window in which another user could open it.
    /// </summary>
    public static void RestrictNewFiles()
    {
        if (!OperatingSystem.IsWindows())
        {
            _ = SetUmask(0b000_111_111);
        }
    }

    /// <summary>
    /// Makes <paramref name="root"/> and everything in it private (folders 700, files 600), logging each path it had to
    /// fix, or could not. Symbolic links are left alone: what they point to is not ours to change.
    /// </summary>
    public static void Secure(string root, ILogger log)
    {
        if (OperatingSystem.IsWindows() || !Directory.Exists(root))
        {
            return;
        }

        var fixedCount = 0;
        foreach (var (path, wanted) in Entries(root))
        {
            var mode = default(UnixFileMode);
            UnixFileMode narrowed;
            try
            {
                mode = File.GetUnixFileMode(path);
                if ((mode & ~wanted & (UnixFileMode)0b000_111_111) == 0)
                {
                    continue;   // nothing for group or others (fewer rights for the owner are the owner's business)
                }

                narrowed = mode & ~(UnixFileMode)0b000_111_111;
                File.SetUnixFileMode(path, narrowed);
            }
            catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
            {
                continue;   // a running node removed it meanwhile (the CLI checks beside a node too)
            }
            catch (UnauthorizedAccessException)
            {
                LogCannotFix(log, path, Octal(mode), Octal(wanted));
                continue;
            }

            if (++fixedCount <= PathsLogged)
            {
                LogMadePrivate(log, path, Octal(mode), Octal(narrowed));
            }
        }

        if (fixedCount > PathsLogged)
        {
            LogMoreMadePrivate(log, fixedCount - PathsLogged, root);
        }
    }

    /// <summary>Sets folders to 700 and files to 600 under a folder this process just wrote (a backup, a restore).</summary>
    public static void Apply(string root)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        foreach (var (path, wanted) in Entries(root))
        {
            File.SetUnixFileMode(path, wanted);
        }
    }

    private static IEnumerable<(string Path, UnixFileMode Wanted)> Entries(string root)
    {
        yield return (root, FolderMode);
        var options = new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.ReparsePoint, IgnoreInaccessible = true };
        foreach (var entry in new DirectoryInfo(root).EnumerateFileSystemInfos("*", options))
        {
            yield return (entry.FullName, entry is DirectoryInfo ? FolderMode : FileMode);
        }
    }

    private static string Octal(UnixFileMode mode) => Convert.ToString((int)mode & 0b111_111_111, 8).PadLeft(3, '0');

    // No .NET API sets the umask. libc's is a plain integer call, safe on every Unix the runtime supports.
    [DllImport("libc", EntryPoint = "umask")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern uint SetUmask(uint mask);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Warning,
        Message = "{Path} could be read by other users of this machine (mode {Mode}); made it private to the node's user (mode {Fixed}). The data directory holds password hashes and private keys.")]
    private static partial void LogMadePrivate(ILogger logger, string path, string mode, string @fixed);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Warning,
        Message = "{Path} can be read by other users of this machine (mode {Mode}), and this user may not change that. Make it private as its owner (chmod {Wanted}), or run the node as that user.")]
    private static partial void LogCannotFix(ILogger logger, string path, string mode, string wanted);

    [LoggerMessage(EventId = 3004, Level = LogLevel.Warning, Message = "{Count} more files and folders in {Root} were made private the same way")]
    private static partial void LogMoreMadePrivate(ILogger logger, int count, string root);
}
