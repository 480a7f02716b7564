using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using OurSociety.Core.Invitations;
using OurSociety.Web.Features.Settings;
using OurSociety.Web.Hosting;

namespace OurSociety.Web.Features.Api;

/// <summary>
/// A new invitation link; both fields are optional (one use, seven days). Public because the validation source
/// generator only sees public request types.
/// </summary>
public sealed record CreateInvitationRequest
{
    [Description("How many people can join with the link, 1 to 100; default 1.")]
    [Range(1, InvitationService.MaxUsesLimit, ErrorMessageResourceType = typeof(ApiText), ErrorMessageResourceName = nameof(ApiText.MaxUses))]
    public int? MaxUses { get; init; }

    [Description("How many days the link works, 1 to 90; default 7.")]
    // 90 = InvitationService.MaxLifetime in days; an attribute argument must be a constant.
    [Range(1, 90, ErrorMessageResourceType = typeof(ApiText), ErrorMessageResourceName = nameof(ApiText.ExpiresInDays))]
    public int? ExpiresInDays { get; init; }
}

/// <summary>An invitation the member made.</summary>
internal sealed record InvitationResponse(
    Guid Id,
    [property: Description("The code in the link.")] string Code,
    [property: Description("The sign-up link to give to the person you invite.")] string Url,
    [property: Description("How many people can join with it.")] int? MaxUses,
    [property: Description("How many have joined with it.")] int Uses,
    DateTimeOffset? ExpiresAt,
    [property: Description("usable, used-up, expired or withdrawn.")] string State,
    DateTimeOffset CreatedAt)
{
    public static InvitationResponse From(Invitation invitation, NodeOptions node, DateTimeOffset now) => new(
        invitation.Id,
        invitation.Code,
        Links.Invitation(node.Origin, invitation.Code),
        invitation.MaxUses,
        invitation.Uses,
        invitation.ExpiresAt,
        invitation.StateAt(now).Name(),
        invitation.CreatedAt);
}
