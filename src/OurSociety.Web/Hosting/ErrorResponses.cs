using Microsoft.AspNetCore.Diagnostics;
using Microsoft.Extensions.Localization;
using OurSociety.Web.Pages;
using OurSociety.Web.Resources;

namespace OurSociety.Web.Hosting;

/// <summary>
/// Errors answer in the asker's language: problem details (RFC 9457) for the API and JSON clients, a plain, helpful
/// HTML page for people.
/// </summary>
internal static class ErrorResponses
{
    public static bool WantsJson(HttpContext context) =>
        context.Request.Path.StartsWithSegments("/api")
        || context.Request.Path.StartsWithSegments("/openapi")
        || context.Request.Headers.Accept.Any(a => a is not null && a.Contains("json", StringComparison.OrdinalIgnoreCase)
            && !a.Contains("text/html", StringComparison.OrdinalIgnoreCase));

    public static async Task WriteStatusAsync(StatusCodeContext status)
    {
        var context = status.HttpContext;
        if (WantsJson(context))
        {
            var problems = context.RequestServices.GetRequiredService<IProblemDetailsService>();
            await problems.WriteAsync(new ProblemDetailsContext { HttpContext = context });
            return;
        }

        await WritePageAsync(context, context.Response.StatusCode);
    }

    public static async Task WriteExceptionAsync(HttpContext context)
    {
        context.Response.StatusCode = context.Features.Get<IExceptionHandlerFeature>()?.Error is BadHttpRequestException bad
            ? bad.StatusCode
            : StatusCodes.Status500InternalServerError;
        if (WantsJson(context))
        {
            var problems = context.RequestServices.GetRequiredService<IProblemDetailsService>();
            await problems.WriteAsync(new ProblemDetailsContext { HttpContext = context });
            return;
        }

        await WritePageAsync(context, context.Response.StatusCode);
    }

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
