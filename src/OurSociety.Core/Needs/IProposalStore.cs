using OurSociety.Core.Paging;

namespace OurSociety.Core.Needs;

/// <summary>Which needs or offers a list shows, newest first; each set filter narrows it. Deleted ones never show.</summary>
public sealed record ProposalQuery
{
    public ProposalKind? Kind { get; init; }

    public string? Topic { get; init; }

    /// <summary>Any of these localities (compared without case); empty: anywhere.</summary>
    public IReadOnlyList<string> Localities { get; init; } = [];

    /// <summary>True: posted here only; false: received only; null: both.</summary>
    public bool? Local { get; init; }

    /// <summary>Only open ones at this time (not closed, end date not passed); null: closed ones too.</summary>
    public DateTimeOffset? OpenAt { get; init; }

    /// <summary>Only closed ones (history).</summary>
    public bool ClosedOnly { get; init; }

    /// <summary>Posted here by this member (as themselves).</summary>
    public Guid? AuthorId { get; init; }
}

public interface IProposalStore
{
    /// <summary>Adds it with its topics; false when its ActivityPub id is known already.</summary>
    Task<bool> AddAsync(Proposal proposal, ITransaction tx, CancellationToken ct);

    /// <summary>Replaces its content, topics, end and closing; false when it is deleted or unknown.</summary>
    Task<bool> UpdateAsync(Proposal proposal, ITransaction tx, CancellationToken ct);

    /// <summary>Deletes its content but keeps the row (a 410 and a Tombstone answer for it).</summary>
    Task<bool> MarkDeletedAsync(Guid id, DateTimeOffset at, ITransaction tx, CancellationToken ct);

    /// <summary>Deletes every received one by this actor (the actor deleted itself).</summary>
    Task<int> DeleteAllByRemoteAuthorAsync(string actorId, ITransaction tx, CancellationToken ct);

    Task<Proposal?> FindAsync(Guid id, CancellationToken ct);

    Task<Proposal?> FindByApIdAsync(string apId, CancellationToken ct);

    Task<Page<Proposal>> ListAsync(ProposalQuery query, Cursor after, int limit, CancellationToken ct);

    /// <summary>
    /// Open ones of <paramref name="kind"/> (here and received), newest first, at most <paramref name="limit"/>: the
    /// candidates <see cref="ProposalMatcher"/> ranks.
    /// </summary>
    Task<IReadOnlyList<Proposal>> OpenAsync(ProposalKind kind, DateTimeOffset now, int limit, CancellationToken ct);
}
