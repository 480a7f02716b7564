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
    public async Task<int> BackupAsync(CommandArgs args, CliConsole console, CancellationToken ct)
    {
        var node = options.Value;
        var target = Path.GetFullPath(args.Arguments[0]);
        if (File.Exists(target))
        {
            return console.Fail($"{target} is a file. Give a new or empty folder for the backup.");
        }

        if (Directory.Exists(target) && Directory.EnumerateFileSystemEntries(target).Any())
        {
            return console.Fail($"{target} is not empty. Give a new or empty folder, so the backup cannot mix with other files.");
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
        var made = !Directory.Exists(target);
        Directory.CreateDirectory(target);
        var complete = false;
        try
        {
            console.WriteLine("Copying the database…");
            var copy = Path.Combine(target, SqliteConnectionFactory.FileName);
            await SqliteBackup.CopyToAsync(db, copy, ct);
            console.WriteLine($"Copied the database ({Size(new FileInfo(copy).Length)}).");
            // Files after the database: one uploaded meanwhile is copied without a row pointing at it (harmless),
            // rather than a row whose file is missing.
            CopyPart(console, "uploads", node.UploadsPath, target, node.DataPath);
            CopyPart(console, "the sign-in key ring", node.KeyRingPath, target, node.DataPath);
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
            var files = CopyTree(source, staging);
            console.WriteLine($"Copied {files} files.");
            console.WriteLine("Checking the backup's database…");
            if (await CheckAsync(staging, source, ct) is { } problem)
            {
                return console.Fail(problem);
            }

            SqliteConnection.ClearAllPools();   // the check's pooled connection must not follow the file around
            if (Directory.Exists(node.DataPath))
            {
                if (Directory.EnumerateFileSystemEntries(node.DataPath).Any())
                {
                    aside = Unused(Path.Combine(parent, $"{name}.before-restore-{stamp}"));
                    // Said before the move, so that even if this process dies half-way the person knows where it is.
                    console.WriteLine($"Moving the current data aside to {aside}.");
                    Directory.Move(node.DataPath, aside);
                }
                else
                {
                    Directory.Delete(node.DataPath);
                }
            }

            Directory.Move(staging, node.DataPath);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException && aside is not null && !Directory.Exists(node.DataPath))
        {
            Directory.Move(aside, node.DataPath);   // put the old data back where the node looks for it
            throw;
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
        if (await SqliteBackup.CheckAsync(file, ct) is { } broken)
        {
            return $"{backupFile} is not a usable database: {broken}";
        }

        MigrationStatus status;
        try
        {
            status = await new MigrationRunner(new SqliteConnectionFactory(file), time).GetStatusAsync(ct);
        }
        catch (DbException e)
        {
            return $"{backupFile} cannot be read: {e.Message}";
        }

        if (status.Current == 0)
        {
            return $"{backupFile} is not an Our Society database (it has no schema version).";
        }

        return status.Current > status.Latest
            ? $"The backup was made by a newer Our Society (database schema version {status.Current}; this program knows up to {status.Latest}). Restore it with that version or a newer one."
            : null;
    }

    private void CopyPart(CliConsole console, string what, string from, string backup, string dataPath)
    {
        if (!Directory.Exists(from))
        {
            console.WriteLine($"No {what} to copy.");
            return;
        }

        console.WriteLine($"Copying {what}…");
        var files = CopyTree(from, Path.Combine(backup, Path.GetRelativePath(dataPath, from)));
        console.WriteLine($"Copied {files} files of {what}.");
    }

    /// <summary>Copies a folder with everything in it; returns how many files. A file removed meanwhile is skipped.</summary>
    private int CopyTree(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var folder in Directory.EnumerateDirectories(from, "*", SearchOption.AllDirectories))
        {
            Directory.CreateDirectory(Path.Combine(to, Path.GetRelativePath(from, folder)));
        }

        var count = 0;
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            try
            {
                File.Copy(file, Path.Combine(to, Path.GetRelativePath(from, file)));
                count++;
            }
            catch (FileNotFoundException)
            {
                LogFileVanished(log, file);   // the running node deleted it between listing and copying
            }
        }

        return count;
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
