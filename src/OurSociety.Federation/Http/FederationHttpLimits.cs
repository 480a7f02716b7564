namespace OurSociety.Federation.Http;

/// <summary>
/// Time and size limits of every outbound request (INTEROP §6, Mastodon's request.rb values). Not configuration: a
/// node has no reason to change them; tests register their own instance to make timeouts fast.
/// </summary>
public sealed class FederationHttpLimits
{
    public static readonly FederationHttpLimits Default = new();

    /// <summary>DNS lookup plus TCP connect plus TLS handshake, per connection.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>From the first request to the last byte of the body read, redirects included.</summary>
    public TimeSpan TotalTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The most of any response body that is read; more is refused, not truncated.</summary>
    public int MaxBodyBytes { get; init; } = 1024 * 1024;

    /// <summary>Redirects followed for a GET, each hop vetted again.</summary>
    public int MaxRedirects { get; init; } = 3;
}
