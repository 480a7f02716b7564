using System.Data.Common;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using OurSociety.Storage;
using OurSociety.Storage.Sql;
using OurSociety.Web.Hosting;

namespace OurSociety.Web.Cli;

/// <summary>
/// <c>backup PATH</c> and <c>restore PATH</c>. A backup is a folder laid out like the data directory: the database
/// (<c>oursociety.db</c>, copied with VACUUM INTO), <c>uploads/</c> and the sign-in key ring <c>keys/</c>.
/// </summary>
internal sealed partial class BackupCommands(
    IOptions<NodeOptions> options,
    IDbConnectionFactory db,
    MigrationRunner migrations,
    TimeProvider time,
    ILogger<BackupCommands> log)
{
    private const int SqliteFull = 13;
    private const int SqliteCantOpen = 14;

    public async Task<int> BackupAsync(CommandArgs args, CliConsole console, CancellationToken ct)
    {
        var node = options.Value;
        var target = Path.GetFullPath(args.Arguments[0]);
        string CannotWrite(Exception e) =>
            $"Cannot write the backup to {target}: {FileErrors.Reason(e)}. Choose a folder you can write to.";

        try
        {
            if (File.Exists(target))
            {
                return console.Fail($"{target} is a file. Give a new or empty folder for the backup.");
            }

            if (Directory.Exists(target) && Directory.EnumerateFileSystemEntries(target).Any())
            {
                return console.Fail($"{target} is not empty. Give a new or empty folder, so the backup cannot mix with other files.");
            }
        }
        catch (Exception e) when (FileErrors.IsFileError(e))
        {
            return console.Fail(CannotWrite(e));
        }

        if (IsSameOrInside(target, node.DataPath))
        {
            return console.Fail($"{target} is inside the data directory {node.DataPath}. Keep backups somewhere else.");
        }

        if (!File.Exists(node.DatabasePath))
        {
            return console.Fail($"There is no database at {node.DatabasePath}, so there is nothing to back up. Is OurSociety:DataDirectory right?");
        }

        console.WriteLine($"Data directory: {node.DataPath}");
        PrivateFiles.Secure(node.DataPath, log);
        var made = !Directory.Exists(target);
        try
        {
            // Private from the start: the copy holds password hashes and private keys, like the data directory.
            CreatePrivateDirectory(target);
        }
        catch (Exception e) when (FileErrors.IsFileError(e))
        {
            return console.Fail(CannotWrite(e));
        }

        var complete = false;
        try
        {
            console.WriteLine("Copying the database…");
            var copy = Path.Combine(target, SqliteConnectionFactory.FileName);
            try
            {
                await SqliteBackup.CopyToAsync(db, copy, ct);
            }
            catch (SqliteException e) when (e.SqliteErrorCode is SqliteCantOpen)
            {
                return console.Fail($"Cannot write the backup to {target}: the database copy cannot be created there. Choose a folder you can write to.");
            }
            catch (SqliteException e) when (e.SqliteErrorCode is SqliteFull)
            {
                return console.Fail($"Cannot write the backup to {target}: the disk is full. Free some space, or choose a folder on another disk.");
            }

            console.WriteLine($"Copied the database ({Size(new FileInfo(copy).Length)}).");
            // Files after the database: one uploaded meanwhile is copied without a row pointing at it (harmless),
            // rather than a row whose file is missing.
            if (CopyPart(console, "uploads", node.UploadsPath, target, node.DataPath) is { } uploadsProblem)
            {
                return console.Fail(uploadsProblem);
            }

            if (CopyPart(console, "the sign-in key ring", node.KeyRingPath, target, node.DataPath) is { } keysProblem)
            {
                return console.Fail(keysProblem);
            }

            PrivateFiles.Apply(target);
            complete = true;
        }
        finally
        {
            if (!complete)
            {
                RemoveIncomplete(target, made);
            }
        }

        console.WriteLine($"Backup complete: {target}");
        return CliApp.Ok;
    }

    public async Task<int> RestoreAsync(CommandArgs args, CliConsole console, CancellationToken ct)
    {
        var node = options.Value;
        var source = Path.GetFullPath(args.Arguments[0]);
        if (!Directory.Exists(source))
        {
            return console.Fail($"There is no folder at {source}.");
        }

        if (!File.Exists(Path.Combine(source, SqliteConnectionFactory.FileName)))
        {
            return console.Fail($"{source} is not an Our Society backup: it has no {SqliteConnectionFactory.FileName}.");
        }

        if (IsSameOrInside(source, node.DataPath))
        {
            return console.Fail($"{source} is inside the data directory {node.DataPath}. Move the backup somewhere else first.");
        }

        if (Path.GetDirectoryName(node.DataPath) is not { } parent)
        {
            return console.Fail($"The data directory {node.DataPath} is the root of a drive; restore needs a folder beside it to work in.");
        }

        // A running node holds the data directory's lock for its whole life: restore waits for it to stop.
        using var held = Directory.Exists(node.DataPath) ? DataDirectoryLock.TryTake(node.DataPath) : null;
        if (Directory.Exists(node.DataPath) && held is null)
        {
            return console.Fail(CliDatabase.NodeRunning(node.DataPath, "restore"));
        }

        // Connections this process pooled would hold the old files open (and look like a running node).
        SqliteConnection.ClearAllPools();
        if (File.Exists(node.DatabasePath) && await SqliteBackup.IsInUseAsync(node.DatabasePath, ct))
        {
            return console.Fail($"The database {node.DatabasePath} is in use. Stop the node first, then run restore again.");
        }

        console.WriteLine($"Data directory: {node.DataPath}");
        console.WriteLine($"Restoring {source}. Keep the node stopped until this is done.");
        var name = Path.GetFileName(node.DataPath);
        var stamp = time.GetUtcNow().ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture);
        // Staged beside the data directory: on the same disk, so the switch is one rename, and a bad backup is
        // found out before anything is moved.
        var staging = Unused(Path.Combine(parent, $"{name}.restoring-{stamp}"));
        string? aside = null;
        try
        {
            console.WriteLine("Copying the backup…");
            int files;
            try
            {
                files = CopyTree(source, staging);
            }
            catch (Exception e) when (FileErrors.IsFileError(e))
            {
                return console.Fail($"Cannot copy the backup into {parent}: {FileErrors.Reason(e)}. " +
                    $"Run restore as the user the node runs as, with room on the disk; the data directory {node.DataPath} is unchanged.");
            }

            console.WriteLine($"Copied {files} files.");
            console.WriteLine("Checking the backup's database…");
            if (await CheckAsync(staging, source, ct) is { } problem)
            {
                return console.Fail(problem);
            }

            SqliteConnection.ClearAllPools();   // the check's pooled connection must not follow the file around
            try
            {
                if (Directory.Exists(node.DataPath))
                {
                    // The lock file alone is not data: such a folder is replaced, not kept aside.
                    if (Directory.EnumerateFileSystemEntries(node.DataPath).Any(e => Path.GetFileName(e) != DataDirectoryLock.FileName))
                    {
                        aside = Unused(Path.Combine(parent, $"{name}.before-restore-{stamp}"));
                        // Said before the move, so that even if this process dies half-way the person knows where it is.
                        console.WriteLine($"Moving the current data aside to {aside}.");
                        Directory.Move(node.DataPath, aside);
                    }
                    else
                    {
                        held?.Dispose();
                        Directory.Delete(node.DataPath, recursive: true);
                    }
                }

                Directory.Move(staging, node.DataPath);
            }
            catch (Exception e) when (FileErrors.IsFileError(e))
            {
                if (aside is not null && !Directory.Exists(node.DataPath))
                {
                    Directory.Move(aside, node.DataPath);   // put the old data back where the node looks for it
                    aside = null;
                }

                return console.Fail($"Cannot put the backup in place at {node.DataPath}: {FileErrors.Reason(e)}. " +
                    $"Check that this user may rename folders in {parent}. The data directory is as it was.");
            }
        }
        finally
        {
            if (Directory.Exists(staging))
            {
                Directory.Delete(staging, recursive: true);
            }
        }

        if (aside is not null)
        {
            LogMovedAside(log, node.DataPath, aside);
            console.WriteLine($"The data that was there is kept in {aside}. Nothing was deleted: remove it yourself once the node works well again.");
        }

        PrivateFiles.Apply(node.DataPath);
        node.EnsureDataDirectory();
        await migrations.MigrateAsync(m => console.WriteLine($"Applied database migration {m.Version:D4} ({m.Name})."), ct);
        console.WriteLine($"Restored {source} into {node.DataPath}. You can start the node again.");
        return CliApp.Ok;
    }

    /// <summary>Whether the staged database opens, is sound, and is one this program can run (not from a newer version).</summary>
    private async Task<string?> CheckAsync(string staging, string source, CancellationToken ct)
    {
        var file = Path.Combine(staging, SqliteConnectionFactory.FileName);
        var backupFile = Path.Combine(source, SqliteConnectionFactory.FileName);
        if (await SqliteBackup.CheckAsync(file, ct) is not null)
        {
            return $"{backupFile} is not a usable database: it is damaged, or not a database at all. Restore another backup.";
        }

        MigrationStatus status;
        try
        {
            status = await new MigrationRunner(new SqliteConnectionFactory(file), time).GetStatusAsync(ct);
        }
        catch (DbException e)
        {
            return $"{backupFile} cannot be read. {DatabaseFaults.Describe(e)}";
        }

        if (status.Current == 0)
        {
            return $"{backupFile} is not an Our Society database (it has no schema version).";
        }

        return status.Current > status.Latest
            ? $"The backup was made by a newer Our Society (database schema version {status.Current}; this program knows up to {status.Latest}). Restore it with that version or a newer one."
            : null;
    }

    /// <summary>Copies one part of the data directory into the backup; null when done, else what went wrong and what to do.</summary>
    private string? CopyPart(CliConsole console, string what, string from, string backup, string dataPath)
    {
        if (!Directory.Exists(from))
        {
            console.WriteLine($"No {what} to copy.");
            return null;
        }

        console.WriteLine($"Copying {what}…");
        try
        {
            var files = CopyTree(from, Path.Combine(backup, Path.GetRelativePath(dataPath, from)));
            console.WriteLine($"Copied {files} files of {what}.");
            return null;
        }
        catch (Exception e) when (FileErrors.IsFileError(e))
        {
            return $"Cannot copy {what} into the backup: {FileErrors.Reason(e)}. " +
                $"Run backup as the user the node runs as, and check there is room in {backup}.";
        }
    }

    /// <summary>
    /// Copies a folder with everything in it, private to this user (folders 700, files 600, whatever the originals
    /// were); returns how many files. A file removed meanwhile is skipped.
    /// </summary>
    private int CopyTree(string from, string to)
    {
        CreatePrivateDirectory(to);
        foreach (var folder in Directory.EnumerateDirectories(from, "*", SearchOption.AllDirectories))
        {
            CreatePrivateDirectory(Path.Combine(to, Path.GetRelativePath(from, folder)));
        }

        var count = 0;
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var copy = Path.Combine(to, Path.GetRelativePath(from, file));
            try
            {
                File.Copy(file, copy);
                count++;
            }
            catch (FileNotFoundException)
            {
                LogFileVanished(log, file);   // the running node deleted it between listing and copying
                continue;
            }

            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(copy, PrivateFiles.FileMode);   // File.Copy keeps the original's mode
            }
        }

        return count;
    }

    private static void CreatePrivateDirectory(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
            return;
        }

        Directory.CreateDirectory(path, PrivateFiles.FolderMode);
        File.SetUnixFileMode(path, PrivateFiles.FolderMode);   // an empty folder given for the backup may be 755
    }

    private static void RemoveIncomplete(string target, bool made)
    {
        if (!Directory.Exists(target))
        {
            return;
        }

        if (made)
        {
            Directory.Delete(target, recursive: true);
            return;
        }

        // The folder was there (empty) before: leave it, empty again.
        foreach (var entry in new DirectoryInfo(target).EnumerateFileSystemInfos())
        {
            if (entry is DirectoryInfo folder)
            {
                folder.Delete(recursive: true);
            }
            else
            {
                entry.Delete();
            }
        }
    }

    private static bool IsSameOrInside(string path, string folder)
    {
        var relative = Path.GetRelativePath(folder, path);
        return relative == "." || (relative != ".." && !relative.StartsWith(".." + Path.DirectorySeparatorChar, StringComparison.Ordinal)
            && !Path.IsPathRooted(relative));
    }

    private static string Unused(string path)
    {
        var candidate = path;
        for (var n = 2; Directory.Exists(candidate) || File.Exists(candidate); n++)
        {
            candidate = $"{path}-{n}";
        }

        return candidate;
    }

    private static string Size(long bytes) => bytes switch
    {
        < 1024 * 1024 => string.Create(CultureInfo.InvariantCulture, $"{Math.Max(1, bytes / 1024)} KB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024.0 * 1024):0.0} MB"),
    };

    [LoggerMessage(EventId = 3501, Level = LogLevel.Warning, Message = "{File} was removed while the backup ran, so it is not in the backup")]
    private static partial void LogFileVanished(ILogger logger, string file);

    [LoggerMessage(EventId = 3502, Level = LogLevel.Information, Message = "Restore moved the old data directory {DataPath} to {Aside}")]
    private static partial void LogMovedAside(ILogger logger, string dataPath, string aside);
}
