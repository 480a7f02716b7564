using System.Net;
using System.Net.Sockets;

namespace OurSociety.Web.Hosting;

internal static class RateLimits
{
    /// <summary>Sign-in, sign-up and first-admin setup: guessing passwords must be slow.</summary>
    public const string SignIn = "sign-in";

    /// <summary>
    /// Per client address; behind a proxy this is the forwarded address (only from configured proxies). An IPv6 client
    /// usually holds a whole /64, so it counts as one: otherwise it could step through addresses to dodge the limit.
    /// </summary>
    /// <summary>An ActivityPub delivery: a POST to the shared inbox or an actor's inbox.</summary>
    public static bool IsInboxPost(HttpRequest request) =>
        HttpMethods.IsPost(request.Method) && request.Path.Value is { } path && (path == "/inbox" || path.EndsWith("/inbox", StringComparison.Ordinal));

    public static string ClientKey(HttpContext context)
    {
        var address = context.Connection.RemoteIpAddress;
        if (address is null)
        {
            return "unknown";
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        return address.AddressFamily == AddressFamily.InterNetworkV6
            ? new IPNetwork(new IPAddress([.. address.GetAddressBytes().AsSpan(0, 8), .. new byte[8]]), 64).ToString()
            : address.ToString();
    }
}
