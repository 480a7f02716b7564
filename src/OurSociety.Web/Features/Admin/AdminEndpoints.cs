using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using OurSociety.Core;
using OurSociety.Core.Hubs;
using OurSociety.Core.Invitations;
using OurSociety.Core.Members;
using OurSociety.Core.Paging;
using OurSociety.Core.Work;
using OurSociety.Web.Features.Settings;
using OurSociety.Web.Hosting;
using OurSociety.Web.Pages;
using OurSociety.Web.Resources;

namespace OurSociety.Web.Features.Admin;

/// <summary>The admin page: members, requests to join, roles, invitations and the node's registration mode.</summary>
internal static class AdminEndpoints
{
    public const int PageSize = 50;
    public const int RecentInvitations = 5;
    public const int FailedWorkShown = 10;

    public static RouteGroupBuilder MapAdminEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/admin").RequireAuthorization(Policies.Member).AddEndpointFilter(RoleFilters.AdminPageAsync).ExcludeFromDescription();
        group.MapGet("/", AdminAsync);
        group.MapPost("/invitations", CreateInvitationAsync);
        group.MapPost("/members/{id:guid}/approve", ApproveAsync).RequireAntiforgery();
        group.MapPost("/members/{id:guid}/reject", RejectAsync).RequireAntiforgery();
        group.MapGet("/members/{id:guid}", MemberAsync);
        group.MapPost("/members/{id:guid}/roles", SaveRolesAsync);
        group.MapPost("/members/{id:guid}/unlock", UnlockSignInAsync).RequireAntiforgery();
        group.MapPost("/work/{id:guid}/retry", RetryWorkAsync).RequireAntiforgery();
        group.MapHubSettings();
        OurSociety.Web.Features.Moderation.DomainAdminEndpoints.MapDomainAdmin(group);   // /admin/domains (issue 13)
        group.MapHubLinkAdmin();   // /admin/hub-links (issue 14)
        return group;
    }


    internal static async Task<IResult> AdminAsync(
        ClaimsPrincipal user, [AsParameters] AdminServices services, string? cursor, string? notice, CancellationToken ct)
    {
        if (!Cursor.TryDecode(cursor, out var after))
        {
            return TypedResults.StatusCode(StatusCodes.Status400BadRequest);
        }

        return await AdminPageAsync(user.MemberId(), services, after, null,
            new FormState(Notice: Notices.Text(notice, services.Text, services.Shared)), ct);
    }

    /// <summary>Admins may invite even when registrations are closed (<see cref="InvitationService.CanInvite"/>).</summary>
    internal static async Task<IResult> CreateInvitationAsync(
        [FromForm] InvitationForm? form, ClaimsPrincipal user, [AsParameters] AdminServices services,
        IStringLocalizer<SettingsText> s, CancellationToken ct)
    {
        form ??= new();   // a post with none of the fields binds to nothing: the same as all empty
        var adminId = user.MemberId();
        var errors = form.TryRead(out var maxUses, out var days, s["Invitation.NotANumber"]);
        if (errors.Count > 0)
        {
            return await AdminPageAsync(adminId, services, Cursor.Start, form, FormState.Invalid(errors), ct);
        }

        return await services.Invitations.CreateAsync(adminId, maxUses, TimeSpan.FromDays(days), ct) switch
        {
            Outcome<Invitation>.Ok => TypedResults.Redirect("/admin?notice=invitation-created"),
            Outcome<Invitation>.Invalid(var invalid) => await AdminPageAsync(adminId, services, Cursor.Start, form, FormState.Invalid(invalid), ct),
            Outcome<Invitation>.Forbidden(var why) => await AdminPageAsync(adminId, services, Cursor.Start, form,
                new FormState(Message: why, Status: StatusCodes.Status403Forbidden), ct),
            _ => TypedResults.Challenge(),
        };
    }

    internal static async Task<IResult> ApproveAsync(Guid id, MemberService service, CancellationToken ct) =>
        await service.ApproveAsync(id, ct) is Outcome<Member>.Ok
            ? TypedResults.Redirect("/admin?notice=approved")
            : TypedResults.StatusCode(StatusCodes.Status404NotFound);

    internal static async Task<IResult> RejectAsync(Guid id, MemberService service, CancellationToken ct) =>
        await service.RejectAsync(id, ct) is Outcome<bool>.Ok
            ? TypedResults.Redirect("/admin?notice=rejected")
            : TypedResults.StatusCode(StatusCodes.Status404NotFound);

    internal static async Task<IResult> UnlockSignInAsync(Guid id, MemberService service, CancellationToken ct) =>
        await service.UnlockSignInAsync(id, ct) is Outcome<Member>.Ok
            ? TypedResults.Redirect($"/admin/members/{id:D}?notice=signin-unlocked")
            : TypedResults.StatusCode(StatusCodes.Status404NotFound);

    internal static async Task<IResult> MemberAsync(Guid id, [AsParameters] AdminServices services, string? notice, CancellationToken ct) =>
        await services.Members.FindAsync(id, ct) is { } member
            ? Html.Page<MemberRolesPage>(new
            {
                Member = member,
                Selected = member.Roles,
                Notice = Notices.Text(notice, services.Text, services.Shared),
            })
            : TypedResults.StatusCode(StatusCodes.Status404NotFound);

    internal static async Task<IResult> SaveRolesAsync(
        Guid id, IFormCollection form, ClaimsPrincipal user, [AsParameters] AdminServices services, CancellationToken ct)
    {
        if (await services.Members.FindAsync(id, ct) is not { } member)
        {
            return TypedResults.StatusCode(StatusCodes.Status404NotFound);
        }

        var selected = new HashSet<Role>();
        foreach (var name in form["roles"])
        {
            if (!Roles.TryParse(name, out var role))
            {
                return Html.Page<MemberRolesPage>(new
                {
                    Member = member,
                    Selected = member.Roles,
                    Errors = SettingsEndpoints.Error("roles", services.Text["Roles.Unknown"]),
                }, StatusCodes.Status400BadRequest);
            }

            selected.Add(role);
        }

        switch (await services.Service.SetRolesAsync(id, selected, ct))
        {
            case Outcome<Member>.Ok(var updated):
                // An admin who gave up their own admin role can no longer see the admin pages.
                return TypedResults.Redirect(updated.Id == user.MemberId() && !updated.IsAdmin
                    ? "/settings?notice=roles-saved"
                    : $"/admin/members/{id:D}?notice=roles-saved");
            case Outcome<Member>.Conflict(var why):
                return Html.Page<MemberRolesPage>(new { Member = member, Selected = (IReadOnlySet<Role>)selected, Message = why },
                    StatusCodes.Status409Conflict);
            default:
                return TypedResults.StatusCode(StatusCodes.Status404NotFound);
        }
    }

    /// <summary>A failed work item runs again now (as <c>oursociety work retry ID</c> does).</summary>
    internal static async Task<IResult> RetryWorkAsync(Guid id, IWorkItemStore work, WorkSignal signal, CancellationToken ct)
    {
        if (!await work.RetryDeadAsync(id, ct))
        {
            return TypedResults.StatusCode(StatusCodes.Status404NotFound);
        }

        signal.Notify();   // after the commit: the worker takes it at once
        return TypedResults.Redirect("/admin?notice=work-retried");
    }

    private static async Task<IResult> AdminPageAsync(
        Guid adminId, AdminServices services, Cursor after, InvitationForm? form, FormState state, CancellationToken ct) =>
        Html.Page<AdminPage>(new
        {
            services.Policy.Registrations,
            ActiveCount = await services.Members.CountAsync(MemberState.Active, ct),
            PendingCount = await services.Members.CountAsync(MemberState.Pending, ct),
            Pending = await services.Members.ListAsync(MemberState.Pending, Cursor.Start, PageSize, ct),
            Members = await services.Members.ListAsync(MemberState.Active, after, PageSize, ct),
            Invitations = await services.Invitations.ListAsync(adminId, Cursor.Start, RecentInvitations, ct),
            Work = await services.Work.SummaryAsync(ct),
            FailedWork = (await services.Work.ListAsync(WorkState.Dead, Cursor.Start, FailedWorkShown, ct)).Items,
            services.Node.Value.Origin,
            Now = services.Time.GetUtcNow(),
            MaxUses = form?.MaxUses ?? InvitationForm.DefaultMaxUses.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ExpiresInDays = form?.ExpiresInDays ?? InvitationForm.DefaultDays.ToString(System.Globalization.CultureInfo.InvariantCulture),
            state.Errors,
            state.Message,
            state.Notice,
        }, state.Status);
}

/// <summary>What the admin handlers share, bound from DI in one parameter.</summary>
internal sealed record AdminServices(
    IMemberStore Members,
    MemberService Service,
    InvitationService Invitations,
    NodePolicy Policy,
    IWorkItemStore Work,
    IOptions<NodeOptions> Node,
    TimeProvider Time,
    IStringLocalizer<AdminText> Text,
    IStringLocalizer<Text> Shared);
