using System.Diagnostics;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using OurSociety.Core;
using OurSociety.Core.Federation;
using OurSociety.Core.Members;
using OurSociety.Federation.Follows;
using OurSociety.Web.Features.Follows;
using OurSociety.Web.Hosting;

namespace OurSociety.Web.Features.Api;

/// <summary>Following people on other servers, answering their follow requests, and blocking them.</summary>
internal static class FollowEndpoints
{
    public static RouteGroupBuilder MapFollowEndpoints(this RouteGroupBuilder api)
    {
        var follows = api.MapGroup("").WithTags("Follows");
        follows.MapPost("/follows", FollowAsync)
            .WithName("Follow")
            .WithSummary("Follow someone on another server")
            .WithDescription("Finds the account (@name@server or a link) and asks its server to let you follow it. The follow is " +
                             "\"pending\" until their server accepts; an account that approves followers itself may take a while. " +
                             "Answers 201 for a new follow and 200 when you already follow (or asked to follow) them.")
            .Produces<FollowResponse>(StatusCodes.Status200OK)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        follows.MapDelete("/follows/{id:guid}", UnfollowAsync)
            .WithName("Unfollow")
            .WithSummary("Stop following")
            .WithDescription("Stops following, or withdraws a follow request that is still pending, and tells their server.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        follows.MapGet("/following", ListFollowingAsync)
            .WithName("ListFollowing")
            .WithSummary("Who you follow")
            .WithDescription("Accounts you follow or asked to follow, newest first, each with its state.");
        follows.MapGet("/followers", ListFollowersAsync)
            .WithName("ListFollowers")
            .WithSummary("Who follows you")
            .WithDescription("Accounts on other servers that follow you, newest first.");
        follows.MapDelete("/followers/{id:guid}", RemoveFollowerAsync)
            .WithName("RemoveFollower")
            .WithSummary("Remove a follower")
            .WithDescription("The account stops following you and its server is told (Reject).")
            .ProducesProblem(StatusCodes.Status404NotFound);
        follows.MapGet("/follow-requests", ListRequestsAsync)
            .WithName("ListFollowRequests")
            .WithSummary("Follow requests waiting for you")
            .WithDescription("When you approve new followers yourself, their requests wait here, newest first.");
        follows.MapPost("/follow-requests/{id:guid}/accept", AcceptAsync)
            .WithName("AcceptFollowRequest")
            .WithSummary("Accept a follow request")
            .WithDescription("The account becomes a follower and its server is told.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        follows.MapPost("/follow-requests/{id:guid}/reject", RejectAsync)
            .WithName("RejectFollowRequest")
            .WithSummary("Decline a follow request")
            .WithDescription("The request is removed and its server is told.")
            .ProducesProblem(StatusCodes.Status404NotFound);

        var blocks = api.MapGroup("/blocks").WithTags("Blocks");
        blocks.MapPost("/", BlockAsync)
            .WithName("Block")
            .WithSummary("Block an account on another server")
            .WithDescription("Ends follows both ways and tells their server. Answers 201 for a new block, 200 when it was already blocked.")
            .Produces<BlockResponse>(StatusCodes.Status200OK)
            .ProducesProblem(StatusCodes.Status404NotFound);
        blocks.MapGet("/", ListBlocksAsync)
            .WithName("ListBlocks")
            .WithSummary("Accounts you blocked")
            .WithDescription("Newest first.");
        blocks.MapDelete("/", UnblockAsync)
            .WithName("Unblock")
            .WithSummary("Unblock an account")
            .WithDescription("Lifts the block on the account whose actor id is given as ?actor= (as the list shows it).")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return follows;
    }

    internal static async Task<Results<Created<FollowResponse>, Ok<FollowResponse>, ValidationProblem, ProblemHttpResult>> FollowAsync(
        TargetRequest request, ClaimsPrincipal user, IMemberStore members, FollowService service, IRemoteActorStore actors,
        TimeProvider time, CancellationToken ct)
    {
        if (await members.FindAsync(user.MemberId(), ct) is not { } member)
        {
            return ApiResults.Problem(StatusCodes.Status404NotFound, ApiText.MemberNotFound);
        }

        // An existing follow is answered as it is: one made before this request began is not new.
        var started = time.GetUtcNow();
        switch (await service.FollowAsync(member.Username, request.Target!, ct))
        {
            case Outcome<Follow>.Ok(var follow):
                var body = FollowResponse.From(follow, await SummaryAsync(actors, follow.RemoteActorId, ct));
                return follow.CreatedAt >= started ? TypedResults.Created((string?)null, body) : TypedResults.Ok(body);
            case Outcome<Follow>.Invalid(var errors):
                return TypedResults.ValidationProblem(errors);
            case Outcome<Follow>.Conflict(var why):
                return ApiResults.Problem(StatusCodes.Status409Conflict, why);
            case Outcome<Follow>.Forbidden(var why):
                return ApiResults.Problem(StatusCodes.Status403Forbidden, why);
            case Outcome<Follow>.NotFound:
                return ApiResults.Problem(StatusCodes.Status404NotFound);
            default:
                throw new UnreachableException();
        }
    }

    internal static async Task<Results<NoContent, ProblemHttpResult>> UnfollowAsync(
        Guid id, ClaimsPrincipal user, IMemberStore members, FollowService service, CancellationToken ct)
    {
        if (await members.FindAsync(user.MemberId(), ct) is not { } member)
        {
            return ApiResults.Problem(StatusCodes.Status404NotFound, ApiText.MemberNotFound);
        }

        // Someone else's follow answers 404 like a missing one, so ids cannot be probed.
        return await service.UnfollowAsync(member.Username, id, ct) is Outcome<Follow>.Ok
            ? TypedResults.NoContent()
            : ApiResults.Problem(StatusCodes.Status404NotFound, ApiText.FollowNotFound);
    }

    internal static Task<Results<Ok<PageResponse<FollowResponse>>, ValidationProblem, ProblemHttpResult>> ListFollowingAsync(
        string? limit, string? cursor, ClaimsPrincipal user, IMemberStore members, IFollowStore follows, CancellationToken ct) =>
        ListAsync(limit, cursor, user, members, follows, FollowDirection.Out, null, ct);

    internal static Task<Results<Ok<PageResponse<FollowResponse>>, ValidationProblem, ProblemHttpResult>> ListFollowersAsync(
        string? limit, string? cursor, ClaimsPrincipal user, IMemberStore members, IFollowStore follows, CancellationToken ct) =>
        ListAsync(limit, cursor, user, members, follows, FollowDirection.In, FollowState.Accepted, ct);

    internal static Task<Results<Ok<PageResponse<FollowResponse>>, ValidationProblem, ProblemHttpResult>> ListRequestsAsync(
        string? limit, string? cursor, ClaimsPrincipal user, IMemberStore members, IFollowStore follows, CancellationToken ct) =>
        ListAsync(limit, cursor, user, members, follows, FollowDirection.In, FollowState.Pending, ct);

    internal static async Task<Results<NoContent, ProblemHttpResult>> RemoveFollowerAsync(
        Guid id, ClaimsPrincipal user, IMemberStore members, FollowService service, CancellationToken ct) =>
        await members.FindAsync(user.MemberId(), ct) is { } member
        && await service.RemoveFollowerAsync(member.Username, id, ct) is Outcome<Follow>.Ok
            ? TypedResults.NoContent()
            : ApiResults.Problem(StatusCodes.Status404NotFound, ApiText.FollowerNotFound);

    internal static async Task<Results<Ok<FollowResponse>, ProblemHttpResult>> AcceptAsync(
        Guid id, ClaimsPrincipal user, IMemberStore members, IRemoteActorStore actors, FollowService service, CancellationToken ct) =>
        await members.FindAsync(user.MemberId(), ct) is { } member
        && await service.AcceptRequestAsync(member.Username, id, ct) is Outcome<Follow>.Ok(var accepted)
            ? TypedResults.Ok(FollowResponse.From(accepted, await SummaryAsync(actors, accepted.RemoteActorId, ct)))
            : ApiResults.Problem(StatusCodes.Status404NotFound, ApiText.FollowRequestNotFound);

    internal static async Task<Results<NoContent, ProblemHttpResult>> RejectAsync(
        Guid id, ClaimsPrincipal user, IMemberStore members, FollowService service, CancellationToken ct) =>
        await members.FindAsync(user.MemberId(), ct) is { } member
        && await service.RejectRequestAsync(member.Username, id, ct) is Outcome<Follow>.Ok
            ? TypedResults.NoContent()
            : ApiResults.Problem(StatusCodes.Status404NotFound, ApiText.FollowRequestNotFound);

    internal static async Task<Results<Created<BlockResponse>, Ok<BlockResponse>, ValidationProblem, ProblemHttpResult>> BlockAsync(
        TargetRequest request, ClaimsPrincipal user, IMemberStore members, FollowService service, IRemoteActorStore actors,
        TimeProvider time, CancellationToken ct)
    {
        if (await members.FindAsync(user.MemberId(), ct) is not { } member)
        {
            return ApiResults.Problem(StatusCodes.Status404NotFound, ApiText.MemberNotFound);
        }

        var started = time.GetUtcNow();
        switch (await service.BlockAsync(member.Username, request.Target!, ct))
        {
            case Outcome<Block>.Ok(var block):
                var body = new BlockResponse(await SummaryAsync(actors, block.RemoteActorId, ct), block.CreatedAt);
                return block.CreatedAt >= started ? TypedResults.Created((string?)null, body) : TypedResults.Ok(body);
            case Outcome<Block>.Invalid(var errors):
                return TypedResults.ValidationProblem(errors);
            case Outcome<Block>.Conflict(var why):
                return ApiResults.Problem(StatusCodes.Status409Conflict, why);
            case Outcome<Block>.Forbidden(var why):
                return ApiResults.Problem(StatusCodes.Status403Forbidden, why);
            case Outcome<Block>.NotFound:
                return ApiResults.Problem(StatusCodes.Status404NotFound);
            default:
                throw new UnreachableException();
        }
    }

    internal static async Task<Results<Ok<PageResponse<BlockResponse>>, ValidationProblem, ProblemHttpResult>> ListBlocksAsync(
        string? limit, string? cursor, ClaimsPrincipal user, IMemberStore members, IBlockStore blocks, IRemoteActorStore actors,
        CancellationToken ct)
    {
        if (ApiPaging.Read(limit, cursor, out var take, out var after) is { } problem)
        {
            return problem;
        }

        if (await members.FindAsync(user.MemberId(), ct) is not { } member)
        {
            return ApiResults.Problem(StatusCodes.Status404NotFound, ApiText.MemberNotFound);
        }

        var page = await BlockList.ListAsync(blocks, actors, member.Username, after, take, ct);
        return TypedResults.Ok(PageResponse<BlockResponse>.From(page, b =>
            new BlockResponse(b.Actor is { } a ? ActorSummary.From(a) : ActorSummary.FromId(b.Block.RemoteActorId), b.Block.CreatedAt)));
    }

    internal static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> UnblockAsync(
        string? actor, ClaimsPrincipal user, IMemberStore members, FollowService service, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(actor) || actor.Length > TargetRequest.MaxLength)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["actor"] = [ApiText.BlockActor] });
        }

        if (await members.FindAsync(user.MemberId(), ct) is not { } member)
        {
            return ApiResults.Problem(StatusCodes.Status404NotFound, ApiText.MemberNotFound);
        }

        return await service.UnblockAsync(member.Username, actor.Trim(), ct) is Outcome<Block>.Ok
            ? TypedResults.NoContent()
            : ApiResults.Problem(StatusCodes.Status404NotFound, ApiText.BlockNotFound);
    }

    private static async Task<Results<Ok<PageResponse<FollowResponse>>, ValidationProblem, ProblemHttpResult>> ListAsync(
        string? limit, string? cursor, ClaimsPrincipal user, IMemberStore members, IFollowStore follows,
        FollowDirection direction, FollowState? state, CancellationToken ct)
    {
        if (ApiPaging.Read(limit, cursor, out var take, out var after) is { } problem)
        {
            return problem;
        }

        if (await members.FindAsync(user.MemberId(), ct) is not { } member)
        {
            return ApiResults.Problem(StatusCodes.Status404NotFound, ApiText.MemberNotFound);
        }

        var page = await follows.ListAsync(member.Username, direction, state, after, take, ct);
        return TypedResults.Ok(PageResponse<FollowResponse>.From(page, FollowResponse.From));
    }


    private static async Task<ActorSummary> SummaryAsync(IRemoteActorStore actors, string id, CancellationToken ct) =>
        await actors.FindAsync(id, ct) is { } actor ? ActorSummary.From(actor) : ActorSummary.FromId(id);
}
