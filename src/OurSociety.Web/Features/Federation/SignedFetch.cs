using Microsoft.Extensions.Options;
using OurSociety.Core.Moderation;
using OurSociety.Federation;
using OurSociety.Federation.Inbox;

namespace OurSociety.Web.Features.Federation;

/// <summary>
/// Authorized-fetch mode (<c>OurSociety:Federation:RequireSignedFetch</c>): ActivityPub GETs must carry a valid
/// signature. The instance actor, discovery documents and the key part of actors stay open (INTEROP §3.5), or no
/// server could ever verify us.
/// </summary>
internal sealed class SignedFetch(
    IOptions<FederationOptions> options, IDomainRules domains, InboundSignatures signatures, NodeIdentity node)
{
    /// <summary>Configured, or turned on by allowlist mode (as Mastodon's limited federation mode does).</summary>
    public async ValueTask<bool> RequiredAsync(CancellationToken ct) =>
        options.Value.RequireSignedFetch || await domains.ModeAsync(ct) == FederationMode.Allowlist;

    /// <summary>Null when the request may be answered; otherwise why not (answered 401).</summary>
    public async Task<string?> CheckAsync(HttpRequest request, CancellationToken ct)
    {
        if (!await RequiredAsync(ct))
        {
            return null;
        }

        var check = signatures.Parse(IncomingRequests.Describe(request, node.Origin, ReadOnlyMemory<byte>.Empty));
        if (check.Signature is not { } signature)
        {
            return check.Error ?? "a signature is required";
        }

        // In allowlist mode only allowed domains may read; checked before the key is fetched.
        if (!(await domains.ForAsync(signature.KeyId, ct)).Federates)
        {
            return "this hub does not federate with the signer's domain";
        }

        var (key, error) = await signatures.VerifyAsync(signature, ct);
        return key is null ? error ?? "the signature could not be verified" : null;
    }
}
