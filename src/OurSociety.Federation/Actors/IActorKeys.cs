using OurSociety.ActivityPub.Signatures;

namespace OurSociety.Federation.Actors;

/// <summary>Private keys of this node's actors, made on first use and kept in the database.</summary>
public interface IActorKeys
{
    /// <summary>The instance actor's key: it signs the node's own fetches (key lookups, actor and object fetches).</summary>
    ValueTask<SigningKey> InstanceKeyAsync(CancellationToken cancellationToken);

    /// <summary>The key of a local actor by username (a member or the hub).</summary>
    ValueTask<SigningKey> KeyOfAsync(string username, CancellationToken cancellationToken);
}
