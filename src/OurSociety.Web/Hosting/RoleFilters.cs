using Microsoft.AspNetCore.Authorization;
using OurSociety.Core;
using OurSociety.Web.Features.Api;

namespace OurSociety.Web.Hosting;

/// <summary>
/// Endpoint filters that check a role where a group is mapped rather than with <c>RequireAuthorization</c>: a refused
/// policy makes the cookie scheme redirect to sign in, but a member who is signed in and simply lacks the role should
/// get a plain 403 at this address. Pages get a bare 403 (the error page explains it); the API gets problem details.
/// </summary>
internal static class RoleFilters
{
    public static ValueTask<object?> AdminPageAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next) =>
        RequireAsync(context, next, Policies.Admin, static () => TypedResults.StatusCode(StatusCodes.Status403Forbidden));

    /// <summary>Moderators and admins: the moderators' desk.</summary>
    public static ValueTask<object?> ModeratorPageAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next) =>
        RequireAsync(context, next, Policies.Moderator, static () => TypedResults.StatusCode(StatusCodes.Status403Forbidden));

    public static ValueTask<object?> AdminApiAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next) =>
        RequireAsync(context, next, Policies.Admin, static () => ApiResults.Problem(StatusCodes.Status403Forbidden));

    public static ValueTask<object?> ModeratorApiAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next) =>
        RequireAsync(context, next, Policies.Moderator,
            static () => ApiResults.Problem(StatusCodes.Status403Forbidden, CoreText.Get("Report.OnlyModerators")));

    private static async ValueTask<object?> RequireAsync(
        EndpointFilterInvocationContext context, EndpointFilterDelegate next, string policy, Func<IResult> refused)
    {
        var http = context.HttpContext;
        var authorization = http.RequestServices.GetRequiredService<IAuthorizationService>();
        return (await authorization.AuthorizeAsync(http.User, policy)).Succeeded ? await next(context) : refused();
    }
}
