using OurSociety.Core.Paging;

namespace OurSociety.Core.Introductions;

/// <summary>Which of a member's introductions to list: those they are asked about, or those they proposed.</summary>
public enum IntroductionRole
{
    Asked,
    Proposed,
}

/// <summary>
/// Introductions with their two parties (one aggregate). Changes are written in the caller's transaction; reads that
/// decide a change are made in it too (<see cref="FindAsync(Guid, ITransaction, CancellationToken)"/>), so two
/// answers arriving at once are applied one after the other.
/// </summary>
public interface IIntroductionStore
{
    /// <summary>Adds the introduction and its parties; false when its <see cref="Introduction.ApId"/> is already stored.</summary>
    Task<bool> AddAsync(Introduction introduction, ITransaction tx, CancellationToken ct);

    /// <summary>Writes what can change: state, decision, end, and each party's offer id, answer and follow.</summary>
    Task UpdateAsync(Introduction introduction, ITransaction tx, CancellationToken ct);

    Task<Introduction?> FindAsync(Guid id, CancellationToken ct);

    Task<Introduction?> FindAsync(Guid id, ITransaction tx, CancellationToken ct);

    /// <summary>By the Relationship's IRI (ours or the one a remote glue-er sent).</summary>
    Task<Introduction?> FindByApIdAsync(string apId, CancellationToken ct);

    /// <summary>The introduction whose party <paramref name="offerId"/> was sent to (the Offer or direct Note), with that party's position.</summary>
    Task<(Introduction Introduction, int Position)?> FindByOfferIdAsync(string offerId, CancellationToken ct);

    /// <summary>
    /// A member's introductions, newest first: <see cref="IntroductionRole.Asked"/> where they are a local party,
    /// <see cref="IntroductionRole.Proposed"/> where they are the local glue-er; only <paramref name="states"/> when given.
    /// </summary>
    Task<Page<Introduction>> ListAsync(
        Guid memberId, IntroductionRole role, IReadOnlyCollection<IntroductionState>? states, Cursor after, int limit, CancellationToken ct);

    /// <summary>
    /// As <see cref="ListAsync(Guid, IntroductionRole, IReadOnlyCollection{IntroductionState}?, Cursor, int, CancellationToken)"/>;
    /// with <paramref name="withHub"/> (an admin) the introductions asked of our hub are among those asked of them.
    /// </summary>
    Task<Page<Introduction>> ListAsync(
        Guid memberId, IntroductionRole role, bool withHub, IReadOnlyCollection<IntroductionState>? states, Cursor after, int limit, CancellationToken ct);

    /// <summary>How many open (proposed or accepted-by-one) introductions this local glue-er has.</summary>
    Task<int> CountOpenByIntroducerAsync(Guid memberId, ITransaction tx, CancellationToken ct);

    /// <summary>Whether this local glue-er already has an open introduction of these two actors (in either order).</summary>
    Task<bool> OpenPairExistsAsync(Guid introducerId, string actorA, string actorB, ITransaction tx, CancellationToken ct);

    /// <summary>Open introductions in which the member is the local glue-er or a local party.</summary>
    Task<IReadOnlyList<Introduction>> ListOpenInvolvingAsync(Guid memberId, ITransaction tx, CancellationToken ct);
}
