using System.Net;
using OurSociety.ActivityPub.Net;

namespace OurSociety.ActivityPub.Tests.Net;

public sealed class AddressRulesTests
{
    // Every range of INTEROP §7.6: its first address, one inside and its last address, so an off-by-one prefix shows.
    [Theory]
    [InlineData("0.0.0.0")]
    [InlineData("0.255.255.255")]
    [InlineData("10.0.0.0")]
    [InlineData("10.1.2.3")]
    [InlineData("10.255.255.255")]
    [InlineData("100.64.0.0")]
    [InlineData("100.100.100.100")]
    [InlineData("100.127.255.255")]
    [InlineData("127.0.0.1")]
    [InlineData("127.255.255.254")]
    [InlineData("169.254.169.254")]
    [InlineData("169.254.0.0")]
    [InlineData("172.16.0.0")]
    [InlineData("172.20.1.1")]
    [InlineData("172.31.255.255")]
    [InlineData("192.0.0.0")]
    [InlineData("192.0.0.255")]
    [InlineData("192.0.2.1")]
    [InlineData("192.88.99.1")]
    [InlineData("192.168.0.1")]
    [InlineData("192.168.255.255")]
    [InlineData("198.18.0.1")]
    [InlineData("198.19.255.255")]
    [InlineData("198.51.100.7")]
    [InlineData("203.0.113.9")]
    [InlineData("224.0.0.1")]
    [InlineData("239.255.255.250")]
    [InlineData("240.0.0.1")]
    [InlineData("255.255.255.255")]
    public void IsPublic_BlockedIpv4_False(string address) => Assert.False(AddressRules.IsPublic(IPAddress.Parse(address)));

    [Theory]
    [InlineData("::")]
    [InlineData("::1")]
    [InlineData("::ffff:127.0.0.1")]
    [InlineData("::ffff:10.0.0.1")]
    [InlineData("::ffff:169.254.169.254")]
    [InlineData("::ffff:0.0.0.0")]
    [InlineData("::127.0.0.1")]                  // IPv4-compatible (deprecated)
    [InlineData("::ffff:0:7f00:1")]              // IPv4-translated (SIIT)
    [InlineData("64:ff9b::7f00:1")]              // NAT64 of 127.0.0.1
    [InlineData("64:ff9b::808:808")]             // NAT64 of a public address: still reaches the translator's network
    [InlineData("100::1")]
    [InlineData("2001::1")]
    [InlineData("2001:0:ffff:ffff:ffff:ffff:ffff:ffff")]
    [InlineData("2001:10::1")]
    [InlineData("2001:1f:ffff::1")]
    [InlineData("2001:20::1")]
    [InlineData("2001:2f:ffff::1")]
    [InlineData("2001:db8::1")]
    [InlineData("2001:db8:ffff::1")]
    [InlineData("2002::1")]
    [InlineData("2002:7f00:1::1")]
    [InlineData("3fff::1")]
    [InlineData("fc00::1")]
    [InlineData("fd12:3456::1")]
    [InlineData("fe80::1")]
    [InlineData("fe80::1%2")]
    [InlineData("febf:ffff::1")]
    [InlineData("fec0::1")]
    [InlineData("ff02::1")]
    [InlineData("ff0e::1")]
    public void IsPublic_BlockedIpv6_False(string address) => Assert.False(AddressRules.IsPublic(IPAddress.Parse(address)));

    [Theory]
    [InlineData("1.1.1.1")]
    [InlineData("8.8.8.8")]
    [InlineData("9.255.255.255")]                // just below 10/8
    [InlineData("11.0.0.0")]                     // just above 10/8
    [InlineData("100.63.255.255")]
    [InlineData("100.128.0.0")]
    [InlineData("126.255.255.255")]
    [InlineData("128.0.0.0")]
    [InlineData("172.15.255.255")]
    [InlineData("172.32.0.0")]
    [InlineData("192.0.1.1")]
    [InlineData("192.167.255.255")]
    [InlineData("192.169.0.0")]
    [InlineData("198.17.255.255")]
    [InlineData("198.20.0.0")]
    [InlineData("223.255.255.255")]
    [InlineData("::ffff:8.8.8.8")]               // mapped: judged by the IPv4 address it carries
    [InlineData("2001:4860:4860::8888")]
    [InlineData("2606:4700:4700::1111")]
    [InlineData("2a01:4f8::1")]
    [InlineData("2003::1")]
    [InlineData("2001:30::1")]                   // just past ORCHIDv2
    [InlineData("3ffe::1")]
    public void IsPublic_PublicAddress_True(string address) => Assert.True(AddressRules.IsPublic(IPAddress.Parse(address)));
}
