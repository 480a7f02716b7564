namespace OurSociety.Web.Features.Health;

internal static class HealthEndpoints
{
    public const string ReadyTag = "ready";

    /// <summary>
    /// <c>/healthz</c>: the process is up. <c>/readyz</c>: it can serve (database reachable, schema current), also
    /// before the first admin exists. Neither is rate limited, host-filtered or signature-checked.
    /// </summary>
    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapHealthChecks("/healthz", new() { Predicate = _ => false }).DisableRateLimiting().ExcludeFromDescription();
        app.MapHealthChecks("/readyz", new() { Predicate = c => c.Tags.Contains(ReadyTag) }).DisableRateLimiting().ExcludeFromDescription();
        return app;
    }

    public static bool IsHealthPath(PathString path) => path == "/healthz" || path == "/readyz";
}
