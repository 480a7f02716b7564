namespace OurSociety.Federation.Http;

/// <summary>Why an outbound request did not give a usable response.</summary>
public enum FederationHttpError
{
    /// <summary>Our rules said no: a private address, a plain-http URL, too many redirects, a body over the cap.</summary>
    Refused,

    /// <summary>The network or the peer failed: no answer in time, connection refused or reset, DNS unknown.</summary>
    Failed,
}

/// <summary>
/// An outbound request refused by the guard or failed on the network. The message is a plain reason for logs and
/// work-item errors; it never holds bodies or keys.
/// </summary>
public sealed class FederationHttpException(FederationHttpError error, string message, Exception? inner = null)
    : Exception(message, inner)
{
    public FederationHttpError Error { get; } = error;
}
