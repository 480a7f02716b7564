using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Extensions;
using OurSociety.ActivityPub.Signatures;
using OurSociety.Federation.Http;

namespace OurSociety.Web.Tests.Federation.Http;

/// <summary>The fetcher with the real signer, checked by a server that verifies like a peer would.</summary>
public sealed class SignedFetchTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Verifies the request's signature with the test instance key; returns the spec used, or null.</summary>
    private static SignatureSpec? Verified(HttpContext c)
    {
        var check = HttpSignatures.Parse(new IncomingRequest
        {
            Method = c.Request.Method,
            TargetUri = new Uri(c.Request.GetEncodedUrl()),
            Header = name => c.Request.Headers.TryGetValue(name, out var v) ? string.Join(", ", v.ToArray()) : null,
        }, TimeProvider.System.GetUtcNow());
        return check.Signature is { } signature
            && signature.KeyId == "https://us.example/actor#main-key"
            && HttpSignatures.Verify(signature, Outbound.Keys.PublicKey)
                ? signature.Spec
                : null;
    }

    [Fact]
    public async Task Get_FirstContact_CavageSignatureVerifies()
    {
        await using var remote = await Remote.StartAsync(app => app.MapGet("/x", (HttpContext c) =>
            Verified(c) == SignatureSpec.Cavage ? Results.NotFound() : Results.Unauthorized()));
        using var outbound = new Outbound([remote.Origin], realSigner: true);

        Assert.IsType<FetchResult.NotFound>(await outbound.Fetcher.GetAsync(remote.Url("/x"), Ct));
        Assert.Single(remote.Requests);
    }

    [Fact]
    public async Task Get_PeerOnlyTakesRfc9421_SecondKnockVerifies()
    {
        await using var remote = await Remote.StartAsync(app => app.MapGet("/x", (HttpContext c) =>
            Verified(c) == SignatureSpec.Rfc9421 ? Results.NotFound() : Results.Unauthorized()));
        using var outbound = new Outbound([remote.Origin], realSigner: true);

        Assert.IsType<FetchResult.NotFound>(await outbound.Fetcher.GetAsync(remote.Url("/x"), Ct));
        Assert.Equal(2, remote.Requests.Count);
    }
}
