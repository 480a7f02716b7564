using System.Net;
using Microsoft.Extensions.Options;
using OurSociety.Core.Members;
using OurSociety.Storage;

namespace OurSociety.Web.Hosting;

/// <summary>
/// Runs before the web server accepts requests: makes the data directory, migrates the database and tells the
/// person at the console where things are. A failure here stops the node with a clear message.
/// </summary>
internal sealed partial class StartupTasks(
    IOptions<NodeOptions> options,
    MigrationRunner migrations,
    MemberService members,
    NodeConsole console,
    IHostApplicationLifetime lifetime,
    ILogger<StartupTasks> log) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var node = options.Value;
        node.EnsureDataDirectory();
        console.WriteLine($"Data directory: {node.DataPath}");

        await migrations.MigrateAsync(m => LogMigrationApplied(m.Version, m.Name), cancellationToken);

        if (node.PublicUri.Scheme == "http" || IsLoopback(node.PublicUri))
        {
            LogPublicUrlNotForFederation(node.Origin);
        }

        if (await members.GetSetupTokenAsync(cancellationToken) is { } token)
        {
            console.WriteLine($"No admin yet. Create the first admin here (this link works until then): {node.Origin}/setup/{token}");
        }

        lifetime.ApplicationStarted.Register(() => console.WriteLine($"Our Society is running at {node.Origin}"));
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private static bool IsLoopback(Uri url) =>
        url.IsLoopback || (IPAddress.TryParse(url.Host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip));

    [LoggerMessage(EventId = 1001, Level = LogLevel.Information, Message = "Applied database migration {Version} ({Name})")]
    private partial void LogMigrationApplied(long version, string name);

    [LoggerMessage(EventId = 3001, Level = LogLevel.Warning,
        Message = "PublicUrl is {PublicUrl}: fine for trying things out, but other servers cannot federate with it. " +
                  "Actor ids are built from it and cannot change later, so set OurSociety:PublicUrl to your real https:// address before you invite people.")]
    private partial void LogPublicUrlNotForFederation(string publicUrl);
}
