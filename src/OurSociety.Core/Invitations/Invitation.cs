using OurSociety.Core.Paging;

namespace OurSociety.Core.Invitations;

public sealed record Invitation(
    Guid Id,
    string Code,
    Guid CreatedBy,
    int? MaxUses,
    int Uses,
    DateTimeOffset? ExpiresAt,
    DateTimeOffset? RevokedAt,
    DateTimeOffset CreatedAt)
{
    public InvitationState StateAt(DateTimeOffset now) =>
        RevokedAt is not null ? InvitationState.Withdrawn
        : MaxUses is { } max && Uses >= max ? InvitationState.UsedUp
        : ExpiresAt is { } expires && expires <= now ? InvitationState.Expired
        : InvitationState.Usable;

    public bool IsUsable(DateTimeOffset now) => StateAt(now) == InvitationState.Usable;
}

public enum InvitationState
{
    Usable,
    UsedUp,
    Expired,
    Withdrawn,
}

public interface IInvitationStore
{
    Task AddAsync(Invitation invitation, CancellationToken ct);

    Task<Invitation?> FindByCodeAsync(string code, CancellationToken ct);

    Task<Invitation?> FindAsync(Guid id, CancellationToken ct);

    /// <summary>Invitations a member created, newest first.</summary>
    Task<Page<Invitation>> ListByCreatorAsync(Guid memberId, Cursor after, int limit, CancellationToken ct);

    Task<bool> RevokeAsync(Guid id, DateTimeOffset now, CancellationToken ct);
}
