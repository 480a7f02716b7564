using Microsoft.Extensions.Options;
using OurSociety.Storage;
using OurSociety.Web.Hosting;

namespace OurSociety.Web.Cli;

/// <summary>What the node does at start before it touches data, done for commands that use the database.</summary>
internal sealed class CliDatabase(IOptions<NodeOptions> options, MigrationRunner migrations, ILogger<CliDatabase> log)
{
    /// <summary>
    /// Makes the data directory, says where it is, makes it private again if it is not, and applies pending
    /// migrations (a fresh directory gets a database).
    /// </summary>
    public async Task<IReadOnlyList<Migration>> PrepareAsync(CliConsole console, CancellationToken ct)
    {
        var node = options.Value;
        node.EnsureDataDirectory();
        console.WriteLine($"Data directory: {node.DataPath}");
        PrivateFiles.Secure(node.DataPath, log);
        return await migrations.MigrateAsync(m => console.WriteLine($"Applied database migration {m.Version:D4} ({m.Name})."), ct);
    }

    /// <summary>
    /// For a command that must not run beside a node (<c>db migrate</c>): makes the data directory and takes its lock,
    /// or returns null when a node holds it.
    /// </summary>
    public DataDirectoryLock? TakeLock()
    {
        var node = options.Value;
        node.EnsureDataDirectory();
        return DataDirectoryLock.TryTake(node.DataPath);
    }

    public string DataPath => options.Value.DataPath;

    public static string NodeRunning(string dataPath, string command) =>
        $"A node is running on this data directory ({dataPath}); stop it first, then run {command} again.";
}
