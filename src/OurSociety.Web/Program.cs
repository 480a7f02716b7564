using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;
using OurSociety.Content;
using OurSociety.Federation;
using OurSociety.Federation.Http;
using OurSociety.Web.Cli;
using OurSociety.Web.Content;
using OurSociety.Web.Features.About;
using OurSociety.Web.Features.Accounts;
using OurSociety.Web.Features.Admin;
using OurSociety.Web.Features.Api;
using OurSociety.Web.Features.Discovery;
using OurSociety.Web.Features.Federation;
using OurSociety.Web.Features.Finding;
using OurSociety.Web.Features.Follows;
using OurSociety.Web.Features.Health;
using OurSociety.Web.Features.Help;
using OurSociety.Web.Features.Home;
using OurSociety.Web.Features.Introductions;
using OurSociety.Web.Features.Languages;
using OurSociety.Web.Features.Moderation;
using OurSociety.Web.Features.Mutes;
using OurSociety.Web.Features.Needs;
using OurSociety.Web.Features.Posts;
using OurSociety.Web.Features.Profiles;
using OurSociety.Web.Features.Settings;
using OurSociety.Web.Hosting;
using Serilog;

if (CliApp.IsCommand(args))
{
    return await CliApp.RunAsync(args, Console.Out, Console.Error, Console.In);
}

// Settings and stylesheet come from beside the executable, wherever the node is started from; ./data stays relative
// to the current directory. (The test factory names its own content root.)
var builder = WebApplication.CreateBuilder(new WebApplicationOptions
{
    Args = args,
    ContentRootPath = args.Any(a => a.Contains("contentRoot", StringComparison.OrdinalIgnoreCase)) ? null : AppContext.BaseDirectory,
});
var services = builder.Services;
services.AddNodeCore();
services.AddFederationHttp();   // the one guarded client for every outbound request
services.AddSingleton(new NodeConsole(Console.Out));
services.AddHostedService<StartupTasks>();   // first: migrates before the server takes requests
services.AddHostedService<OurSociety.Web.Features.HubDirectory.DirectoryStart>();   // the directory's first refresh (issue 14)

// Sign-in keys live in the data directory, so sign-ins survive restarts and container rebuilds.
services.AddDataProtection().SetApplicationName("oursociety");
services.AddOptions<KeyManagementOptions>().Configure<IOptions<NodeOptions>, ILoggerFactory>((keys, node, logging) =>
    keys.XmlRepository = new Microsoft.AspNetCore.DataProtection.Repositories.FileSystemXmlRepository(
        new DirectoryInfo(node.Value.KeyRingPath), logging));

services.AddAuthentication(AuthSchemes.Default)
    .AddPolicyScheme(AuthSchemes.Default, AuthSchemes.Default, o => o.ForwardDefaultSelector = context =>
        context.Request.Headers.Authorization.Count > 0 ? AuthSchemes.Bearer : AuthSchemes.Cookie)
    .AddCookie(AuthSchemes.Cookie, o =>
    {
        o.Cookie.Name = "oursociety";
        o.Cookie.HttpOnly = true;
        o.Cookie.SameSite = SameSiteMode.Lax;
        o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;   // Always when PublicUrl is https: see below
        o.LoginPath = "/signin";
        o.AccessDeniedPath = "/forbidden";
        o.ExpireTimeSpan = TimeSpan.FromDays(30);
        o.SlidingExpiration = true;
        o.EventsType = typeof(CookieValidator);
    })
    .AddScheme<Microsoft.AspNetCore.Authentication.AuthenticationSchemeOptions, BearerTokenHandler>(AuthSchemes.Bearer, null);
services.AddScoped<CookieValidator>();
// Behind a TLS proxy the node may see plain http (if the proxy is not configured as known): the public address
// decides, so a sign-in cookie of an https node is never sent without Secure.
services.AddOptions<CookieAuthenticationOptions>(AuthSchemes.Cookie).Configure<IOptions<NodeOptions>>((cookie, node) =>
{
    if (node.Value.PublicUri.Scheme == Uri.UriSchemeHttps)
    {
        cookie.Cookie.SecurePolicy = CookieSecurePolicy.Always;
    }
});
services.AddAuthorizationBuilder()
    .AddPolicy(Policies.Member, p => p.RequireAuthenticatedUser())
    .AddPolicy(Policies.Admin, p => p.RequireAuthenticatedUser().RequireRole("admin"))
    .AddPolicy(Policies.Moderator, p => p.RequireAuthenticatedUser().RequireRole("admin", "moderator"));
services.AddAntiforgery(o => o.Cookie.Name = "oursociety.af");

