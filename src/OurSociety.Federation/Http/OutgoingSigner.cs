using OurSociety.ActivityPub.Signatures;

namespace OurSociety.Federation.Http;

/// <summary>
/// Signs an outgoing request in one of the two specifications. A seam only so the guard's own tests do not depend
/// on signing; the node always uses <see cref="HttpSignerOutgoingSigner"/>.
/// </summary>
public interface IOutgoingSigner
{
    void Sign(HttpRequestMessage request, ReadOnlySpan<byte> body, SigningKey key, SignatureSpec spec, DateTimeOffset now);
}

public sealed class HttpSignerOutgoingSigner : IOutgoingSigner
{
    public void Sign(HttpRequestMessage request, ReadOnlySpan<byte> body, SigningKey key, SignatureSpec spec, DateTimeOffset now)
    {
        if (spec == SignatureSpec.Rfc9421)
        {
            HttpSigner.SignRfc9421(request, body, key, now);
        }
        else
        {
            HttpSigner.SignCavage(request, body, key, now);
        }
    }
}
