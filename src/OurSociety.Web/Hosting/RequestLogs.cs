using Serilog.Events;

namespace OurSociety.Web.Hosting;

internal static class RequestLogs
{
    private const string RouteKey = "oursociety:route";

    /// <summary>
    /// Notes the matched route early (routing runs first): the error handlers clear the endpoint before the request
    /// line is written.
    /// </summary>
    public static Task RememberRouteAsync(HttpContext context, RequestDelegate next)
    {
        if ((context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText is { } route)
        {
            context.Items[RouteKey] = route;
        }

        return next(context);
    }

    /// <summary>The matched route (<c>/setup/{token}</c>) when there is one, else the path: safe to log.</summary>
    public static string SafePath(HttpContext context) =>
        (context.Items[RouteKey] as string ?? (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText) is { } route
            ? "/" + route.TrimStart('/')
            : context.Request.Path.Value ?? "/";

    /// <summary>
    /// The request line's properties, with the path replaced by the matched route (<c>/setup/{token}</c>) when there
    /// is one, so secrets carried in paths never reach the logs. Unmatched paths (404s) are logged as they came.
    /// </summary>
    public static IEnumerable<LogEventProperty> Properties(HttpContext context, string requestPath, double elapsedMs, int statusCode)
    {
        var route = context.Items[RouteKey] as string ?? (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText;
        return
        [
            new LogEventProperty("RequestMethod", new ScalarValue(context.Request.Method)),
            new LogEventProperty("RequestPath", new ScalarValue(route is null ? requestPath : "/" + route.TrimStart('/'))),
            new LogEventProperty("StatusCode", new ScalarValue(statusCode)),
            new LogEventProperty("Elapsed", new ScalarValue(elapsedMs)),
        ];
    }
}
