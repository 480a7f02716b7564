namespace OurSociety.Core.Introductions;

/// <summary>
/// A reply to the direct note that asked a party on other software, which was not yes, no or stop: the glue-er reads
/// it and decides ("needs your review"). <see cref="Content"/> is sanitized HTML, as received.
/// </summary>
public sealed record IntroductionReview(
    Guid Id,
    Guid IntroductionId,
    int Position,
    string Actor,
    string ActivityId,
    string NoteId,
    string Content,
    DateTimeOffset ReceivedAt);

/// <summary>A remote actor who replied "stop": never introduced again from this node.</summary>
public sealed record IntroductionStop(string Actor, string ActivityId, DateTimeOffset StoppedAt);

/// <summary>Replies to direct notes that need a person, and the actors who asked to be left alone.</summary>
public interface IIntroductionReplyStore
{
    /// <summary>Keeps a reply for the glue-er; false when this reply (its activity) was kept already.</summary>
    Task<bool> AddReviewAsync(IntroductionReview review, ITransaction tx, CancellationToken ct);

    /// <summary>The replies kept for one introduction, oldest first.</summary>
    Task<IReadOnlyList<IntroductionReview>> ReviewsAsync(Guid introductionId, CancellationToken ct);

    /// <summary>One kept reply, read in the transaction that decides what it counts as; null when it is gone.</summary>
    Task<IntroductionReview?> FindReviewAsync(Guid reviewId, ITransaction tx, CancellationToken ct);

    /// <summary>Removes a reply once the glue-er has counted it as yes or no, so it is not offered again.</summary>
    Task RemoveReviewAsync(Guid reviewId, ITransaction tx, CancellationToken ct);

    /// <summary>
    /// The open introductions proposed here by <paramref name="introducerId"/> that have replies waiting for their
    /// review, those with the newest reply first (at most <paramref name="limit"/>).
    /// </summary>
    Task<IReadOnlyList<Guid>> WaitingForReviewAsync(Guid introducerId, int limit, CancellationToken ct);

    /// <summary>Records a "stop"; false when the actor had stopped already.</summary>
    Task<bool> AddStopAsync(IntroductionStop stopped, ITransaction tx, CancellationToken ct);

    /// <summary>True when the actor replied "stop" to an introduction from this node.</summary>
    Task<bool> IsStoppedAsync(string actor, CancellationToken ct);

    /// <summary>
    /// The open introductions proposed here (by <paramref name="introducerId"/> when given) in which the remote
    /// <paramref name="actor"/> is a party: those a "stop" or a block of the glue-er ends.
    /// </summary>
    Task<IReadOnlyList<Guid>> OpenProposedToAsync(string actor, Guid? introducerId, ITransaction tx, CancellationToken ct);
}
