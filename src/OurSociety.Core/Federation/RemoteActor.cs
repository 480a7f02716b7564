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
