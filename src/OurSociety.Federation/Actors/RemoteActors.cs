using System.Collections.Concurrent;
using System.Security.Cryptography;
using OurSociety.ActivityPub.Discovery;
using OurSociety.ActivityPub.Json;
using OurSociety.ActivityPub.Signatures;
using OurSociety.ActivityPub.Vocabulary;
using OurSociety.Content;
using OurSociety.Core.Federation;

namespace OurSociety.Federation.Actors;

/// <summary>Fetches an ActivityPub document from its origin (signed, SSRF-guarded, id checked); null when it cannot.</summary>
public interface IDocumentFetcher
{
    Task<FetchedDocument> FetchAsync(Uri url, CancellationToken ct);
}

/// <summary>A fetched document, or why there is none (<see cref="Gone"/>: the origin answered 404/410).</summary>
public sealed record FetchedDocument(ApDocument? Document, string? Error, bool Gone = false);

/// <summary>A verified public key and the actor that owns it.</summary>
public sealed record ActorKey(RemoteActor Actor, string KeyId, AsymmetricAlgorithm Key);

/// <summary>
/// Remote actors and their keys: from memory, else the database, else their origin. Keys are checked both ways
/// (the actor lists the key, the key names the actor, both on one host: INTEROP §3.1 and Fedify CVE-2026-96625).
/// </summary>
public sealed partial class RemoteActors(
    IRemoteActorStore store, IDocumentFetcher fetcher, TimeProvider time, ILogger<RemoteActors> logger)
{
    /// <summary>After this an actor is fetched again when next needed (Mastodon refreshes after a day).</summary>
    public static readonly TimeSpan StaleAfter = TimeSpan.FromDays(1);

    private readonly ConcurrentDictionary<string, ActorKey> _keys = new(StringComparer.Ordinal);

    /// <summary>The key behind a key id; <paramref name="refresh"/> skips caches (a signature failed: the key may have rotated).</summary>
    public async Task<(ActorKey? Key, string? Error)> KeyAsync(string keyId, bool refresh, CancellationToken ct)
    {
        if (!refresh && _keys.TryGetValue(keyId, out var cached))
        {
            return (cached, null);
        }

        if (!refresh && await store.FindByKeyIdAsync(keyId, ct) is { PublicKeyPem: { } pem } known
            && RsaKeys.ImportPublic(pem) is { } knownKey)
        {
            return (_keys[keyId] = new ActorKey(known, keyId, knownKey), null);
        }

        if (!Uri.TryCreate(keyId, UriKind.Absolute, out var keyUri) || keyUri.Scheme is not ("https" or "http"))
        {
            return (null, "the key id is not an http(s) URL");
        }

        var fetched = await fetcher.FetchAsync(new Uri(keyUri.GetLeftPart(UriPartial.Query)), ct);
        if (fetched.Document is not { } document)
        {
            return (null, $"the key could not be fetched: {fetched.Error}");
        }

        // A key document (GoToSocial's /main-key stub, or a standalone key): its owner must list it back.
        if (ApActor.From(document).Actor is not { } actor)
        {
            var owner = document.GetReference("owner");
            if (owner is null || !Uri.TryCreate(owner, UriKind.Absolute, out var ownerUri))
            {
                return (null, "the key id names neither an actor nor a key with an owner");
            }

            var ownerDocument = await fetcher.FetchAsync(ownerUri, ct);
            if (ownerDocument.Document is null || ApActor.From(ownerDocument.Document).Actor is not { } ownerActor)
            {
                return (null, $"the key's owner could not be fetched: {ownerDocument.Error}");
            }

            actor = ownerActor;
        }

        if (actor.PublicKeys.FirstOrDefault(k => k.Id == keyId) is not { } publicKey || publicKey.Owner != actor.Id)
        {
            return (null, "the actor does not list this key as its own");
        }

        if (!Origins.SameOrigin(keyId, actor.Id))
        {
            return (null, "the key and its actor are on different hosts");
        }

        if (RsaKeys.ImportPublic(publicKey.PublicKeyPem) is not { } key)
        {
            return (null, "the actor's public key cannot be read");
        }

        var remote = ToRemote(actor, publicKey, document.Json.ToJsonString());
        await store.UpsertAsync(remote, ct);
        LogActorFetched(actor.Id, "key lookup");
        return (_keys[keyId] = new ActorKey(remote, keyId, key), null);
    }

    /// <summary>A remote actor, fetched when unknown or stale (or when <paramref name="refresh"/>).</summary>
    public async Task<(RemoteActor? Actor, string? Error)> GetAsync(string actorId, bool refresh, CancellationToken ct)
    {
        var (actor, error, _) = await LookUpAsync(actorId, refresh, onlyType: null, ct);
        return (actor, error);
    }

    /// <summary>
    /// A hub a received post names as its <c>audience</c> (FEP-1b12), as <see cref="GetAsync"/> but stored only when it
    /// is a <c>Group</c>: a Person or anything else named there is never kept, so it never shows as a hub's name.
    /// <c>Final</c>: trying again will not help (not a Group, not an actor, gone, not an http(s) URL).
    /// </summary>
    public Task<(RemoteActor? Actor, string? Error, bool Final)> GetGroupAsync(string actorId, CancellationToken ct) =>
        LookUpAsync(actorId, refresh: false, ObjectTypes.Group, ct);

    private async Task<(RemoteActor? Actor, string? Error, bool Final)> LookUpAsync(string actorId, bool refresh, string? onlyType, CancellationToken ct)
    {
        var known = await store.FindAsync(actorId, ct);
        if (known is not null && !refresh && time.GetUtcNow() - known.FetchedAt < StaleAfter)
        {
            return onlyType is null || known.Type == onlyType ? (known, null, false) : (null, $"not a {onlyType}", true);
        }

        if (!Uri.TryCreate(actorId, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http"))
        {
            return (null, "the actor id is not an http(s) URL", true);
        }

        var fetched = await fetcher.FetchAsync(uri, ct);
        if (fetched.Document is null)
        {
            // A stale copy is better than nothing while the origin is down; a gone actor is not.
            return fetched.Gone || known is null ? (null, fetched.Error, fetched.Gone) : (known, null, false);
        }

        if (ApActor.From(fetched.Document) is not { Actor: { } actor })
        {
            return (null, "the document is not an actor", true);
        }

        if (onlyType is not null && actor.Type != onlyType)
        {
            return (null, $"a {actor.Type}, not a {onlyType}", true);
        }

        var remote = ToRemote(actor, actor.PublicKeys.FirstOrDefault(k => k.Owner == actor.Id), fetched.Document.Json.ToJsonString());
        await store.UpsertAsync(remote, ct);
        Forget(actor.Id);
        LogActorFetched(actor.Id, "profile");
        return (remote, null, false);
    }

    /// <summary>Stores an actor whose document came signed by itself (an Update of its profile).</summary>
    public async Task SaveAsync(ApActor actor, string document, CancellationToken ct)
    {
        await store.UpsertAsync(ToRemote(actor, actor.PublicKeys.FirstOrDefault(k => k.Owner == actor.Id), document), ct);
        Forget(actor.Id);
    }

    /// <summary>Drops cached keys of an actor (it was deleted, or its profile changed).</summary>
    public void Forget(string actorId)
    {
        foreach (var entry in _keys.Where(e => e.Value.Actor.Id == actorId).ToList())
        {
            _keys.TryRemove(entry);
        }
    }

    private RemoteActor ToRemote(ApActor actor, ApPublicKey? key, string document) => new(
        actor.Id,
        actor.Type,
        Named(actor.PreferredUsername),
        new Uri(actor.Id).Authority,
        Named(actor.Name),
        actor.Inbox,
        actor.SharedInbox,
        actor.Url,
        actor.IconUrl,
        key?.Id,
        key?.PublicKeyPem,
        actor.ManuallyApprovesFollowers,
        document,
        time.GetUtcNow())
    {
        ImplementsIntroductions = actor.Implements.Contains(Introductions.IntroductionTerms.Capability, StringComparer.Ordinal),
        IsGlueEr = IsGlueEr(document),
        Indexable = actor.Indexable,
        Locality = PlainText.CleanOrNull(actor.Locality, Core.Posts.PostLimits.LocalityMax),
    };

    /// <summary>A name or handle as plain text (no markup, no invisible characters); null when nothing is left.</summary>
    private static string? Named(string? value) => PlainText.CleanOrNull(value, ApActor.MaxNameLength);

    /// <summary>Our glue-er marker (<c>glueEr: true</c>) on an actor document; read as plain JSON, like every document.</summary>
    private static bool IsGlueEr(string document) =>
        ApDocument.Parse(System.Text.Encoding.UTF8.GetBytes(document)).Document?.GetBoolean(Introductions.IntroductionTerms.GlueEr) == true;

    [LoggerMessage(5101, LogLevel.Debug, "Fetched remote actor {ActorId} for {Reason}")]
    private partial void LogActorFetched(string actorId, string reason);
}