services.AddRateLimiter(o =>
{
    o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
    o.AddPolicy(RateLimits.SignIn, context => RateLimitPartition.GetFixedWindowLimiter(
        RateLimits.ClientKey(context),
        _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = context.RequestServices.GetRequiredService<IOptions<RateLimitOptions>>().Value.SignInPerMinute,
            Window = TimeSpan.FromMinutes(1),
        }));
    o.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
        HealthEndpoints.IsHealthPath(context.Request.Path)
            ? RateLimitPartition.GetNoLimiter("health")
            : RateLimits.IsInboxPost(context.Request)
            // A busy server delivers to us from one address: inboxes get their own, larger allowance.
            ? RateLimitPartition.GetFixedWindowLimiter("inbox " + RateLimits.ClientKey(context), _ => new FixedWindowRateLimiterOptions
            {
                PermitLimit = context.RequestServices.GetRequiredService<IOptions<RateLimitOptions>>().Value.InboxPerMinute,
                Window = TimeSpan.FromMinutes(1),
            })
            : RateLimitPartition.GetFixedWindowLimiter(RateLimits.ClientKey(context), _ => new FixedWindowRateLimiterOptions
            {
                PermitLimit = context.RequestServices.GetRequiredService<IOptions<RateLimitOptions>>().Value.RequestsPerMinute,
                Window = TimeSpan.FromMinutes(1),
            }));
    o.OnRejected = (rejected, _) =>
    {
        rejected.HttpContext.Response.Headers.RetryAfter = "60";
        return ValueTask.CompletedTask;
    };
});

services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<ReverseProxyOptions>>((forwarded, proxy) =>
{
    forwarded.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
    forwarded.KnownProxies.Clear();
    forwarded.KnownIPNetworks.Clear();   // trust only what the admin lists
    foreach (var address in proxy.Value.KnownProxies)
    {
        forwarded.KnownProxies.Add(System.Net.IPAddress.Parse(address));
    }

    foreach (var network in proxy.Value.KnownNetworks)
    {
        forwarded.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
    }
});
// The web defaults filter hosts for every path; ours exempts the health checks (probes use whatever name they like).
foreach (var filter in services.Where(d => d.ImplementationType?.Name == "HostFilteringStartupFilter").ToList())
{
    services.Remove(filter);
}

services.AddOptions<Microsoft.AspNetCore.HostFiltering.HostFilteringOptions>().Configure<IOptions<NodeOptions>>((hosts, node) =>
{
    hosts.AllowedHosts = [node.Value.PublicUri.Host, "localhost", "127.0.0.1", "[::1]", .. node.Value.AllowedHosts];
    hosts.IncludeFailureMessage = false;
});

// A cap on every request body (the avatar form has its own, smaller one); JSON and forms here are small.
services.Configure<Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions>(o => o.Limits.MaxRequestBodySize = 10 * 1024 * 1024);
services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database", tags: [HealthEndpoints.ReadyTag]);
// Bad request bodies reach the exception handler (instead of a bare 400), so a JSON type error can name its field.
services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
services.AddProblemDetails(o => o.CustomizeProblemDetails = ErrorResponses.NameErrorsAsJson);
services.AddValidation();
services.AddApiDocument();
services.AddHttpContextAccessor();
services.AddRazorComponents();
// Pages in any language stay small and readable: only characters that HTML needs escaped are escaped.
services.AddSingleton(System.Text.Encodings.Web.HtmlEncoder.Create(System.Text.Unicode.UnicodeRanges.All));
services.AddLocalization();
services.AddLanguages();   // OurSociety:Languages, OurSociety:Hub:Language and how a request's language is chosen
services.AddSingleton<AvatarFiles>();
services.AddContent();   // Markdown and HTML allowlist, pictures: uploads and cached remote ones
services.AddFederation();
services.AddIntroductionFederation();   // introductions on the wire: Offers, answers, direct notes
services.AddScoped<PostPages>();   // the story, lesson and reply pages
services.AddScoped<PostListServices>();   // lists of posts on other features' pages
services.AddSingleton<OurSociety.Web.Features.Introductions.IntroductionParties>();   // who a glue-er named (API and pages)
services.AddPageCompression();   // Brotli, then gzip, for text answers
services.AddPageCaching();   // public pages kept for signed-out visitors
services.AddSingleton<SiteAssets>();   // fingerprinted stylesheet and icon addresses

