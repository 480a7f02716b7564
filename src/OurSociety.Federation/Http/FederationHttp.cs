using System.Net;
using System.Reflection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using OurSociety.Federation.Actors;

namespace OurSociety.Federation.Http;

/// <summary>
/// Registers the outbound HTTP stack: the named client <see cref="ClientName"/> whose primary handler is a
/// <see cref="SocketsHttpHandler"/> guarded by <see cref="OutboundGuard"/>, plus <see cref="GuardedHttp"/>,
/// <see cref="ApFetcher"/> (also as <see cref="IDocumentFetcher"/>) and <see cref="WebFingerClient"/> (also as
/// <see cref="Follows.IHandleResolver"/>).
/// </summary>
/// <remarks>
/// In-process multi-node tests swap the primary handler after this call, which wins because it runs later:
/// <c>services.AddHttpClient(FederationHttp.ClientName).ConfigurePrimaryHttpMessageHandler(() =&gt; router)</c>.
/// That bypasses the address checks (there are no sockets), but URL rules, redirects, deadlines and body caps stay;
/// the guard itself is tested on real loopback sockets. Tests shorten timeouts by registering their own
/// <see cref="FederationHttpLimits"/> singleton.
/// </remarks>
public static class FederationHttp
{
    public const string ClientName = "federation";

    public static IServiceCollection AddFederationHttp(this IServiceCollection services)
    {
        services.AddOptions<FederationOptions>().BindConfiguration(FederationOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<FederationOptions>, FederationOptionsValidator>();
        services.TryAddSingleton(FederationHttpLimits.Default);
        services.TryAddSingleton<IHostResolver, DnsHostResolver>();
        services.TryAddSingleton<IOutgoingSigner, HttpSignerOutgoingSigner>();
        services.AddSingleton<OutboundGuard>();
        services.AddSingleton<GuardedHttp>();
        services.AddSingleton<ApFetcher>();
        services.AddSingleton<WebFingerClient>();
        services.AddSingleton<IDocumentFetcher, DocumentFetcher>();
        services.AddSingleton<Follows.IHandleResolver, HandleResolver>();

        services.AddHttpClient(ClientName)
            .ConfigureHttpClient((sp, client) =>
            {
                // GuardedHttp keeps the deadline (it must cover the body too); this is only a backstop.
                client.Timeout = sp.GetRequiredService<FederationHttpLimits>().TotalTimeout + TimeSpan.FromSeconds(5);
                client.DefaultRequestHeaders.TryAddWithoutValidation("User-Agent", UserAgent(sp.GetRequiredService<NodeIdentity>()));
            })
            .ConfigurePrimaryHttpMessageHandler(sp => new SocketsHttpHandler
            {
                ConnectCallback = sp.GetRequiredService<OutboundGuard>().ConnectAsync,
                ConnectTimeout = sp.GetRequiredService<FederationHttpLimits>().ConnectTimeout,
                // Redirects are followed by GuardedHttp, which vets and re-signs each hop.
                AllowAutoRedirect = false,
                // A proxy from the environment would make ConnectCallback connect to the proxy, not the vetted peer.
                UseProxy = false,
                UseCookies = false,
                // The body cap counts decompressed bytes, so a compressed bomb stops at the cap too.
                AutomaticDecompression = DecompressionMethods.All,
                PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            });
        return services;
    }

    /// <summary><c>OurSociety/1.2.3 (+https://host/)</c>: names the software and where to complain (INTEROP §3.4).</summary>
    public static string UserAgent(NodeIdentity node)
    {
        var version = typeof(FederationHttp).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";
        return $"OurSociety/{version.Split('+')[0]} (+{node.Origin}/)";
    }
}

/// <summary>
/// Each allowed private origin must be just an origin, or the comparison with request URLs never matches; the delivery
/// limits must be positive and the per-host one within the total.
/// </summary>
public sealed class FederationOptionsValidator : IValidateOptions<FederationOptions>
{
    public ValidateOptionsResult Validate(string? name, FederationOptions options)
    {
        var errors = options.AllowedPrivateOrigins
            .Where(o => !Uri.TryCreate(o, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https")
                || url.AbsolutePath != "/" || !string.IsNullOrEmpty(url.Query) || !string.IsNullOrEmpty(url.Fragment)
                || !string.IsNullOrEmpty(url.UserInfo))
            .Select(o => $"{FederationOptions.Section}:AllowedPrivateOrigins has '{o}', which is not an origin like http://127.0.0.1:4100 (http or https, host, optional port, no path).")
            .ToList();
        if (options.DeliveryConcurrency is < 1 or > 1024)
        {
            errors.Add($"{FederationOptions.Section}:DeliveryConcurrency is {options.DeliveryConcurrency}; it must be between 1 and 1024.");
        }

        if (options.DeliveryConcurrencyPerHost < 1 || options.DeliveryConcurrencyPerHost > Math.Min(64, Math.Max(1, options.DeliveryConcurrency)))
        {
            errors.Add($"{FederationOptions.Section}:DeliveryConcurrencyPerHost is {options.DeliveryConcurrencyPerHost}; it must be between 1 and 64, and at most DeliveryConcurrency.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
