using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;
using OurSociety.ActivityPub.Net;

namespace OurSociety.Federation.Http;

/// <summary>Looks up a host's addresses. A seam so a test can play a DNS server that answers what it likes.</summary>
public interface IHostResolver
{
    Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken);
}

public sealed class DnsHostResolver : IHostResolver
{
    public Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken) =>
        Dns.GetHostAddressesAsync(host, cancellationToken);
}

/// <summary>
/// The SSRF rules of INTEROP §7.6 for every request the node makes on a peer's behalf. URLs are vetted before each
/// hop; addresses are vetted in the connection itself: the handler resolves the name here, checks every address and
/// connects to the checked address, so a DNS answer that changes between check and connect (rebinding) cannot
/// reach a private network. Mastodon's Request::Socket does the same; Fedify checks before fetch only.
/// </summary>
public sealed class OutboundGuard(IOptionsMonitor<FederationOptions> options, IHostResolver resolver)
{
    /// <summary>Why this URL may not be requested, or null when it may. Addresses are checked later, at connect.</summary>
    public string? CheckUrl(Uri url)
    {
        if (!url.IsAbsoluteUri || url.Scheme is not ("http" or "https"))
        {
            return $"only http(s) URLs are fetched, not '{(url.IsAbsoluteUri ? url.Scheme : "relative")}'";
        }

        if (!string.IsNullOrEmpty(url.UserInfo) || string.IsNullOrEmpty(url.Host))
        {
            return "the URL has user info or no host";
        }

        // Plain http is for closed test networks only (the allow-listed origins or AllowPrivateAddresses): elsewhere a
        // peer's documents and our signed requests would travel readable and changeable (RFC 7033 §9.1 for WebFinger).
        if (url.Scheme == Uri.UriSchemeHttp && !options.CurrentValue.AllowPrivateAddresses && !IsAllowedPrivateOrigin(url))
        {
            return "plain http is refused; peers are reached over https";
        }

        return null;
    }

    /// <summary>True when the URL's origin is listed in <see cref="FederationOptions.AllowedPrivateOrigins"/>.</summary>
    public bool IsAllowedPrivateOrigin(Uri url) =>
        options.CurrentValue.AllowedPrivateOrigins.Any(o => Uri.TryCreate(o, UriKind.Absolute, out var allowed) && SameOrigin(allowed, url));

    /// <summary>Scheme, host and port compared as <see cref="Uri"/> normalises them (lower case, default ports filled in).</summary>
    public static bool SameOrigin(Uri a, Uri b) =>
        Uri.Compare(a, b, UriComponents.SchemeAndServer, UriFormat.SafeUnescaped, StringComparison.OrdinalIgnoreCase) == 0;

    /// <summary>The <see cref="SocketsHttpHandler.ConnectCallback"/>: resolve, vet every address, connect to a vetted one.</summary>
    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var host = context.DnsEndPoint.Host;
        var port = context.DnsEndPoint.Port;
        var origin = context.InitialRequestMessage.RequestUri;
        var anyAddress = options.CurrentValue.AllowPrivateAddresses || (origin is not null && IsAllowedPrivateOrigin(origin));

        var addresses = IPAddress.TryParse(host.Trim('[', ']'), out var literal)
            ? [literal]
            : await resolver.ResolveAsync(host, cancellationToken);
        if (addresses.Length == 0)
        {
            throw new FederationHttpException(FederationHttpError.Failed, $"{host} has no addresses");
        }

        // Every address, not only the one used: a name that also points inside is someone probing the network.
        if (!anyAddress && addresses.FirstOrDefault(a => !AddressRules.IsPublic(a)) is { } inside)
        {
            throw new FederationHttpException(FederationHttpError.Refused, $"{host} is at {inside}, which is not a public address");
        }

        SocketException? last = null;
        foreach (var address in addresses)
        {
            var target = address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
            var socket = new Socket(target.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(new IPEndPoint(target, port), cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch (SocketException e)
            {
                socket.Dispose();
                last = e;   // try the next address, as a browser would
            }
            catch (OperationCanceledException)
            {
                socket.Dispose();
                throw;
            }
        }

        throw new FederationHttpException(FederationHttpError.Failed, $"could not connect to {host}:{port}: {last?.SocketErrorCode}", last);
    }
}
