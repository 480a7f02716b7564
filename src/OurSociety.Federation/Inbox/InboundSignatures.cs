using OurSociety.ActivityPub.Signatures;
using OurSociety.Federation.Actors;

namespace OurSociety.Federation.Inbox;

/// <summary>Checks the HTTP signature of an incoming request against the signer's published key.</summary>
public sealed class InboundSignatures(RemoteActors actors, TimeProvider time)
{
    /// <summary>Checks the signature's shape, coverage, time and digest (no key needed yet).</summary>
    public SignatureCheck Parse(IncomingRequest request) => HttpSignatures.Parse(request, time.GetUtcNow());

    /// <summary>Verifies with the signer's key; a failure with a cached key refetches it once (the key may have rotated).</summary>
    public async Task<(ActorKey? Key, string? Error)> VerifyAsync(ParsedSignature signature, CancellationToken ct)
    {
        var (key, error) = await actors.KeyAsync(signature.KeyId, refresh: false, ct);
        if (key is null)
        {
            return (null, error);
        }

        if (HttpSignatures.Verify(signature, key.Key))
        {
            return (key, null);
        }

        (key, error) = await actors.KeyAsync(signature.KeyId, refresh: true, ct);
        if (key is null)
        {
            return (null, error);
        }

        return HttpSignatures.Verify(signature, key.Key) ? (key, null) : (null, "the signature does not match the key");
    }
}
