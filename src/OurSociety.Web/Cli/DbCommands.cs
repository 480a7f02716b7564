using OurSociety.Storage;

namespace OurSociety.Web.Cli;

/// <summary><c>db migrate</c>: what the node also does at every start, for upgrades done by hand.</summary>
internal sealed class DbCommands(CliDatabase database, MigrationRunner migrations)
{
    public async Task<int> MigrateAsync(CommandArgs args, CliConsole console, CancellationToken ct)
    {
        // A node migrates its database when it starts; changing the schema under a running one is never wanted.
        using var held = database.TakeLock();
        if (held is null)
        {
            return console.Fail(CliDatabase.NodeRunning(database.DataPath, "db migrate"));
        }

        var applied = await database.PrepareAsync(console, ct);
        var status = await migrations.GetStatusAsync(ct);
        console.WriteLine(applied.Count == 0
            ? $"The database is already up to date (schema version {status.Current})."
            : $"The database is now up to date (schema version {status.Current}).");
        return CliApp.Ok;
    }
}
