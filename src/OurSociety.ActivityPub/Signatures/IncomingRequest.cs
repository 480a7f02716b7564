namespace OurSociety.ActivityPub.Signatures;

/// <summary>An incoming request as the verifier needs it: no ASP.NET types, so the library stays host-neutral.</summary>
public sealed class IncomingRequest
{
    /// <summary>The HTTP method, e.g. <c>POST</c>.</summary>
    public required string Method { get; init; }

    /// <summary>The absolute URL the client addressed (the node's public origin + path + query), not Kestrel's own.</summary>
    public required Uri TargetUri { get; init; }

    /// <summary>Header lookup by lower-case name; several values of one header come back joined with <c>", "</c>.</summary>
    public required Func<string, string?> Header { get; init; }

    /// <summary>The raw body bytes as received, or empty for a GET.</summary>
    public ReadOnlyMemory<byte> Body { get; init; }

    /// <summary>True when the request carries a body that a signature has to bind with a digest (any POST, or any body).</summary>
    internal bool HasBody => !Body.IsEmpty || string.Equals(Method, "POST", StringComparison.OrdinalIgnoreCase);
}
