using System.Globalization;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Net.Http.Headers;
using OurSociety.Core;
using OurSociety.Web.Features.Federation;

namespace OurSociety.Web.Hosting;

/// <summary>
/// Public pages rendered once and kept for signed-out visitors (ASP.NET's output cache, in memory): a story page is
/// read far more often than it changes, and rendering it costs several queries. Never for a signed-in member (the page
/// names them), never for an answer that sets a cookie or carries a form token, never for servers asking for
/// ActivityPub JSON. Every committed change forgets all kept pages (<see cref="IPageCache"/>); the short lifetime is
/// only a safety net for a change that slips past that.
/// </summary>
internal static class PageCaching
{
    /// <summary>The policy public page endpoints name with <c>.CacheOutput(PageCaching.Policy)</c>.</summary>
    public const string Policy = "signed-out-page";

    /// <summary>The one tag every kept page carries: a change may show on many pages (lists, counts, author names).</summary>
    public const string Tag = "pages";

    public static readonly TimeSpan MaxLifetime = TimeSpan.FromSeconds(60);

    public static IServiceCollection AddPageCaching(this IServiceCollection services)
    {
        services.AddOutputCache(o =>
        {
            o.SizeLimit = 16 * 1024 * 1024;   // a small node's idle memory matters more than a rare miss
            o.MaximumBodySize = 512 * 1024;
            o.AddPolicy(Policy, new SignedOutPagePolicy());
        });
        services.Replace(ServiceDescriptor.Singleton<IPageCache, OutputCachePages>());
        return services;
    }

    /// <summary>The store's eviction behind Core's port.</summary>
    private sealed class OutputCachePages(IOutputCacheStore store) : IPageCache
    {
        // Not the request's token: once the change has committed, its pages must go even if the client has gone.
        public ValueTask ChangedAsync() => store.EvictByTagAsync(Tag, CancellationToken.None);
    }

    private sealed class SignedOutPagePolicy : IOutputCachePolicy
    {
        public ValueTask CacheRequestAsync(OutputCacheContext context, CancellationToken cancellation)
        {
            var http = context.HttpContext;
            var request = http.Request;
            var cacheable = (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method))
                && request.Headers.Authorization.Count == 0
                && http.User.Identity?.IsAuthenticated != true
                && !ApResults.WantsActivityJson(request);
            context.EnableOutputCaching = true;
            context.AllowCacheLookup = cacheable;
            context.AllowCacheStorage = cacheable;
            context.AllowLocking = true;   // a burst of visitors to a new story renders it once
            context.ResponseExpirationTimeSpan = MaxLifetime;
            context.Tags.Add(Tag);
            context.CacheVaryByRules.QueryKeys = "*";
            // The page language (chosen by ?lang=, a cookie or Accept-Language, set before this middleware runs).
            context.CacheVaryByRules.VaryByValues["lang"] = CultureInfo.CurrentUICulture.Name;
            return ValueTask.CompletedTask;
        }

        public ValueTask ServeFromCacheAsync(OutputCacheContext context, CancellationToken cancellation) => ValueTask.CompletedTask;

        public ValueTask ServeResponseAsync(OutputCacheContext context, CancellationToken cancellation)
        {
            var response = context.HttpContext.Response;
            // A form token (the antiforgery system marks its answers no-store) belongs to one visitor's cookie, and a
            // Set-Cookie to one visitor: such answers are never kept. Nor errors and redirects.
            if (response.StatusCode != StatusCodes.Status200OK
                || response.Headers.SetCookie.Count > 0
                || response.Headers.CacheControl.Any(v => v?.Contains(CacheControlHeaderValue.NoStoreString, StringComparison.OrdinalIgnoreCase) == true))
            {
                context.AllowCacheStorage = false;
            }

            return ValueTask.CompletedTask;
        }
    }
}
