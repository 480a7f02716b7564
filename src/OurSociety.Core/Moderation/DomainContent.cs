using OurSociety.Core.Federation;

namespace OurSociety.Core.Moderation;

/// <summary>A cached copy of a picture from a domain (its file is deleted with the row).</summary>
public sealed record DomainMedia(Guid Id, string MediaType);

/// <summary>
/// What this node keeps from one domain and its subdomains, found when the domain is suspended: its accounts, their
/// received posts, the follows between them and our members, and cached pictures. Hosts are compared as
/// <see cref="DomainName"/>s, so any spelling stored is found.
/// </summary>
public interface IDomainContentStore
{
    Task<IReadOnlyList<string>> ActorIdsAsync(DomainName domain, CancellationToken ct);

    /// <summary>Received posts by the domain's accounts that are not deleted yet.</summary>
    Task<IReadOnlyList<Guid>> PostIdsAsync(DomainName domain, CancellationToken ct);

    /// <summary>Follows both ways between our actors and the domain's accounts.</summary>
    Task<IReadOnlyList<Follow>> FollowsAsync(DomainName domain, CancellationToken ct);

    Task<IReadOnlyList<DomainMedia>> MediaAsync(DomainName domain, CancellationToken ct);

    /// <summary>Forgets cached pictures (their versions too); the caller deletes the files after the commit.</summary>
    Task DeleteMediaAsync(IReadOnlyList<Guid> ids, ITransaction tx, CancellationToken ct);

    /// <summary>Removes reactions (likes, shares) by these accounts.</summary>
    Task DeleteReactionsAsync(IReadOnlyList<string> actorIds, ITransaction tx, CancellationToken ct);
}
