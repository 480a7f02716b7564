using Microsoft.Extensions.Options;
using OurSociety.Storage;
using OurSociety.Web.Hosting;

namespace OurSociety.Web.Cli;

/// <summary>What the node does at start before it touches data, done for commands that use the database.</summary>
internal sealed class CliDatabase(IOptions<NodeOptions> options, MigrationRunner migrations)
{
    /// <summary>Makes the data directory, says where it is, and applies pending migrations (a fresh directory gets a database).</summary>
    public async Task<IReadOnlyList<Migration>> PrepareAsync(CliConsole console, CancellationToken ct)
    {
        var node = options.Value;
        node.EnsureDataDirectory();
        console.WriteLine($"Data directory: {node.DataPath}");
        return await migrations.MigrateAsync(m => console.WriteLine($"Applied database migration {m.Version:D4} ({m.Name})."), ct);
    }
}
