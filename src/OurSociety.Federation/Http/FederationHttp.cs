using System.Reflection;
using Microsoft.Extensions.Options;
using OurSociety.Federation.Actors;

namespace OurSociety.Federation.Http;

/// <summary>
/// The one outbound HTTP client's name and identity. The web project registers it (<c>AddFederationHttp</c>) over a
/// socket handler guarded by <see cref="OutboundGuard"/>; in-process multi-node tests swap that handler for a router
/// (no sockets, so no address checks: the guard itself is tested on real loopback sockets).
/// </summary>
public static class FederationHttp
{
    public const string ClientName = "federation";

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
