namespace OurSociety.Core.Federation;

/// <summary>An actor on another server, as last fetched (and verified to come from its own origin).</summary>
public sealed record RemoteActor(
    string Id,
    string Type,
    string? Username,
    string Host,
    string? Name,
    string Inbox,
    string? SharedInbox,
    string? Url,
    string? IconUrl,
    string? KeyId,
    string? PublicKeyPem,
    bool ManuallyApprovesFollowers,
    string Document,
    DateTimeOffset FetchedAt)
{
    /// <summary>
    /// Its software says it takes introductions as Our Society sends them (<c>Offer</c> of a <c>Relationship</c>,
    /// answered by <c>Accept</c>/<c>Reject</c>): FEP-844e <c>generator.implements</c> names our capability. Otherwise
    /// an introduction reaches it as a direct note it can answer by replying.
    /// </summary>
    public bool ImplementsIntroductions { get; init; }

    /// <summary>Its actor carries our glue-er marker (<c>os:glueEr</c>): its node says it may introduce people.</summary>
    public bool IsGlueEr { get; init; }

    /// <summary>
    /// The actor's own <c>indexable</c> (Mastodon's search opt-in): null when it said nothing, as most software does.
    /// Only an explicit false keeps its posts out of search, so accounts on software without the flag stay findable.
    /// </summary>
    public bool? Indexable { get; init; }
    /// <summary>Where it says it is (a hub's locality: its AS2 <c>location</c> name), plain text; null when not given.</summary>
    public string? Locality { get; init; }

    /// <summary>Where deliveries go: the shared inbox when the server has one, so a host gets one POST per activity.</summary>
    public string DeliveryInbox => SharedInbox ?? Inbox;

    /// <summary><c>@user@host</c> when the actor has a username, else its id.</summary>
    public string Handle => Username is null ? Id : $"@{Username}@{Host}";
}

public interface IRemoteActorStore
{
    Task UpsertAsync(RemoteActor actor, CancellationToken ct);

    Task<RemoteActor?> FindAsync(string id, CancellationToken ct);

    Task<RemoteActor?> FindByKeyIdAsync(string keyId, CancellationToken ct);

    /// <summary>Forgets an actor (it was deleted at its origin), with every follow to or from it.</summary>
    Task<bool> DeleteAsync(string id, ITransaction tx, CancellationToken ct);
}
