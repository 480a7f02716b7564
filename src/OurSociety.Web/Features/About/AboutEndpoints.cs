using Microsoft.Extensions.Options;
using OurSociety.Core.Hubs;
using OurSociety.Core.Members;
using OurSociety.Web.Hosting;
using OurSociety.Web.Pages;

namespace OurSociety.Web.Features.About;

/// <summary><c>/about</c>: the hub, its rules, who runs it, and how to join or follow it from elsewhere.</summary>
internal static class AboutEndpoints
{
    /// <summary>Admins and moderators listed at most; a hub with more has a page of its own for them one day.</summary>
    public const int StaffShown = 20;

    public static IEndpointRouteBuilder MapAboutEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/about", AboutAsync).ExcludeFromDescription();
        return app;
    }

    internal static async Task<IResult> AboutAsync(
        HubIdentity hub, IMemberStore members, NodePolicy policy, IOptions<NodeOptions> node,
        OurSociety.Core.Moderation.DomainBlockService domains, CancellationToken ct) =>
        Html.Page<AboutPage>(new
        {
            Hub = hub.Current,
            MemberCount = await members.CountAsync(MemberState.Active, ct),
            Staff = await members.ListWithRolesAsync([Role.Admin, Role.Moderator], StaffShown, ct),
            policy.Registrations,
            HubHandle = $"@{hub.ActorUsername}@{node.Value.PublicUri.Authority}",
            HubUsername = hub.ActorUsername,
            DomainBlocks = (IReadOnlyList<OurSociety.Core.Moderation.DomainBlock>)[.. (await domains.AllAsync(ct))
                .Where(b => b.Severity != OurSociety.Core.Moderation.DomainSeverity.None)],
        });
}
