using Microsoft.Extensions.Logging;
using OurSociety.Core.Hubs;
using OurSociety.Core.Members;
using OurSociety.Core.Paging;

namespace OurSociety.Core.Invitations;

public sealed partial class InvitationService(
    IInvitationStore invitations, IMemberStore members, NodePolicy policy, TimeProvider time, ILogger<InvitationService> log)
{
    public const int MaxUsesLimit = 100;
    public static readonly TimeSpan MaxLifetime = TimeSpan.FromDays(90);
    public static readonly TimeSpan DefaultLifetime = TimeSpan.FromDays(7);

    /// <summary>Whether <paramref name="member"/> may invite people under the node's registration rules.</summary>
    public bool CanInvite(Member member) =>
        member.State == MemberState.Active && (member.IsAdmin || policy.Registrations != RegistrationMode.Closed);

    public async Task<Outcome<Invitation>> CreateAsync(Guid memberId, int? maxUses, TimeSpan? lifetime, CancellationToken ct)
    {
        var member = await members.FindAsync(memberId, ct);
        if (member is null)
        {
            return new Outcome<Invitation>.NotFound();
        }

        if (!CanInvite(member))
        {
            return new Outcome<Invitation>.Forbidden(CoreText.Get("Invitation.HubClosed"));
        }

        var errors = new Dictionary<string, string[]>();
        if (maxUses is < 1 or > MaxUsesLimit)
        {
            errors["maxUses"] = [CoreText.Format("Invitation.MaxUses", ("max", MaxUsesLimit))];
        }

        if (lifetime is { } span && (span <= TimeSpan.Zero || span > MaxLifetime))
        {
            errors["expiresInDays"] = [CoreText.Format("Invitation.Lifetime", ("days", MaxLifetime.TotalDays))];
        }

        if (errors.Count > 0)
        {
            return new Outcome<Invitation>.Invalid(errors);
        }

        var now = time.GetUtcNow();
        var invitation = new Invitation(Guid.CreateVersion7(now), Secrets.NewCode(12), memberId, maxUses ?? 1, 0,
            now + (lifetime ?? DefaultLifetime), null, now);
        await invitations.AddAsync(invitation, ct);
        LogCreated(invitation.Id, memberId, invitation.MaxUses ?? 0, invitation.ExpiresAt);
        return new Outcome<Invitation>.Ok(invitation);
    }

    public Task<Page<Invitation>> ListAsync(Guid memberId, Cursor after, int limit, CancellationToken ct) =>
        invitations.ListByCreatorAsync(memberId, after, limit, ct);

    /// <summary>Withdraws an invitation; its creator or an admin may.</summary>
    public async Task<Outcome<bool>> RevokeAsync(Member by, Guid invitationId, CancellationToken ct)
    {
        var invitation = await invitations.FindAsync(invitationId, ct);
        if (invitation is null || (invitation.CreatedBy != by.Id && !by.IsAdmin))
        {
            return new Outcome<bool>.NotFound();
        }

        await invitations.RevokeAsync(invitationId, time.GetUtcNow(), ct);
        LogWithdrawn(invitationId, by.Id);
        return new Outcome<bool>.Ok(true);
    }

    /// <summary>The invitation behind a sign-up link, if it can still be used.</summary>
    public async Task<Invitation?> FindUsableAsync(string? code, CancellationToken ct) =>
        string.IsNullOrWhiteSpace(code) ? null
        : await invitations.FindByCodeAsync(code.Trim(), ct) is { } invitation && invitation.IsUsable(time.GetUtcNow()) ? invitation
        : null;

    [LoggerMessage(EventId = 4201, Level = LogLevel.Information, Message = "Invitation {InvitationId} made by member {MemberId}: {MaxUses} uses, until {ExpiresAt}")]
    private partial void LogCreated(Guid invitationId, Guid memberId, int maxUses, DateTimeOffset? expiresAt);

    [LoggerMessage(EventId = 4202, Level = LogLevel.Information, Message = "Invitation {InvitationId} withdrawn by member {MemberId}")]
    private partial void LogWithdrawn(Guid invitationId, Guid memberId);
}
