using System.Collections.Concurrent;
using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using OurSociety.ActivityPub.Signatures;
using OurSociety.Core.Federation;

namespace OurSociety.Federation.Actors;

/// <summary>
/// Local actors' RSA-2048 keys: made the first time an actor is served or signs, stored, then kept parsed in memory
/// (parsing a PEM costs more than signing with it).
/// </summary>
public sealed class ActorKeys(IActorKeyStore store, NodeIdentity node, TimeProvider time) : IActorKeys
{
    private readonly ConcurrentDictionary<string, Task<(SigningKey Key, ActorKeyPair Pair)>> _cache = new(StringComparer.Ordinal);

    public async ValueTask<SigningKey> InstanceKeyAsync(CancellationToken cancellationToken) =>
        (await GetAsync(ApUrls.InstanceActorName, cancellationToken)).Key;

    public async ValueTask<SigningKey> KeyOfAsync(string username, CancellationToken cancellationToken) =>
        (await GetAsync(username, cancellationToken)).Key;

    /// <summary>The stored pair (public PEM for actor documents, and when the actor first got a key).</summary>
    public async ValueTask<ActorKeyPair> PairOfAsync(string name, CancellationToken cancellationToken) =>
        (await GetAsync(name, cancellationToken)).Pair;

    /// <summary>Forgets a cached key, e.g. when its member was deleted.</summary>
    public void Forget(string name) => _cache.TryRemove(name, out _);

    private async Task<(SigningKey Key, ActorKeyPair Pair)> GetAsync(string name, CancellationToken ct)
    {
        var task = _cache.GetOrAdd(name, n => LoadAsync(n, CancellationToken.None));
        try
        {
            return await task.WaitAsync(ct);
        }
        catch (Exception) when (task.IsFaulted)
        {
            _cache.TryRemove(new KeyValuePair<string, Task<(SigningKey, ActorKeyPair)>>(name, task));
            throw;
        }
    }

    private async Task<(SigningKey, ActorKeyPair)> LoadAsync(string name, CancellationToken ct)
    {
        var pair = await store.FindAsync(name, ct);
        if (pair is null)
        {
            var (privatePem, publicPem) = RsaKeys.Generate();
            pair = await store.AddOrGetAsync(name, privatePem, publicPem, time.GetUtcNow(), ct);
        }

        var rsa = RSA.Create();
        rsa.ImportFromPem(pair.PrivateKeyPem);
        return (new SigningKey(ApUrls.KeyId(ApUrls.ActorOf(node.Origin, name)), rsa), pair);
    }
}
