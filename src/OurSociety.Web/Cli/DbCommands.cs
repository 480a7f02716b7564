using OurSociety.Storage;

namespace OurSociety.Web.Cli;

/// <summary><c>db migrate</c>: what the node also does at every start, for upgrades done by hand.</summary>
internal sealed class DbCommands(CliDatabase database, MigrationRunner migrations)
{
    public async Task<int> MigrateAsync(CommandArgs args, CliConsole console, CancellationToken ct)
    {
        var applied = await database.PrepareAsync(console, ct);
        var status = await migrations.GetStatusAsync(ct);
        console.WriteLine(applied.Count == 0
            ? $"The database is already up to date (schema version {status.Current})."
            : $"The database is now up to date (schema version {status.Current}).");
        return CliApp.Ok;
    }
}
