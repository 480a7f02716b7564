using OurSociety.Federation.HubDirectory;

namespace OurSociety.Web.Features.HubDirectory;

/// <summary>
/// Queues the directory's first refresh at start when this hub is linked with others and none was ever scheduled;
/// from then on each refresh queues the next one. Runs after <c>StartupTasks</c> (registered later), so the database
/// is migrated.
/// </summary>
internal sealed class DirectoryStart(DirectoryRefresh refresh) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => refresh.EnsureScheduledAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
