using OurSociety.Core.Invitations;
using OurSociety.Web.Hosting;

namespace OurSociety.Web.Features.Settings;

internal enum InvitationState
{
    Usable,
    UsedUp,
    Expired,
    Withdrawn,
}

internal static class InvitationStates
{
    public static InvitationState StateAt(this Invitation invitation, DateTimeOffset now) =>
        invitation.RevokedAt is not null ? InvitationState.Withdrawn
        : invitation.MaxUses is { } max && invitation.Uses >= max ? InvitationState.UsedUp
        : invitation.ExpiresAt is { } expires && expires <= now ? InvitationState.Expired
        : InvitationState.Usable;

    /// <summary>The state's name in exports and the resource key suffix.</summary>
    public static string Name(this InvitationState state) => state switch
    {
        InvitationState.Usable => "usable",
        InvitationState.UsedUp => "used-up",
        InvitationState.Expired => "expired",
        _ => "withdrawn",
    };

    /// <summary>The sign-up link a person is sent.</summary>
    public static string Link(this Invitation invitation, string origin) => Links.Invitation(origin, invitation.Code);
}
