using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace OurSociety.Web.Hosting;

/// <summary>A database failure caused by its surroundings (a full disk, another writer holding the lock), not by our code.</summary>
internal sealed record DatabaseFault(string What, string Advice, int RetryAfterSeconds);

/// <summary>
/// Tells the database's bad days from bugs: a full disk or a lock held too long fails the request with 503 and a
/// Retry-After (the transaction rolled back, so nothing half-done is kept), and the console gets a sentence instead of
/// "SQLite Error 13". SQLite's codes are read here, at the edge; a PostgreSQL backend would add its SQLSTATEs
/// (53100 disk full, 55P03 lock not available) beside them.
/// </summary>
internal static class DatabaseFaults
{
    // SQLite primary result codes: https://www.sqlite.org/rescode.html
    private const int Busy = 5;
    private const int Locked = 6;
    private const int ReadOnly = 8;
    private const int IoError = 10;
    private const int Corrupt = 11;
    private const int Full = 13;
    private const int CantOpen = 14;
    private const int NotADatabase = 26;

    /// <summary>The fault behind an exception (or one it wraps), or null when it is not one (then it is a bug).</summary>
    public static DatabaseFault? Find(Exception? error)
    {
        for (var e = error; e is not null; e = e.InnerException)
        {
            if (e is SqliteException sqlite)
            {
                return sqlite.SqliteErrorCode switch
                {
                    Full => new("the disk that holds the database is full", "Free some disk space", 300),
                    Busy or Locked => new("the database is locked by another writer for longer than the node waits", "Look for a long-running task on the database", 10),
                    IoError => new("the disk that holds the database could not be read or written", "Check the disk", 60),
                    _ => null,
                };
            }
        }

        return null;
    }

    /// <summary>A sentence for the person at the console when the database could not be used, saying what to do.</summary>
    public static string Describe(DbException error) => error is SqliteException sqlite
        ? sqlite.SqliteErrorCode switch
        {
            Full => "The disk that holds the database is full. Free some space, then try again.",
            Busy or Locked => "The database is locked by another program that is writing to it. Try again in a moment; if it stays locked, look for a long-running task on it.",
            ReadOnly => "The database is read-only for this user. Run the command as the user the node runs as, or check the data directory's owner.",
            CantOpen => "The database cannot be opened. Check OurSociety:DataDirectory, and that this user may read and write there.",
            Corrupt or NotADatabase => "The database file is damaged or is not a database. Restore a backup (see restore).",
            IoError => "The disk that holds the database could not be read or written. Check the disk, then try again.",
            _ => $"The database failed (SQLite error {sqlite.SqliteErrorCode}). Try again; if it keeps failing, restore a backup.",
        }
        : "The database failed. Try again; if it keeps failing, restore a backup.";
}