// Building can already read options (the key ring's folder), so a bad setting may surface here or at start:
// the runner reports either as a message for a person.
return await NodeRunner.RunAsync(builder, app =>
{
    app.UseForwardedHeaders();
    // Deliveries from other servers have one job (verify, store, 202) and come in bursts: they skip the page
    // machinery (request logs, localisation, static files, sign-in, antiforgery), which cost more than the signature.
    app.MapWhen(context => RateLimits.IsInboxPost(context.Request), inbox =>
    {
        inbox.UseHostFiltering();
        inbox.UseExceptionHandler(new ExceptionHandlerOptions
        {
            ExceptionHandler = ErrorResponses.WriteExceptionAsync,
            SuppressDiagnosticsCallback = ErrorResponses.IsAnswered,
        });
        inbox.UseRateLimiter();
        var receiver = app.Services.GetRequiredService<OurSociety.Federation.Inbox.InboxReceiver>();
        var node = app.Services.GetRequiredService<OurSociety.Federation.NodeIdentity>();
        inbox.Run(context => InboxEndpoints.ReceiveAsync(context, receiver, node));
    });
    // Logged by route, not by raw path: setup links and invitation codes are secrets and stay out of the logs. Outside
    // the error handlers, so each request is logged once with the status the client really got.
    app.UseSerilogRequestLogging(o => o.GetMessageTemplateProperties = RequestLogs.Properties);
    app.Use(RequestLogs.RememberRouteAsync);
    app.UseSecurityHeaders();
    app.UseResponseCompression();
    app.UseRequestLocalization();   // the page language: see Hosting/Languages.cs
    app.UseWhen(context => !HealthEndpoints.IsHealthPath(context.Request.Path), branch => branch.UseHostFiltering());
    app.UseExceptionHandler(new ExceptionHandlerOptions
    {
        ExceptionHandler = ErrorResponses.WriteExceptionAsync,
        // A client's bad request or a full disk is answered, not an error of ours: no error log with a stack trace for it.
        SuppressDiagnosticsCallback = ErrorResponses.IsAnswered,
    });
    app.UseStatusCodePages(ErrorResponses.WriteStatusAsync);
    app.UseAuthentication();
    app.UseMiddleware<NewPasswordGate>();   // a sign-in with a one-time password opens only the new-password page
    app.UseMiddleware<OurSociety.Web.Features.Moderation.SuspendedGate>();   // a suspended member reaches only the appeal
    app.UseRateLimiter();
    app.UseAuthorization();
    // After sign-in (a member is never served a kept page) and after the page language is chosen (kept per language).
    app.UseOutputCache();
    app.UseAntiforgery();
    app.Use(FormGuards.RefuseInvalidAntiforgery);

    // Run from a build (tests, dotnet run) the framework also maps a catch-all for files added after the build, which
    // hides /admin/ from routing (404): every file we serve is in the manifest, so that catch-all is switched off.
    app.Configuration["DisableStaticAssetNotFoundRuntimeFallback"] = "true";
    app.MapStaticAssets();   // wwwroot, fingerprinted, pre-compressed, immutable when published
    app.Services.GetRequiredService<SiteAssets>().Load(app);
    app.MapOpenApi();
    app.MapHealthEndpoints();
    app.MapDiscoveryEndpoints();
    app.MapHomeEndpoints();
    app.MapAboutEndpoints();
    app.MapAccountEndpoints();
    app.MapProfileEndpoints();
    app.MapMediaFileEndpoints();
    app.MapSettingsEndpoints();
    app.MapFollowPageEndpoints();
    app.MapMutePageEndpoints();   // members' own mutes and blocks (issue 13)
    app.MapRequestEndpoints();   // notification requests (issue 13)
    app.MapPostPageEndpoints();
    app.MapReplyPolicyPages();   // moderated replies (issue 13)
    app.MapProposalPageEndpoints();   // needs and offers
    app.MapFindingEndpoints();
    OurSociety.Web.Features.HubDirectory.DirectoryEndpoints.MapDirectoryPages(app);   // /network/hubs (issue 14)
    app.MapHelpPageEndpoints();   // asking for help, /start
    app.MapAdminEndpoints();
    OurSociety.Web.Features.Moderation.AuditLogEndpoints.MapAuditLogPages(app);   // the moderators' audit log
    OurSociety.Web.Features.HubSubmissions.HubSubmissionEndpoints.MapHubSubmissionPages(app);   // posts sent to the hub (issue 14)
    OurSociety.Web.Features.Moderation.AccountActionEndpoints.MapAccountActionPages(app);   // /admin/account-actions
    app.MapIntroductionPageEndpoints();
    app.MapReportPageEndpoints();   // reports, the moderators' report queue, appeals
    app.MapLanguageEndpoints();
    app.MapOurSocietyApi();
    app.MapActorEndpoints();
    app.MapPostObjectEndpoints();
});

/// <summary>The entry point's type, named so tests can start the node with <c>WebApplicationFactory&lt;Program&gt;</c>.</summary>
public partial class Program;
