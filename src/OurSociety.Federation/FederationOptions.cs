namespace OurSociety.Federation;

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

    /// <summary>
    /// Deliveries in flight at once over all hosts (1–1024). Over the internet a delivery mostly waits for the other
    /// server, so this, not the CPU, bounds how fast a post reaches many servers.
    /// </summary>
    public int DeliveryConcurrency { get; set; } = 128;

    /// <summary>Deliveries in flight at once to one host (1–64, at most <see cref="DeliveryConcurrency"/>): one slow server cannot take every slot.</summary>
    public int DeliveryConcurrencyPerHost { get; set; } = 8;
}
