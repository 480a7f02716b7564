using OurSociety.Core.Invitations;
using OurSociety.Web.Hosting;

namespace OurSociety.Web.Features.Settings;

internal static class InvitationStates
{
    /// <summary>The state's name in the API, exports and the resource key suffix.</summary>
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
