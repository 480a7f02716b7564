using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using OurSociety.Web.Features.Health;
using OurSociety.Web.Hosting;
using OurSociety.Web.Resources;

namespace OurSociety.Web.Features.Moderation;

/// <summary>
/// A suspended member who signs in reaches only the reason and the appeal form (<c>/appeal</c>, and its API) and can
/// sign out: pages lead to <c>/appeal</c>, the JSON API answers 403 with the reason. Their API tokens are refused
/// outright (<c>BearerTokenHandler</c>). Runs after authentication, so the cookie reflects the member's current state.
/// </summary>
internal sealed class SuspendedGate(RequestDelegate next)
{
    public const string AppealPath = "/appeal";

    public async Task InvokeAsync(HttpContext context, IStringLocalizer<AccountActionText> text, IOptions<NodeOptions> node)
    {
        if (!context.User.IsSuspended() || IsOpen(context.Request))
        {
            await next(context);
            return;
        }

        if (ErrorResponses.WantsJson(context) || context.Request.Path.StartsWithSegments("/api"))
        {
            await TypedResults.Problem(
                detail: text.Format("Suspended.Detail", ("reason", context.User.SuspensionReason()), ("page", node.Value.Origin + AppealPath)),
                statusCode: StatusCodes.Status403Forbidden,
                title: text["Suspended.Title"].Value).ExecuteAsync(context);
            return;
        }

        // 303: a refused form post is followed by a GET of the reason page, never by a second post.
        context.Response.StatusCode = StatusCodes.Status303SeeOther;
        context.Response.Headers.Location = AppealPath;
    }

    private static bool IsOpen(HttpRequest request)
    {
        var path = request.Path;
        return path.StartsWithSegments(AppealPath)
            || path.StartsWithSegments("/api/oursociety/v1/me/appeal")
            || path.StartsWithSegments("/signout")
            || path.StartsWithSegments("/language")
            || HealthEndpoints.IsHealthPath(path)
            // The page's own style sheets, scripts and pictures (fingerprinted files of wwwroot).
            || ((HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method)) && Path.HasExtension(path.Value));
    }
}
