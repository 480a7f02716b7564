using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using OurSociety.Web.Pages;
using OurSociety.Web.Resources;

namespace OurSociety.Web.Hosting;

/// <summary>
/// Errors answer in the asker's language: problem details (RFC 9457) for the API and JSON clients, a plain, helpful
/// HTML page for people.
/// </summary>
internal static partial class ErrorResponses
{
    /// <summary>
    /// Exceptions answered as the client's or the world's problem, not ours: the exception handler logs no error with
    /// a stack trace for them (a database fault is logged once, readably, where it is answered).
    /// </summary>
    public static bool IsAnswered(ExceptionHandlerSuppressDiagnosticsContext context) =>
        context.Exception is BadHttpRequestException || DatabaseFaults.Find(context.Exception) is not null;

    public static bool WantsJson(HttpContext context) =>
        context.Request.Path.StartsWithSegments("/api")
        || context.Request.Path.StartsWithSegments("/openapi")
        || context.Request.Headers.Accept.Any(a => a is not null && a.Contains("json", StringComparison.OrdinalIgnoreCase)
            && !a.Contains("text/html", StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// Names the fields of a validation problem as the JSON bodies name them (<c>maxUses</c>, not <c>MaxUses</c>).
    /// .NET 10's DataAnnotations validation keys errors by C# property name (dotnet/aspnetcore#61764), while the
    /// domain already uses JSON names; a client should find the field it sent.
    /// </summary>
    public static void NameErrorsAsJson(ProblemDetailsContext context)
    {
        if (context.ProblemDetails is not HttpValidationProblemDetails { Errors.Count: > 0 } problem
            || context.HttpContext.RequestServices.GetService<IOptions<JsonOptions>>()?.Value.SerializerOptions.PropertyNamingPolicy is not { } naming)
        {
            return;
        }

        var renamed = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var (key, messages) in problem.Errors)
        {
            var name = JsonFieldPath(key, naming);
            renamed[name] = renamed.TryGetValue(name, out var earlier) ? [.. earlier, .. messages] : messages;
        }

        problem.Errors.Clear();
        foreach (var (key, messages) in renamed)
        {
            problem.Errors[key] = messages;
        }
    }

    // "Items[0].Name" → "items[0].name": each member name through the policy, indexes kept.
    private static string JsonFieldPath(string path, JsonNamingPolicy naming) => string.Join('.', path.Split('.').Select(segment =>
    {
        var index = segment.IndexOf('[', StringComparison.Ordinal);
        return index < 0 ? naming.ConvertName(segment) : naming.ConvertName(segment[..index]) + segment[index..];
    }));

    public static async Task WriteStatusAsync(StatusCodeContext status)
    {
        var context = status.HttpContext;
        if (WantsJson(context))
        {
            await WriteProblemAsync(context, context.Response.StatusCode);
            return;
        }

        await WritePageAsync(context, context.Response.StatusCode);
    }

    public static async Task WriteExceptionAsync(HttpContext context)
    {
        var error = context.Features.Get<IExceptionHandlerFeature>()?.Error;
        if (DatabaseFaults.Find(error) is { } fault)
        {
            await WriteDatabaseFaultAsync(context, fault);
            return;
        }

        context.Response.StatusCode = error is BadHttpRequestException bad ? bad.StatusCode : StatusCodes.Status500InternalServerError;
        // A JSON value of the wrong type ({"maxUses": "x"}) names its field, like any other validation problem.
        if (error is BadHttpRequestException { InnerException: JsonException json } && WantsJson(context))
        {
            var text = context.RequestServices.GetRequiredService<IStringLocalizer<Text>>();
            var field = json.Path is { Length: > 2 } path && path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : "body";
            await TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                [field] = [field == "body" ? text["Error.JsonBody"].Value : text["Error.JsonValue"].Value],
            }).ExecuteAsync(context);
            return;
        }

        if (WantsJson(context))
        {
            await WriteProblemAsync(context, context.Response.StatusCode);
            return;
        }

        await WritePageAsync(context, context.Response.StatusCode);
    }

    /// <summary>
    /// A full disk or a database locked too long: 503 with a Retry-After, problem details or the error page. The
    /// transaction rolled back when the exception left it, so nothing half-done was kept; logged here, once.
    /// </summary>
    private static async Task WriteDatabaseFaultAsync(HttpContext context, DatabaseFault fault)
    {
        var log = context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("OurSociety.Web.Hosting.DatabaseFaults");
        LogDatabaseFault(log, context.Request.Method, RequestLogs.SafePath(context), fault.What, fault.Advice);
        context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        context.Response.Headers.RetryAfter = fault.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (WantsJson(context))
        {
            var text = context.RequestServices.GetRequiredService<IStringLocalizer<Text>>();
            await TypedResults.Problem(detail: text["Error.503.Database"].Value, statusCode: StatusCodes.Status503ServiceUnavailable)
                .ExecuteAsync(context);
            return;
        }

        await WritePageAsync(context, StatusCodes.Status503ServiceUnavailable);
    }

    [LoggerMessage(EventId = 3005, Level = LogLevel.Error,
        Message = "{Method} {Path} was answered 503 because {What}; nothing of it was stored. {Advice}.")]
    private static partial void LogDatabaseFault(ILogger logger, string method, string path, string what, string advice);

    // Through the result rather than IProblemDetailsService.WriteAsync, which throws when the Accept header names no
    // JSON type (a browser's "text/html, */*;q=0.8" passes, "text/html" alone does not): an API client still gets
    // problem details, written as application/problem+json, instead of a second error and an empty 500.
    private static Task WriteProblemAsync(HttpContext context, int status) => TypedResults.Problem(statusCode: status).ExecuteAsync(context);

    private static async Task WritePageAsync(HttpContext context, int status)
    {
        var text = context.RequestServices.GetRequiredService<IStringLocalizer<Text>>();
        var key = status switch
        {
            400 or 401 or 403 or 404 or 405 or 409 or 413 or 415 or 429 or 503 => status.ToString(System.Globalization.CultureInfo.InvariantCulture),
            >= 500 => "500",
            _ => "400",
        };
        var page = Html.Page<ErrorPage>(new { Heading = text[$"Error.{key}.Heading"].Value, Message = text[$"Error.{key}.Message"].Value }, status);
        await page.ExecuteAsync(context);
    }
}
