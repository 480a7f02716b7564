using OurSociety.Testing;

namespace OurSociety.Web.Tests.Discovery;

/// <summary>A node on a public address with a port (handles carry it), asking approval to join, with its own hub name.</summary>
public sealed class DiscoveryNode : NodeFactory
{
    public DiscoveryNode() => With("OurSociety:PublicUrl", "http://Hub.Test:8080")
        .With("OurSociety:Registrations", "approval")
        .With("OurSociety:Hub:Username", "riverside")
        .With("OurSociety:Hub:Name", "Riverside Repair Café")
        .With("OurSociety:Hub:Locality", "Riverside")
        .With("OurSociety:Hub:Description", "We fix things together on Tuesdays.");
}

/// <summary>A node anyone may join, on an https address without a port; its clock is moved by its tests.</summary>
public sealed class OpenDiscoveryNode : NodeFactory
{
    public OpenDiscoveryNode() => With("OurSociety:PublicUrl", "https://social.example")
        .With("OurSociety:Registrations", "open");
}
