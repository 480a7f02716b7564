using System.Security.Claims;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using OurSociety.Core;
using OurSociety.Core.Federation;
using OurSociety.Core.Members;
using OurSociety.Core.Paging;
using OurSociety.Federation.Follows;
using OurSociety.Web.Hosting;
using OurSociety.Web.Pages;
using OurSociety.Web.Resources;

namespace OurSociety.Web.Features.Follows;

/// <summary>
/// The "People you follow" page and its forms, the locked-account setting, and this node's own remote-follow page
/// (<c>/authorize_interaction</c>, which WebFinger advertises as the subscribe template).
/// </summary>
internal static class FollowPageEndpoints
{
    public const int PageSize = 50;

    public static RouteGroupBuilder MapFollowPageEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("").RequireAuthorization(Policies.Member).ExcludeFromDescription();
        group.MapGet("/follows", ShowAsync);
        group.MapPost("/follows", FollowAsync);
        group.MapPost("/follows/{id:guid}/unfollow", UnfollowAsync).RequireAntiforgery();
        group.MapPost("/follows/requests/{id:guid}/accept", AcceptAsync).RequireAntiforgery();
        group.MapPost("/follows/requests/{id:guid}/decline", DeclineAsync).RequireAntiforgery();
        group.MapPost("/follows/followers/{id:guid}/remove", RemoveFollowerAsync).RequireAntiforgery();
        group.MapPost("/follows/blocks", BlockAsync);
        group.MapPost("/follows/blocks/remove", UnblockAsync);
        group.MapPost("/settings/profile/followers", SaveApprovalAsync);
        group.MapGet("/authorize_interaction", ConfirmInteractionAsync);
        group.MapPost("/authorize_interaction", InteractAsync);
        return group;
    }

    internal static async Task<IResult> ShowAsync(
        ClaimsPrincipal user, IMemberStore members, IFollowStore follows, IBlockStore blocks, IRemoteActorStore actors,
        IStringLocalizer<FollowsText> f, IStringLocalizer<Text> text, string? following, string? followers, string? requests,
        string? blocked, string? notice, CancellationToken ct)
    {
        if (!Cursor.TryDecode(following, out var followingAfter) || !Cursor.TryDecode(followers, out var followersAfter)
            || !Cursor.TryDecode(requests, out var requestsAfter) || !Cursor.TryDecode(blocked, out var blockedAfter))
        {
            return TypedResults.StatusCode(StatusCodes.Status400BadRequest);
        }

        return await members.FindAsync(user.MemberId(), ct) is { } member
            ? await PageAsync(member, follows, blocks, actors, new FormState(Notice: Notices.Text(notice, f, text)), ct,
                followingAfter, followersAfter, requestsAfter, blockedAfter)
            : TypedResults.Challenge();
    }

    internal static async Task<IResult> FollowAsync(
        [FromForm] FollowForm? form, ClaimsPrincipal user, IMemberStore members, FollowService service, IFollowStore follows,
        IBlockStore blocks, IRemoteActorStore actors, CancellationToken ct)
    {
        form ??= new();   // a post with none of the fields binds to nothing: the same as all empty
        if (await members.FindAsync(user.MemberId(), ct) is not { } member)
        {
            return TypedResults.Challenge();
        }

        var outcome = await service.FollowAsync(member.Username, Limited(form.Target), ct);
        return outcome is Outcome<Follow>.Ok
            ? TypedResults.Redirect("/follows?notice=follow-sent")
            : await PageAsync(member, follows, blocks, actors, Refused(outcome, "target"), ct, target: form.Target);
    }

    internal static async Task<IResult> UnfollowAsync(
        Guid id, ClaimsPrincipal user, IMemberStore members, FollowService service, CancellationToken ct) =>
        await members.FindAsync(user.MemberId(), ct) is { } member && await service.UnfollowAsync(member.Username, id, ct) is Outcome<Follow>.Ok
            ? TypedResults.Redirect("/follows?notice=unfollowed")
            : TypedResults.StatusCode(StatusCodes.Status404NotFound);

    internal static async Task<IResult> AcceptAsync(
        Guid id, ClaimsPrincipal user, IMemberStore members, FollowService service, CancellationToken ct) =>
        await members.FindAsync(user.MemberId(), ct) is { } member
        && await service.AcceptRequestAsync(member.Username, id, ct) is Outcome<Follow>.Ok
            ? TypedResults.Redirect("/follows?notice=request-accepted")
            : TypedResults.StatusCode(StatusCodes.Status404NotFound);

    internal static async Task<IResult> DeclineAsync(
        Guid id, ClaimsPrincipal user, IMemberStore members, FollowService service, CancellationToken ct) =>
        await members.FindAsync(user.MemberId(), ct) is { } member
        && await service.RejectRequestAsync(member.Username, id, ct) is Outcome<Follow>.Ok
            ? TypedResults.Redirect("/follows?notice=request-declined")
            : TypedResults.StatusCode(StatusCodes.Status404NotFound);

    internal static async Task<IResult> RemoveFollowerAsync(
        Guid id, ClaimsPrincipal user, IMemberStore members, FollowService service, CancellationToken ct) =>
        await members.FindAsync(user.MemberId(), ct) is { } member
        && await service.RemoveFollowerAsync(member.Username, id, ct) is Outcome<Follow>.Ok
            ? TypedResults.Redirect("/follows?notice=follower-removed")
            : TypedResults.StatusCode(StatusCodes.Status404NotFound);

    internal static async Task<IResult> BlockAsync(
        [FromForm] BlockForm? form, ClaimsPrincipal user, IMemberStore members, FollowService service, IFollowStore follows,
        IBlockStore blocks, IRemoteActorStore actors, CancellationToken ct)
    {
        form ??= new();   // a post with none of the fields binds to nothing: the same as all empty
        if (await members.FindAsync(user.MemberId(), ct) is not { } member)
        {
            return TypedResults.Challenge();
        }

        var outcome = await service.BlockAsync(member.Username, Limited(form.BlockTarget), ct);
        return outcome is Outcome<Block>.Ok
            ? TypedResults.Redirect("/follows?notice=blocked")
            : await PageAsync(member, follows, blocks, actors, Refused(outcome, "blockTarget"), ct, blockTarget: form.BlockTarget);
    }

    internal static async Task<IResult> UnblockAsync(
        [FromForm] UnblockForm? form, ClaimsPrincipal user, IMemberStore members, FollowService service, CancellationToken ct) =>
        !string.IsNullOrWhiteSpace(form?.Actor) && await members.FindAsync(user.MemberId(), ct) is { } member
        && await service.UnblockAsync(member.Username, form.Actor, ct) is Outcome<Block>.Ok
            ? TypedResults.Redirect("/follows?notice=unblocked")
            : TypedResults.StatusCode(StatusCodes.Status404NotFound);

    internal static async Task<IResult> SaveApprovalAsync(
        [FromForm] ApprovalForm? form, ClaimsPrincipal user, IMemberStore members, MemberService service, CancellationToken ct)
    {
        // An unticked box sends nothing at all, so the form may bind to nothing: that means off.
        var locked = form?.ManuallyApprovesFollowers ?? false;
        if (await members.FindAsync(user.MemberId(), ct) is not { } member)
        {
            return TypedResults.Challenge();
        }

        await service.SetManuallyApprovesFollowersAsync(member.Id, locked, ct);
        return TypedResults.Redirect($"/settings/profile?notice={(locked ? "approval-on" : "approval-off")}");
    }

    /// <summary>
    /// Another server sent a member here to follow an account (<c>?uri=</c> an actor id or <c>acct:</c> handle). Nothing
    /// happens on a GET: the member confirms with a button, so a link alone never makes anyone follow anything.
    /// </summary>
    internal static async Task<IResult> ConfirmInteractionAsync(
        string? uri, FollowService service, IStringLocalizer<FollowsText> f, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(uri) || uri.Length > Api.TargetRequest.MaxLength)
        {
            return Html.Page<InteractionPage>(new { Message = f["Interaction.Missing"].Value }, StatusCodes.Status400BadRequest);
        }

        return await service.ResolveAsync(uri, ct) switch
        {
            Outcome<RemoteActor>.Ok(var actor) => Html.Page<InteractionPage>(new { Uri = uri, Actor = actor }),
            var refused => Html.Page<InteractionPage>(new { Message = FirstMessage(refused) }, StatusCodes.Status400BadRequest),
        };
    }

    internal static async Task<IResult> InteractAsync(
        [FromForm] InteractionForm? form, ClaimsPrincipal user, IMemberStore members, FollowService service,
        IStringLocalizer<FollowsText> f, CancellationToken ct)
    {
        form ??= new();   // a post with none of the fields binds to nothing: the same as all empty
        if (await members.FindAsync(user.MemberId(), ct) is not { } member)
        {
            return TypedResults.Challenge();
        }

        if (string.IsNullOrWhiteSpace(form.Uri))
        {
            return Html.Page<InteractionPage>(new { Message = f["Interaction.Missing"].Value }, StatusCodes.Status400BadRequest);
        }

        var outcome = await service.FollowAsync(member.Username, Limited(form.Uri), ct);
        return outcome is Outcome<Follow>.Ok
            ? TypedResults.Redirect("/follows?notice=follow-sent")
            : Html.Page<InteractionPage>(new { Message = FirstMessage(outcome) }, Refused(outcome, "uri").Status);
    }

    /// <summary>The page with the first page of every list, or the pages the cursors name.</summary>
    private static async Task<IResult> PageAsync(
        Member member, IFollowStore follows, IBlockStore blocks, IRemoteActorStore actors, FormState state, CancellationToken ct,
        Cursor? followingAfter = null, Cursor? followersAfter = null, Cursor? requestsAfter = null, Cursor? blockedAfter = null,
        string? target = null, string? blockTarget = null) =>
        Html.Page<FollowsPage>(new
        {
            Locked = member.ManuallyApprovesFollowers,
            Following = await follows.ListAsync(member.Username, FollowDirection.Out, null, followingAfter ?? Cursor.Start, PageSize, ct),
            Followers = await follows.ListAsync(member.Username, FollowDirection.In, FollowState.Accepted, followersAfter ?? Cursor.Start, PageSize, ct),
            Requests = await follows.ListAsync(member.Username, FollowDirection.In, FollowState.Pending, requestsAfter ?? Cursor.Start, PageSize, ct),
            Blocks = await BlockList.ListAsync(blocks, actors, member.Username, blockedAfter ?? Cursor.Start, PageSize, ct),
            Target = target,
            BlockTarget = blockTarget,
            state.Errors,
            state.Message,
            state.Notice,
        }, state.Status);

    /// <summary>
    /// How a refused follow or block comes back: bad input beside its field (400), "you blocked them" as a conflict
    /// (409), "they blocked you" as forbidden (403).
    /// </summary>
    private static FormState Refused<T>(Outcome<T> outcome, string field) => outcome switch
    {
        Outcome<T>.Invalid(var errors) => FormState.Invalid(errors.ToDictionary(e => e.Key == "target" ? field : e.Key, e => e.Value)),
        Outcome<T>.Conflict(var why) => new FormState(Message: why, Status: StatusCodes.Status409Conflict),
        Outcome<T>.Forbidden(var why) => new FormState(Message: why, Status: StatusCodes.Status403Forbidden),
        _ => new FormState(Status: StatusCodes.Status404NotFound),
    };

    private static string? FirstMessage<T>(Outcome<T> outcome) => outcome switch
    {
        Outcome<T>.Invalid(var errors) => errors.Values.SelectMany(m => m).FirstOrDefault(),
        Outcome<T>.Conflict(var why) => why,
        Outcome<T>.Forbidden(var why) => why,
        _ => null,
    };

    /// <summary>An overlong field is refused like any other unreadable address, without being looked up.</summary>
    private static string Limited(string? value) => value is null || value.Length > Api.TargetRequest.MaxLength ? "" : value;
}

/// <summary>How a page with a form comes back: its errors or message, a notice, and the status to answer with.</summary>
internal sealed record FormState(
    IDictionary<string, string[]>? Errors = null, string? Message = null, string? Notice = null, int Status = StatusCodes.Status200OK)
{
    public static FormState Invalid(IDictionary<string, string[]> errors) => new(errors, Status: StatusCodes.Status400BadRequest);
}
