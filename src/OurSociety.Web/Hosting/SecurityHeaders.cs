using OurSociety.Core.Federation;
namespace OurSociety.Web.Hosting;

/// <summary>
/// Headers that make every answer safer to render. Our pages use no scripts, frames or outside resources, so the
/// content security policy can forbid all of them: an injection that slipped past encoding still could not run.
/// </summary>
internal static class SecurityHeaders
{
    /// <remarks>
    /// <c>connect-src 'self'</c> lets nothing run (no script may), but lets a page audit such as Lighthouse's fetch
    /// <c>/robots.txt</c> from within the page.
    /// </remarks>
    public const string ContentSecurityPolicy =
        "default-src 'none'; style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    /// <summary>
    /// For pages whose form sends the browser on to another server ("Follow from your own server" answers 303 to the
    /// visitor's server): browsers check <c>form-action</c> against every redirect of a form's submission too.
    /// </summary>
    public const string RemoteFormPolicy =
        "default-src 'none'; style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'self' https:; frame-ancestors 'none'; base-uri 'none'";

    private static readonly object RemoteFormKey = new();

    /// <summary>Marks this response's page as one whose form may lead to another https server.</summary>
    public static void AllowRemoteFormTargets(HttpContext context) => context.Items[RemoteFormKey] = true;

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = "same-origin";
            headers.XFrameOptions = "DENY";
            if (context.Response.ContentType?.StartsWith("text/html", StringComparison.OrdinalIgnoreCase) == true)
            {
                var policy = context.Items.ContainsKey(RemoteFormKey) ? RemoteFormPolicy : ContentSecurityPolicy;
                // Inline styles are allowed by their hashes only: the stylesheet put in each page (SiteAssets) and the
                // hub's accent colour (Pages.HubStyle).
                var styles = new List<string>(2);
                if (context.RequestServices.GetService<SiteAssets>()?.InlineCssCspSource is { } sheet)
                {
                    styles.Add(sheet);
                }

                if (context.RequestServices.GetService<OurSociety.Core.Hubs.HubIdentity>() is { } hub && Pages.HubStyle.CspSource(hub.Current) is { } style)
                {
                    styles.Add(style);
                }

                if (styles.Count > 0)
                {
                    policy = policy.Replace("style-src 'self'", $"style-src 'self' {string.Join(' ', styles)}", StringComparison.Ordinal);
                }

                headers.ContentSecurityPolicy = policy;
            }

            return Task.CompletedTask;
        });
        return next(context);
    });
}
