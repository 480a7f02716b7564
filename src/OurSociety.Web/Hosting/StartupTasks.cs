using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;
using OurSociety.Core.Federation;
using OurSociety.Core.Hubs;
using OurSociety.Core.Members;
using OurSociety.Core.Work;
using OurSociety.Storage;

namespace OurSociety.Web.Hosting;

/// <summary>
/// Runs before the web server accepts requests: makes the data directory, takes its lock (one node per data
/// directory), makes it private again if it is not, migrates the database and tells the person at the console where
/// things are. A failure here stops the node with a clear message.
/// </summary>
internal sealed partial class StartupTasks(
    IOptions<NodeOptions> options,
    MigrationRunner migrations,
    MemberService members,
    IWorkItemStore work,
    IDeliveryStore deliveries,
    HubIdentity hub,
    IConfiguration configuration,
    NodeConsole console,
    IServer server,
    IHostApplicationLifetime lifetime,
    ILogger<StartupTasks> log) : IHostedService, IDisposable
{
    // Held for the node's whole life: the operating system lets go when the process ends, however it ends.
    private DataDirectoryLock? _lock;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var node = options.Value;
        node.EnsureDataDirectory();
        console.WriteLine($"Data directory: {node.DataPath}");
        _lock = DataDirectoryLock.TryTake(node.DataPath) ?? throw new DataDirectoryInUseException(
            $"another Our Society node is running on the data directory {node.DataPath} (it holds {Path.Combine(node.DataPath, DataDirectoryLock.FileName)}). " +
            "Stop it first, or give this node a data directory of its own (OurSociety:DataDirectory).");
        PrivateFiles.Secure(node.DataPath, log);

        await migrations.MigrateAsync(m => LogMigrationApplied(m.Version, m.Name), cancellationToken);

        // This node holds the data directory's lock, so no other process works this database: whatever is leased was
        // held by a run that stopped (crashed, killed) mid-way, and is taken up now rather than when its lease runs out.
        var (items, sends) = (await work.ReleaseAllLeasesAsync(cancellationToken), await deliveries.ReleaseAllLeasesAsync(cancellationToken));
        if (items + sends > 0)
        {
            LogLeasesReleased(items, sends);
        }

        // The hub's identity as the admins last set it: loaded once here, then again after each change.
        await hub.LoadAsync(cancellationToken);
        foreach (var key in hub.SetOnTheWeb.Where(key => configuration[$"{HubOptions.Section}:{key}"] is not null))
        {
            LogHubConfigurationIgnored($"{HubOptions.Section}:{key}");
        }

        if (node.PublicUri.Scheme == "http" || IsLoopback(node.PublicUri))
        {
            LogPublicUrlNotForFederation(node.Origin);
        }

        if (await members.GetSetupTokenAsync(cancellationToken) is { } token)
        {
            console.WriteLine($"No admin yet. Create the first admin here (this link works until then): {node.Origin}/setup/{token}");
        }

        lifetime.ApplicationStarted.Register(() => console.WriteLine(
            RunningLine(node.Origin, server.Features.Get<IServerAddressesFeature>()?.Addresses.ToList() ?? [])));
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public void Dispose() => _lock?.Dispose();

    /// <summary>
    /// Where people reach the node; when it listens somewhere else (behind a proxy, or on another port), where it
    /// listens too. Starts with "Our Society is running at" either way: scripts wait for that.
    /// </summary>
    internal static string RunningLine(string publicOrigin, IReadOnlyCollection<string> listening) =>
        listening.Count == 0 || listening.Any(a => ListenAddresses.Serves(a, publicOrigin))
            ? $"Our Society is running at {publicOrigin}"
            : $"Our Society is running at {publicOrigin} (public address), listening on {string.Join(", ", listening)}";

    private static bool IsLoopback(Uri url) =>
        url.IsLoopback || (IPAddress.TryParse(url.Host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip));

    [LoggerMessage(EventId = 1001, Level = LogLevel.Information, Message = "Applied database migration {Version} ({Name})")]
    private partial void LogMigrationApplied(long version, string name);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Information,
        Message = "The last run stopped part-way through {Items} background work items and {Deliveries} deliveries; they are taken up again now")]
    private partial void LogLeasesReleased(int items, int deliveries);

    [LoggerMessage(EventId = 3011, Level = LogLevel.Warning,
        Message = "{Key} is set in configuration, but an admin has changed it on the web (/admin/hub): the configuration value is ignored")]
    private partial void LogHubConfigurationIgnored(string key);

    [LoggerMessage(EventId = 3001, Level = LogLevel.Warning,
        Message = "PublicUrl is {PublicUrl}: fine for trying things out, but other servers cannot federate with it. " +
                  "Actor ids are built from it and cannot change later, so set OurSociety:PublicUrl to your real https:// address before you invite people.")]
    private partial void LogPublicUrlNotForFederation(string publicUrl);
}
