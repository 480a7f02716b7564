using OurSociety.ActivityPub.Json;

namespace OurSociety.Federation.Http;

/// <summary>What fetching an ActivityPub document gave: the document, or why not, in words fit for a log.</summary>
public abstract record FetchResult
{
    private FetchResult()
    {
    }

    /// <summary>A document whose <c>id</c> is <paramref name="Id"/>, served from that id's own host.</summary>
    public sealed record Ok(ApDocument Document, Uri Id, Uri FinalUrl) : FetchResult;

    /// <summary>404: may come back later.</summary>
    public sealed record NotFound(string Reason) : FetchResult;

    /// <summary>410: deleted for good.</summary>
    public sealed record Gone(string Reason) : FetchResult;

    /// <summary>Our rules said no: address, scheme, redirects, size, media type, not a valid document, id mismatch.</summary>
    public sealed record Refused(string Reason) : FetchResult;

    /// <summary>The peer or the network failed: another status, a timeout, a broken connection. Worth a retry later.</summary>
    public sealed record Failed(int? Status, string Reason) : FetchResult;
}
