using Microsoft.Extensions.Options;
using OurSociety.ActivityPub.Signatures;
using OurSociety.Web.Hosting;

namespace OurSociety.Web.Federation;

/// <summary>Checks the HTTP signature of an incoming request against the signer's published key.</summary>
internal sealed class InboundSignatures(RemoteActors actors, TimeProvider time, IOptions<NodeOptions> node)
{
    /// <summary>The request as the verifier sees it: its URL rebuilt on the public origin, not Kestrel's own address.</summary>
    public IncomingRequest Describe(HttpRequest request, ReadOnlyMemory<byte> body) => new()
    {
        Method = request.Method,
        TargetUri = new Uri(node.Value.Origin + request.Path.ToUriComponent() + request.QueryString.ToUriComponent()),
        Header = name => request.Headers.TryGetValue(name, out var values) ? (values.Count == 1 ? values[0] : string.Join(", ", values.ToArray())) : null,
        Body = body,
    };

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
