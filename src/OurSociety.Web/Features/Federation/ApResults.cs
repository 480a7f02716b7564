using System.Text.Json.Nodes;
using Microsoft.Net.Http.Headers;
using OurSociety.ActivityPub;

namespace OurSociety.Web.Features.Federation;

/// <summary>Writing ActivityPub documents and choosing them over HTML by the Accept header (INTEROP §2.5).</summary>
internal static class ApResults
{
    public const string ContentType = "application/activity+json; charset=utf-8";

    /// <summary>True when the client asks for ActivityStreams JSON (activity+json or ld+json, with or without profile).</summary>
    public static bool WantsActivityJson(HttpRequest request)
    {
        foreach (var value in request.Headers.Accept)
        {
            if (value is not null
                && (value.Contains(ActivityStreams.MediaType, StringComparison.OrdinalIgnoreCase)
                    || value.Contains("application/ld+json", StringComparison.OrdinalIgnoreCase)))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A document answer; <c>Vary: Accept</c> because the same URL also serves HTML.</summary>
    public static IResult Json(HttpContext http, JsonObject document, int status = StatusCodes.Status200OK, string? cacheControl = null)
    {
        http.Response.Headers.Vary = HeaderNames.Accept;
        if (cacheControl is not null)
        {
            http.Response.Headers.CacheControl = cacheControl;
        }

        return Results.Text(document.ToJsonString(), ContentType, System.Text.Encoding.UTF8, status);
    }

    /// <summary>A plain-text refusal for servers (401/403/413/415…): short, with the reason peers' admins will read in logs.</summary>
    public static IResult Refuse(int status, string reason) => Results.Text(reason + "\n", "text/plain; charset=utf-8", System.Text.Encoding.UTF8, status);
}
