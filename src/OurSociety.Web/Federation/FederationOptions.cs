namespace OurSociety.Web.Federation;

/// <summary>The <c>OurSociety:Federation</c> section: how this node talks to other servers.</summary>
public sealed class FederationOptions
{
    public const string Section = "OurSociety:Federation";

    /// <summary>
    /// Authorized-fetch mode: GETs of actors, objects and collections need a valid HTTP signature (INTEROP §3.5).
    /// The instance actor, well-known and NodeInfo documents and the key part of actors stay open.
    /// </summary>
    public bool RequireSignedFetch { get; set; }

    /// <summary>Lets fetches and deliveries reach private, loopback and link-local addresses. For closed test networks only.</summary>
    public bool AllowPrivateAddresses { get; set; }

    /// <summary>Origins (<c>scheme://host:port</c>) on private addresses that may still be reached, e.g. <c>http://127.0.0.1:4100</c>.</summary>
    public string[] AllowedPrivateOrigins { get; set; } = [];
}
