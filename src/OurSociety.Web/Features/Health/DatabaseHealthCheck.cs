using System.Data.Common;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using OurSociety.Storage;

namespace OurSociety.Web.Features.Health;

/// <summary>Ready when the database answers and every migration this program knows is applied.</summary>
internal sealed class DatabaseHealthCheck(MigrationRunner migrations) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var status = await migrations.GetStatusAsync(cancellationToken);
            return status.IsUpToDate
                ? HealthCheckResult.Healthy()
                : HealthCheckResult.Unhealthy($"Database schema is at {status.Current}, this program needs {status.Latest}.");
        }
        catch (DbException ex)
        {
            return HealthCheckResult.Unhealthy("The database cannot be reached.", ex);
        }
    }
}
