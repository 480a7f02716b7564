using Microsoft.AspNetCore.Antiforgery;

namespace OurSociety.Web.Hosting;

internal static class FormGuards
{
    /// <summary>
    /// Answers 400 when the antiforgery middleware found a form's token missing or wrong, before any endpoint reads
    /// the form. Endpoint code generated at build time would otherwise throw on reading it (a 500), where code made at
    /// run time answers 400.
    /// </summary>
    public static Task RefuseInvalidAntiforgery(HttpContext context, RequestDelegate next)
    {
        if (context.Features.Get<IAntiforgeryValidationFeature>() is { IsValid: false })
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return Task.CompletedTask;
        }

        return next(context);
    }

    /// <summary>
    /// For form posts that carry nothing but the antiforgery token (approve, revoke, remove…). The antiforgery
    /// middleware checks the token, but only form binding acts on its verdict; without a bound form such a post would
    /// go through unchecked, so this filter refuses it with 400.
    /// </summary>
    public static RouteHandlerBuilder RequireAntiforgery(this RouteHandlerBuilder builder) =>
        builder.WithMetadata(new RequireAntiforgeryTokenAttribute()).AddEndpointFilter(static async (context, next) =>
            context.HttpContext.Features.Get<IAntiforgeryValidationFeature>() is { IsValid: true }
                ? await next(context)
                : TypedResults.StatusCode(StatusCodes.Status400BadRequest));
}
