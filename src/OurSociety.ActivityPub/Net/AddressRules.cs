using System.Net;
using System.Net.Sockets;

namespace OurSociety.ActivityPub.Net;

/// <summary>
/// Which IP addresses a federating server may connect to on a peer's behalf. Anything a remote document names (an
/// inbox, a key id, an avatar) is attacker-chosen, so only addresses on the public internet are reachable (INTEROP §7.6).
/// </summary>
public static class AddressRules
{
    // INTEROP §7.6, the list Mastodon's private_address_check.rb keeps, plus the special-purpose registries (RFC 6890).
    // An incomplete list was the cause of Mastodon CVE-2026-22245 and Fedify CVE-2026-50131.
    private static readonly IPNetwork[] BlockedV4 =
    [
        IPNetwork.Parse("0.0.0.0/8"),          // "this network"; 0.0.0.0 reaches the local host on Linux
        IPNetwork.Parse("10.0.0.0/8"),         // private (RFC 1918)
        IPNetwork.Parse("100.64.0.0/10"),      // carrier-grade NAT shared space (RFC 6598)
        IPNetwork.Parse("127.0.0.0/8"),        // loopback
        IPNetwork.Parse("169.254.0.0/16"),     // link-local, where cloud metadata services live
        IPNetwork.Parse("172.16.0.0/12"),      // private (RFC 1918)
        IPNetwork.Parse("192.0.0.0/24"),       // IETF protocol assignments
        IPNetwork.Parse("192.0.2.0/24"),       // TEST-NET-1
        IPNetwork.Parse("192.88.99.0/24"),     // 6to4 relay anycast
        IPNetwork.Parse("192.168.0.0/16"),     // private (RFC 1918)
        IPNetwork.Parse("198.18.0.0/15"),      // benchmarking
        IPNetwork.Parse("198.51.100.0/24"),    // TEST-NET-2
        IPNetwork.Parse("203.0.113.0/24"),     // TEST-NET-3
        IPNetwork.Parse("224.0.0.0/4"),        // multicast
        IPNetwork.Parse("240.0.0.0/4"),        // reserved, includes broadcast 255.255.255.255
    ];

    private static readonly IPNetwork GlobalUnicastV6 = IPNetwork.Parse("2000::/3");

    // Inside 2000::/3 (the only IPv6 space routed on the internet): ranges that tunnel to IPv4 or are not routable.
    // Everything outside 2000::/3 is refused anyway: ::/128 (Mastodon CVE-2026-46348), ::1, ::ffff:0:0/96 (handled by
    // unwrapping), 64:ff9b::/96 (NAT64 reaches internal IPv4), 100::/64, fc00::/7, fe80::/10, fec0::/10, ff00::/8.
    private static readonly IPNetwork[] BlockedV6 =
    [
        IPNetwork.Parse("2001::/32"),          // Teredo: embeds an IPv4 address
        IPNetwork.Parse("2001:10::/28"),       // ORCHID (deprecated)
        IPNetwork.Parse("2001:20::/28"),       // ORCHIDv2
        IPNetwork.Parse("2001:db8::/32"),      // documentation
        IPNetwork.Parse("2002::/16"),          // 6to4: embeds an IPv4 address
        IPNetwork.Parse("3fff::/20"),          // documentation (RFC 9637)
    ];

    /// <summary>
    /// True when <paramref name="address"/> is a public unicast address this server may connect to. IPv4-mapped IPv6
    /// addresses (<c>::ffff:a.b.c.d</c>) are judged by the IPv4 address they carry, which is where a connection goes.
    /// </summary>
    public static bool IsPublic(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        return address.AddressFamily switch
        {
            AddressFamily.InterNetwork => !BlockedV4.Any(n => n.Contains(address)),
            AddressFamily.InterNetworkV6 => GlobalUnicastV6.Contains(address) && !BlockedV6.Any(n => n.Contains(address)),
            _ => false,
        };
    }
}
