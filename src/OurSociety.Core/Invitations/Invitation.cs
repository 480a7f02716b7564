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
    public bool IsUsable(DateTimeOffset now) =>
        RevokedAt is null && (ExpiresAt is null || ExpiresAt > now) && (MaxUses is null || Uses < MaxUses);
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
