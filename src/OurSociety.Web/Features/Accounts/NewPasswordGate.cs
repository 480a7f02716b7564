using System.Globalization;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using OurSociety.Web.Features.Health;
using OurSociety.Web.Hosting;

namespace OurSociety.Web.Features.Accounts;

/// <summary>
/// A sign-in made with a one-time password opens one page only: choosing a new password. Pages lead there (a GET comes
/// back to where it was going afterwards); the JSON API answers 403 with problem details that say what to do. Runs
/// after authentication, so the cookie has been checked against the member's current state.
/// </summary>
internal sealed class NewPasswordGate(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context, IStringLocalizer<AccountsText> text, IOptions<NodeOptions> node)
    {
        if (!context.User.MustChangePassword() || IsOpen(context.Request.Path))
        {
            await next(context);
            return;
        }

        if (ErrorResponses.WantsJson(context))
        {
            var page = node.Value.Origin + AccountEndpoints.NewPasswordPath;
            await TypedResults.Problem(
                detail: string.Format(CultureInfo.CurrentCulture, text["NewPassword.Required.Detail"].Value, page),
                statusCode: StatusCodes.Status403Forbidden,
                title: text["NewPassword.Required.Title"].Value).ExecuteAsync(context);
            return;
        }

        var request = context.Request;
        var comeBack = HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method)
            ? AccountEndpoints.LocalUrl(request.PathBase + request.Path + request.QueryString)
            : null;
        // 303: a refused form post is followed by a GET of the page, never by a second post.
        context.Response.StatusCode = StatusCodes.Status303SeeOther;
        context.Response.Headers.Location = AccountEndpoints.NewPasswordUrl(comeBack is "/" ? null : comeBack);
    }

    private static bool IsOpen(PathString path) =>
        path.StartsWithSegments(AccountEndpoints.NewPasswordPath) || path.StartsWithSegments("/signout") || HealthEndpoints.IsHealthPath(path);
}
