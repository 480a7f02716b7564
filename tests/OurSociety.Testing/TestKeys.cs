using System.Collections.Concurrent;
using OurSociety.ActivityPub.Signatures;
using OurSociety.Core.Federation;

namespace OurSociety.Testing;

/// <summary>
/// RSA-2048 key pairs for the actors of a test process, one per actor id, made the first time that actor needs one and
/// given to it again by every later test. Making one costs a few hundred milliseconds of processor time, more than the
/// rest of a typical federation test, and the same names (<c>http://a.test/users/alice</c>) come back in many tests.
/// Every actor still has its own key: a key a test signs with verifies only as the actor it belongs to.
/// </summary>
public static class TestKeys
{
    private static readonly ConcurrentDictionary<string, Lazy<(string PrivatePem, string PublicPem)>> ByActor = new(StringComparer.Ordinal);

    /// <summary>The key pair of <paramref name="actorId"/>: (private PKCS#8 PEM, public SPKI PEM).</summary>
    public static (string PrivatePem, string PublicPem) For(string actorId) =>
        ByActor.GetOrAdd(actorId, _ => new Lazy<(string, string)>(RsaKeys.Generate)).Value;

    /// <summary>A key pair no one has had (a key rotation).</summary>
    public static (string PrivatePem, string PublicPem) New() => RsaKeys.Generate();
}

/// <summary>
/// A node's actor key store that, when an actor has no key yet, stores that actor's <see cref="TestKeys"/> pair instead
/// of letting the node make a new one (see <see cref="TestKeys"/> for why). Everything else is the real store.
/// </summary>
internal sealed class TestActorKeyStore(IActorKeyStore store, string origin, TimeProvider time) : IActorKeyStore
{
    public async Task<ActorKeyPair?> FindAsync(string actor, CancellationToken ct)
    {
        if (await store.FindAsync(actor, ct) is { } pair)
        {
            return pair;
        }

        var (privatePem, publicPem) = TestKeys.For($"{origin} {actor}");
        return await store.AddOrGetAsync(actor, privatePem, publicPem, time.GetUtcNow(), ct);
    }

    public Task<ActorKeyPair> AddOrGetAsync(string actor, string privatePem, string publicPem, DateTimeOffset now, CancellationToken ct) =>
        store.AddOrGetAsync(actor, privatePem, publicPem, now, ct);
}
