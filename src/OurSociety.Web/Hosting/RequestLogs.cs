using Serilog.Events;

namespace OurSociety.Web.Hosting;

internal static class RequestLogs
{
    /// <summary>
    /// The request line's properties, with the path replaced by the matched route (<c>/setup/{token}</c>) when there
    /// is one, so secrets carried in paths never reach the logs. Unmatched paths (404s) are logged as they came.
    /// </summary>
    public static IEnumerable<LogEventProperty> Properties(HttpContext context, string requestPath, double elapsedMs, int statusCode)
    {
        var route = (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText;
        return
        [
            new LogEventProperty("RequestMethod", new ScalarValue(context.Request.Method)),
            new LogEventProperty("RequestPath", new ScalarValue(route is null ? requestPath : "/" + route.TrimStart('/'))),
            new LogEventProperty("StatusCode", new ScalarValue(statusCode)),
            new LogEventProperty("Elapsed", new ScalarValue(elapsedMs)),
        ];
    }
}
