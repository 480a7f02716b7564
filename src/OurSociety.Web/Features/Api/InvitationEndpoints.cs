using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using OurSociety.Core.Invitations;
using OurSociety.Core.Members;
using OurSociety.Web.Hosting;

namespace OurSociety.Web.Features.Api;

internal static class InvitationEndpoints
{
    public static RouteGroupBuilder MapInvitationEndpoints(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/invitations").WithTags("Invitations");
        group.MapPost("/", CreateAsync)
            .WithName("CreateInvitation")
            .WithSummary("Create an invitation link")
            .WithDescription("Makes a sign-up link for new members. When the hub is closed to new members, only admins may.")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/", ListAsync)
            .WithName("ListInvitations")
            .WithSummary("Your invitations")
            .WithDescription("The invitations you made, newest first, including used-up, expired and withdrawn ones.");
        group.MapDelete("/{id:guid}", DeleteAsync)
            .WithName("DeleteInvitation")
            .WithSummary("Withdraw an invitation")
            .WithDescription("The link stops working at once; people who already joined with it stay members.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return group;
    }

    internal static async Task<Results<Created<InvitationResponse>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        CreateInvitationRequest request, ClaimsPrincipal user, InvitationService invitations, IOptions<NodeOptions> node,
        TimeProvider time, CancellationToken ct)
    {
        // The body is required even though both fields are optional ("{}" will do): a JSON body is what a cross-site
        // form cannot send, so a sign-in cookie alone never creates an invitation.
        var days = request.ExpiresInDays;
        var outcome = await invitations.CreateAsync(user.MemberId(), request.MaxUses, days is null ? null : TimeSpan.FromDays(days.Value), ct);
        return ApiResults.From(
            outcome,
            i => TypedResults.Created((string?)null, InvitationResponse.From(i, node.Value, time.GetUtcNow())),
            ApiText.MemberNotFound);
    }

    internal static async Task<Results<Ok<PageResponse<InvitationResponse>>, ValidationProblem>> ListAsync(
        string? limit, string? cursor, ClaimsPrincipal user, InvitationService invitations, IOptions<NodeOptions> node,
        TimeProvider time, CancellationToken ct)
    {
        if (ApiPaging.Read(limit, cursor, out var take, out var after) is { } problem)
        {
            return problem;
        }

        var page = await invitations.ListAsync(user.MemberId(), after, take, ct);
        var now = time.GetUtcNow();
        return TypedResults.Ok(PageResponse<InvitationResponse>.From(page, i => InvitationResponse.From(i, node.Value, now)));
    }

    internal static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(
        Guid id, ClaimsPrincipal user, IMemberStore members, InvitationService invitations, CancellationToken ct)
    {
        if (await members.FindAsync(user.MemberId(), ct) is not { } member)
        {
            return ApiResults.Problem(StatusCodes.Status404NotFound, ApiText.MemberNotFound);
        }

        // Someone else's invitation answers 404 like a missing one, so ids cannot be probed.
        return ApiResults.Deleted(await invitations.RevokeAsync(member, id, ct), ApiText.InvitationNotFound);
    }
}
