using Microsoft.Extensions.Options;
using OurSociety.Web.Hosting;

namespace OurSociety.Web.Cli;

/// <summary>
/// The CLI's composition root: a plain host (no web server) with the node's own services (<see cref="NodeServices"/>),
/// so the data directory, settings validation and domain rules are exactly the node's.
/// </summary>
internal static class CliHost
{
    /// <summary>Builds the host and validates the settings as the node does at start (a bad value throws, naming the key).</summary>
    public static IHost Build(IReadOnlyList<string> settings)
    {
        // As WebApplication.CreateBuilder does for the node: ASPNETCORE_URLS, ASPNETCORE_HTTP_PORTS, ASPNETCORE_ENVIRONMENT.
        var configuration = new ConfigurationManager();
        configuration.AddEnvironmentVariables("ASPNETCORE_");
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            Args = [.. settings],
            Configuration = configuration,
            // appsettings.json is read from beside the program, wherever the person runs it from.
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Logging.ClearProviders();   // Serilog (AddNodeCore) is the only logger, and it writes to stderr
        var services = builder.Services;
        services.AddNodeCore();
        services.AddTransient<CliDatabase>();
        services.AddTransient<AdminCommands>();
        services.AddTransient<DomainCommands>();   // admin domain-block (issue 13)
        services.AddTransient<DbCommands>();
        services.AddTransient<BackupCommands>();
        services.AddTransient<WorkCommands>();
        services.AddTransient<HealthCheckCommand>();
        services.AddHttpClient(HealthCheckCommand.ClientName, client => client.Timeout = HealthCheckCommand.Timeout)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
            {
                UseProxy = false,   // the node is asked directly, never through an HTTP_PROXY meant for the outside
                AllowAutoRedirect = false,
                ConnectTimeout = HealthCheckCommand.Timeout,
            });

        var host = builder.Build();
        var valid = false;
        try
        {
            host.Services.GetService<IStartupValidator>()?.Validate();   // what ValidateOnStart does when the node starts
            valid = true;
            return host;
        }
        finally
        {
            if (!valid)
            {
                host.Dispose();
            }
        }
    }
}
