namespace OurSociety.Federation;

/// <summary>
/// This node as other servers know it: its public origin, on which every actor, activity and object id is built.
/// The ids are stored by other servers, so the origin cannot change once the node federates.
/// </summary>
public sealed class NodeIdentity(Uri publicUri)
{
    public Uri PublicUri { get; } = publicUri;

    /// <summary><c>scheme://host[:port]</c>, no trailing slash: what URLs are built on.</summary>
    public string Origin { get; } = publicUri.GetLeftPart(UriPartial.Authority);

    /// <summary><c>host[:port]</c>: the domain part of handles (<c>@name@host</c>).</summary>
    public string Authority => PublicUri.Authority;
}
