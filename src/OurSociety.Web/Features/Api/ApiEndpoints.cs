using OurSociety.Web.Features.Finding;
using OurSociety.Web.Features.Help;
using OurSociety.Web.Features.Moderation;
using OurSociety.Web.Hosting;

namespace OurSociety.Web.Features.Api;

/// <summary>
/// The node's own JSON API. It lives under <c>/api/oursociety/v1</c> because <c>/api/v1</c> belongs to the Mastodon
/// client API, which a later version may offer for existing apps.
/// </summary>
internal static class ApiEndpoints
{
    public const string Prefix = "/api/oursociety/v1";

    public static RouteGroupBuilder MapOurSocietyApi(this IEndpointRouteBuilder app)
    {
        // A bearer token or the sign-in cookie; without either the answer is a 401 problem, never a sign-in redirect.
        var api = app.MapGroup(Prefix)
            .RequireAuthorization(Policies.Member)
            .ProducesProblem(StatusCodes.Status401Unauthorized);
        api.MapMeEndpoints();
        api.MapInvitationEndpoints();
        api.MapTokenEndpoints();
        api.MapFollowEndpoints();
        api.MapPostEndpoints();
        api.MapReplyPolicyEndpoints();   // moderated replies (issue 13)
        api.MapMediaEndpoints();
        api.MapFindingApi();
        api.MapHelpApi();   // asking for help (Features/Help)
        api.MapIntroductionEndpoints();
        api.MapProposalEndpoints();   // needs and offers
        OurSociety.Web.Features.Moderation.AuditLogEndpoints.MapAuditLogApi(api);   // the moderators' audit log
        OurSociety.Web.Features.HubSubmissions.HubSubmissionEndpoints.MapHubSubmissionApi(api);   // posts sent to the hub (issue 14)
        api.MapReportEndpoints();   // reports, the moderators' queue, appeals
        api.MapMuteEndpoints();   // members' own mutes and domain blocks (issue 13)
        api.MapDomainModerationApi();   // domain blocks and allows (issue 13)
        HubDirectory.DirectoryEndpoints.MapDirectoryApi(api);   // the network directory (issue 14)
        Moderation.AccountActionEndpoints.MapAccountActionApi(api);   // the moderators' account actions
        api.MapHubLinkEndpoints();   // links with other hubs (issue 14)
        return api;
    }
}
