using OurSociety.Testing;

namespace OurSociety.Web.Tests.Profiles;

/// <summary>A node on a public address with a port, which must show up in handles.</summary>
public sealed class ProfilesNode : NodeFactory
{
    public ProfilesNode() => With("OurSociety:PublicUrl", "http://hub.test:8080")
        .With("OurSociety:Hub:Name", "Riverside Repair Café")
        .With("OurSociety:Hub:Locality", "Riverside")
        .With("OurSociety:Hub:Description", "We fix things together on Tuesdays.");
}
